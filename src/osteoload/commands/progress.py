"""`osteoload progress REQUEST.json` → `osteoload.progression/1` (ENGINE.md §6)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from osteoload.commands._io import (
    add_output_options,
    read_json,
    warn_unknown_fields,
    write_json,
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "request", metavar="REQUEST.json", help='progression request ("-" for stdin)'
    )
    add_output_options(parser)


def render_text(result: dict[str, Any], lang: str) -> str:
    ja = lang == "ja"
    nxt = result["next"]
    lines = []
    if nxt is None:
        lines.append("判定: 中止" if ja else "Decision: stop")
    else:
        load = "—" if nxt["load_kg"] is None else f"{nxt['load_kg']:g} kg"
        label = {"start": "開始", "increase": "増量", "hold": "維持", "reduce": "減量"}
        decision = label.get(result["decision"], result["decision"]) if ja else result["decision"]
        lines.append(
            f"{'判定' if ja else 'Decision'}: {decision}  {load} × {nxt['reps']} × {nxt['sets']}"
            + (" セット" if ja else " sets")
        )
    if result["e1rm_kg"] is not None:
        lines.append(f"{'推定1RM' if ja else 'Estimated 1RM'}: {result['e1rm_kg']:g} kg")
    lines.append(result["reason_ja"] if ja else result["reason_en"])
    if result["flags"]:
        lines.append(("フラグ: " if ja else "Flags: ") + ", ".join(result["flags"]))
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    from osteoload.engine.fields import PROGRESS_REQUEST, unknown_fields
    from osteoload.engine.progression import progress_json

    data = read_json(args.request)
    result = progress_json(data)
    warn_unknown_fields(unknown_fields(data, PROGRESS_REQUEST))
    if args.format == "text":
        sys.stdout.write(render_text(result, args.lang))
    else:
        write_json(result)
    return 0
