"""`osteoload serve`: the gym application with demo data, for trying it out (`make run`).

Migrates the database, compiles the translations when they are missing or stale, loads the demo
data (idempotent), prints the address and the demo logins, and serves on 127.0.0.1:$PORT.
DEBUG is on unless the environment says otherwise: this is a local demo server; deploy behind a
WSGI server (`osteoload.config.wsgi`) instead.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from osteoload.engine.errors import InputError

from .manage import setup_environment

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port", type=int, default=None, help="port on 127.0.0.1 (default: $PORT or 8000)"
    )
    parser.add_argument("--no-demo", action="store_true", help="do not load the demo data")


def _port(args: argparse.Namespace) -> int:
    if args.port is not None:
        port = args.port
    else:
        text = os.environ.get("PORT", "8000").strip() or "8000"
        if not text.isdigit():
            raise InputError("PORT", f"must be a port number, got {text!r}")
        port = int(text)
    if not 1 <= port <= 65535:
        raise InputError("port", f"must be between 1 and 65535, got {port}")
    return port


def translations_stale(locale_dir: Path = LOCALE_DIR) -> bool:
    """True when a .po file has no .mo next to it or is newer than its .mo."""
    for po in locale_dir.glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            return True
    return False


def run(args: argparse.Namespace) -> int:
    port = _port(args)
    os.environ.setdefault("DEBUG", "1")
    setup_environment()
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    if translations_stale():
        call_command("compilemessages", locale=["ja"], verbosity=0, ignore_patterns=[".venv"])
    if not args.no_demo:
        call_command("seed_demo", verbosity=0)
    url = f"http://127.0.0.1:{port}/"
    out = sys.stdout
    out.write(f"\nosteoload is running at {url}\n")
    if not args.no_demo:
        from osteoload.accounts.demo import DEMO_LOGINS, DEMO_PASSWORD

        out.write(f"Demo logins (password: {DEMO_PASSWORD}):\n")
        for email, role in DEMO_LOGINS:
            out.write(f"  {email:<26} {role}\n")
    out.write("API docs: " + url + "api/docs\nPress Ctrl+C to stop.\n\n")
    out.flush()
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, skip_checks=True)
    return 0
