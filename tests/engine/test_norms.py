"""Typical 1RM norms: shape (age, sex, body mass, experience) and the documented anchor values."""

from __future__ import annotations

import numpy as np
import pytest

from osteoload.engine import norms, references
from osteoload.engine.types import Experience, Pattern, Sex

LOADABLE = list(norms.PATTERN_RULES)


def test_anchor_values_match_the_cooper_tables() -> None:
    # Women 60–65: bench "Fair" band 0.43–0.46 → 0.445 × body mass.
    assert norms.typical_1rm_kg(
        Pattern.PUSH_HORIZONTAL, sex=Sex.FEMALE, age=62, body_mass_kg=60, experience=None
    ) == pytest.approx(0.445 * 60, abs=0.05)
    # Men 40–49: leg press "Average" 1.56–1.69 → squat = 0.75 × 1.625 × 80 kg.
    assert norms.typical_1rm_kg(
        Pattern.SQUAT, sex=Sex.MALE, age=45, body_mass_kg=80, experience=None
    ) == pytest.approx(0.75 * 1.625 * 80, abs=0.05)


def test_older_women_fall_inside_the_model_priors() -> None:
    # An untrained 65-year-old woman: squat and deadlift per kg inside 0.6–1.0 and 0.8–1.2.
    squat = norms.ratio_to_body_mass(Pattern.SQUAT, sex=Sex.FEMALE, age=65)
    hinge = norms.ratio_to_body_mass(Pattern.HINGE, sex=Sex.FEMALE, age=65)
    assert squat is not None and hinge is not None
    assert 0.6 <= squat <= 1.0
    assert 0.8 <= hinge <= 1.2


@pytest.mark.parametrize("pattern", LOADABLE)
@pytest.mark.parametrize("sex", list(Sex))
def test_never_rises_with_age_after_thirty(pattern: Pattern, sex: Sex) -> None:
    values = [
        norms.typical_1rm_kg(pattern, sex=sex, age=a, body_mass_kg=60, experience=None)
        for a in range(30, 111)
    ]
    assert all(v is not None and v > 0 for v in values)
    assert values == sorted(values, reverse=True)  # type: ignore[type-var]


@pytest.mark.parametrize("pattern", LOADABLE)
def test_men_typically_stronger_than_women(pattern: Pattern) -> None:
    for age in (25, 45, 65, 85):
        men = norms.typical_1rm_kg(pattern, sex=Sex.MALE, age=age, body_mass_kg=70, experience=None)
        women = norms.typical_1rm_kg(
            pattern, sex=Sex.FEMALE, age=age, body_mass_kg=70, experience=None
        )
        assert men is not None and women is not None and men > women


def test_scales_with_body_mass_and_experience() -> None:
    def squat(mass: float, exp: Experience | None) -> float:
        value = norms.typical_1rm_kg(
            Pattern.SQUAT, sex=Sex.FEMALE, age=70, body_mass_kg=mass, experience=exp
        )
        assert value is not None
        return value

    assert squat(80, None) == pytest.approx(squat(40, None) * 2, abs=0.1)
    assert squat(60, Experience.NONE) <= squat(60, Experience.NOVICE)
    assert squat(60, Experience.NOVICE) < squat(60, Experience.INTERMEDIATE)
    assert squat(60, Experience.INTERMEDIATE) < squat(60, Experience.ADVANCED)


def test_decline_beyond_the_last_band_is_fifteen_percent_a_decade() -> None:
    at_65 = norms.ratio_to_body_mass(Pattern.PUSH_HORIZONTAL, sex=Sex.MALE, age=65)
    at_75 = norms.ratio_to_body_mass(Pattern.PUSH_HORIZONTAL, sex=Sex.MALE, age=75)
    assert at_65 is not None and at_75 is not None
    assert at_75 == pytest.approx(at_65 * 0.85)


@pytest.mark.parametrize(
    "pattern",
    [
        Pattern.CARRY,
        Pattern.BALANCE,
        Pattern.IMPACT,
        Pattern.CORE,
        Pattern.MOBILITY,
        Pattern.BACK_EXTENSION,
    ],
)
def test_patterns_without_a_1rm_give_none(pattern: Pattern) -> None:
    assert (
        norms.typical_1rm_kg(pattern, sex=Sex.FEMALE, age=60, body_mass_kg=55, experience=None)
        is None
    )


def test_unknown_body_mass_gives_none_and_bad_input_raises() -> None:
    assert (
        norms.typical_1rm_kg(
            Pattern.SQUAT, sex=Sex.MALE, age=60, body_mass_kg=None, experience=None
        )
        is None
    )
    with pytest.raises(ValueError):
        norms.typical_1rm_kg(Pattern.SQUAT, sex=Sex.MALE, age=12, body_mass_kg=40, experience=None)
    with pytest.raises(ValueError):
        norms.typical_1rm_kg(Pattern.SQUAT, sex=Sex.MALE, age=60, body_mass_kg=0, experience=None)


def test_sources_are_registered() -> None:
    for key in norms.SOURCES:
        assert references.exists(key)


@pytest.mark.parametrize("pattern", [p for p in Pattern if p in norms.PATTERN_RULES])
def test_strength_relative_to_the_reference_woman(pattern: Pattern) -> None:
    ages = np.array([20.0, 35.0, 47.0, 58.0, 60.0, 66.0, 90.0])
    for sex in Sex:
        female = np.full(ages.shape, sex is Sex.FEMALE)
        many = norms.strength_relative_to_reference_array(pattern, ages, female)
        for age, value in zip(ages, many, strict=True):
            scalar = norms.strength_relative_to_reference(pattern, sex=sex, age=age)
            assert scalar == pytest.approx(value)
            reference = norms.ratio_to_body_mass(pattern, sex=Sex.FEMALE, age=norms.REFERENCE_AGE)
            own = norms.ratio_to_body_mass(pattern, sex=sex, age=age)
            assert reference is not None and own is not None
            assert scalar == pytest.approx(reference / own)
    assert norms.strength_relative_to_reference(
        pattern, sex=Sex.FEMALE, age=norms.REFERENCE_AGE
    ) == pytest.approx(1.0)
    # stronger people's bones: men, younger women
    assert norms.strength_relative_to_reference(pattern, sex=Sex.MALE, age=60) < 0.8
    assert norms.strength_relative_to_reference(pattern, sex=Sex.FEMALE, age=30) < 0.85
    assert norms.strength_relative_to_reference(pattern, sex=Sex.FEMALE, age=85) > 1.0


def test_strength_relative_to_the_reference_is_one_without_a_norm() -> None:
    assert norms.strength_relative_to_reference(Pattern.CARRY, sex=Sex.MALE, age=60) == 1.0
