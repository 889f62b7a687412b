from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("clients/<int:client_id>/", views.client_reports, name="client"),
    path("clients/<int:client_id>/summary.pdf", views.summary_pdf, name="summary"),
    path("clients/<int:client_id>/physician.pdf", views.physician_pdf, name="physician"),
    path("clients/<int:client_id>/logs.csv", views.logs_csv, name="csv"),
]
