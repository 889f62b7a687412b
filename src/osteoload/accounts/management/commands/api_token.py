"""Issue an API bearer token for a user: `osteoload manage api_token EMAIL [--name NAME]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from osteoload.accounts.models import User
from osteoload.accounts.services import issue_api_token


class Command(BaseCommand):
    help = "Issue an API token (shown once) for the user with this e-mail address."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="cli", help="a label to recognise the token by")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email=options["email"].strip().lower(), is_active=True).first()
        if user is None:
            raise CommandError(f"no active user with e-mail {options['email']}")
        self.stdout.write(issue_api_token(user=user, name=options["name"]))
