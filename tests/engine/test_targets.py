"""Nutrition and sleep targets (ENGINE.md §2 `targets`)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from osteoload.engine import references
from osteoload.engine.profile import parse_profile
from osteoload.engine.targets import calcium_rda_mg, nutrition_targets, protein_rda_g
from osteoload.engine.types import Sex


def targets(**fields):
    return nutrition_targets(parse_profile({"age": 70, "sex": "female", **fields}))


@pytest.mark.parametrize(
    ("age", "sex", "rda", "calcium"),
    [
        (25, "male", 800, [800, 800]),  # the DRI is above the JOS 700
        (29.9, "male", 800, [800, 800]),
        (30, "male", 750, [750, 800]),
        (74, "male", 750, [750, 800]),
        (75, "male", 700, [700, 800]),
        (25, "female", 650, [700, 800]),
        (80, "female", 600, [700, 800]),
    ],
)
def test_calcium_never_below_the_dri(age, sex, rda, calcium):
    result = nutrition_targets(parse_profile({"age": age, "sex": sex}))
    assert result.calcium_rda_mg == rda
    assert result.to_dict()["calcium_mg"] == calcium


def test_fixed_targets():
    doc = targets().to_dict()
    assert doc["vitamin_d_ug"] == [10, 20]
    assert doc["vitamin_k_ug"] == [250, 300]
    assert doc["sleep_h_min"] == 6


def test_protein_per_kg_above_the_dri():
    assert targets(weight_kg=60).to_dict()["protein_g"] == [60, 72]
    assert targets(weight_kg=60).protein_basis == "per_kg"


def test_protein_when_training_is_at_least_1_2_g_per_kg():
    assert targets(weight_kg=60, physically_active=True).to_dict()["protein_g"] == [72, 72]
    assert nutrition_targets(
        parse_profile({"age": 70, "sex": "female", "weight_kg": 60}), training=True
    ).protein_g == (72, 72)


def test_protein_never_below_the_dri():
    # 45 kg woman: 45–54 g by weight, but the DRI allowance is 50 g.
    result = targets(weight_kg=45)
    assert result.to_dict()["protein_g"] == [50, 54]
    # 40 kg: both ends below the allowance.
    assert targets(weight_kg=40).to_dict()["protein_g"] == [50, 50]
    assert targets(weight_kg=40).protein_basis == "dri"


def test_protein_without_weight_is_the_dri():
    man = nutrition_targets(parse_profile({"age": 50, "sex": "male"}))
    assert man.to_dict()["protein_g"] == [65, 65] and man.protein_basis == "dri"
    older = nutrition_targets(parse_profile({"age": 65, "sex": "male"}))
    assert older.to_dict()["protein_g"] == [60, 60]
    assert targets().to_dict()["protein_g"] == [50, 50]


def test_ckd_4_5_has_no_protein_target():
    result = targets(weight_kg=60, conditions=["ckd_stage_4_5"])
    assert result.protein_g is None and result.to_dict()["protein_g"] is None
    assert result.protein_referral


def test_rda_tables():
    assert calcium_rda_mg(18, Sex.MALE) == 800
    assert calcium_rda_mg(110, Sex.FEMALE) == 600
    assert protein_rda_g(64.9, Sex.MALE) == 65
    assert protein_rda_g(90, Sex.FEMALE) == 50


@given(
    st.integers(min_value=18, max_value=110),
    st.sampled_from(["female", "male"]),
    st.one_of(st.none(), st.floats(min_value=25, max_value=300)),
    st.booleans(),
)
def test_targets_are_ordered_ranges_and_cited(age, sex, weight, training):
    data = {"age": age, "sex": sex} | ({} if weight is None else {"weight_kg": weight})
    result = nutrition_targets(parse_profile(data), training=training)
    doc = result.to_dict()
    for key in ("calcium_mg", "vitamin_d_ug", "vitamin_k_ug", "protein_g"):
        low, high = doc[key]
        assert low <= high
    assert doc["calcium_mg"][0] >= max(700, result.calcium_rda_mg)
    assert doc["protein_g"][0] >= result.protein_rda_g
    if weight is not None:
        per_kg = 1.2 if training else 1.0
        assert doc["protein_g"][0] >= round(per_kg * weight, 1)
    for keys in result.sources.values():
        for key in keys:
            assert references.exists(key)
