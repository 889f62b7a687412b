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
        return parse_json(text)
    except json.JSONDecodeError as error:
        raise InputError(
            "", f"invalid JSON in {path} at line {error.lineno} column {error.colno}: {error.msg}"
        ) from None


class _NotJson(str):
    """NaN, Infinity or -Infinity as Python's json module reads them (they are not JSON)."""


def parse_json(text: str) -> Any:
    """Strict JSON: syntax errors raise json.JSONDecodeError; NaN or Infinity, a number too large
    for any field, or nesting too deep raise InputError (naming the field where there is one),
    never a traceback."""
    try:
        data = json.loads(text, parse_constant=_NotJson)
    except RecursionError:
        raise InputError("", "the JSON is nested too deeply") from None
    except json.JSONDecodeError:
        raise
    except ValueError:  # an integer of more than 4300 digits
        raise InputError("", "a number in the JSON has too many digits") from None
    _check_values(data)
    return data


def _check_values(data: Any) -> None:
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((f"{where}.{k}" if where else str(k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", v) for i, v in enumerate(value))
        elif isinstance(value, _NotJson):
            raise InputError(where, f"{value} is not a JSON value (write a number or null)")
        elif isinstance(value, int) and not isinstance(value, bool):
            try:
                float(value)
            except OverflowError:
                raise InputError(where, "is too large a number") from None


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
