"""`osteoload manage ...`: Django's management commands for the gym application."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

DEFAULT_SETTINGS = "osteoload.config.settings"


def setup_environment() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)


def run_manage(argv: Sequence[str]) -> int:
    """Run `django-admin <argv>` with the product's settings; returns the exit status."""
    setup_environment()
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["osteoload manage", *argv])
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("args", nargs=argparse.REMAINDER, help="a Django management command")


def run(args: argparse.Namespace) -> int:
    return run_manage(list(args.args))
