from django.urls import path

from . import views

app_name = "clients"

urlpatterns = [
    path("", views.client_list, name="list"),
    path("new/", views.client_new, name="new"),
    path("<int:client_id>/", views.client_detail, name="detail"),
    path("<int:client_id>/intake/", views.intake_start, name="intake_start"),
    path("<int:client_id>/intake/<slug:section>/", views.intake, name="intake"),
    path("<int:client_id>/assessment/", views.assessment, name="assessment"),
    path(
        "<int:client_id>/assessments/<int:assessment_id>/",
        views.assessment,
        name="assessment_detail",
    ),
    path("<int:client_id>/assessment/refresh/", views.reassess, name="reassess"),
    path("<int:client_id>/<slug:kind>/add/", views.fact_add, name="fact_add"),
    path(
        "<int:client_id>/<slug:kind>/<int:fact_id>/remove/",
        views.fact_remove,
        name="fact_remove",
    ),
]
