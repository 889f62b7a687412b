"""Strength estimates: one-repetition maximum (1RM) from a set to failure, the load for a number of
reps at a known 1RM, and RPE / reps in reserve (RIR) ↔ %1RM.

Every equation takes `load` (kg) and `reps` = repetitions to failure (reps done + reps in reserve).
Sources (keys in `data/references/training_load.toml`):

| name | 1RM = | source |
|---|---|---|
| epley (default) | w × (1 + r/30) | epley_1985 |
| brzycki | w × 36 / (37 − r) | brzycki_1993 |
| lander | 100·w / (101.3 − 2.67123·r) | lander_1985 |
| lombardi | w × r^0.10 | lombardi_1989 |
| mayhew | 100·w / (52.2 + 41.9·e^(−0.055·r)) | mayhew_1992 |
| oconner | w × (1 + r/40) | oconner_1989 |
| wathen | 100·w / (48.8 + 53.8·e^(−0.075·r)) | wathen_1994 |
| kemmler | w × (0.988 + 0.0104·r + 0.00190·r² − 0.0000584·r³) | kemmler_2006 (*) |

(*) derived on trained postmenopausal women using machines.

The linear equations are accurate only up to about 10 reps (Reynolds 2006), so `estimate_1rm`
refuses more. One rep to failure *is* a 1RM: every equation returns the load itself for r = 1
(several would otherwise give 1–9 % more; ENGINE.md §6 states it for Epley).

RPE ↔ %1RM uses the Tuchscherer (RTS) chart: %1RM(r, RPE) = T[r + (10 − RPE)], half points the
mean of the two neighbours; RPE = 10 − RIR (Zourdos 2016; Helms 2016). The chart was derived for
trained powerlifters and is not validated in older adults: treat it as a coaching cue.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

MAX_REPS = 10
"""Equations are used only up to 10 reps to failure (reynolds_2006)."""
MAX_REPS_SOURCE = "reynolds_2006"


@dataclass(frozen=True, slots=True)
class Equation:
    name: str
    factor: Callable[[float], float]
    """1RM / load as a function of reps to failure."""
    source: str
    note: str = ""


def _epley(r: float) -> float:
    return 1.0 + r / 30.0


def _brzycki(r: float) -> float:
    return 36.0 / (37.0 - r)


def _lander(r: float) -> float:
    return 100.0 / (101.3 - 2.67123 * r)


def _lombardi(r: float) -> float:
    return float(r**0.10)


def _mayhew(r: float) -> float:
    return 100.0 / (52.2 + 41.9 * math.exp(-0.055 * r))


def _oconner(r: float) -> float:
    return 1.0 + r / 40.0


def _wathen(r: float) -> float:
    return 100.0 / (48.8 + 53.8 * math.exp(-0.075 * r))


def _kemmler(r: float) -> float:
    return 0.988 + 0.0104 * r + 0.00190 * r**2 - 0.0000584 * r**3


EQUATIONS: dict[str, Equation] = {
    e.name: e
    for e in (
        Equation("epley", _epley, "epley_1985"),
        Equation("brzycki", _brzycki, "brzycki_1993"),
        Equation("lander", _lander, "lander_1985"),
        Equation("lombardi", _lombardi, "lombardi_1989"),
        Equation("mayhew", _mayhew, "mayhew_1992"),
        Equation("oconner", _oconner, "oconner_1989"),
        Equation("wathen", _wathen, "wathen_1994"),
        Equation(
            "kemmler",
            _kemmler,
            "kemmler_2006",
            "derived on trained postmenopausal women using machines (3–20RM)",
        ),
    )
}
DEFAULT_EQUATION = "epley"


def equation(name: str) -> Equation:
    """The equation called `name` (case-insensitive; "o'conner" is accepted)."""
    key = name.strip().lower().replace("'", "").replace("’", "")
    try:
        return EQUATIONS[key]
    except KeyError:
        known = ", ".join(EQUATIONS)
        raise ValueError(f"unknown 1RM equation {name!r}; choose one of {known}") from None


def _check_reps(reps: float, max_reps: int) -> None:
    if isinstance(reps, bool) or not isinstance(reps, int | float) or math.isnan(reps):
        raise ValueError(f"reps must be a number, got {reps!r}")
    if reps < 1:
        raise ValueError(f"reps to failure must be at least 1, got {reps:g}")
    if reps > max_reps:
        raise ValueError(
            f"1RM equations are valid only up to {max_reps} reps to failure, got {reps:g}"
        )


def _check_load(load: float, name: str = "load") -> None:
    if isinstance(load, bool) or not isinstance(load, int | float) or not math.isfinite(load):
        raise ValueError(f"{name} must be a finite number, got {load!r}")
    if load < 0:
        raise ValueError(f"{name} cannot be negative, got {load:g}")


def factor(reps: float, name: str = DEFAULT_EQUATION) -> float:
    """1RM ÷ load for `reps` to failure (1.0 for one rep)."""
    _check_reps(reps, MAX_REPS)
    return 1.0 if reps == 1 else equation(name).factor(reps)


def estimate_1rm(load_kg: float, reps: float, name: str = DEFAULT_EQUATION) -> float:
    """Estimated 1RM (kg) from `load_kg` lifted for `reps` to failure (1 ≤ reps ≤ 10)."""
    _check_load(load_kg, "load_kg")
    return load_kg * factor(reps, name)


def load_for_reps(one_rm_kg: float, reps: float, name: str = DEFAULT_EQUATION) -> float:
    """The load (kg) that allows `reps` to failure for someone with this 1RM: the inverse."""
    _check_load(one_rm_kg, "one_rm_kg")
    return one_rm_kg / factor(reps, name)


def epley_1rm(load_kg: float, reps_to_failure: float) -> float:
    """Epley without the 10-rep guard, for callers that apply their own filter (progression uses
    sets of ≤ 10 reps done, whose reps to failure may exceed 10 once RIR is added, ENGINE.md §6).
    One rep to failure is the load itself."""
    _check_load(load_kg, "load_kg")
    if reps_to_failure < 1:
        raise ValueError(f"reps to failure must be at least 1, got {reps_to_failure:g}")
    return load_kg if reps_to_failure == 1 else load_kg * _epley(reps_to_failure)


# --- RPE / RIR -----------------------------------------------------------------------------------

RPE_SOURCE = "zourdos_2016_rir_rpe"
RPE_TABLE_SOURCE = "tuchscherer_2008_rts"
# Tuchscherer (RTS) chart, %1RM at index k = reps + (10 − RPE), k = 1..10.
TUCHSCHERER: tuple[float, ...] = (100.0, 95.5, 92.2, 89.2, 86.3, 83.7, 81.1, 78.6, 76.2, 73.9)
RPE_TABLE_MIN = 6.0
"""The chart covers RPE 6–10; below 6 an RPE is only "light" (4+ reps left, helms_2016_rir)."""


def rpe_from_rir(rir: float) -> float:
    """RPE = 10 − RIR (Zourdos 2016)."""
    if rir < 0:
        raise ValueError(f"reps in reserve cannot be negative, got {rir:g}")
    return 10.0 - rir


def rir_from_rpe(rpe: float) -> float:
    """RIR = 10 − RPE (Zourdos 2016)."""
    if not 0 <= rpe <= 10:
        raise ValueError(f"RPE must be between 0 and 10, got {rpe:g}")
    return 10.0 - rpe


def _half_step(value: float, what: str) -> None:
    if (value * 2) != math.floor(value * 2):
        raise ValueError(f"{what} must be a whole or half number, got {value:g}")


def in_rpe_table(reps: int, rpe: float) -> bool:
    """True when the Tuchscherer chart covers this combination (RPE 6–10, reps + RIR ≤ 10)."""
    return RPE_TABLE_MIN <= rpe <= 10 and reps >= 1 and reps + (10 - rpe) <= len(TUCHSCHERER)


def pct_1rm_for(reps: int, rpe: float) -> float:
    """%1RM for `reps` at `rpe`, from the Tuchscherer chart; half RPE points are the mean of the
    two neighbours (9.5 for 1 rep = (100 + 95.5)/2 = 97.75). Outside the chart: ValueError."""
    if isinstance(reps, bool) or not isinstance(reps, int) or reps < 1:
        raise ValueError(f"reps must be a whole number ≥ 1, got {reps!r}")
    _half_step(rpe, "RPE")
    if not in_rpe_table(reps, rpe):
        raise ValueError(
            f"the RPE chart covers RPE {RPE_TABLE_MIN:g}–10 with reps + (10 − RPE) ≤ "
            f"{len(TUCHSCHERER)}; got {reps} reps at RPE {rpe:g}"
        )
    k = reps + (10.0 - rpe)
    low, high = math.floor(k), math.ceil(k)
    return (TUCHSCHERER[low - 1] + TUCHSCHERER[high - 1]) / 2.0


def rpe_for(reps: int, pct_1rm: float) -> float | None:
    """The RPE (to the half point) whose chart value for `reps` is closest to `pct_1rm`, or None
    when no RPE 6–10 fits these reps."""
    candidates = [6.0 + 0.5 * i for i in range(9)]
    fitting = [
        (abs(pct_1rm_for(reps, e) - pct_1rm), e) for e in candidates if in_rpe_table(reps, e)
    ]
    if not fitting:
        return None
    return min(fitting)[1]


def epley_pct_1rm(reps_to_failure: float) -> float:
    """%1RM that allows `reps_to_failure` by the inverse of Epley (100 for one rep)."""
    if reps_to_failure < 1:
        raise ValueError(f"reps to failure must be at least 1, got {reps_to_failure:g}")
    return 100.0 if reps_to_failure == 1 else 100.0 / _epley(reps_to_failure)
