"""ENGINE.md §6: each progression rule at its thresholds; safety invariants under hypothesis."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osteoload.engine.errors import InputError
from osteoload.engine.progression import floor_to, progress_json

# Tier A: no bone findings, no falls. Tier B: lumbar T-score −2.7 (osteoporosis).
PROFILE_A: dict[str, Any] = {"age": 55, "sex": "female", "weight_kg": 60, "falls_past_year": 0}
PROFILE_B: dict[str, Any] = {
    "age": 66,
    "sex": "female",
    "weight_kg": 55,
    "dxa": [{"site": "lumbar_spine", "t_score": -2.7}],
}
PROFILE_C: dict[str, Any] = {
    "age": 72,
    "sex": "female",
    "weight_kg": 50,
    "fractures": [{"site": "vertebra", "fragility": True, "months_ago": 24}],
}


def request(
    history: list[dict[str, Any]],
    *,
    profile: dict[str, Any] | None = None,
    pct: float | None = 80,
    rpe: float | None = None,
    reps: int = 5,
    increment: float = 2.5,
    exercise: str = "barbell_deadlift",
) -> dict[str, Any]:
    return {
        "profile": copy.deepcopy(profile or PROFILE_B),
        "exercise_id": exercise,
        "prescription": {"sets": 5, "reps": reps, "pct_1rm": pct, "rpe": rpe},
        "increment_kg": increment,
        "history": history,
    }


def session(
    load: float,
    reps: int = 5,
    *,
    rir: float | None = None,
    rpe: float | None = None,
    completed: bool = True,
    pain: float = 0,
    date: str = "2026-03-02",
    n: int = 1,
) -> dict[str, Any]:
    return {
        "date": date,
        "session_rpe": 6,
        "pain": pain,
        "sets": [
            {"load_kg": load, "reps": reps, "rir": rir, "rpe": rpe, "completed": completed}
            for _ in range(n)
        ],
    }


def test_contract_example_gives_e1rm_49_3() -> None:
    out = progress_json(request([session(40, 5, rir=2)]))
    assert out["schema"] == "osteoload.progression/1"
    assert out["e1rm_kg"] == 49.3  # 40 × (1 + 7/30)
    assert out["next"] == {"load_kg": 37.5, "sets": 5, "reps": 5}  # 0.8 × 49.33 = 39.5 → 37.5
    assert out["decision"] == "reduce"
    assert out["reason_en"] and out["reason_ja"]


def test_rir_from_rpe_and_zero_when_neither() -> None:
    by_rpe = progress_json(request([session(40, 5, rpe=8)]))
    assert by_rpe["e1rm_kg"] == 49.3  # RIR = 10 − 8 = 2
    neither = progress_json(request([session(40, 5)]))
    assert neither["e1rm_kg"] == pytest.approx(40 * (1 + 5 / 30), abs=0.05)
    rir_wins = progress_json(request([session(40, 5, rir=1, rpe=6)]))
    assert rir_wins["e1rm_kg"] == pytest.approx(40 * (1 + 6 / 30), abs=0.05)


def test_one_rep_to_failure_is_the_load() -> None:
    out = progress_json(request([session(50, 1, rir=0)], pct=70))
    assert out["e1rm_kg"] == 50.0


def test_sets_over_ten_reps_or_not_completed_do_not_count() -> None:
    history = [
        session(30, 5, rir=0, date="2026-03-01"),
        {
            "date": "2026-03-04",
            "pain": 0,
            "sets": [
                {"load_kg": 35, "reps": 12, "rir": 0, "completed": True},
                {"load_kg": 60, "reps": 5, "rir": 0, "completed": False},
            ],
        },
    ]
    out = progress_json(request(history))
    assert out["e1rm_kg"] == pytest.approx(30 * (1 + 5 / 30), abs=0.05)  # earlier session


def test_best_set_of_latest_session() -> None:
    history = [
        session(80, 5, rir=0, date="2026-03-01"),
        {
            "date": "2026-03-04",
            "pain": 0,
            "sets": [
                {"load_kg": 40, "reps": 5, "rir": 0, "completed": True},
                {"load_kg": 42.5, "reps": 5, "rir": 0, "completed": True},
            ],
        },
    ]
    out = progress_json(request(history))
    assert out["e1rm_kg"] == pytest.approx(42.5 * (1 + 5 / 30), abs=0.05)


def test_rounds_down_to_increment() -> None:
    out = progress_json(request([session(40, 5, rir=2)], increment=1.0))
    assert out["next"]["load_kg"] == 39.0  # 39.47 → 39
    assert floor_to(39.999999, 2.5) == 37.5
    assert floor_to(40.0, 2.5) == 40.0
    assert floor_to(0.9 * 50, 2.5) == 45.0


def test_target_from_rpe_chart() -> None:
    # 5 reps at RPE 8 → 81.1 % of e1RM 60 = 48.66 → 47.5 (inside tier B's 85 % and +10 %).
    out = progress_json(request([session(45, 10, rir=0)], pct=None, rpe=8))
    assert out["target_pct_1rm"] == 81.1
    assert out["e1rm_kg"] == 60.0
    assert out["next"]["load_kg"] == 47.5
    assert out["decision"] == "increase"


def test_rpe_outside_chart_uses_epley_inverse_and_flags() -> None:
    out = progress_json(request([session(40, 10, rir=2)], pct=None, rpe=7, reps=10))
    assert "rpe_chart_extrapolated" in out["flags"]
    assert out["target_pct_1rm"] == pytest.approx(100 / (1 + 13 / 30), abs=0.05)


def test_tier_cap_on_pct() -> None:
    # Tier C: max 80 % 1RM. Prescription asks 90 %.
    out = progress_json(request([session(40, 5, rir=5)], profile=PROFILE_C, pct=90))
    e1rm = 40 * (1 + 10 / 30)
    assert out["tier"] == "C"
    assert out["next"]["load_kg"] == floor_to(0.80 * e1rm, 2.5)
    assert "capped_by_tier" in out["flags"]


def test_ten_percent_cap_over_last_heaviest() -> None:
    # e1RM 40 × (1 + 10/30) = 53.3; 80 % = 42.7 → 42.5, but 1.10 × 36 = 39.6 → 37.5.
    out = progress_json(request([session(36, 5, rir=5)], increment=2.5))
    assert out["next"]["load_kg"] <= 36 * 1.10
    # With the last heaviest 40: 1.1 × 40 = 44 caps 0.8 × e1RM(66.7) = 53.3.
    out = progress_json(request([session(40, 10, rir=10)]))
    assert out["next"]["load_kg"] == 42.5  # 44 → 42.5 on 2.5-kg steps
    assert "capped_by_last_load" in out["flags"]
    assert out["decision"] == "increase"
    assert "policy" in out["reason_en"] and "方針" in out["reason_ja"]


@pytest.mark.parametrize(
    ("pain", "expect_review"), [(4, False), (4.9, False), (5, True), (6.5, True)]
)
def test_pain_five_reduces_at_least_ten_percent(pain: float, expect_review: bool) -> None:
    out = progress_json(request([session(40, 5, rir=4, pain=pain)], pct=70))
    if expect_review:
        assert "review" in out["flags"]
        assert out["decision"] == "reduce"
        assert out["next"]["load_kg"] <= 0.9 * 40
    else:
        assert "review" not in out["flags"]
        assert out["next"]["load_kg"] > 0.9 * 40 - 2.5


@pytest.mark.parametrize("pain", [7, 8.5, 10])
def test_pain_seven_stops_and_refers(pain: float) -> None:
    out = progress_json(request([session(40, 5, rir=2, pain=pain)]))
    assert out["decision"] == "stop"
    assert out["next"] is None
    assert "refer" in out["flags"]


def test_pain_just_below_seven_does_not_stop() -> None:
    out = progress_json(request([session(40, 5, rir=2, pain=6.9)]))
    assert out["decision"] == "reduce" and out["next"] is not None


def test_missed_sets_in_each_of_last_two_sessions_reduce() -> None:
    missed = {
        "date": "2026-03-02",
        "pain": 0,
        "sets": [
            {"load_kg": 40, "reps": 5, "rir": 0, "completed": True},
            {"load_kg": 40, "reps": 3, "rir": 0, "completed": False},
        ],
    }
    later = copy.deepcopy(missed)
    later["date"] = "2026-03-05"
    out = progress_json(request([missed, later], pct=75))
    assert "missed_sets" in out["flags"]
    assert out["next"]["load_kg"] <= 36.0
    assert out["decision"] == "reduce"
    # Only the last session missed: no missed-sets rule.
    ok = session(40, 5, rir=0, date="2026-02-27")
    out = progress_json(request([ok, later], pct=75))
    assert "missed_sets" not in out["flags"]


def test_no_history_starts_at_half_a_norm_guess() -> None:
    out = progress_json(request([], profile=PROFILE_B, exercise="goblet_squat"))
    assert out["decision"] == "start"
    assert out["e1rm_kg"] is None
    guess = out["e1rm_guess_kg"]
    assert guess is not None and out["next"]["load_kg"] <= 0.5 * guess
    assert out["next"]["load_kg"] == floor_to(0.5 * guess, 2.5)
    assert "first_session" in out["flags"]


def test_no_history_without_weight_gives_rpe_instruction() -> None:
    profile = {"age": 70, "sex": "male"}
    out = progress_json(request([], profile=profile))
    assert out["decision"] == "start"
    assert out["next"]["load_kg"] is None
    assert "RPE" in out["reason_en"]


def test_clearance_required_stops() -> None:
    profile = {"age": 70, "sex": "female", "conditions": ["acute_back_pain"]}
    out = progress_json(request([session(40, 5)], profile=profile))
    assert out["decision"] == "stop" and out["next"] is None
    assert "clearance_required" in out["flags"]


def test_hold_when_target_equals_last_load() -> None:
    # e1RM 50 × (1 + 6/30) = 60; 83.4 % → 50.04 → 50 (under 85 % of 60 = 51) → hold.
    out = progress_json(request([session(50, 5, rir=1)], pct=83.4, profile=PROFILE_A))
    assert out["decision"] == "hold"
    assert out["next"]["load_kg"] == 50.0


# --- validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda r: r["history"][0]["sets"][0].update(load_kg=-5), "history[0].sets[0].load_kg"),
        (lambda r: r["history"][0]["sets"][0].update(reps=2.5), "history[0].sets[0].reps"),
        (
            lambda r: r["history"][0]["sets"][0].update(completed="yes"),
            "history[0].sets[0].completed",
        ),
        (lambda r: r["history"][0].update(pain=11), "history[0].pain"),
        (lambda r: r["history"][0].update(date="02/03/2026"), "history[0].date"),
        (lambda r: r.update(exercise_id="moon_walk"), "exercise_id"),
        (lambda r: r.update(increment_kg=0), "increment_kg"),
        (lambda r: r["prescription"].update(sets=0), "prescription.sets"),
        (lambda r: r["prescription"].update(pct_1rm=None, rpe=None), "prescription"),
        (lambda r: r["profile"].update(age=12), "profile.age"),
        (lambda r: r.update(history="none"), "history"),
    ],
)
def test_bad_input_names_the_field(mutate: Any, field: str) -> None:
    req = request([session(40, 5, rir=2)])
    mutate(req)
    with pytest.raises(InputError) as error:
        progress_json(req)
    assert error.value.field == field


def test_history_must_be_oldest_first() -> None:
    req = request([session(40, date="2026-03-05"), session(40, date="2026-03-01")])
    with pytest.raises(InputError) as error:
        progress_json(req)
    assert error.value.field == "history[1].date"


# --- invariants ----------------------------------------------------------------------------------

loads = st.floats(min_value=0, max_value=200).map(lambda x: round(x * 2) / 2)
sets_st = st.fixed_dictionaries(
    {
        "load_kg": loads,
        "reps": st.integers(min_value=0, max_value=15),
        "rir": st.one_of(st.none(), st.integers(min_value=0, max_value=6)),
        "rpe": st.one_of(st.none(), st.sampled_from([6, 7, 7.5, 8, 9, 10])),
        "completed": st.booleans(),
    }
)
sessions_st = st.fixed_dictionaries(
    {
        "pain": st.one_of(st.none(), st.integers(min_value=0, max_value=10)),
        "sets": st.lists(sets_st, min_size=0, max_size=4),
    }
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    history=st.lists(sessions_st, min_size=0, max_size=4),
    profile=st.sampled_from([PROFILE_A, PROFILE_B, PROFILE_C]),
    pct=st.one_of(st.none(), st.floats(min_value=30, max_value=100)),
    rpe=st.sampled_from([6, 7, 8, 8.5, 9, 10]),
    reps=st.integers(min_value=1, max_value=12),
    increment=st.sampled_from([0.5, 1.0, 1.25, 2.5, 5.0]),
)
def test_never_above_envelope_or_ten_percent(
    history: list[dict[str, Any]],
    profile: dict[str, Any],
    pct: float | None,
    rpe: float,
    reps: int,
    increment: float,
) -> None:
    out = progress_json(
        request(history, profile=profile, pct=pct, rpe=rpe, reps=reps, increment=increment)
    )
    nxt = out["next"]
    if nxt is None or nxt["load_kg"] is None:
        return
    load = nxt["load_kg"]
    assert load >= 0
    assert abs(load / increment - round(load / increment)) < 1e-6  # a multiple of the increment
    if out["e1rm_kg"] is not None:
        e1rm = out["e1rm_kg"]
        assert load <= out["max_pct_1rm"] / 100 * e1rm + 0.05 + 1e-6  # e1RM printed to 0.1 kg
    if history:
        last = history[-1]
        done = [s["load_kg"] for s in last["sets"] if s["completed"] and s["load_kg"] > 0]
        if done:
            assert load <= 1.10 * max(done) + 1e-6
        if (last.get("pain") or 0) >= 5 and done:
            assert load <= 0.90 * max(done) + 1e-6


@pytest.mark.parametrize(
    ("exercise", "profile", "reason"),
    [
        ("weighted_sit_up", PROFILE_C, "loaded spinal flexion"),
        ("barbell_overhead_press", PROFILE_C, "heavy overhead lifting"),
        ("drop_landing", PROFILE_C, "high impact, above low"),
        ("drop_landing", PROFILE_B, "high impact, above moderate"),
        ("crunch", PROFILE_B, "loaded spinal flexion"),
    ],
)
def test_an_exercise_outside_the_tier_envelope_gets_no_load(
    exercise: str, profile: dict[str, Any], reason: str
) -> None:
    """ENGINE.md §2: the tier is the envelope every progression stays inside. A load for an
    exercise the tier rules out is never given, with or without history; the catalogue's easier
    version that fits is named."""
    for history in ([], [session(20, 8, rir=2)]):
        out = progress_json(request(history, profile=profile, exercise=exercise, pct=70, reps=8))
        assert out["decision"] == "stop" and out["next"] is None
        assert "outside_envelope" in out["flags"]
        assert reason in out["reason_en"]
    # the same exercise inside a wider envelope is progressed as usual
    out = progress_json(
        request([session(20, 8, rir=2)], profile=PROFILE_A, exercise="drop_landing")
    )
    assert "outside_envelope" not in out["flags"]


def test_outside_the_envelope_names_a_regression_that_fits() -> None:
    out = progress_json(request([], profile=PROFILE_C, exercise="drop_landing", pct=None, rpe=7))
    assert "A version that fits:" in out["reason_en"] and "代わりに" in out["reason_ja"]


def test_osteoarthritis_caps_impact_in_progression_as_in_plans() -> None:
    knee = {**PROFILE_A, "conditions": ["knee_osteoarthritis"]}
    out = progress_json(request([], profile=knee, exercise="drop_landing", pct=None, rpe=7))
    assert "outside_envelope" in out["flags"]


def test_pain_five_without_loaded_history_still_reduces_and_flags_review() -> None:
    """ENGINE.md §6: pain ≥ 5 last session → reduce ≥ 10 % and flag for review, also when that
    session had no loaded sets (a first session that hurt)."""
    calm = progress_json(request([], profile=PROFILE_B, exercise="goblet_squat"))
    hurt = progress_json(
        request(
            [{"date": "2026-03-02", "pain": 6, "sets": []}],
            profile=PROFILE_B,
            exercise="goblet_squat",
        )
    )
    assert hurt["decision"] == "start" and "review" in hurt["flags"]
    assert hurt["next"]["load_kg"] <= 0.9 * calm["next"]["load_kg"]
    assert "review" not in calm["flags"]
    unknown = progress_json(
        request(
            [{"pain": 5, "sets": []}], profile={"age": 70, "sex": "male"}, exercise="goblet_squat"
        )
    )
    assert unknown["next"]["load_kg"] is None and "review" in unknown["flags"]
