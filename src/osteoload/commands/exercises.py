"""`osteoload exercises` → the exercise catalogue as a JSON list on stdout (ENGINE.md §3).

Filters: `--pattern P`, `--tier A|B|C` (only what the tier's safety envelope allows; tier A without
a known normal bone category, so loaded flexion and twisting stay out), `--equipment a,b` (only
what the gym can do with that equipment; bodyweight is always available). Filtered lists are
ordered from easiest to hardest. `--format text --lang ja|en` prints a list a trainer can print.
"""

from __future__ import annotations

import argparse
import sys

from osteoload.commands._io import add_output_options, write_json
from osteoload.engine.catalog import (
    DOSE_NAMES,
    EQUIPMENT_NAMES,
    IMPACT_NAMES,
    PATTERN_NAMES,
    SPINE_RULE_NAMES,
    Exercise,
    load_catalog,
)
from osteoload.engine.envelope import Envelope, envelope_for
from osteoload.engine.errors import InputError
from osteoload.engine.types import Equipment, Pattern, Tier

_TIERS = ("A", "B", "C")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pattern", metavar="P", help="only this movement pattern (" + ", ".join(Pattern) + ")"
    )
    parser.add_argument(
        "--tier", metavar="T", help="only what safety tier A, B or C allows (ENGINE.md §2)"
    )
    parser.add_argument(
        "--equipment",
        metavar="LIST",
        help="comma-separated equipment the gym has (" + ", ".join(Equipment) + ")",
    )
    add_output_options(parser)


def _pattern(value: str | None) -> Pattern | None:
    if value is None:
        return None
    try:
        return Pattern(value.strip())
    except ValueError:
        raise InputError(
            "pattern", f"unknown pattern {value!r}; expected one of: {', '.join(Pattern)}"
        ) from None


def _envelope(value: str | None) -> Envelope | None:
    if value is None:
        return None
    tier = value.strip().upper()
    if tier not in _TIERS:
        raise InputError("tier", f"unknown tier {value!r}; expected A, B or C")
    return envelope_for(Tier(tier))


def _equipment(value: str | None) -> set[Equipment] | None:
    if value is None:
        return None
    names = [n.strip() for n in value.split(",") if n.strip()]
    if not names:
        raise InputError("equipment", "empty list; give e.g. --equipment dumbbell,bands")
    chosen: set[Equipment] = set()
    for name in names:
        try:
            chosen.add(Equipment(name))
        except ValueError:
            raise InputError(
                "equipment", f"unknown item {name!r}; expected any of: {', '.join(Equipment)}"
            ) from None
    return chosen


def select(
    pattern: Pattern | None, envelope: Envelope | None, equipment: set[Equipment] | None
) -> list[Exercise]:
    """The catalogue filtered as asked: file order when unfiltered, else easiest first per
    pattern (patterns in their contract order)."""
    catalog = load_catalog()
    if pattern is None and envelope is None and equipment is None:
        return list(catalog.all())
    patterns = [pattern] if pattern is not None else list(Pattern)
    return [e for p in patterns for e in catalog.options(p, envelope, equipment)]


def run(args: argparse.Namespace) -> int:
    chosen = select(_pattern(args.pattern), _envelope(args.tier), _equipment(args.equipment))
    if args.format == "text":
        sys.stdout.write(render_text(chosen, lang=args.lang, tier=args.tier))
    else:
        write_json([e.to_dict() for e in chosen])
    return 0


def render_text(exercises: list[Exercise], *, lang: str = "ja", tier: str | None = None) -> str:
    """A printable list grouped by pattern, with equipment, impact, spine notes and cues."""
    i = 1 if lang == "ja" else 0
    ja = lang == "ja"
    title = "エクササイズ一覧" if ja else "Exercise catalogue"
    if tier:
        title += f"（運動区分 {tier.upper()}）" if ja else f" (safety tier {tier.upper()})"
    lines = [title, "=" * 40]
    if not exercises:
        lines.append("該当するエクササイズはありません。" if ja else "No exercise matches.")
        return "\n".join(lines) + "\n"
    current: Pattern | None = None
    for e in exercises:
        if e.pattern is not current:
            current = e.pattern
            lines += ["", f"■ {PATTERN_NAMES[current][i]}"]
        equipment = "・".join(EQUIPMENT_NAMES[q][i] for q in sorted(e.equipment))
        facts = [
            (f"器具：{equipment}" if ja else f"equipment: {equipment}"),
            (f"レベル{e.level}" if ja else f"level {e.level}"),
            (f"{DOSE_NAMES[e.dose][i]}で処方" if ja else f"dosed by {DOSE_NAMES[e.dose][i]}"),
        ]
        if e.impact.value != "none":
            impact = IMPACT_NAMES[e.impact][i]
            facts.append(f"衝撃負荷：{impact}" if ja else f"impact: {impact}")
        warnings = [names[i] for rule, names in SPINE_RULE_NAMES.items() if getattr(e, rule)]
        lines.append(f"・{e.name(lang)}  [{e.id}]")
        lines.append("    " + ("、" if ja else "; ").join(facts))
        if warnings:
            joined = ("、" if ja else ", ").join(warnings)
            lines.append(f"    ⚠ {joined}" if not ja else f"    ⚠ 注意：{joined}")
        note = e.note_ja if ja else e.note_en
        if note:
            lines.append(f"    {note}")
        lines += [f"    - {cue}" for cue in e.cues(lang)]
    lines += ["", f"{len(exercises)}種目" if ja else f"{len(exercises)} exercises"]
    return "\n".join(lines) + "\n"
