"""URLs of the gym application. Apps add their own `urls.py` here, one line each."""

from django.urls import include, path
from django.views.i18n import set_language

from osteoload.accounts.views import home
from osteoload.api.core import api

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("osteoload.accounts.urls")),
    path("clients/", include("osteoload.clients.urls")),
    path("training/", include("osteoload.training.urls")),
    path("workouts/", include("osteoload.workouts.urls")),
    path("audit/", include("osteoload.audit.urls")),
    path("schedule/", include("osteoload.scheduling.urls")),
    path("billing/", include("osteoload.billing.urls")),
    path("g/", include("osteoload.public.urls")),
    path("site/", include("osteoload.public.staff_urls")),
    path("portal/", include("osteoload.lifestyle.urls")),
    path("progress/", include("osteoload.progress.urls")),
    path("reports/", include("osteoload.reports.urls")),
    # Django's set_language stores the choice in a cookie (never the session).
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", api.urls),
]
