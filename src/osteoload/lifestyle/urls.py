from django.urls import path

from . import views

app_name = "lifestyle"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("clients/<int:client_id>/", views.portal, name="portal"),
    path("clients/<int:client_id>/home/", views.home_session, name="home_session"),
    path("clients/<int:client_id>/sleep/", views.sleep, name="sleep"),
    path("clients/<int:client_id>/nutrition/", views.nutrition, name="nutrition"),
]
