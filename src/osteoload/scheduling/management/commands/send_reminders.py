"""E-mail a reminder to everyone booked for tomorrow. Meant for cron or a systemd timer, once a
day (see docs/operations.md); running it twice sends nothing twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from osteoload.scheduling.emails import send_due_reminders


class Command(BaseCommand):
    help = "Send the e-mail reminders for tomorrow's bookings (safe to run more than once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            metavar="YYYY-MM-DD",
            help="act as if today were this date (default: today in the gym's time zone)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be sent; send nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(
                    f"--today must be a date YYYY-MM-DD, got {options['today']!r}"
                ) from None
        run = send_due_reminders(today=today, dry_run=options["dry_run"])
        verb = "would send" if options["dry_run"] else "sent"
        self.stdout.write(
            f"reminders {verb}: {run.sent}; already sent: {run.already_sent}; "
            f"no e-mail address: {run.no_address}; failed: {run.failed}"
        )
        if run.failed:
            raise CommandError(f"{run.failed} reminder(s) failed; they will be retried next run")
