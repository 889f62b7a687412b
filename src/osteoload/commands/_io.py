"""Shared input/output for the subcommands: read JSON safely, write JSON to stdout."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from osteoload.engine.errors import InputError


def read_json(path: str) -> Any:
    """Read a JSON document from a file path, or stdin for "-"; bad input raises InputError."""
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("", f"file not found: {path}") from None
    except IsADirectoryError:
        raise InputError("", f"is a directory, not a JSON file: {path}") from None
    except UnicodeDecodeError:
        raise InputError("", f"not UTF-8 text: {path}") from None
    except OSError as error:
        raise InputError("", f"cannot read {path}: {error.strerror}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            "", f"invalid JSON in {path} at line {error.lineno} column {error.colno}: {error.msg}"
        ) from None


def warn_unknown_fields(unknown: Sequence[tuple[str, str | None]]) -> None:
    """One warning line on stderr per input field the command does not read (the output is
    unchanged: a misspelt optional field would otherwise be dropped without a word)."""
    for where, close in unknown:
        hint = f" (did you mean {close}?)" if close else ""
        sys.stderr.write(f"osteoload: warning: {where}: unknown field, ignored{hint}\n")


def write_json(document: Any, *, stream: Any = None) -> None:
    out = stream or sys.stdout
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")


def add_output_options(parser: Any) -> None:
    parser.add_argument(
        "--format",
        choices=("json", "text"),
        default="json",
        help="json (default) or a readable text view",
    )
    parser.add_argument(
        "--lang", choices=("ja", "en"), default="ja", help="language of the text view"
    )


def emit(result: Any, args: Any, render_text: Any) -> int:
    """Write a command's result as JSON, or as its text view when `--format text` was asked."""
    if args.format == "text":
        sys.stdout.write(render_text(result, args.lang))
    else:
        write_json(result)
    return 0
