"""Issue an API bearer token for a user:
`osteoload manage api_token EMAIL [--name NAME] [--gym SLUG]`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from osteoload.accounts.models import Gym, User
from osteoload.accounts.services import issue_api_token


class Command(BaseCommand):
    help = "Issue an API token (shown once) for the user with this e-mail address."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="cli", help="a label to recognise the token by")
        parser.add_argument(
            "--gym",
            default=None,
            help="the gym (its short name) the token acts in; default: the user's oldest gym",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email=options["email"].strip().lower(), is_active=True).first()
        if user is None:
            raise CommandError(f"no active user with e-mail {options['email']}")
        gym = None
        if options["gym"]:
            gym = Gym.objects.filter(slug=options["gym"]).first()
            if gym is None:
                raise CommandError(f"no gym with short name {options['gym']}")
        try:
            token = issue_api_token(user=user, name=options["name"], gym=gym)
        except ValidationError:
            raise CommandError(
                f"{user.email} is not an active member of {options['gym']}"
            ) from None
        self.stdout.write(token)
