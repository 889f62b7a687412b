"""`osteoload nutrition FILE.json` → osteoload.nutrition/1 (input: osteoload.engine.nutrition)."""

from __future__ import annotations

import argparse
from typing import Any

from osteoload.commands._io import add_output_options, emit, read_json


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE.json", help='input document ("-" for stdin)')
    add_output_options(parser)


def run(args: argparse.Namespace) -> int:
    from osteoload.engine.nutrition import estimate as compute

    return emit(compute(read_json(args.file)), args, render_text)


def render_text(result: dict[str, Any], lang: str) -> str:
    ja = lang == "ja"
    names = {
        "calcium_mg": ("カルシウム", "Calcium", "mg"),
        "vitamin_d_ug": ("ビタミンD", "Vitamin D", "µg"),
        "vitamin_k_ug": ("ビタミンK", "Vitamin K", "µg"),
        "protein_g": ("たんぱく質", "Protein", "g"),
    }
    lines = []
    for key, (name_ja, name_en, unit) in names.items():
        target = result["targets"].get(key)
        low = "—" if target is None else f"{target[0]:g}"
        lines.append(
            f"{name_ja if ja else name_en}: {result['intake'][key]:g} {unit} / {low} {unit}"
        )
    for s in result["suggestions"]:
        lines.append("・" + (s["ja"] if ja else s["en"]))
    lines.extend(result["notes_ja"] if ja else result["notes_en"])
    return "\n".join(lines) + "\n"
