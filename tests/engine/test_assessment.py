"""The assessment rules of ENGINE.md §2, each at and around its thresholds."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osteoload.engine import references
from osteoload.engine.assessment import (
    FallRiskCategory,
    JpCategory,
    OstaRisk,
    SarcopeniaCategory,
    WhoCategory,
    assess,
    chair_stand_30s_norm,
    osta_index,
)
from osteoload.engine.errors import InputError
from osteoload.engine.profile import parse_profile
from osteoload.engine.types import Impact, Sex, Tier

BASE: dict[str, Any] = {"age": 65, "sex": "female", "menopause": "post"}


def run(**fields: Any) -> Any:
    return assess(parse_profile({**BASE, **fields}))


def dxa(site: str = "lumbar_spine", **values: Any) -> dict[str, Any]:
    return {"site": site, **values}


def codes(result: Any) -> set[str]:
    return {f.code for f in result.findings}


# --- WHO -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (0.5, WhoCategory.NORMAL),
        (-1.0, WhoCategory.NORMAL),
        (-1.01, WhoCategory.OSTEOPENIA),
        (-2.49, WhoCategory.OSTEOPENIA),
        (-2.5, WhoCategory.OSTEOPOROSIS),
        (-3.4, WhoCategory.OSTEOPOROSIS),
    ],
)
def test_who_thresholds(t, expected):
    assert run(dxa=[dxa(t_score=t)]).bone.who_category is expected


def test_who_severe_needs_a_fragility_fracture_anywhere():
    fracture = {"site": "distal_radius", "fragility": True, "months_ago": 40}
    assert run(dxa=[dxa(t_score=-2.5)], fractures=[fracture]).bone.who_category is (
        WhoCategory.SEVERE_OSTEOPOROSIS
    )
    traumatic = {**fracture, "fragility": False}
    assert run(dxa=[dxa(t_score=-2.5)], fractures=[traumatic]).bone.who_category is (
        WhoCategory.OSTEOPOROSIS
    )
    # A fracture with osteopenia is not "severe".
    assert run(dxa=[dxa(t_score=-2.4)], fractures=[fracture]).bone.who_category is (
        WhoCategory.OSTEOPENIA
    )


def test_who_uses_the_lowest_of_spine_and_hip():
    result = run(
        dxa=[
            dxa("lumbar_spine", t_score=-1.2),
            dxa("femoral_neck", t_score=-2.7),
            dxa("total_hip", t_score=-2.0),
            dxa("radius", t_score=-3.5),
        ]
    )
    assert result.bone.lowest_t_score == -2.7
    assert result.bone.lowest_site.value == "femoral_neck"
    assert result.bone.who_category is WhoCategory.OSTEOPOROSIS


def test_who_uses_the_radius_only_when_spine_and_hip_have_no_t_score():
    result = run(dxa=[dxa("radius", t_score=-2.6), dxa("lumbar_spine", yam_percent=85)])
    assert result.bone.lowest_site.value == "radius"
    assert result.bone.who_category is WhoCategory.OSTEOPOROSIS
    assert "who_radius_only" in codes(result)


@pytest.mark.parametrize(
    ("fields", "applies"),
    [
        ({"sex": "male", "age": 49, "menopause": None}, False),
        ({"sex": "male", "age": 50, "menopause": None}, True),
        ({"sex": "female", "age": 60, "menopause": "pre"}, False),
        ({"sex": "female", "age": 48, "menopause": "peri"}, True),
        ({"sex": "female", "age": 45, "menopause": "post"}, True),
        ({"sex": "female", "age": 49, "menopause": None}, False),
        ({"sex": "female", "age": 50, "menopause": None}, True),
    ],
)
def test_who_applies_to_postmenopausal_women_and_men_over_50(fields, applies):
    result = assess(parse_profile({**fields, "dxa": [dxa(t_score=-3.0)]}))
    expected = WhoCategory.OSTEOPOROSIS if applies else WhoCategory.NOT_APPLICABLE
    assert result.bone.who_category is expected


def test_who_unknown_without_a_t_score():
    assert run().bone.who_category is WhoCategory.UNKNOWN
    assert run(dxa=[dxa(yam_percent=90)]).bone.who_category is WhoCategory.UNKNOWN


def test_every_scan_counts_and_an_earlier_lower_one_decides():
    # A diagnosis of osteoporosis stands when a later scan improves (camacho_2020_aace).
    result = run(
        dxa=[
            dxa(t_score=-2.8, date="2023-01-10"),
            dxa(t_score=-2.2, date="2026-01-10"),
        ]
    )
    assert result.bone.lowest_t_score == -2.8
    assert result.bone.who_category is WhoCategory.OSTEOPOROSIS
    assert result.tier is Tier.B
    (finding,) = [f for f in result.findings if f.code == "dxa_earlier_scan_decides"]
    assert "2023-01-10" in finding.en and "2023-01-10" in finding.ja
    assert finding.source == "camacho_2020_aace"
    # A later scan that is lower decides by itself: nothing to explain.
    result = run(
        dxa=[
            dxa(t_score=-2.2, date="2023-01-10"),
            dxa(t_score=-2.8, date="2026-01-10"),
        ]
    )
    assert result.bone.lowest_t_score == -2.8
    assert "dxa_earlier_scan_decides" not in codes(result)
    # The same lowest value twice: the finding names the later of the two.
    result = run(
        dxa=[
            dxa(t_score=-2.8, date="2021-01-10"),
            dxa(t_score=-2.8, date="2023-01-10"),
            dxa(t_score=-2.2, date="2026-01-10"),
        ]
    )
    (finding,) = [f for f in result.findings if f.code == "dxa_earlier_scan_decides"]
    assert "2023-01-10" in finding.en and "2021-01-10" not in finding.en


# --- Japan, 2012 criteria ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yam", "expected"),
    [
        (95, JpCategory.NORMAL),
        (80, JpCategory.NORMAL),
        (79.9, JpCategory.LOW_BONE_MASS),
        (70.1, JpCategory.LOW_BONE_MASS),
        (70, JpCategory.OSTEOPOROSIS),
        (60, JpCategory.OSTEOPOROSIS),
    ],
)
def test_jp_yam_thresholds(yam, expected):
    assert run(dxa=[dxa(yam_percent=yam)]).bone.jp_category is expected


def test_jp_t_score_of_minus_2_5_is_osteoporosis_even_with_a_higher_yam():
    result = run(dxa=[dxa(yam_percent=75, t_score=-2.5)])
    assert result.bone.jp_category is JpCategory.OSTEOPOROSIS


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (-0.9, JpCategory.NORMAL),
        (-1.0, JpCategory.NORMAL),
        (-1.1, JpCategory.LOW_BONE_MASS),
        (-2.4, JpCategory.LOW_BONE_MASS),
        (-2.5, JpCategory.OSTEOPOROSIS),
    ],
)
def test_jp_without_yam_the_t_score_decides(t, expected):
    assert run(dxa=[dxa(t_score=t)]).bone.jp_category is expected


@pytest.mark.parametrize("site", ["vertebra", "hip"])
def test_jp_vertebral_or_hip_fragility_fracture_is_osteoporosis_whatever_the_density(site):
    result = run(dxa=[dxa(yam_percent=100)], fractures=[{"site": site, "fragility": True}])
    assert result.bone.jp_category is JpCategory.OSTEOPOROSIS
    # Even without any density measurement.
    result = run(fractures=[{"site": site, "fragility": True}])
    assert result.bone.jp_category is JpCategory.OSTEOPOROSIS


def test_jp_other_fragility_fracture_needs_yam_below_80():
    fracture = [{"site": "proximal_humerus", "fragility": True}]
    assert run(dxa=[dxa(yam_percent=79)], fractures=fracture).bone.jp_category is (
        JpCategory.OSTEOPOROSIS
    )
    assert run(dxa=[dxa(yam_percent=80)], fractures=fracture).bone.jp_category is (
        JpCategory.NORMAL
    )


def test_jp_non_fragility_fracture_never_counts():
    fractures = [{"site": "vertebra", "fragility": False}, {"site": "rib", "fragility": False}]
    assert run(dxa=[dxa(yam_percent=75)], fractures=fractures).bone.jp_category is (
        JpCategory.LOW_BONE_MASS
    )


def test_jp_uses_lowest_yam_and_radius_only_as_a_last_resort():
    result = run(dxa=[dxa("lumbar_spine", yam_percent=82), dxa("total_hip", yam_percent=74)])
    assert result.bone.lowest_yam_percent == 74
    assert result.bone.jp_category is JpCategory.LOW_BONE_MASS
    result = run(dxa=[dxa("lumbar_spine", yam_percent=82), dxa("radius", yam_percent=65)])
    assert result.bone.lowest_yam_percent == 82
    result = run(dxa=[dxa("radius", yam_percent=65)])
    assert result.bone.jp_category is JpCategory.OSTEOPOROSIS
    # A spine measured by T-score only is still measured: it decides, not the radius's %YAM.
    result = run(dxa=[dxa("lumbar_spine", t_score=-0.5), dxa("radius", yam_percent=65)])
    assert result.bone.jp_category is JpCategory.NORMAL
    assert result.bone.lowest_yam_percent is None


def test_jp_unknown_with_nothing_to_decide_from():
    result = run()
    assert result.bone.jp_category is JpCategory.UNKNOWN
    assert "dxa_recommended" in codes(result)
    (finding,) = [f for f in result.findings if f.code == "jp_unknown"]
    assert "no %YAM or T-score recorded" in finding.en


def test_jp_unknown_with_a_radius_t_score_says_the_radius_needs_yam():
    # The radius is judged by %YAM only (Soen 2013): its T-score leaves the Japanese result
    # unknown, and the finding must not claim that no T-score was recorded.
    result = run(dxa=[dxa("radius", t_score=-2.6)])
    assert result.bone.who_category is WhoCategory.OSTEOPOROSIS
    assert result.bone.jp_category is JpCategory.UNKNOWN
    (finding,) = [f for f in result.findings if f.code == "jp_unknown"]
    assert "radius is judged by %YAM only" in finding.en
    assert "T-score recorded" not in finding.en
    assert "橈骨" in finding.ja and "%YAM" in finding.ja


def test_jp_applies_to_young_clients_too():
    result = assess(parse_profile({"age": 35, "sex": "male", "dxa": [dxa(yam_percent=68)]}))
    assert result.bone.who_category is WhoCategory.NOT_APPLICABLE
    assert result.bone.jp_category is JpCategory.OSTEOPOROSIS


# --- OSTA ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weight", "age", "index"),
    [
        (45, 72, -5),  # -5.4 truncates toward zero to -5
        (60, 70, -2),
        (50, 70, -4),
        (49, 70, -4),  # -4.2 → -4
        (45, 70, -5),
        (66, 70, 0),  # -0.8 → 0, not -1
        (75, 60, 3),  # 3.0
        (77, 60, 3),  # 3.4 → 3
    ],
)
def test_osta_truncates_toward_zero(weight, age, index):
    assert osta_index(weight, age) == index


@pytest.mark.parametrize(
    ("weight", "age", "risk"),
    [
        (45, 70, OstaRisk.HIGH),  # -5
        (50, 70, OstaRisk.MODERATE),  # -4
        (65, 70, OstaRisk.MODERATE),  # -1
        (66, 70, OstaRisk.LOW),  # -0.8 → 0
        (70, 70, OstaRisk.LOW),
    ],
)
def test_osta_risk_bands(weight, age, risk):
    result = assess(parse_profile({"age": age, "sex": "female", "weight_kg": weight}))
    assert result.osta is not None and result.osta.risk is risk


def test_osta_only_for_women_with_a_weight():
    assert assess(parse_profile({"age": 70, "sex": "male", "weight_kg": 50})).osta is None
    assert assess(parse_profile({"age": 70, "sex": "female"})).osta is None


def test_osta_float_inputs_do_not_cross_a_band_by_rounding_error():
    # 0.2 × (45.5 − 70.5) is exactly −5 on paper; binary floats must not make it −4.
    assert osta_index(45.5, 70.5) == -5


# --- sarcopenia ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sex", "grip", "low"),
    [("male", 27.9, True), ("male", 28, False), ("female", 17.9, True), ("female", 18, False)],
)
def test_grip_cut_offs_by_sex(sex, grip, low):
    result = assess(parse_profile({"age": 70, "sex": sex, "grip_kg": grip}))
    assert result.sarcopenia.low_strength is low
    expected = SarcopeniaCategory.POSSIBLE if low else SarcopeniaCategory.NONE
    assert result.sarcopenia.category is expected


@pytest.mark.parametrize(
    ("sex", "method", "asmi", "low"),
    [
        ("male", "dxa", 6.99, True),
        ("male", "dxa", 7.0, False),
        ("male", "bia", 6.99, True),
        ("male", "bia", 7.0, False),
        ("female", "dxa", 5.39, True),
        ("female", "dxa", 5.4, False),
        ("female", "bia", 5.69, True),
        ("female", "bia", 5.7, False),
        ("female", "bia", 5.5, True),
        ("female", "dxa", 5.5, False),
    ],
)
def test_asmi_cut_offs_by_sex_and_method(sex, method, asmi, low):
    profile = {"age": 70, "sex": sex, "asmi_kg_m2": asmi, "asmi_method": method, "grip_kg": 5}
    result = assess(parse_profile(profile))
    assert result.sarcopenia.low_mass is low
    expected = SarcopeniaCategory.SARCOPENIA if low else SarcopeniaCategory.NONE
    assert result.sarcopenia.category is expected


def test_asmi_without_method_for_a_woman_is_used_only_when_both_cut_offs_agree():
    def mass(asmi: float) -> bool | None:
        return run(asmi_kg_m2=asmi, grip_kg=10).sarcopenia.low_mass

    assert mass(5.3) is True
    assert mass(5.8) is False
    assert mass(5.5) is None
    assert "asmi_method_needed" in codes(run(asmi_kg_m2=5.5, grip_kg=10))


@pytest.mark.parametrize(
    ("performance", "low"),
    [
        ({"gait_speed_m_s": 0.99}, True),
        ({"gait_speed_m_s": 1.0}, False),
        ({"chair_stand_5x_s": 12.0}, True),
        ({"chair_stand_5x_s": 11.9}, False),
        ({"sppb": 9}, True),
        ({"sppb": 10}, False),
    ],
)
def test_low_performance_cut_offs(performance, low):
    result = run(asmi_kg_m2=5.0, asmi_method="dxa", grip_kg=15, **performance)
    assert result.sarcopenia.low_performance is low
    expected = SarcopeniaCategory.SEVERE if low else SarcopeniaCategory.SARCOPENIA
    assert result.sarcopenia.category is expected


def test_sarcopenia_with_mass_known():
    low_mass = {"asmi_kg_m2": 5.0, "asmi_method": "dxa"}
    assert run(**low_mass, grip_kg=20, gait_speed_m_s=0.8).sarcopenia.category is (
        SarcopeniaCategory.SARCOPENIA
    )
    assert run(**low_mass, grip_kg=20, gait_speed_m_s=1.2).sarcopenia.category is (
        SarcopeniaCategory.NONE
    )
    normal_mass = {"asmi_kg_m2": 6.0, "asmi_method": "dxa"}
    assert run(**normal_mass, grip_kg=10, gait_speed_m_s=0.5).sarcopenia.category is (
        SarcopeniaCategory.NONE
    )
    # Low mass alone, with no strength or performance test: "otherwise none" (ENGINE.md §2; a
    # missing test is not a low result), and the findings ask for the tests.
    alone = run(**low_mass)
    assert alone.sarcopenia.category is SarcopeniaCategory.NONE
    assert "muscle_tests_needed" in {f.code for f in alone.findings}
    assert "muscle_tests_needed" not in {f.code for f in run(**low_mass, grip_kg=25).findings}


def test_sarcopenia_without_mass():
    assert run(chair_stand_5x_s=12).sarcopenia.category is SarcopeniaCategory.POSSIBLE
    assert run(chair_stand_5x_s=11).sarcopenia.category is SarcopeniaCategory.NONE
    assert run(grip_kg=25, chair_stand_5x_s=13).sarcopenia.category is (SarcopeniaCategory.POSSIBLE)
    # Gait speed alone does not make "possible" (AWGS uses grip or 5× chair stand here).
    assert run(gait_speed_m_s=0.8).sarcopenia.category is SarcopeniaCategory.UNKNOWN
    assert run().sarcopenia.category is SarcopeniaCategory.UNKNOWN


@pytest.mark.parametrize(
    ("sex", "fields", "positive"),
    [
        ("male", {"calf_cm": 33.9}, True),
        ("male", {"calf_cm": 34}, False),
        ("female", {"calf_cm": 32.9}, True),
        ("female", {"calf_cm": 33}, False),
        ("female", {"sarc_f": 4}, True),
        ("female", {"sarc_f": 3}, False),
        ("female", {"sarc_f": 3, "calf_cm": 30}, True),
        ("female", {}, None),
    ],
)
def test_case_finding(sex, fields, positive):
    result = assess(parse_profile({"age": 70, "sex": sex, **fields}))
    assert result.sarcopenia.case_finding_positive is positive


def test_osteosarcopenia_needs_low_bone_and_confirmed_sarcopenia():
    sarc = {"asmi_kg_m2": 5.0, "asmi_method": "dxa", "grip_kg": 15}
    assert run(dxa=[dxa(t_score=-1.5)], **sarc).osteosarcopenia is True
    assert run(dxa=[dxa(yam_percent=75)], **sarc).osteosarcopenia is True
    assert run(dxa=[dxa(t_score=-0.5)], **sarc).osteosarcopenia is False
    assert run(dxa=[dxa(t_score=-2.0)], grip_kg=15).osteosarcopenia is False  # only possible


# --- falls ---------------------------------------------------------------------------------------


def test_chair_stand_norms_follow_the_steadi_table():
    assert chair_stand_30s_norm(60, Sex.MALE) == 14
    assert chair_stand_30s_norm(64.9, Sex.FEMALE) == 12
    assert chair_stand_30s_norm(65, Sex.FEMALE) == 11
    assert chair_stand_30s_norm(72, Sex.MALE) == 12
    assert chair_stand_30s_norm(79, Sex.FEMALE) == 10
    assert chair_stand_30s_norm(84, Sex.MALE) == 10
    assert chair_stand_30s_norm(85, Sex.FEMALE) == 8
    assert chair_stand_30s_norm(94, Sex.FEMALE) == 4
    assert chair_stand_30s_norm(59, Sex.FEMALE) is None
    assert chair_stand_30s_norm(95, Sex.MALE) is None


@pytest.mark.parametrize(
    ("test", "deficit"),
    [
        ({"tug_s": 12.0}, True),
        ({"tug_s": 11.9}, False),
        ({"single_leg_stance_s": 14.9}, True),
        ({"single_leg_stance_s": 15}, False),
        ({"gait_speed_m_s": 0.99}, True),
        ({"gait_speed_m_s": 1.0}, False),
        ({"chair_stand_30s": 10}, True),  # women 65-69: < 11
        ({"chair_stand_30s": 11}, False),
    ],
)
def test_each_deficit_alone_is_moderate_and_with_a_fall_high(test, deficit):
    no_falls = run(falls_past_year=0, **test).fall_risk.category
    one_fall = run(falls_past_year=1, **test).fall_risk.category
    unanswered = run(**test).fall_risk.category
    if deficit:
        assert no_falls is FallRiskCategory.MODERATE
        assert one_fall is FallRiskCategory.HIGH
        assert unanswered is FallRiskCategory.MODERATE
    else:
        assert no_falls is FallRiskCategory.LOW
        assert one_fall is FallRiskCategory.MODERATE
        assert unanswered is FallRiskCategory.UNKNOWN


def test_chair_stand_norm_depends_on_sex():
    man = assess(
        parse_profile({"age": 62, "sex": "male", "falls_past_year": 0, "chair_stand_30s": 13})
    )
    woman = run(age=62, falls_past_year=0, chair_stand_30s=13)
    assert man.fall_risk.category is FallRiskCategory.MODERATE
    assert woman.fall_risk.category is FallRiskCategory.LOW


def test_chair_stand_outside_the_norm_ages_is_not_graded():
    result = run(age=55, falls_past_year=0, chair_stand_30s=3)
    assert result.fall_risk.category is FallRiskCategory.LOW
    assert "chair_stand_30s_no_norm" in codes(result)


@pytest.mark.parametrize(
    ("falls", "injury", "expected"),
    [
        (0, None, FallRiskCategory.LOW),
        (1, None, FallRiskCategory.MODERATE),
        (1, False, FallRiskCategory.MODERATE),
        (1, True, FallRiskCategory.HIGH),
        (2, None, FallRiskCategory.HIGH),
        (5, False, FallRiskCategory.HIGH),
        (None, None, FallRiskCategory.UNKNOWN),
        (None, True, FallRiskCategory.HIGH),  # an injurious fall is a fall
    ],
)
def test_fall_history(falls, injury, expected):
    fields = {"falls_past_year": falls, "fall_injury": injury}
    assert run(**fields).fall_risk.category is expected


def test_injury_without_a_fall_is_a_clear_input_error():
    with pytest.raises(InputError) as caught:
        run(falls_past_year=0, fall_injury=True)
    assert caught.value.field == "fall_injury"


def test_fall_reasons_name_the_fall_and_the_deficits():
    result = run(falls_past_year=1, tug_s=14, single_leg_stance_s=5)
    assert [r.code for r in result.fall_risk.reasons] == [
        "falls_past_year",
        "deficit_tug",
        "deficit_single_leg_stance",
    ]


# --- medical clearance ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        (
            {"fractures": [{"site": "distal_radius", "fragility": True, "months_ago": 6}]},
            "clearance_recent_fracture",
        ),
        (
            {
                "fractures": [
                    {"site": "vertebra", "fragility": True},
                    {"site": "vertebra", "fragility": False},
                ]
            },
            "clearance_multiple_vertebral_fractures",
        ),
        ({"conditions": ["acute_back_pain"]}, "clearance_acute_back_pain"),
        ({"conditions": ["unexplained_pain"]}, "clearance_unexplained_pain"),
        ({"conditions": ["recent_joint_replacement"]}, "clearance_recent_joint_replacement"),
        ({"conditions": ["uncontrolled_hypertension"]}, "clearance_uncontrolled_hypertension"),
        ({"conditions": ["cardiovascular_symptoms"]}, "clearance_cardiovascular_symptoms"),
        (
            {"conditions": ["known_cardiovascular_disease"], "physically_active": False},
            "clearance_known_disease_inactive",
        ),
        (
            {"conditions": ["known_metabolic_disease"], "physically_active": False},
            "clearance_known_disease_inactive",
        ),
        ({"conditions": ["known_renal_disease"]}, "clearance_known_disease_inactive"),
    ],
)
def test_each_clearance_rule(fields, code):
    result = run(**fields)
    assert result.medical_clearance_required is True
    assert result.tier is Tier.CLEARANCE_REQUIRED
    assert code in {r.code for r in result.clearance_reasons}
    cleared = run(**fields, clearance={"cleared": True, "by": "Dr. Sato"})
    assert cleared.medical_clearance_required is False
    assert cleared.tier is not Tier.CLEARANCE_REQUIRED
    assert "clearance_given" in codes(cleared)


@pytest.mark.parametrize(
    "fields",
    [
        {"fractures": [{"site": "distal_radius", "fragility": True, "months_ago": 7}]},
        {"fractures": [{"site": "distal_radius", "fragility": False, "months_ago": 1}]},
        {"fractures": [{"site": "vertebra", "fragility": True, "months_ago": 30}]},
        {"conditions": ["known_cardiovascular_disease"], "physically_active": True},
        {"conditions": ["knee_osteoarthritis", "hyperkyphosis"]},
        {"clearance": {"cleared": False}},
    ],
)
def test_no_clearance_needed(fields):
    result = run(**fields)
    assert result.medical_clearance_required is False
    assert result.clearance_reasons == ()
    assert result.tier is not Tier.CLEARANCE_REQUIRED


def test_a_refused_clearance_keeps_the_client_waiting():
    result = run(conditions=["acute_back_pain"], clearance={"cleared": False})
    assert result.tier is Tier.CLEARANCE_REQUIRED


# --- tiers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"fractures": [{"site": "vertebra", "fragility": True, "months_ago": 30}]},
        {"fractures": [{"site": "vertebra", "fragility": False, "months_ago": 30}]},
        {"dxa": [dxa(t_score=-2.5)], "fractures": [{"site": "rib", "fragility": True}]},
        {"conditions": ["hyperkyphosis"]},
        {"falls_past_year": 2},
        {"asmi_kg_m2": 5.0, "asmi_method": "dxa", "grip_kg": 15, "gait_speed_m_s": 0.8},
    ],
)
def test_tier_c_conditions(fields):
    result = run(**fields)
    assert result.tier is Tier.C
    assert result.envelope.max_pct_1rm == 80
    assert result.envelope.max_impact is Impact.LOW
    assert not result.envelope.loaded_spinal_flexion
    assert not result.envelope.spinal_rotation_under_load
    assert result.envelope.min_balance_minutes_per_week >= 120
    assert result.envelope.supervision_required


def test_clearance_never_lifts_tier_c():
    fields = {
        "fractures": [{"site": "vertebra", "fragility": True, "months_ago": 2}],
        "clearance": {"cleared": True},
    }
    assert run(**fields).tier is Tier.C
    assert run(**{**fields, "clearance": None}).tier is Tier.CLEARANCE_REQUIRED


@pytest.mark.parametrize(
    "fields",
    [
        {"dxa": [dxa(t_score=-2.5)]},
        {"dxa": [dxa(yam_percent=70)]},
        {"dxa": [dxa(yam_percent=90)], "fractures": [{"site": "hip", "fragility": True}]},
        {"falls_past_year": 1},
        {"tug_s": 12.5, "falls_past_year": 0},
    ],
)
def test_tier_b_conditions(fields):
    result = run(**fields)
    assert result.tier is Tier.B
    assert result.envelope.max_pct_1rm == 85
    assert result.envelope.max_impact is Impact.MODERATE
    assert not result.envelope.loaded_spinal_flexion
    assert result.envelope.min_balance_minutes_per_week >= 120
    assert result.envelope.supervision_required


def test_hip_fracture_is_tier_b_not_c():
    # A hip fragility fracture is osteoporosis (Japan) but none of the tier C conditions.
    result = run(fractures=[{"site": "hip", "fragility": True, "months_ago": 24}])
    assert result.tier is Tier.B


@pytest.mark.parametrize(
    ("fields", "flexion"),
    [
        ({"dxa": [dxa(t_score=-0.5, yam_percent=95)], "falls_past_year": 0}, True),
        ({"dxa": [dxa(t_score=-1.5)], "falls_past_year": 0}, False),
        ({"dxa": [dxa(t_score=-0.5, yam_percent=78)], "falls_past_year": 0}, False),
        ({"falls_past_year": 0}, False),
    ],
)
def test_tier_a_loaded_flexion_only_with_normal_bone(fields, flexion):
    result = run(**fields)
    assert result.tier is Tier.A
    assert result.envelope.max_impact is Impact.HIGH
    assert result.envelope.max_pct_1rm == 85
    assert result.envelope.min_balance_minutes_per_week == 60
    assert result.envelope.loaded_spinal_flexion is flexion
    assert result.bone_category_normal is flexion


def test_young_man_with_normal_yam_is_tier_a_with_normal_bone():
    result = assess(parse_profile({"age": 40, "sex": "male", "dxa": [dxa(yam_percent=100)]}))
    assert result.bone.who_category is WhoCategory.NOT_APPLICABLE
    assert result.bone_category_normal is True


def test_novice_familiarisation_is_longer():
    novice = run(experience="none", falls_past_year=0)
    trained = run(experience="advanced", falls_past_year=0)
    assert novice.envelope.familiarisation_weeks > trained.envelope.familiarisation_weeks


# --- the JSON document ---------------------------------------------------------------------------


def test_to_dict_has_every_key_of_the_contract():
    doc = run(dxa=[dxa(t_score=-2.6, yam_percent=68)], weight_kg=50).to_dict()
    assert doc["schema"] == "osteoload.assessment/1"
    assert set(doc) >= {
        "bone", "osta", "sarcopenia", "osteosarcopenia", "fall_risk",
        "medical_clearance_required", "tier", "envelope", "targets", "findings",
    }  # fmt: skip
    assert set(doc["bone"]) >= {
        "who_category", "jp_category", "lowest_t_score", "lowest_site", "lowest_yam_percent"
    }  # fmt: skip
    assert set(doc["osta"]) >= {"index", "risk"}
    assert set(doc["sarcopenia"]) >= {"category", "case_finding_positive"}
    assert set(doc["fall_risk"]) >= {"category", "reasons"}
    assert set(doc["envelope"]) >= {
        "max_pct_1rm", "max_impact", "loaded_spinal_flexion", "spinal_rotation_under_load",
        "min_balance_minutes_per_week", "supervision_required",
    }  # fmt: skip
    assert set(doc["targets"]) >= {
        "calcium_mg", "vitamin_d_ug", "vitamin_k_ug", "protein_g", "sleep_h_min"
    }  # fmt: skip
    assert doc["bone"]["lowest_t_score"] == -2.6 and doc["bone"]["lowest_yam_percent"] == 68
    for finding in doc["findings"]:
        assert set(finding) >= {"code", "en", "ja", "source"} and finding["ja"] and finding["en"]


def test_empty_bone_fields_are_null():
    doc = run().to_dict()
    assert doc["bone"]["lowest_t_score"] is None
    assert doc["bone"]["lowest_site"] is None
    assert doc["bone"]["lowest_yam_percent"] is None
    assert doc["osta"] is None


# --- properties ----------------------------------------------------------------------------------

WHO_ORDER = [
    WhoCategory.NORMAL,
    WhoCategory.OSTEOPENIA,
    WhoCategory.OSTEOPOROSIS,
    WhoCategory.SEVERE_OSTEOPOROSIS,
]
JP_ORDER = [JpCategory.NORMAL, JpCategory.LOW_BONE_MASS, JpCategory.OSTEOPOROSIS]
FALL_ORDER = [FallRiskCategory.LOW, FallRiskCategory.MODERATE, FallRiskCategory.HIGH]
TIER_ORDER = [Tier.A, Tier.B, Tier.C, Tier.CLEARANCE_REQUIRED]

t_scores = st.floats(min_value=-6, max_value=4, allow_nan=False).map(lambda x: round(x, 2))
fracture = st.fixed_dictionaries(
    {
        "site": st.sampled_from(["vertebra", "hip", "rib", "distal_radius", "other"]),
        "fragility": st.booleans(),
        "months_ago": st.one_of(st.none(), st.floats(min_value=0, max_value=240)),
    }
)
profiles = st.fixed_dictionaries(
    {
        "age": st.integers(min_value=18, max_value=110),
        "sex": st.sampled_from(["female", "male"]),
    },
    optional={
        "weight_kg": st.floats(min_value=30, max_value=120),
        "dxa": st.lists(
            st.fixed_dictionaries(
                {"site": st.sampled_from(["lumbar_spine", "femoral_neck", "total_hip", "radius"])},
                optional={
                    "t_score": t_scores,
                    "yam_percent": st.floats(min_value=40, max_value=130),
                },
            ),
            max_size=4,
        ),
        "fractures": st.lists(fracture, max_size=3),
        "falls_past_year": st.integers(min_value=0, max_value=5),
        "tug_s": st.floats(min_value=5, max_value=30),
        "single_leg_stance_s": st.floats(min_value=0, max_value=60),
        "gait_speed_m_s": st.floats(min_value=0.3, max_value=2.0),
        "chair_stand_30s": st.integers(min_value=0, max_value=30),
        "grip_kg": st.floats(min_value=5, max_value=60),
        "chair_stand_5x_s": st.floats(min_value=5, max_value=30),
        "asmi_kg_m2": st.floats(min_value=3, max_value=10),
        "asmi_method": st.sampled_from(["dxa", "bia"]),
        "conditions": st.lists(
            st.sampled_from(
                ["hyperkyphosis", "acute_back_pain", "known_renal_disease", "ckd_stage_4_5"]
            ),
            unique=True,
        ),
        "physically_active": st.booleans(),
        "clearance": st.fixed_dictionaries({"cleared": st.booleans()}),
    },
)


@settings(max_examples=150, deadline=None)
@given(profiles, t_scores, st.floats(min_value=0.01, max_value=2))
def test_lowering_a_t_score_never_improves_a_category(data, t, drop):
    data = {**data, "dxa": [{"site": "femoral_neck", "t_score": t}]}
    lower = {**data, "dxa": [{"site": "femoral_neck", "t_score": round(t - drop, 2)}]}
    before, after = assess(parse_profile(data)), assess(parse_profile(lower))
    if before.bone.who_category in WHO_ORDER:
        assert WHO_ORDER.index(after.bone.who_category) >= WHO_ORDER.index(before.bone.who_category)
    assert JP_ORDER.index(after.bone.jp_category) >= JP_ORDER.index(before.bone.jp_category)
    assert TIER_ORDER.index(after.tier) >= TIER_ORDER.index(before.tier)


@settings(max_examples=150, deadline=None)
@given(profiles)
def test_adding_a_fall_never_lowers_fall_risk(data):
    falls = data.get("falls_past_year", 0)
    before = assess(parse_profile({**data, "falls_past_year": falls}))
    after = assess(parse_profile({**data, "falls_past_year": falls + 1}))
    assert FALL_ORDER.index(after.fall_risk.category) >= FALL_ORDER.index(before.fall_risk.category)
    assert TIER_ORDER.index(after.tier) >= TIER_ORDER.index(before.tier)


@settings(max_examples=150, deadline=None)
@given(profiles)
def test_every_finding_has_both_languages_and_a_registered_source(data):
    result = assess(parse_profile(data))
    for finding in result.findings:
        assert finding.en.strip() and finding.ja.strip()
        assert references.exists(finding.source), finding.source
    for key in result.sources():
        assert references.exists(key), key


@settings(max_examples=150, deadline=None)
@given(profiles)
def test_tier_and_envelope_agree(data):
    result = assess(parse_profile(data))
    assert result.medical_clearance_required == (result.tier is Tier.CLEARANCE_REQUIRED)
    if result.tier in (Tier.C, Tier.CLEARANCE_REQUIRED):
        assert result.envelope.max_impact is Impact.LOW and result.envelope.max_pct_1rm == 80
    if result.tier is not Tier.A:
        assert not result.envelope.loaded_spinal_flexion
    if result.envelope.loaded_spinal_flexion:
        assert result.bone_category_normal


def test_a_fragility_fracture_without_a_date_asks_when():
    result = run(fractures=[{"site": "distal_radius", "fragility": True}])
    assert "fracture_date_unknown" in codes(result)
    assert result.medical_clearance_required is False
    dated = run(fractures=[{"site": "distal_radius", "fragility": True, "months_ago": 20}])
    assert "fracture_date_unknown" not in codes(dated)


@pytest.mark.parametrize("tier", list(Tier))
def test_every_envelope_limit_names_a_registered_source(tier):
    from osteoload.engine.envelope import envelope_for

    envelope = envelope_for(tier, bone_category_normal=False, novice=True)
    doc = envelope.to_dict()
    assert references.exists(envelope.source)
    for name, key in envelope.sources().items():
        assert name in doc, name
        assert references.exists(key), key


def test_every_rule_names_a_registered_source_and_a_real_function():
    import osteoload.engine.assessment as module

    for rule in module.RULES:
        assert references.exists(rule.source), rule
    functions = {name for name in dir(module) if callable(getattr(module, name))}
    named = {r.name for r in module.RULES}
    # Rules named after a function exist; the rest are finding codes the functions emit.
    assert {"who_category", "jp_decision", "osta_index", "fall_risk", "tier_c_reasons"} <= (
        named & functions
    )


SARC_ORDER = [
    SarcopeniaCategory.NONE,
    SarcopeniaCategory.POSSIBLE,
    SarcopeniaCategory.SARCOPENIA,
    SarcopeniaCategory.SEVERE,
]


@settings(max_examples=150, deadline=None)
@given(profiles, st.floats(min_value=5, max_value=60), st.floats(min_value=0.1, max_value=10))
def test_weaker_grip_never_improves_sarcopenia(data, grip, drop):
    before = assess(parse_profile({**data, "grip_kg": grip})).sarcopenia.category
    after = assess(parse_profile({**data, "grip_kg": max(0.0, grip - drop)})).sarcopenia.category
    if before is SarcopeniaCategory.UNKNOWN:
        return  # grip measured in both: unknown can only come from the mass branch, unchanged
    assert SARC_ORDER.index(after) >= SARC_ORDER.index(before)


@settings(max_examples=150, deadline=None)
@given(profiles, st.floats(min_value=40, max_value=130), st.floats(min_value=0.1, max_value=20))
def test_lower_yam_never_improves_the_japanese_category(data, yam, drop):
    def category(value: float) -> JpCategory:
        profile = {**data, "dxa": [{"site": "total_hip", "yam_percent": round(value, 1)}]}
        return assess(parse_profile(profile)).bone.jp_category

    assert JP_ORDER.index(category(max(20.0, yam - drop))) >= JP_ORDER.index(category(yam))
