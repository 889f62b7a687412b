from django.urls import path

from . import views

app_name = "scheduling"

urlpatterns = [
    path("", views.day, name="day"),
    path("week/", views.week, name="week"),
    path("bookings/new/", views.booking_new, name="booking_new"),
    path("bookings/<int:booking_id>/", views.booking_detail, name="booking"),
    path("bookings/<int:booking_id>/move/", views.booking_move, name="booking_move"),
    path("bookings/<int:booking_id>/cancel/", views.booking_cancel, name="booking_cancel"),
    path(
        "bookings/<int:booking_id>/attendance/", views.booking_attendance, name="booking_attendance"
    ),
    path("bookings/<int:booking_id>/reopen/", views.booking_reopen, name="booking_reopen"),
    path("availability/", views.availability, name="availability"),
    path(
        "availability/<str:kind>/<int:item_id>/remove/",
        views.availability_remove,
        name="availability_remove",
    ),
    path("requests/", views.requests_list, name="requests"),
    path("requests/<int:request_id>/", views.request_detail, name="request"),
    path("settings/", views.policy_settings, name="settings"),
    path("my/", views.my_bookings, name="my"),
    path("feeds/", views.feeds, name="feeds"),
    path("feeds/<str:token>.ics", views.feed, name="feed"),
]
