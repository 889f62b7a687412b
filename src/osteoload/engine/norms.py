"""Typical one-repetition maximum (kg) for a movement pattern, from published strength norms.

Use: a *starting guess* when a client has no lifting history (progression starts at ≤ 50 % of it),
and a way to turn %1RM into kilograms when no e1RM is known (the bone model). It is not a
measurement. Read the uncertainty before using it:

* The anchors are the Cooper Institute 1RM ÷ body-weight norms (Universal machines) for the bench
  press and the leg press, by age band and sex (`cooper_institute_strength_norms`). We take the
  middle rating band as "typical" (≈ the median). Bench press covers ages < 20 to 60+; leg press
  was retrieved only for 20–59.
* Beyond the last band the ratio falls 15 % per decade, the conservative end of the 12–15 % per
  decade decline in cross-sectional data (`hurley_1995_strength_age`).
* Other patterns are fixed fractions of an anchor. No published cross-lift ratios for older adults
  were found, so these fractions are product policy (`osteoload_policy`), chosen low so that a
  guess errs light. They put an untrained 65-year-old woman's squat at about 0.67 × body weight
  and deadlift at about 0.84 × body weight.
* Experience multipliers are product policy too.
* Individual 1RMs spread widely around these values: across the Cooper rating bands a 60+
  woman's bench ratio runs from under 0.38 to over 0.71 (roughly −15 % to +60 % of the middle).
  Older adults' true 1RMs also tend to be *under*-predicted by rep equations (`knutzen_1999`).
  Expect ±30–50 %.

`typical_1rm_kg` returns None when the pattern has no meaningful 1RM (carry, balance, impact, core,
mobility, back extension), or when body mass is unknown (every norm is a ratio to body mass).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .types import Experience, Pattern, Sex

NORM_SOURCE = "cooper_institute_strength_norms"
AGE_DECLINE_SOURCE = "hurley_1995_strength_age"
POLICY = "osteoload_policy"

AGE_DECLINE_PER_DECADE = 0.15
"""Relative fall in strength per decade beyond the last norm band (hurley_1995: 12–15 %)."""

# (lowest age of band, ratio 1RM ÷ body mass). Middle band of each Cooper table:
# bench press "Fair" (between Poor and Good), leg press "Average". The value is the band midpoint.
_BENCH: dict[Sex, tuple[tuple[float, float], ...]] = {
    Sex.MALE: (
        (0, (1.06 + 1.18) / 2),
        (20, (0.99 + 1.13) / 2),
        (30, (0.88 + 0.97) / 2),
        (40, (0.80 + 0.87) / 2),
        (50, (0.71 + 0.78) / 2),
        (60, (0.66 + 0.71) / 2),
    ),
    Sex.FEMALE: (
        (0, (0.58 + 0.64) / 2),
        (20, (0.59 + 0.69) / 2),
        (30, (0.53 + 0.59) / 2),
        (40, (0.50 + 0.53) / 2),
        (50, (0.44 + 0.47) / 2),
        (60, (0.43 + 0.46) / 2),
    ),
}
_LEG_PRESS: dict[Sex, tuple[tuple[float, float], ...]] = {
    Sex.MALE: (
        (0, (1.83 + 1.99) / 2),
        (30, (1.63 + 1.79) / 2),
        (40, (1.56 + 1.69) / 2),
        (50, (1.46 + 1.59) / 2),
    ),
    Sex.FEMALE: (
        (0, (1.35 + 1.53) / 2),
        (30, (1.20 + 1.34) / 2),
        (40, (1.12 + 1.25) / 2),
        (50, (0.99 + 1.12) / 2),
    ),
}
# The age each table's open-ended last band stands for (its midpoint, or 65 for "60 and over");
# the decline applies from there. Policy: the 60+ bench sample is assumed centred at 65.
_BENCH_LAST_BAND_AGE = 65.0
_LEG_PRESS_LAST_BAND_AGE = 55.0


@dataclass(frozen=True, slots=True)
class PatternRule:
    anchor: str  # "bench" or "leg_press"
    fraction: float
    why: str


# Product policy (no published cross-lift ratios for older adults were found): fractions of the
# anchor lift, chosen to err light.
PATTERN_RULES: dict[Pattern, PatternRule] = {
    Pattern.PUSH_HORIZONTAL: PatternRule("bench", 1.0, "bench/chest press is the anchor itself"),
    Pattern.PUSH_VERTICAL: PatternRule("bench", 0.6, "overhead press is lighter than bench press"),
    Pattern.PULL_HORIZONTAL: PatternRule("bench", 0.8, "seated row, guessed below chest press"),
    Pattern.PULL_VERTICAL: PatternRule("bench", 0.8, "lat pull-down, guessed below chest press"),
    Pattern.SQUAT: PatternRule("leg_press", 0.75, "free squat is lighter than a machine leg press"),
    Pattern.HINGE: PatternRule("leg_press", 0.75 * 1.25, "deadlift ≈ 1.25 × squat"),
    Pattern.LUNGE: PatternRule("leg_press", 0.75 * 0.5, "split stance: about half the squat load"),
}

EXPERIENCE_FACTOR: dict[Experience | None, float] = {
    None: 1.0,
    Experience.NONE: 1.0,
    Experience.NOVICE: 1.0,
    Experience.INTERMEDIATE: 1.25,
    Experience.ADVANCED: 1.5,
}
"""Product policy: the norms describe the general (mostly untrained) population."""


def _ratio(
    table: dict[Sex, tuple[tuple[float, float], ...]], sex: Sex, age: float, last_age: float
) -> float:
    rows = table[sex]
    value = rows[0][1]
    for lowest, ratio in rows:
        if age >= lowest:
            value = ratio
    if age > last_age and age >= rows[-1][0]:
        value *= (1.0 - AGE_DECLINE_PER_DECADE) ** ((age - last_age) / 10.0)
    return value


def ratio_to_body_mass(
    pattern: Pattern, *, sex: Sex, age: float, experience: Experience | None = None
) -> float | None:
    """Typical 1RM ÷ body mass for this pattern, or None when the pattern has no 1RM."""
    rule = PATTERN_RULES.get(pattern)
    if rule is None:
        return None
    if rule.anchor == "bench":
        anchor = _ratio(_BENCH, sex, age, _BENCH_LAST_BAND_AGE)
    else:
        anchor = _ratio(_LEG_PRESS, sex, age, _LEG_PRESS_LAST_BAND_AGE)
    return anchor * rule.fraction * EXPERIENCE_FACTOR[experience]


def typical_1rm_kg(
    pattern: Pattern,
    *,
    sex: Sex,
    age: float,
    body_mass_kg: float | None,
    experience: Experience | None,
) -> float | None:
    """A typical 1RM (kg) for someone of this sex, age, body mass and experience, or None when
    the pattern has no meaningful 1RM or the body mass is unknown. Uncertain by ±30–50 %."""
    if not 18 <= age <= 110:
        raise ValueError(f"age must be between 18 and 110, got {age:g}")
    if body_mass_kg is None:
        return None
    if not body_mass_kg > 0:
        raise ValueError(f"body_mass_kg must be positive, got {body_mass_kg:g}")
    ratio = ratio_to_body_mass(Pattern(pattern), sex=Sex(sex), age=age, experience=experience)
    return None if ratio is None else round(ratio * body_mass_kg, 1)


BODY_MASS_SOURCE = "mhlw_dri_2025_body_size"

# (lowest age of the group, median body mass in kg): Japan, National Health and Nutrition Survey
# 2018–2019, as tabulated in the DRI 2025 report (mhlw_dri_2025_body_size).
_MEDIAN_BODY_MASS: dict[Sex, tuple[tuple[int, float], ...]] = {
    Sex.MALE: ((18, 63.0), (30, 70.0), (50, 69.1), (65, 64.4), (75, 61.0)),
    Sex.FEMALE: ((18, 51.0), (30, 53.3), (50, 54.0), (65, 52.6), (75, 49.3)),
}


def median_body_mass_kg(sex: Sex, age: float) -> float:
    """The median body mass (kg) of Japanese adults of this sex and age group: a stand-in when a
    client's own weight is unknown (loads in kg need one). Not a measurement of the client."""
    value = _MEDIAN_BODY_MASS[Sex(sex)][0][1]
    for lowest, kg in _MEDIAN_BODY_MASS[Sex(sex)]:
        if age >= lowest:
            value = kg
    return value


SOURCES: tuple[str, ...] = (NORM_SOURCE, AGE_DECLINE_SOURCE, POLICY)


REFERENCE_AGE = 60.0
"""Age of the reference woman whose bone the bone model's loads are expressed for: the typical
age of the calibration trials' postmenopausal arms (51–67; product policy)."""


def _anchor(pattern: Pattern) -> tuple[dict[Sex, tuple[tuple[float, float], ...]], float] | None:
    rule = PATTERN_RULES.get(pattern)
    if rule is None:
        return None
    if rule.anchor == "bench":
        return _BENCH, _BENCH_LAST_BAND_AGE
    return _LEG_PRESS, _LEG_PRESS_LAST_BAND_AGE


def strength_relative_to_reference(pattern: Pattern, *, sex: Sex, age: float) -> float:
    """The reference woman's typical 1RM ÷ body mass (`REFERENCE_AGE`) over this client's, for
    the pattern's anchor lift; 1 for patterns without a 1RM norm. Below 1 for the stronger
    (men, younger women), above 1 for older women."""
    anchor = _anchor(pattern)
    if anchor is None:
        return 1.0
    table, last = anchor
    return float(_ratio(table, Sex.FEMALE, REFERENCE_AGE, last) / _ratio(table, sex, age, last))


def strength_relative_to_reference_array(
    pattern: Pattern, age: npt.NDArray[np.float64], female: npt.NDArray[np.bool_]
) -> npt.NDArray[np.float64]:
    """`strength_relative_to_reference` for many clients (vectorised)."""
    anchor = _anchor(pattern)
    if anchor is None:
        return np.ones_like(age)
    table, last = anchor
    lows = np.array([low for low, _ in table[Sex.MALE]])
    band = np.clip(np.searchsorted(lows, age, side="right") - 1, 0, len(lows) - 1)
    ratio = np.where(
        female,
        np.array([r for _, r in table[Sex.FEMALE]])[band],
        np.array([r for _, r in table[Sex.MALE]])[band],
    )
    beyond = np.maximum(age - last, 0.0) * (age >= lows[-1])
    ratio = ratio * (1.0 - AGE_DECLINE_PER_DECADE) ** (beyond / 10.0)
    result: npt.NDArray[np.float64] = _ratio(table, Sex.FEMALE, REFERENCE_AGE, last) / ratio
    return result
