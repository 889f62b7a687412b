"""Staff side of the public pages: the page's text (owner) and the contact inbox."""

from django.urls import path

from . import views

app_name = "site"

urlpatterns = [
    path("", views.site_index, name="index"),
    path("page/", views.page_settings, name="page"),
    path("messages/", views.inbox, name="inbox"),
    path("messages/<int:message_id>/handled/", views.inbox_handled, name="inbox_handled"),
]
