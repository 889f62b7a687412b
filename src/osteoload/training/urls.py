from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("clients/<int:client_id>/programs/", views.client_programs, name="client_programs"),
    path("programs/<int:program_id>/", views.program_detail, name="program"),
    path("programs/<int:program_id>/weeks/<int:week>/", views.program_week, name="week"),
    path(
        "programs/<int:program_id>/weeks/<int:week>/sessions/<int:day>/",
        views.program_week,
        name="session",
    ),
    path("programs/<int:program_id>/print/", views.program_print, name="print"),
    path("programs/<int:program_id>/outlook/", views.program_outlook, name="outlook"),
    path("prescriptions/<int:prescription_id>/", views.prescription_row, name="rx"),
    path("prescriptions/<int:prescription_id>/edit/", views.prescription_edit, name="rx_edit"),
    path("prescriptions/<int:prescription_id>/swap/", views.prescription_swap, name="rx_swap"),
    path("exercises/", views.exercise_list, name="exercises"),
    path("exercises/<slug:exercise_id>/", views.exercise_detail, name="exercise"),
]
