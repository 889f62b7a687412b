"""Engine results in plain words for the client: daily targets with a familiar food as a yardstick,
the food check's intake against them, and the sleep summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.text import capfirst

from osteoload.engine.nutrition import NUTRIENT_NAMES, NUTRIENTS, Food, food_table


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:g}"


def _range(values: list[float] | tuple[float, ...] | None, unit: str) -> str:
    if not values:
        return ""
    low, high = values[0], values[-1]
    if low == high:
        return f"{_fmt(low)} {unit}"
    return f"{_fmt(low)}–{_fmt(high)} {unit}"


def _richest(nutrient: str) -> Food:
    return max(food_table().values(), key=lambda f: (f.per_portion(nutrient), -f.portion_g))


@dataclass(frozen=True)
class TargetLine:
    nutrient: str
    name: str
    amount: str  # "700–800 mg a day"
    example: str  # "natto 1 pack ≈ 40 mg" – a yardstick, not advice
    note: str = ""


def target_lines(targets: dict[str, Any], lang: str) -> list[TargetLine]:
    """The assessment's `targets` (ENGINE.md §2) as lines a client can read."""
    ja = lang == "ja"
    lines: list[TargetLine] = []
    for nutrient in NUTRIENTS:
        en_name, ja_name, unit = NUTRIENT_NAMES[nutrient]
        value = targets.get(nutrient)
        name = ja_name if ja else capfirst(en_name)
        if value is None:
            if nutrient == "protein_g" and targets.get("protein_referral"):
                lines.append(
                    TargetLine(
                        nutrient,
                        name,
                        "",
                        "",
                        "医師・管理栄養士にご相談ください"
                        if ja
                        else "Ask your physician or dietitian",
                    )
                )
            continue
        amount = _range(value, unit)
        amount = f"1日 {amount}" if ja else f"{amount} a day"
        food = _richest(nutrient)
        per = food.per_portion(nutrient)
        example = (
            f"{food.name_ja}（{food.portion_ja}）で約{_fmt(per)} {unit}"
            if ja
            else f"{food.name_en} ({food.portion_en}): about {_fmt(per)} {unit}"
        )
        lines.append(TargetLine(nutrient, name, amount, example))
    sleep = targets.get("sleep_h_min")
    if sleep is not None:
        lines.append(
            TargetLine(
                "sleep",
                "睡眠" if ja else "Sleep",
                f"{sleep}時間以上" if ja else f"{sleep} hours or more",
                "",
            )
        )
    return lines


@dataclass(frozen=True)
class NutrientRow:
    nutrient: str
    name: str
    unit: str
    intake: float
    target: float | None
    pct: int | None  # of the target, capped at 100 for the bar
    met: bool | None
    gap: float | None


def nutrient_rows(result: dict[str, Any], lang: str) -> list[NutrientRow]:
    """One row per nutrient of an `osteoload.nutrition/1` result."""
    rows: list[NutrientRow] = []
    targets = result.get("targets", {})
    for nutrient in NUTRIENTS:
        en_name, ja_name, unit = NUTRIENT_NAMES[nutrient]
        intake = float(result.get("intake", {}).get(nutrient, 0.0))
        goal = targets.get(nutrient)
        target = float(goal[0]) if goal else None
        status = result.get("status", {}).get(nutrient)
        rows.append(
            NutrientRow(
                nutrient=nutrient,
                name=ja_name if lang == "ja" else capfirst(en_name),
                unit=unit,
                intake=intake,
                target=target,
                pct=None if not target else min(100, round(100 * intake / target)),
                met=None if status is None else status == "met",
                gap=result.get("gaps", {}).get(nutrient),
            )
        )
    return rows


def texts(result: dict[str, Any], key: str, lang: str) -> list[str]:
    """`advice_ja`/`advice_en`, `notes_ja`/`notes_en` … of an engine result."""
    return list(result.get(f"{key}_{'ja' if lang == 'ja' else 'en'}", []))


def suggestions(result: dict[str, Any], lang: str) -> list[str]:
    return [s["ja" if lang == "ja" else "en"] for s in result.get("suggestions", [])]
