from django.urls import path

from . import views

app_name = "workouts"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("clients/<int:client_id>/", views.client_sessions, name="client_sessions"),
    path("clients/<int:client_id>/today/", views.session_today, name="today"),
    path(
        "clients/<int:client_id>/sessions/<int:session_id>/sets/",
        views.log_set,
        name="log_set",
    ),
    path(
        "clients/<int:client_id>/sessions/<int:session_id>/pain/",
        views.report_pain,
        name="pain",
    ),
    path(
        "clients/<int:client_id>/sessions/<int:session_id>/finish/",
        views.finish,
        name="finish",
    ),
    path("<int:workout_id>/", views.workout_detail, name="detail"),
    path("flags/<int:flag_id>/resolve/", views.resolve_flag, name="resolve_flag"),
]
