"""`osteoload forecast REQUEST.json` → `osteoload.forecast/1` (ENGINE.md §5).

Single request: exit 0 with the forecast on stdout; a bad request exits 2 with one line on stderr
(the field and the problem) and nothing on stdout.

`--batch`: the input is JSON Lines, one request per line; the output is JSON Lines, one line per
non-blank input line, in the same order, each carrying `"line"` (the input line number) and the
request's `"id"` when it has one. All valid lines are forecast together in one vectorised run.
A bad line does not stop the batch: its output line is an error object
``{"line": 3, "id": ..., "error": {"field": "training.kind", "problem": "..."}}``, the same
message goes to stderr as ``line 3: training.kind: ...``, and the exit status is 2 when any line
failed (0 when all succeeded). Blank lines are skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import IO, Any

from osteoload.commands._io import (
    add_output_options,
    parse_json,
    read_json,
    warn_unknown_fields,
    write_json,
)
from osteoload.engine import forecast as fc
from osteoload.engine.errors import InputError

BATCH_CHUNK = 5000
"""Requests forecast together per vectorised run (bounds memory on large files)."""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "request", metavar="REQUEST", help="forecast request JSON (JSON Lines with --batch), or -"
    )
    parser.add_argument(
        "--batch", action="store_true", help="JSON Lines in, JSON Lines out (many clients at once)"
    )
    parser.add_argument(
        "--params",
        metavar="PARAMS.json",
        help="bone-model parameter file (default: the shipped one)",
    )
    add_output_options(parser)


def _params(args: argparse.Namespace) -> fc.ModelParams:
    if not args.params:
        return fc.load_params()
    try:
        return fc.load_params_file(args.params)
    except FileNotFoundError:
        raise InputError("--params", f"file not found: {args.params}") from None
    except (ValueError, KeyError, TypeError) as error:
        raise InputError("--params", f"not a bone-model parameter file: {error}") from None


def run(args: argparse.Namespace) -> int:
    params = _params(args)
    if args.batch:
        return run_batch(args.request, params, sys.stdout, sys.stderr)
    request = fc.parse_request(read_json(args.request))
    result = fc.forecast_requests([request], params)[0]
    warn_unknown_fields(request.unknown)
    if args.format == "text":
        sys.stdout.write(render_text(result, lang=args.lang))
    else:
        write_json(result)
    return 0


def _read_lines(path: str) -> list[str]:
    try:
        # JSON Lines are split at "\n" only: str.splitlines() would also split inside a string
        # holding U+2028 or U+0085, which JSON allows unescaped
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        return text.split("\n")
    except FileNotFoundError:
        raise InputError("", f"file not found: {path}") from None
    except IsADirectoryError:
        raise InputError("", f"is a directory, not a JSON Lines file: {path}") from None
    except UnicodeDecodeError:
        raise InputError("", f"not UTF-8 text: {path}") from None


def run_batch(path: str, params: fc.ModelParams, out: IO[str], err: IO[str]) -> int:
    failed = 0
    pending: list[tuple[int, Any, fc.Request]] = []
    results: list[tuple[int, dict[str, Any]]] = []

    def flush() -> None:
        if not pending:
            return
        docs = fc.forecast_requests([r for _, _, r in pending], params)
        for (number, ident, _), doc in zip(pending, docs, strict=True):
            doc = {"line": number, **({"id": ident} if ident is not None else {}), **doc}
            results.append((number, doc))
        pending.clear()

    for number, text in enumerate(_read_lines(path), start=1):
        if not text.strip():
            continue
        ident = None
        try:
            try:
                data = parse_json(text)
            except json.JSONDecodeError as error:
                raise InputError("", f"invalid JSON at column {error.colno}: {error.msg}") from None
            if isinstance(data, dict):
                ident = data.get("id")
            pending.append((number, ident, fc.parse_request(data)))
        except InputError as error:
            failed += 1
            err.write(f"osteoload: error: line {number}: {error}\n")
            problem = {"field": error.field, "problem": error.problem}
            results.append(
                (
                    number,
                    {
                        "line": number,
                        **({"id": ident} if ident is not None else {}),
                        "error": problem,
                    },
                )
            )
        if len(pending) >= BATCH_CHUNK:
            flush()
            _write_sorted(results, out)
    flush()
    _write_sorted(results, out)
    return 2 if failed else 0


def _write_sorted(results: list[tuple[int, dict[str, Any]]], out: IO[str]) -> None:
    for _, doc in sorted(results, key=lambda x: x[0]):
        out.write(json.dumps(doc, ensure_ascii=False, separators=(",", ":")))
        out.write("\n")
    results.clear()


# --- the text view --------------------------------------------------------------------------------

_LABELS = {
    "title": ("Bone-density forecast", "骨密度の予測"),
    "months": ("months", "か月"),
    "lumbar_spine": ("Lumbar spine", "腰椎"),
    "femoral_neck": ("Femoral neck", "大腿骨頸部"),
    "with": ("With this training", "このトレーニングを続けた場合"),
    "without": ("Without training", "トレーニングをしない場合"),
    "effect": ("Training effect", "トレーニングの効果"),
    "band": ("95 % band", "95%の範囲"),
    "assumptions": ("Assumptions", "前提条件"),
}


def _t(key: str, lang: str) -> str:
    en, ja = _LABELS[key]
    return ja if lang == "ja" else en


def render_text(doc: dict[str, Any], *, lang: str = "ja") -> str:
    lines = [f"{_t('title', lang)} ({doc['months']} {_t('months', lang)})", ""]
    for site in ("lumbar_spine", "femoral_neck"):
        pct = {key: fc.signed_pct(value) for key, value in doc[site]["final"].items()}
        lines.append(f"{_t(site, lang)}")
        lines.append(
            f"  {_t('with', lang)}: {pct['pct_change']} %  "
            f"({_t('band', lang)} {pct['lower95']} … {pct['upper95']} %)"
        )
        lines.append(f"  {_t('without', lang)}: {pct['no_training_pct_change']} %")
        lines.append(f"  {_t('effect', lang)}: {pct['training_effect_pct']} %")
        lines.append("")
    lines.append(f"{_t('assumptions', lang)}:")
    for note in doc["assumptions"]:
        lines.append(f"- {note['ja'] if lang == 'ja' else note['en']}")
    return "\n".join(lines) + "\n"
