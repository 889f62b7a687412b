"""`osteoload plan PROFILE.json [--weeks N] [--sessions-per-week 2|3]` → `osteoload.program/1`
on stdout (ENGINE.md §4).

Exit status: 0 with the program; 3 with `{"status": "clearance_required", "reasons": [...]}` on
stdout when the client needs a physician's clearance first; 2 for bad input (one line on stderr,
nothing on stdout). `--format text --lang ja|en` prints a week-by-week plan to hand over.
"""

from __future__ import annotations

import argparse
import sys

from osteoload.commands._io import (
    add_output_options,
    read_json,
    warn_unknown_fields,
    write_json,
)
from osteoload.engine import references
from osteoload.engine.assessment import FALL_NAMES, TIER_NAMES
from osteoload.engine.errors import InputError
from osteoload.engine.fields import PROFILE, unknown_fields
from osteoload.engine.profile import parse_profile
from osteoload.engine.programming import (
    DEFAULT_WEEKS,
    ClearanceRequired,
    Phase,
    Prescription,
    Program,
    generate_program,
)
from osteoload.engine.types import Equipment


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "profile", metavar="PROFILE", help="client profile JSON file, or - for stdin"
    )
    parser.add_argument(
        "--weeks",
        type=int,
        default=DEFAULT_WEEKS,
        metavar="N",
        help=f"length of the plan in weeks, 1–52 (default {DEFAULT_WEEKS})",
    )
    parser.add_argument(
        "--sessions-per-week",
        type=int,
        default=None,
        metavar="N",
        help="2 or 3 sessions a week (default: the profile's sessions_per_week, else 2)",
    )
    parser.add_argument(
        "--equipment",
        default=None,
        metavar="LIST",
        help="comma-separated equipment of the gym, overriding the profile's "
        f"({', '.join(e.value for e in Equipment)}); default: the profile's, else a full gym",
    )
    add_output_options(parser)


def _equipment(text: str | None) -> list[str] | None:
    if text is None:
        return None
    items = [item.strip() for item in text.split(",") if item.strip()]
    for item in items:
        if item not in {e.value for e in Equipment}:
            allowed = ", ".join(e.value for e in Equipment)
            raise InputError("--equipment", f"unknown item {item!r} (expected: {allowed})")
    return items


def run(args: argparse.Namespace) -> int:
    equipment = _equipment(args.equipment)
    data = read_json(args.profile)
    profile = parse_profile(data)
    try:
        program = generate_program(
            profile,
            weeks=args.weeks,
            sessions_per_week=args.sessions_per_week,
            equipment=equipment,
        )
    except ClearanceRequired as needed:
        warn_unknown_fields(unknown_fields(data, PROFILE))
        if args.format == "text":
            sys.stdout.write(render_clearance(needed, lang=args.lang))
        else:
            write_json(needed.to_dict())
        return 3
    # after the command succeeded: bad input gets its one error line and nothing else
    warn_unknown_fields(unknown_fields(data, PROFILE))
    if args.format == "text":
        sys.stdout.write(render_text(program, lang=args.lang))
    else:
        write_json(program.to_dict())
    return 0


# --- the printable text view ---------------------------------------------------------------------

_LABELS: dict[str, tuple[str, str]] = {
    "title": ("Training program", "トレーニングプログラム"),
    "summary": ("{weeks} weeks, {sessions} sessions a week", "{weeks}週間・週{sessions}回"),
    "tier": ("Safety tier", "運動区分"),
    "falls": ("Fall risk", "転倒リスク"),
    "week": ("Week {n}", "第{n}週"),
    "target": ("main lifts about {pct} % 1RM", "主種目の目安：1RMの{pct}%"),
    "session": ("Session {n}", "セッション{n}"),
    "home": ("Home practice (every day)", "自宅練習（毎日）"),
    "balance": (
        "Balance this week: {in_session} min in sessions + {home} min at home = {total} min "
        "(needed {required})",
        "今週のバランス：セッション{in_session}分＋自宅{home}分＝{total}分（必要{required}分）",
    ),
    "notes": ("Notes", "注意事項"),
    "sources": ("Sources", "出典"),
    "why": ("why", "理由"),
    "rest": ("rest {s} s", "休憩{s}秒"),
    "clearance": (
        "A physician's clearance is needed before a program can start:",
        "プログラムを始める前に医師の許可（運動許可）が必要です：",
    ),
}
_PHASE_NAMES: dict[Phase, tuple[str, str]] = {
    Phase.FAMILIARISATION: ("familiarisation", "導入期"),
    Phase.BUILD: ("build", "強化期"),
    Phase.HIGH_INTENSITY: ("high intensity", "高強度期"),
    Phase.DELOAD: ("deload", "負荷軽減週"),
    Phase.MAINTENANCE: ("maintenance", "維持期"),
}


def _label(key: str, lang: str, **values: object) -> str:
    return _LABELS[key][1 if lang == "ja" else 0].format(**values)


def _num(value: float) -> str:
    return f"{value:g}"


def _dose(p: Prescription, lang: str) -> str:
    ja = lang == "ja"
    if p.contacts is not None:
        bouts = -(-p.contacts // 10)
        per = min(p.contacts, 10)
        text = (
            f"{p.contacts}回（{per}回×{bouts}）" if ja else f"{p.contacts} contacts ({bouts}×{per})"
        )
    elif p.duration_s is not None:
        text = f"{p.sets}セット×{p.duration_s}秒" if ja else f"{p.sets} × {p.duration_s} s"
    else:
        text = f"{p.sets}セット×{p.reps}回" if ja else f"{p.sets} × {p.reps}"
    if p.pct_1rm is not None:
        text += f"・1RMの{p.pct_1rm}%" if ja else f" @ {p.pct_1rm} % 1RM"
    if p.rpe is not None:
        text += f"（RPE{_num(p.rpe)}）" if ja else f" (RPE {_num(p.rpe)})"
    return text


def render_text(program: Program, *, lang: str = "ja") -> str:
    """A printable week-by-week plan in Japanese or English. The reason for each exercise is
    printed the first time it appears in a phase, so the sheet stays short."""
    i = 1 if lang == "ja" else 0
    summary = _label("summary", lang, weeks=len(program.weeks), sessions=program.sessions_per_week)
    lines = [
        f"{_label('title', lang)}（{summary}）" if i else f"{_label('title', lang)} ({summary})",
        "=" * 48,
        f"{_label('tier', lang)}: {TIER_NAMES[program.tier][i]}",
        f"{_label('falls', lang)}: {FALL_NAMES[program.fall_risk][i]}",
    ]
    explained: set[tuple[str, Phase]] = set()
    for week in program.weeks:
        phase = _PHASE_NAMES[week.phase][i]
        target = _label("target", lang, pct=week.main_pct_1rm)
        heading = f"{_label('week', lang, n=week.week)} — {phase}"
        lines += ["", f"■ {heading}（{target}）" if i else f"■ {heading} ({target})"]
        printed: set[str] = set()
        for session in week.sessions:
            lines.append(f"  {_label('session', lang, n=session.day)}")
            for n, p in enumerate(session.exercises, start=1):
                name = p.name_ja if i else p.name_en
                rest = _label("rest", lang, s=p.rest_s)
                lines.append(f"    {n}. {name}: {_dose(p, lang)}; {rest}")
                why = p.why_ja if i else p.why_en
                if (p.id, week.phase) not in explained and why not in printed:
                    lines.append(f"       {_label('why', lang)}: {why}")
                    printed.add(why)
                explained.add((p.id, week.phase))
        if week.home_practice:
            lines.append(f"  {_label('home', lang)}")
            for h in week.home_practice:
                name = h.name_ja if i else h.name_en
                minutes = f"{h.minutes_per_day}分" if i else f"{h.minutes_per_day} min"
                lines.append(f"    - {name}: {minutes}")
        in_session = round(week.in_session_balance_minutes, 1)
        lines.append(
            "  "
            + _label(
                "balance",
                lang,
                in_session=_num(in_session),
                home=week.home_balance_minutes,
                total=_num(round(week.balance_minutes, 1)),
                required=week.balance_minutes_required,
            )
        )
    lines += ["", f"■ {_label('notes', lang)}"]
    lines += [f"  - {n.ja if i else n.en} [{n.source}]" for n in program.notes]
    lines += ["", f"■ {_label('sources', lang)}"]
    for key in program.sources():
        if references.exists(key):
            lines.append(f"  [{key}] {references.get(key).citation()}")
    return "\n".join(lines) + "\n"


def render_clearance(needed: ClearanceRequired, *, lang: str = "ja") -> str:
    lines = [_label("clearance", lang)]
    lines += [f"  - {r.ja if lang == 'ja' else r.en} [{r.source}]" for r in needed.reasons]
    return "\n".join(lines) + "\n"
