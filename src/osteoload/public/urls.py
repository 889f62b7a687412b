"""Visitors' pages of a gym: /g/<gym>/ … (short, for flyers and QR codes)."""

from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("<slug:slug>/", views.gym_page, name="gym"),
    path("<slug:slug>/counseling/", views.counseling, name="counseling"),
    path("<slug:slug>/counseling/done/", views.counseling_done, name="counseling_done"),
    path("<slug:slug>/contact/", views.contact, name="contact"),
    path("<slug:slug>/contact/done/", views.contact_done, name="contact_done"),
    path("<slug:slug>/payments/", views.payments, name="payments"),
]
