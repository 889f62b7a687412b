"""Load the demo gym (idempotent: running it twice neither duplicates nor loses anything)."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from osteoload.accounts.demo import DemoContext, demo_gym


class Command(BaseCommand):
    help = "Create or complete the demo gym, its staff, clients and programs."

    def handle(self, *args: Any, **options: Any) -> None:
        verbose = options["verbosity"] > 0
        with transaction.atomic():
            ctx = DemoContext(gym=demo_gym(), stdout=self.stdout if verbose else None)
            for config in apps.get_app_configs():
                if not config.name.startswith("osteoload."):
                    continue
                module_name = f"{config.name}.demo"
                if importlib.util.find_spec(module_name) is None:
                    continue
                importlib.import_module(module_name).seed(ctx)
        if verbose:
            self.stdout.write(self.style.SUCCESS("demo data ready"))
