"""A one-minute food-frequency estimate of calcium, vitamin D, vitamin K and protein, the gap to the
client's targets (ENGINE.md §2, `targets.nutrition_targets`) and suggestions that close it.

Input (`osteoload.nutrition-request/1`):

    {"profile": {...osteoload.profile/1...},
     "foods": {"milk": {"servings": 1, "per": "day"}, "natto": {"servings": 3, "per": "week"}, ...}}

`foods` keys are the food ids of `data/foods.toml` (see `food_table()`); a serving is that food's
standard portion; `per` is "day" or "week" (default "day"). Foods not listed count as never eaten:
this is a rough screen of the richest common sources, not a diet record, and it underestimates a
real diet (foods not listed also add protein and some calcium).

Per-100 g values are from the Standard Tables of Food Composition in Japan 2020 (8th ed.),
`mext_food_composition_2020`; portions are product policy.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .errors import InputError
from .profile import parse_profile_in
from .targets import nutrition_targets
from .values import finite_number

SCHEMA = "osteoload.nutrition/1"
FOOD_SOURCE = "mext_food_composition_2020"
NUTRIENTS = ("calcium_mg", "vitamin_d_ug", "vitamin_k_ug", "protein_g")
NUTRIENT_NAMES = {
    "calcium_mg": ("calcium", "カルシウム", "mg"),
    "vitamin_d_ug": ("vitamin D", "ビタミンD", "µg"),
    "vitamin_k_ug": ("vitamin K", "ビタミンK", "µg"),
    "protein_g": ("protein", "たんぱく質", "g"),
}
MAX_SERVINGS_PER_DAY = 30  # input sanity bound (policy): more is a typing error
MAX_SUGGESTED_PER_DAY = 1.0  # policy: at most 1 extra serving a day of any one suggested food


@dataclass(frozen=True, slots=True)
class Food:
    id: str
    name_ja: str
    name_en: str
    food_number: str
    table_name: str
    portion_g: float
    portion_ja: str
    portion_en: str
    half_ja: str
    half_en: str
    """Half a serving in household terms (suggestions come in half servings)."""
    per_100g: dict[str, float]
    note: str = ""

    def per_portion(self, nutrient: str) -> float:
        return self.per_100g[nutrient] * self.portion_g / 100.0


@cache
def food_table() -> dict[str, Food]:
    text = resources.files("osteoload.engine").joinpath("data", "foods.toml").read_text("utf-8")
    foods: dict[str, Food] = {}
    for key, row in tomllib.loads(text).items():
        foods[key] = Food(
            id=key,
            name_ja=row["name_ja"],
            name_en=row["name_en"],
            food_number=row["food_number"],
            table_name=row["table_name"],
            portion_g=float(row["portion_g"]),
            portion_ja=row["portion_ja"],
            portion_en=row["portion_en"],
            half_ja=row["half_ja"],
            half_en=row["half_en"],
            per_100g={n: float(row[n]) for n in NUTRIENTS},
            note=row.get("note", ""),
        )
    return foods


def _servings_per_day(raw: Any, where: str) -> float:
    if not isinstance(raw, Mapping):
        raise InputError(
            where, f'must be an object like {{"servings": 1, "per": "day"}}, got {raw!r}'
        )
    servings = raw.get("servings")
    if servings is None:
        raise InputError(f"{where}.servings", "is required")
    number = finite_number(servings)
    if number is None:
        raise InputError(f"{where}.servings", f"must be a number, got {servings!r}")
    per = raw.get("per", "day")
    if per not in ("day", "week"):
        raise InputError(f"{where}.per", f'must be "day" or "week", got {per!r}')
    daily = number / (7.0 if per == "week" else 1.0)
    if number < 0 or daily > MAX_SERVINGS_PER_DAY:
        raise InputError(
            f"{where}.servings",
            f"must be between 0 and {MAX_SERVINGS_PER_DAY} a day, got {servings!r}",
        )
    return daily


def estimate(data: Any) -> dict[str, Any]:
    """Validate a request and return `osteoload.nutrition/1`."""
    if not isinstance(data, Mapping):
        raise InputError("request", "must be an object")
    profile = parse_profile_in(data)
    foods_raw = data.get("foods", {})
    if not isinstance(foods_raw, Mapping):
        raise InputError("foods", f"must be an object of food ids, got {type(foods_raw).__name__}")
    table = food_table()
    daily: dict[str, float] = {}
    for food_id, raw in foods_raw.items():
        if food_id not in table:
            raise InputError(f"foods.{food_id}", f"unknown food; known: {', '.join(table)}")
        daily[food_id] = _servings_per_day(raw, f"foods.{food_id}")

    intake = {n: sum(table[f].per_portion(n) * s for f, s in daily.items()) for n in NUTRIENTS}
    targets = nutrition_targets(profile)
    goal: dict[str, float | None] = {
        "calcium_mg": float(targets.calcium_mg[0]),
        "vitamin_d_ug": float(targets.vitamin_d_ug[0]),
        "vitamin_k_ug": float(targets.vitamin_k_ug[0]),
        "protein_g": None if targets.protein_g is None else float(targets.protein_g[0]),
    }
    gaps = {n: None if goal[n] is None else max(0.0, goal[n] - intake[n]) for n in NUTRIENTS}  # type: ignore[operator]
    suggestions = [
        s for n in NUTRIENTS if (g := gaps[n]) and g > 0 for s in [_suggest(n, g, daily)]
    ]
    notes_en: list[str] = [
        "A rough screen of about 25 common foods: other foods you eat add more protein and some "
        "calcium, so the real intake is usually higher."
    ]
    notes_ja: list[str] = [
        "よく食べる約25品目だけの簡易な見積もりです。一覧にない食品からもたんぱく質や"
        "カルシウムをとっているため、実際の摂取量は多くの場合これより多くなります。"
    ]
    if targets.protein_referral:
        notes_en.append(
            "Chronic kidney disease stage 4–5: no protein target; ask the physician or dietitian."
        )
        notes_ja.append(
            "慢性腎臓病（ステージ4〜5）のため、たんぱく質の目標は医師・管理栄養士にご相談ください。"
        )
    if gaps["vitamin_d_ug"]:
        notes_en.append("Sunlight on the skin also makes vitamin D (MHLW DRI 2025).")
        notes_ja.append(
            "日光を浴びることでも体内でビタミンDがつくられます（日本人の食事摂取基準2025年版）。"
        )
    return {
        "schema": SCHEMA,
        "intake": {n: round(v, 1) for n, v in intake.items()},
        "targets": targets.to_dict(),
        "gaps": {n: None if g is None else round(g, 1) for n, g in gaps.items()},
        "status": {
            n: None if g is None else ("met" if g == 0 else "below") for n, g in gaps.items()
        },
        "suggestions": suggestions,
        "by_food": [
            {
                "id": f,
                "servings_per_day": round(s, 2),
                **{n: round(table[f].per_portion(n) * s, 1) for n in NUTRIENTS},
            }
            for f, s in daily.items()
        ],
        "notes_en": notes_en,
        "notes_ja": notes_ja,
        "sources": [
            FOOD_SOURCE,
            *list(dict.fromkeys(k for ks in targets.sources.values() for k in ks)),
            "mhlw_dri_2025_vitamin_d",
            "osteoload_policy",
        ],
    }


def _amount(food: Food, servings: float) -> tuple[str, str]:
    """A suggested amount (half a serving or one) the way a client measures it, in Japanese and
    English: "1/2切れ（40 g）", never "0.5回分"."""
    if servings == 0.5:
        return food.half_ja, food.half_en
    if servings == 1.0:
        return food.portion_ja, food.portion_en
    raise ValueError(f"suggestions come in half or whole servings, got {servings}")


def _suggest(nutrient: str, gap: float, eaten: dict[str, float]) -> dict[str, Any]:
    """Close the gap with the richest foods per portion, in half servings, at most
    MAX_SUGGESTED_PER_DAY servings of any one food and at most two foods (policy)."""
    table = food_table()
    ranked = sorted(table.values(), key=lambda f: (-f.per_portion(nutrient), f.portion_g))
    en_name, ja_name, unit = NUTRIENT_NAMES[nutrient]
    remaining = gap
    items: list[dict[str, Any]] = []
    for food in ranked[:2]:
        per = food.per_portion(nutrient)
        if remaining <= 0 or per <= 0:
            break
        servings = min(MAX_SUGGESTED_PER_DAY, math.ceil(remaining / per * 2) / 2)
        items.append(
            {"food": food.id, "servings_per_day": servings, "adds": round(servings * per, 1)}
        )
        remaining -= servings * per

    parts_ja, parts_en = [], []
    for i in items:
        food = table[i["food"]]
        amount_ja, amount_en = _amount(food, i["servings_per_day"])
        parts_ja.append(f"{food.name_ja}を{amount_ja}")
        parts_en.append(f"{food.name_en[0].lower()}{food.name_en[1:]}, {amount_en},")
    added = sum(i["adds"] for i in items)
    # Whole units, but a small gap (vitamin D) keeps its decimal so it never reads "about 0".
    shown = f"{gap:.0f}" if gap >= 9.5 else f"{gap:.1f}"
    return {
        "nutrient": nutrient,
        "gap": round(gap, 1),
        "foods": items,
        "adds": round(added, 1),
        "closes_gap": remaining <= 1e-9,
        "en": f"About {shown} {unit} of {en_name} short a day: add "
        + " and ".join(parts_en)
        + f" every day (+{added:.0f} {unit}).",
        "ja": f"{ja_name}が1日あたり約{shown} {unit}不足しています。毎日、"
        + "と".join(parts_ja)
        + f"加えると+{added:.0f} {unit}です。",
    }
