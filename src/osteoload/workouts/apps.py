from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkoutsConfig(AppConfig):
    name = "osteoload.workouts"
    label = "workouts"
    verbose_name = _("Logged sessions")
