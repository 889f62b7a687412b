"""Food-frequency estimate: table values, arithmetic, gaps to targets and suggestions."""

from __future__ import annotations

from typing import Any

import pytest

from osteoload.engine import references
from osteoload.engine.errors import InputError
from osteoload.engine.nutrition import NUTRIENTS, estimate, food_table

PROFILE: dict[str, Any] = {"age": 68, "sex": "female", "weight_kg": 52, "physically_active": True}


def test_table_has_cited_foods_with_plausible_values() -> None:
    table = food_table()
    assert len(table) >= 15
    for food in table.values():
        assert len(food.food_number) == 5 and food.food_number.isdigit()
        assert food.portion_g > 0
        assert all(food.per_100g[n] >= 0 for n in NUTRIENTS)
    # Spot checks against the 2020 (8th ed.) table, per 100 g.
    assert table["milk"].per_100g["calcium_mg"] == 110
    assert table["natto"].per_100g["vitamin_k_ug"] == 600
    assert table["salmon"].per_100g["vitamin_d_ug"] == 32.0
    assert table["niboshi"].per_100g["calcium_mg"] == 2200
    assert references.exists("mext_food_composition_2020")


def test_daily_and_weekly_servings_add_up() -> None:
    out = estimate(
        {
            "profile": PROFILE,
            "foods": {
                "milk": {"servings": 1, "per": "day"},  # 200 g × 110 mg/100 g = 220 mg
                "natto": {
                    "servings": 7,
                    "per": "week",
                },  # 1 pack a day: 40 g × 600 µg/100 g = 240 µg
            },
        }
    )
    assert out["intake"]["calcium_mg"] == pytest.approx(220 + 36, abs=0.1)
    assert out["intake"]["vitamin_k_ug"] == pytest.approx(4 + 240, abs=0.1)
    assert out["intake"]["protein_g"] == pytest.approx(6.6 + 6.6, abs=0.1)


def test_gaps_are_measured_to_the_lower_target() -> None:
    out = estimate({"profile": PROFILE, "foods": {"milk": {"servings": 1}}})
    assert out["targets"]["calcium_mg"][0] == 700
    assert out["gaps"]["calcium_mg"] == pytest.approx(700 - 220, abs=0.1)
    assert out["status"]["calcium_mg"] == "below"


def test_suggestions_close_each_gap_or_say_they_do_not() -> None:
    out = estimate({"profile": PROFILE, "foods": {}})
    assert {s["nutrient"] for s in out["suggestions"]} == set(NUTRIENTS)
    for s in out["suggestions"]:
        assert s["foods"] and s["en"] and s["ja"]
        if s["closes_gap"]:
            assert s["adds"] >= s["gap"] - 0.1


def test_met_targets_produce_no_suggestion() -> None:
    foods = {
        "niboshi": {"servings": 1},
        "natto": {"servings": 1},
        "salmon": {"servings": 1},
        "mackerel_canned": {"servings": 2},
        "komatsuna": {"servings": 1},
        "milk": {"servings": 1},
    }
    out = estimate({"profile": PROFILE, "foods": foods})
    assert all(v == "met" for v in out["status"].values())
    assert out["suggestions"] == []


def test_ckd_gets_no_protein_target() -> None:
    profile = {**PROFILE, "conditions": ["ckd_stage_4_5"]}
    out = estimate({"profile": profile, "foods": {}})
    assert out["gaps"]["protein_g"] is None
    assert all(s["nutrient"] != "protein_g" for s in out["suggestions"])


@pytest.mark.parametrize(
    ("foods", "field"),
    [
        ({"pizza": {"servings": 1}}, "foods.pizza"),
        ({"milk": {"servings": -1}}, "foods.milk.servings"),
        ({"milk": {"servings": 1, "per": "month"}}, "foods.milk.per"),
        ({"milk": 2}, "foods.milk"),
        ({"milk": {"servings": "two"}}, "foods.milk.servings"),
    ],
)
def test_bad_input(foods: Any, field: str) -> None:
    with pytest.raises(InputError) as error:
        estimate({"profile": PROFILE, "foods": foods})
    assert error.value.field == field


def test_profile_required() -> None:
    with pytest.raises(InputError) as error:
        estimate({"foods": {}})
    assert error.value.field == "profile"
