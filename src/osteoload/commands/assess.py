"""`osteoload assess PROFILE.json` → `osteoload.assessment/1` on stdout (ENGINE.md §2).

The exit status is 0 whenever the profile is valid, also when the tier is `clearance_required`;
a bad profile raises InputError (exit 2, one line on stderr, nothing on stdout).
`--format text --lang ja|en` prints a view a trainer can print and hand over.
"""

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
from osteoload.engine import references
from osteoload.engine.assessment import (
    FALL_NAMES,
    JP_NAMES,
    OSTA_NAMES,
    SARCOPENIA_NAMES,
    SITE_NAMES,
    TIER_NAMES,
    WHO_NAMES,
    Assessment,
    assess,
)
from osteoload.engine.fields import PROFILE, unknown_fields
from osteoload.engine.profile import parse_profile
from osteoload.engine.types import Impact


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "profile", metavar="PROFILE", help="client profile JSON file, or - for stdin"
    )
    add_output_options(parser)


def run(args: argparse.Namespace) -> int:
    data = read_json(args.profile)
    result = assess(parse_profile(data))
    # after the command succeeded: bad input gets its one error line and nothing else
    warn_unknown_fields(unknown_fields(data, PROFILE))
    if args.format == "text":
        sys.stdout.write(render_text(result, lang=args.lang))
    else:
        write_json(result.to_dict())
    return 0


# --- the printable text view ---------------------------------------------------------------------

_LABELS: dict[str, tuple[str, str]] = {
    "title": ("Bone and strength assessment", "骨と筋力のアセスメント"),
    "bone": ("Bone density", "骨密度"),
    "who": ("WHO category", "WHO分類"),
    "jp": ("Japanese criteria (2012)", "日本の診断基準（2012年度改訂版）"),
    "lowest_t": ("Lowest T-score", "最も低いTスコア"),
    "lowest_yam": ("Lowest %YAM", "最も低い若年成人平均値（YAM）"),
    "osta": ("OSTA screening", "OSTA（骨粗鬆症スクリーニング）"),
    "muscle": ("Muscle (sarcopenia, AWGS 2019)", "筋肉（サルコペニア、AWGS 2019）"),
    "osteosarcopenia": ("Osteosarcopenia", "オステオサルコペニア"),
    "falls": ("Fall risk", "転倒リスク"),
    "clearance": ("Medical clearance", "医師の許可（運動許可）"),
    "tier": ("Safety tier", "運動区分"),
    "limits": ("Training limits", "トレーニングの上限"),
    "targets": ("Daily targets", "1日の目標"),
    "findings": ("Findings", "所見"),
    "sources": ("Sources", "出典"),
    "yes": ("yes", "あり"),
    "no": ("no", "なし"),
    "unknown": ("unknown", "不明"),
    "required": ("required before training", "トレーニング前に必要"),
    "given": ("given", "確認済み"),
    "not_needed": ("not needed", "不要"),
    "note": (
        "A screening by the gym, not a diagnosis: diagnosis and treatment are the physician's.",
        "ジムによるスクリーニングであり診断ではありません。診断と治療は医師が行います。",
    ),
}
_IMPACT_NAMES = {
    Impact.NONE: ("none", "なし"),
    Impact.LOW: ("low", "低"),
    Impact.MODERATE: ("moderate", "中"),
    Impact.HIGH: ("high", "高"),
}


def render_text(result: Assessment, *, lang: str = "ja") -> str:
    """A readable, printable view of the assessment in Japanese or English."""
    i = 1 if lang == "ja" else 0

    def label(key: str) -> str:
        return _LABELS[key][i]

    def row(key: str, value: Any) -> str:
        return f"  {label(key)}: {value}"

    b = result.bone
    lines = [label("title"), "=" * 40, label("note"), "", f"■ {label('bone')}"]
    lines.append(row("who", WHO_NAMES[b.who_category][i]))
    lines.append(row("jp", JP_NAMES[b.jp_category][i]))
    if b.lowest_t_score is not None and b.lowest_site is not None:
        lines.append(row("lowest_t", f"{b.lowest_t_score:g} ({SITE_NAMES[b.lowest_site][i]})"))
    if b.lowest_yam_percent is not None and b.lowest_yam_site is not None:
        site = SITE_NAMES[b.lowest_yam_site][i]
        lines.append(row("lowest_yam", f"{b.lowest_yam_percent:g}% ({site})"))
    if result.osta is not None:
        lines.append(row("osta", f"{result.osta.index} ({OSTA_NAMES[result.osta.risk][i]})"))

    lines += ["", f"■ {label('muscle')}"]
    lines.append(f"  {SARCOPENIA_NAMES[result.sarcopenia.category][i]}")
    lines.append(row("osteosarcopenia", label("yes") if result.osteosarcopenia else label("no")))

    lines += ["", f"■ {label('falls')}: {FALL_NAMES[result.fall_risk.category][i]}"]
    lines += [f"  - {getattr(r, lang)}" for r in result.fall_risk.reasons]

    if result.medical_clearance_required:
        status = label("required")
    elif result.clearance_reasons:
        status = label("given")
    else:
        status = label("not_needed")
    lines += ["", f"■ {label('clearance')}: {status}"]
    lines += [f"  - {getattr(r, lang)}" for r in result.clearance_reasons]

    lines += ["", f"■ {label('tier')}: {TIER_NAMES[result.tier][i]}", f"  {label('limits')}:"]
    lines += [f"  - {text}" for text in _limits(result, lang)]

    lines += ["", f"■ {label('targets')}"]
    lines += [f"  - {text}" for text in _targets(result, lang)]

    lines += ["", f"■ {label('findings')}"]
    lines += [f"  - {getattr(f, lang)} [{f.source}]" for f in result.findings]

    lines += ["", f"■ {label('sources')}"]
    for key in result.sources():
        if references.exists(key):
            lines.append(f"  [{key}] {references.get(key).citation()}")
    return "\n".join(lines) + "\n"


def _limits(result: Assessment, lang: str) -> list[str]:
    e = result.envelope
    impact = _IMPACT_NAMES[e.max_impact][1 if lang == "ja" else 0]
    if lang == "ja":
        out = [
            f"最大強度 {e.max_pct_1rm}% 1RM（導入期 {e.familiarisation_weeks}週間は"
            f"{e.familiarisation_max_pct_1rm}%まで）",
            f"衝撃負荷：{impact}まで（1セッション{e.max_impact_contacts_per_session}回まで）",
            f"負荷をかけた体幹前屈：{'可' if e.loaded_spinal_flexion else '行わない'}",
            f"負荷をかけたひねり：{'可' if e.spinal_rotation_under_load else '行わない'}",
            f"バランストレーニング：週{e.min_balance_minutes_per_week}分以上",
        ]
        if e.min_back_extension_sessions_per_week:
            out.append(f"背筋（脊柱伸展）運動：週{e.min_back_extension_sessions_per_week}回以上")
        if e.supervision_required:
            out.append("トレーナーの監督下で実施")
        return out
    out = [
        f"Up to {e.max_pct_1rm}% 1RM (at most {e.familiarisation_max_pct_1rm}% during "
        f"{e.familiarisation_weeks} weeks of familiarisation)",
        f"Impact up to {impact} (at most {e.max_impact_contacts_per_session} contacts a session)",
        f"Loaded spinal flexion: {'allowed' if e.loaded_spinal_flexion else 'no'}",
        f"Twisting under load: {'allowed' if e.spinal_rotation_under_load else 'no'}",
        f"Balance training: at least {e.min_balance_minutes_per_week} min a week",
    ]
    if e.min_back_extension_sessions_per_week:
        out.append(
            f"Back-extensor exercise: at least {e.min_back_extension_sessions_per_week}x a week"
        )
    if e.supervision_required:
        out.append("Supervised by a trainer")
    return out


def _span(pair: tuple[float, float] | tuple[int, int], unit: str) -> str:
    low, high = pair
    return f"{low:g}{unit}" if low == high else f"{low:g}–{high:g}{unit}"


def _targets(result: Assessment, lang: str) -> list[str]:
    t = result.targets
    if lang == "ja":
        protein = (
            "医師・管理栄養士にご相談ください" if t.protein_g is None else _span(t.protein_g, " g")
        )
        return [
            f"カルシウム：{_span(t.calcium_mg, ' mg')}",
            f"ビタミンD：{_span(t.vitamin_d_ug, ' µg')}",
            f"ビタミンK：{_span(t.vitamin_k_ug, ' µg')}",
            f"たんぱく質：{protein}",
            f"睡眠：{t.sleep_h_min}時間以上",
        ]
    protein = (
        "ask the physician or dietitian" if t.protein_g is None else f"{_span(t.protein_g, ' g')}"
    )
    return [
        f"Calcium: {_span(t.calcium_mg, ' mg')}",
        f"Vitamin D: {_span(t.vitamin_d_ug, ' µg')}",
        f"Vitamin K: {_span(t.vitamin_k_ug, ' µg')}",
        f"Protein: {protein}",
        f"Sleep: at least {t.sleep_h_min} h",
    ]
