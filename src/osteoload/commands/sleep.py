"""`osteoload sleep FILE.json` → osteoload.sleep/1 (input: osteoload.engine.sleep)."""

from __future__ import annotations

import argparse
from typing import Any

from osteoload.commands._io import add_output_options, emit, read_json


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE.json", help='input document ("-" for stdin)')
    add_output_options(parser)


def run(args: argparse.Namespace) -> int:
    from osteoload.engine.sleep import summarise as compute

    return emit(compute(read_json(args.file)), args, render_text)


def render_text(result: dict[str, Any], lang: str) -> str:
    ja = lang == "ja"
    head = (
        f"平均睡眠 {result['mean_hours_asleep']:g} 時間 / "
        f"床上 {result['mean_time_in_bed_h']:g} 時間"
        if ja
        else f"Average asleep {result['mean_hours_asleep']:g} h / in bed "
        f"{result['mean_time_in_bed_h']:g} h"
    )
    advice = result["advice_ja"] if ja else result["advice_en"]
    return "\n".join([head, *("・" + a for a in advice)]) + "\n"
