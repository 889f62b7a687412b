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


# Foods added in the second round: food number and per-100 g values (protein g, calcium mg,
# vitamin D µg, vitamin K µg) as printed in the 2020 (8th ed.) table row ("Tr"/"-" as 0).
ADDED_FOODS = {
    "atsuage": ("04039", 10.7, 240, 0, 25),
    "soy_milk": ("04052", 3.6, 15, 0, 4),
    "spinach": ("06268", 2.6, 69, 0, 320),
    "broccoli": ("06264", 3.9, 41, 0, 190),
    "kiriboshi_daikon": ("06136", 9.7, 500, 0, 0),
    "dried_shiitake": ("08013", 21.2, 12, 17.0, 0),
    "hijiki": ("09050", 9.2, 1000, 0, 580),
    "chicken_breast": ("11220", 23.3, 4, 0.1, 16),
    "pork": ("11123", 19.3, 4, 0.1, 3),
    "rice": ("01088", 2.5, 3, 0, 0),
}


@pytest.mark.parametrize(("food_id", "row"), ADDED_FOODS.items())
def test_added_food_parses_with_its_table_row(
    food_id: str, row: tuple[str, float, float, float, float]
) -> None:
    food = food_table()[food_id]
    number, protein, calcium, vitamin_d, vitamin_k = row
    assert food.food_number == number
    assert food.per_100g == {
        "protein_g": protein,
        "calcium_mg": calcium,
        "vitamin_d_ug": vitamin_d,
        "vitamin_k_ug": vitamin_k,
    }
    assert food.portion_g > 0 and food.table_name
    assert food.name_ja and food.name_en and food.portion_ja and food.portion_en


def test_worked_example_with_added_foods() -> None:
    out = estimate(
        {
            "profile": PROFILE,
            "foods": {
                "rice": {"servings": 3},  # 3 × 150 g = 450 g
                "chicken_breast": {"servings": 1},  # 100 g
                "spinach": {"servings": 7, "per": "week"},  # 70 g a day
                "hijiki": {"servings": 2, "per": "week"},  # 2 × 5 g / 7 a day
                "dried_shiitake": {"servings": 7, "per": "week"},  # 5 g a day
                "atsuage": {"servings": 0.5},  # 50 g
            },
        }
    )
    # By hand, per day (per-100 g value × grams / 100):
    #   calcium   = 3×4.5 + 4 + 69×0.7 + 1000×0.05×2/7 + 12×0.05 + 240×0.5
    #             = 13.5 + 4 + 48.3 + 14.2857 + 0.6 + 120              = 200.6857 mg
    #   vitamin D = 0.1 + 17.0×0.05                                      = 0.95 µg
    #   vitamin K = 16 + 320×0.7 + 580×0.05×2/7 + 25×0.5
    #             = 16 + 224 + 8.2857 + 12.5                             = 260.7857 µg
    #   protein   = 2.5×4.5 + 23.3 + 2.6×0.7 + 9.2×0.05×2/7 + 21.2×0.05 + 10.7×0.5
    #             = 11.25 + 23.3 + 1.82 + 0.1314 + 1.06 + 5.35           = 42.9114 g
    # The output is rounded to 0.1, hence the tolerance.
    intake = out["intake"]
    assert intake["calcium_mg"] == pytest.approx(200.6857, abs=0.06)
    assert intake["vitamin_d_ug"] == pytest.approx(0.95, abs=0.06)
    assert intake["vitamin_k_ug"] == pytest.approx(260.7857, abs=0.06)
    assert intake["protein_g"] == pytest.approx(42.9114, abs=0.06)
    assert out["gaps"]["calcium_mg"] == pytest.approx(700 - 200.6857, abs=0.06)
    assert out["status"]["vitamin_k_ug"] == "met"  # 260.8 ≥ 250
    assert out["status"]["vitamin_d_ug"] == "below"
    hijiki = next(row for row in out["by_food"] if row["id"] == "hijiki")
    assert hijiki["servings_per_day"] == pytest.approx(0.29)
    assert hijiki["calcium_mg"] == pytest.approx(14.3)


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


def test_every_food_says_half_a_serving_in_household_terms() -> None:
    for food in food_table().values():
        assert food.half_ja and food.half_en, food.id
        assert food.half_ja != food.portion_ja and food.half_en != food.portion_en, food.id


def test_suggested_amounts_read_as_household_measures_not_fractions_of_a_serving() -> None:
    # Vitamin D: about 9 µg short; half a salmon fillet (40 g) closes it.
    foods = {"egg": {"servings": 3, "per": "week"}, "rice": {"servings": 2}}
    out = estimate({"profile": {"age": 70, "sex": "female"}, "foods": foods})
    (vit_d,) = [s for s in out["suggestions"] if s["nutrient"] == "vitamin_d_ug"]
    assert vit_d["foods"] == [{"food": "salmon", "servings_per_day": 0.5, "adds": 12.8}]
    assert "鮭（しろさけ）を1/2切れ（40 g）加えると" in vit_d["ja"]
    assert "add salmon (chum), half a fillet (40 g), every day" in vit_d["en"]
    # A whole serving uses the serving's own words.
    (vit_k,) = [s for s in out["suggestions"] if s["nutrient"] == "vitamin_k_ug"]
    assert vit_k["foods"][0] == {"food": "natto", "servings_per_day": 1.0, "adds": 240.0}
    assert "納豆を1パック（40 g）と" in vit_k["ja"]
    for s in out["suggestions"]:
        assert "回分" not in s["ja"] and "×" not in s["en"] and "0.5" not in s["en"]


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
