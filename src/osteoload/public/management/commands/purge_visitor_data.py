"""Delete visitors' counseling requests and contact messages past the retention period. Meant for
cron or a systemd timer, once a day (see docs/operations.md); running it again deletes nothing
more."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from osteoload.public.retention import purge_visitor_data


class Command(BaseCommand):
    help = "Delete visitors' requests and messages older than OSTEOLOAD_VISITOR_RETENTION_DAYS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be deleted; delete nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        run = purge_visitor_data(dry_run=options["dry_run"])
        verb = "would delete" if options["dry_run"] else "deleted"
        self.stdout.write(
            f"before {run.cutoff:%Y-%m-%d}: {verb} {run.requests_deleted} counseling request(s) "
            f"and {run.messages_deleted} contact message(s); cleared the notes of "
            f"{run.requests_scrubbed} request(s) that became clients"
        )
