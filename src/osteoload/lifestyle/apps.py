from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifestyleConfig(AppConfig):
    name = "osteoload.lifestyle"
    label = "lifestyle"
    verbose_name = _("Home practice, sleep and food")
