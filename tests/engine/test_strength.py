"""1RM equations against worked values, their inverse, and the RPE chart."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from osteoload.engine import references, strength


# Worked values: 100 kg for 5 reps to failure, computed by hand from each published formula.
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("epley", 100 * (1 + 5 / 30)),  # 116.67
        ("brzycki", 100 * 36 / 32),  # 112.5
        ("lander", 100 * 100 / (101.3 - 2.67123 * 5)),  # 113.7
        ("lombardi", 100 * 5**0.1),  # 117.46
        ("mayhew", 100 * 100 / (52.2 + 41.9 * math.exp(-0.275))),  # 119.0
        ("oconner", 100 * 1.125),  # 112.5
        ("wathen", 100 * 100 / (48.8 + 53.8 * math.exp(-0.375))),  # 116.6
        ("kemmler", 100 * (0.988 + 0.052 + 0.0475 - 0.0073)),  # 108.02
    ],
)
def test_each_equation_at_five_reps(name: str, expected: float) -> None:
    assert strength.estimate_1rm(100, 5, name) == pytest.approx(expected, rel=1e-9)


def test_worked_values_in_round_numbers() -> None:
    # The same figures a trainer would find in a table.
    assert round(strength.estimate_1rm(100, 5), 1) == 116.7
    assert round(strength.estimate_1rm(100, 5, "brzycki"), 1) == 112.5
    assert round(strength.estimate_1rm(60, 10, "epley"), 1) == 80.0
    assert round(strength.estimate_1rm(60, 10, "brzycki"), 1) == 80.0
    assert round(strength.estimate_1rm(100, 5, "kemmler"), 2) == 108.02


@pytest.mark.parametrize("name", list(strength.EQUATIONS))
def test_one_rep_is_the_load_itself(name: str) -> None:
    assert strength.estimate_1rm(42.5, 1, name) == 42.5


@pytest.mark.parametrize("name", list(strength.EQUATIONS))
def test_more_reps_mean_a_higher_estimate(name: str) -> None:
    values = [strength.estimate_1rm(50, r, name) for r in range(1, 11)]
    assert values == sorted(values)
    assert values[-1] > values[0]


@pytest.mark.parametrize("reps", [11, 15, 0, 0.5, -1])
def test_reps_outside_one_to_ten_are_refused(reps: float) -> None:
    with pytest.raises(ValueError):
        strength.estimate_1rm(50, reps)


def test_unknown_equation_and_bad_load() -> None:
    with pytest.raises(ValueError, match="unknown 1RM equation"):
        strength.estimate_1rm(50, 5, "guesswork")
    with pytest.raises(ValueError):
        strength.estimate_1rm(-5, 5)
    assert strength.equation("O'Conner").name == "oconner"
    assert strength.equation("EPLEY").name == "epley"


@given(
    one_rm=st.floats(min_value=1, max_value=400),
    reps=st.integers(min_value=1, max_value=10),
    name=st.sampled_from(list(strength.EQUATIONS)),
)
def test_inverse_round_trips(one_rm: float, reps: int, name: str) -> None:
    load = strength.load_for_reps(one_rm, reps, name)
    assert load <= one_rm + 1e-9
    assert strength.estimate_1rm(load, reps, name) == pytest.approx(one_rm, rel=1e-9)


def test_every_equation_names_a_known_source() -> None:
    for eq in strength.EQUATIONS.values():
        assert references.exists(eq.source), eq.source
    for key in (strength.MAX_REPS_SOURCE, strength.RPE_SOURCE, strength.RPE_TABLE_SOURCE):
        assert references.exists(key)


# --- RPE chart -----------------------------------------------------------------------------------


def test_rpe_chart_worked_examples() -> None:
    assert strength.pct_1rm_for(5, 8) == pytest.approx(81.1)  # k = 7
    assert strength.pct_1rm_for(1, 10) == 100.0
    assert strength.pct_1rm_for(10, 10) == pytest.approx(73.9)
    assert strength.pct_1rm_for(1, 9.5) == pytest.approx(97.75)  # (100 + 95.5) / 2
    assert strength.pct_1rm_for(3, 7) == pytest.approx(83.7)  # k = 3 + 3 = 6


def test_rpe_chart_half_points_are_neighbour_means() -> None:
    for reps in range(1, 10):
        for whole in range(7, 11):
            if not strength.in_rpe_table(reps, whole - 1):
                continue
            half = strength.pct_1rm_for(reps, whole - 0.5)
            assert half == pytest.approx(
                (strength.pct_1rm_for(reps, whole) + strength.pct_1rm_for(reps, whole - 1)) / 2
            )


def test_rpe_chart_refuses_outside_its_range() -> None:
    with pytest.raises(ValueError):
        strength.pct_1rm_for(10, 8)  # k = 12
    with pytest.raises(ValueError):
        strength.pct_1rm_for(1, 5)  # below RPE 6
    with pytest.raises(ValueError):
        strength.pct_1rm_for(5, 8.3)


def test_rpe_rir_conversions() -> None:
    assert strength.rpe_from_rir(2) == 8
    assert strength.rir_from_rpe(9.5) == 0.5
    with pytest.raises(ValueError):
        strength.rpe_from_rir(-1)
    assert strength.rpe_for(5, 81.1) == 8
    assert strength.rpe_for(5, 83.0) == 8.5  # chart: 8.5 → 82.4, closest
    assert strength.epley_pct_1rm(1) == 100
    assert strength.epley_pct_1rm(5) == pytest.approx(100 / (1 + 5 / 30))
