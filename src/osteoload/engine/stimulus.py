"""Osteogenic stimulus: from sets, reps, loads and impacts to a signal per skeletal site.

The chain (science notes `bone-model.md` §3 and §5.1):

1. **Site load per loading cycle**, in body weights (BW), at the lumbar spine (LS) and the proximal
   femur (FN): ``L = a + b·x`` for a lift with external load ``x`` = load ÷ body mass, or
   ``L = c·GRF`` for an impact with peak ground reaction force GRF. The coefficients are in
   `SITE_LOADS` and `IMPACT_GRF_BW`, each with its source. The forecast first expresses ``x``
   for the bone of a reference woman of 60 (`muscle_bone_scale`: bone strength follows typical
   muscle strength, so the same relative load strains a man's or a younger woman's bone less).
2. **Normalised strain** ``ε = (L / L_walk) · ν / ρ``: 1 is the peak strain of a walking step (the
   customary load, Turner 1998 rule 3). ``ν`` is the femoral-neck multiplier for hip-extensor lifts
   and ``ρ`` the rate (tempo) factor by which a slow lift counts less; both are fitted
   (`StimulusParams`).
3. **Bout stimulus** with within-bout saturation (Carter–Beaupré sum with exponent m and
   Rubin–Lanyon desensitisation): each cycle at strain ε uses 1/N(ε) of the bout's sensitivity,
   where N(ε) = N_sat at high strain and more at lower strains (Cullen 2001; `SATURATION_STRAIN`);
   a cycle counts ε^m − 1 (what it adds over a walking step; walking-level cycles add nothing)
   times the sensitivity left. Cycles are taken in order of decreasing strain (the order is not
   logged; heavy work first gives the order-free upper bound and keeps the sum monotone: more
   cycles or more load never lower it). With U_j = Σ_{i≤j} n_i/N(ε_i):
   ``S = Σ_j N(ε_j) · (ε_j^m − 1)₊ · (exp(−U_{j−1}) − exp(−U_j))``.
4. **Session gain** ``q = (1/m)·ln(1 + S / S_walk)``: how far, in log units, a day with this session
   lifts the daily stimulus ψ = (Σ n ε^m)^(1/m) above a walking-only day. A walking day is
   ``K_walk`` saturated bouts: ``S_walk = K_walk · N_sat``.

Sessions on different days are independent bouts (≈ 8 h restores full sensitivity,
Robling 2001). Static holds (duration-dosed exercises) add nothing: bone responds to dynamic, not
static, loading (Turner 1998 rule 1).

Everything is vectorised over rows (one row = one exercise of one session of one client), so the
forecast can turn 100 000 clients' protocols into stimulus without a Python loop over clients.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from . import norms
from .types import Experience, Impact, Pattern, Sex, Site

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

SITES: tuple[Site, ...] = (Site.LUMBAR_SPINE, Site.FEMORAL_NECK)
"""Column order of every (rows, sites) array in the bone model."""


class Tempo(StrEnum):
    """Lifting tempo: explosive concentric, normal, or slow (e.g. 4 s up / 4 s down)."""

    EXPLOSIVE = "explosive"
    NORMAL = "normal"
    SLOW = "slow"


PATTERNS: tuple[Pattern, ...] = tuple(Pattern)
IMPACTS: tuple[Impact, ...] = tuple(Impact)
TEMPOS: tuple[Tempo, ...] = tuple(Tempo)
PATTERN_INDEX: dict[Pattern, int] = {p: i for i, p in enumerate(PATTERNS)}
IMPACT_INDEX: dict[Impact, int] = {v: i for i, v in enumerate(IMPACTS)}
TEMPO_INDEX: dict[Tempo, int] = {t: i for i, t in enumerate(TEMPOS)}

# --- fixed constants (sources in data/references/bone_model.toml) --------------------------------

STRESS_EXPONENT = 4.0
"""m in ψ = (Σ n ε^m)^(1/m): magnitude outweighs cycle number (carter_1987_loading_history,
beaupre_1990_remodeling, whalen_1988_activity)."""

SATURATION_CYCLES = 30.0
"""N_sat: about 36 cycles a day gave near-maximal formation and 60 did as well as 1200
(rubin_lanyon_1984, umemura_1997_jumps, sun_2018_loading_parameters); the notes' prior centre.
That is at high strain; see `SATURATION_STRAIN`."""

SATURATION_STRAIN = 5.0
"""ε at which N_sat cycles saturate a bout: Rubin and Lanyon's 36 cycles were at about 2000 µε
(rubin_lanyon_1984), five times the tibial strain of walking, about 400 µε (lanyon_1975_tibia).
At lower strains more cycles are needed (cullen_2001_magnitude_cycles): N(ε) =
N_sat·(SATURATION_STRAIN / ε)^p between walking (ε = 1) and this strain, with p =
`StimulusParams.saturation_slope`; above it N_sat (no extrapolation beyond the measured point)."""

WALK_BOUTS_PER_DAY = 6.0
"""K_walk: saturated walking bouts in a customary day. An assumption of the bone-model notes
(range 3–12), product policy here (osteoload_policy); it only scales S_walk and is absorbed by
the fitted gains."""

WALK_LOAD_BW: dict[Site, float] = {Site.LUMBAR_SPINE: 1.1, Site.FEMORAL_NECK: 2.4}
"""Peak site load of a walking step, the reference (ε = 1): lumbar compression ≈ 1.1 BW
(walking ≈ 1.1–1.3 × standing, wilke_1999_disc_pressure); hip contact force 2.38 BW
(bergmann_2001_hip_forces)."""

LANDING_HIP_PER_GRF = 1.15
"""Hip contact force per unit of total vertical GRF in a two-footed landing: midpoint of the
notes' 1.0–1.3 (HCF/GRF ≈ 2 in single-leg stance, halved per leg; bergmann_2001_hip_forces)."""

IMPACT_GRF_BW: dict[Impact, float] = {
    Impact.NONE: 0.0,
    Impact.LOW: 2.0,
    Impact.MODERATE: 4.5,
    Impact.HIGH: 5.5,
}
"""Representative peak GRF per impact level (BW). The catalogue defines the levels (low ≈ 1–3 BW,
moderate ≈ 3–6 BW, the Osteo-cise bands; high = drops and single-leg landings beyond two-footed
jumps). Low and moderate are the band midpoints; high is the midpoint of the 4–7 BW of drop jumps
in the notes, which matches a single-leg hop's 3–3.5 BW GRF (anliker_2011_hopping) once the hip
carries it on one leg. Measured examples: jumps 3–4 BW (bassey_1998_jumps), multidirectional
jumps 3.9–5.4 BW (clissold_2020_jump_landings). Product policy (osteoload_policy) for the choice
of one value per band."""

STATIC_NOTE = "turner_1998_three_rules"


@dataclass(frozen=True, slots=True)
class SiteLoad:
    """Load at one site, in BW, for a lift with external load x (load ÷ body mass): a + b·x."""

    a: float
    b: float
    source: str


@dataclass(frozen=True, slots=True)
class PatternLoads:
    lumbar_spine: SiteLoad
    femoral_neck: SiteLoad
    hip_extensor: bool
    """Hip-extensor-dominant lower-body lift: the fitted femoral-neck multiplier ν applies
    (gluteal loading strains the neck beyond the contact force, kersh_2018_femoral_neck)."""


_POLICY = "osteoload_policy"
SITE_LOADS: dict[Pattern, PatternLoads] = {
    # Back squat: linear fit through 0.8 BW → 6 BW and 1.6 BW → 10 BW (cappozzo_1985_half_squat).
    # Hip: (1.5–2.0)·(1 + x), the notes' assumption scaled by supported mass; midpoint taken.
    Pattern.SQUAT: PatternLoads(
        SiteLoad(2.0, 5.0, "cappozzo_1985_half_squat"),
        SiteLoad(1.75, 1.75, _POLICY),
        hip_extensor=True,
    ),
    # Deadlift: static sagittal model with a 6 cm extensor moment arm
    # (cholewicki_1991_heavy_lifting); hip 1.5 + 3.0·x (notes' assumption).
    Pattern.HINGE: PatternLoads(
        SiteLoad(2.2, 5.7, "cholewicki_1991_heavy_lifting"),
        SiteLoad(1.5, 3.0, _POLICY),
        hip_extensor=True,
    ),
    # Loaded lunge / split squat: both lines are the notes' assumptions.
    Pattern.LUNGE: PatternLoads(
        SiteLoad(1.3, 2.5, _POLICY), SiteLoad(2.5, 2.5, _POLICY), hip_extensor=True
    ),
    # Standing overhead press: axial load × co-contraction (no direct data; notes' assumption).
    Pattern.PUSH_VERTICAL: PatternLoads(
        SiteLoad(1.2, 2.0, _POLICY), SiteLoad(1.0, 1.0, _POLICY), hip_extensor=False
    ),
    # Bench/chest press lying: disc pressure lying 0.1 vs standing 0.5 MPa (wilke_1999) → about
    # 0.2 BW at L4-L5, the bench takes the load; hips unloaded.
    Pattern.PUSH_HORIZONTAL: PatternLoads(
        SiteLoad(0.2, 0.0, "wilke_1999_disc_pressure"),
        SiteLoad(0.0, 0.0, _POLICY),
        hip_extensor=False,
    ),
    # Bent-over row: static model with the load 0.35–0.40 m from L4-L5
    # (cholewicki_1991_heavy_lifting model, notes); hip as the overhead press (assumption).
    Pattern.PULL_HORIZONTAL: PatternLoads(
        SiteLoad(2.2, 6.5, "cholewicki_1991_heavy_lifting"),
        SiteLoad(1.0, 1.0, _POLICY),
        hip_extensor=False,
    ),
    # Pull-down / pull-up seated or hanging: sitting ≈ standing disc pressure (wilke_1999).
    Pattern.PULL_VERTICAL: PatternLoads(
        SiteLoad(0.9, 0.0, "wilke_1999_disc_pressure"),
        SiteLoad(0.0, 0.0, _POLICY),
        hip_extensor=False,
    ),
    # Loaded carry: a walking step with the carried mass added (loads scale with supported mass):
    # 1.1·(1 + x) at the spine, 2.4·(1 + x) at the hip (wilke_1999, bergmann_2001).
    Pattern.CARRY: PatternLoads(
        SiteLoad(1.1, 1.1, "wilke_1999_disc_pressure"),
        SiteLoad(2.4, 2.4, "bergmann_2001_hip_forces"),
        hip_extensor=False,
    ),
    # Back extension with the trunk horizontal: the static model with θ = 90° (no axial term):
    # (f_ub·h_ub + x·h)/d = (0.55·0.20 + x·0.30)/0.06 = 1.83 + 5.0·x (cholewicki_1991 model).
    # Hip as a hinge.
    Pattern.BACK_EXTENSION: PatternLoads(
        SiteLoad(1.83, 5.0, "cholewicki_1991_heavy_lifting"),
        SiteLoad(1.5, 3.0, _POLICY),
        hip_extensor=False,
    ),
    # Core work: about standing, rising with added load (assumption).
    Pattern.CORE: PatternLoads(
        SiteLoad(1.0, 2.0, _POLICY), SiteLoad(0.0, 0.0, _POLICY), hip_extensor=False
    ),
    # Balance: standing spine (wilke_1999); one-leg stance slightly below walking at the hip
    # (bergmann_2001_hip_forces).
    Pattern.BALANCE: PatternLoads(
        SiteLoad(0.9, 0.0, "wilke_1999_disc_pressure"),
        SiteLoad(2.2, 0.0, "bergmann_2001_hip_forces"),
        hip_extensor=False,
    ),
    Pattern.MOBILITY: PatternLoads(
        SiteLoad(0.0, 0.0, _POLICY), SiteLoad(0.0, 0.0, _POLICY), hip_extensor=False
    ),
    # Impacts: the site load comes from the GRF (see `IMPACT_GRF_BW`), not from a + b·x.
    Pattern.IMPACT: PatternLoads(
        SiteLoad(0.0, 0.0, _POLICY), SiteLoad(0.0, 0.0, _POLICY), hip_extensor=False
    ),
}


@dataclass(frozen=True, slots=True)
class StimulusParams:
    """The stimulus' fitted parameters (values and provenance in data/bone_model/params-v7.json)."""

    nu_lift_fn: float
    """Femoral-neck multiplier for hip-extensor lifts (ν ≥ 1, fitted)."""
    impact_ls_per_grf: float
    """Lumbar compression per unit of GRF in a landing (c_LS)."""
    log_rate_slow: float
    """ln ρ: a slow lift's (4 s up, 4 s down) strain is divided by ρ; explosive and normal lifts
    count alike (turner_1995_strain_rate; the split is explained in the validation report)."""
    saturation_slope: float = 0.0
    """p: how many more cycles than N_sat a bout takes to saturate at lower strains."""
    exponent: float = STRESS_EXPONENT
    saturation_cycles: float = SATURATION_CYCLES
    walk_bouts: float = WALK_BOUTS_PER_DAY

    def cycles_to_saturate(self, eps: FloatArray) -> FloatArray:
        """N(ε): cycles that use up a bout's sensitivity at strain ε."""
        ratio = SATURATION_STRAIN / np.clip(eps, 1.0, SATURATION_STRAIN)
        result: FloatArray = self.saturation_cycles * ratio**self.saturation_slope
        return result

    def excess_power(self, eps: FloatArray) -> FloatArray:
        """ε^m − 1 above the customary strain of walking, 0 at or below it: cycles no larger than
        a walking step's add nothing to the customary day however many they are."""
        result: FloatArray = np.maximum(eps**self.exponent - 1.0, 0.0)
        return result

    @property
    def walk_stimulus(self) -> float:
        """S_walk = K_walk · N_sat (each walking bout saturated, ε = 1)."""
        return self.walk_bouts * self.saturation_cycles


def _load_tables() -> tuple[FloatArray, FloatArray, npt.NDArray[np.bool_]]:
    a = np.zeros((len(PATTERNS), 2))
    b = np.zeros((len(PATTERNS), 2))
    hip = np.zeros(len(PATTERNS), dtype=bool)
    for i, pattern in enumerate(PATTERNS):
        loads = SITE_LOADS[pattern]
        a[i] = (loads.lumbar_spine.a, loads.femoral_neck.a)
        b[i] = (loads.lumbar_spine.b, loads.femoral_neck.b)
        hip[i] = loads.hip_extensor
    return a, b, hip


_A, _B, _HIP = _load_tables()
_GRF = np.array([IMPACT_GRF_BW[v] for v in IMPACTS])
_WALK = np.array([WALK_LOAD_BW[s] for s in SITES])
_IMPACT_PATTERN = PATTERN_INDEX[Pattern.IMPACT]
# The one trial of tempo (von Stengel 2007) compares explosive with slow lifts; the only
# controlled trial of an explosive programme (ACTLIFE) gained no more than normal-tempo ones,
# so the whole contrast sits on the slow side (v6; v5 split it evenly around normal).
_TEMPO_LOG_RATE = np.array(
    [{Tempo.EXPLOSIVE: 0.0, Tempo.NORMAL: 0.0, Tempo.SLOW: -1.0}[t] for t in TEMPOS]
)


def site_load_bw(
    pattern_idx: IntArray,
    load_bw: FloatArray,
    impact_idx: IntArray,
    params: StimulusParams,
) -> FloatArray:
    """Peak site load per cycle (rows, sites) in body weights, before any fitted multiplier
    except the impact → spine transfer."""
    loads = _A[pattern_idx] + _B[pattern_idx] * load_bw[:, None]
    grf = _GRF[impact_idx]
    impact_loads = np.stack((params.impact_ls_per_grf * grf, LANDING_HIP_PER_GRF * grf), axis=1)
    # A row with an impact level is an impact (any pattern: a loaded jump squat lands like a jump).
    is_impact = (pattern_idx == _IMPACT_PATTERN) | (impact_idx > 0)
    result: FloatArray = np.where(is_impact[:, None], np.maximum(loads, impact_loads), loads)
    return result


def normalised_strain(
    pattern_idx: IntArray,
    load_bw: FloatArray,
    impact_idx: IntArray,
    tempo_idx: IntArray,
    params: StimulusParams,
) -> FloatArray:
    """ε per row and site: site load ÷ walking load, × ν (hip-extensor lifts at the femoral neck)
    ÷ ρ (slow lifts). Shape (rows, 2)."""
    eps = site_load_bw(pattern_idx, load_bw, impact_idx, params) / _WALK
    lift = (pattern_idx != _IMPACT_PATTERN) & (impact_idx == 0)
    eps[:, 1] *= np.where(_HIP[pattern_idx] & lift, params.nu_lift_fn, 1.0)
    rate = np.exp(params.log_rate_slow * _TEMPO_LOG_RATE[tempo_idx])
    eps *= np.where(lift, rate, 1.0)[:, None]
    result: FloatArray = eps
    return result


def bout_stimulus(
    eps: FloatArray,
    cycles: FloatArray,
    group: IntArray,
    n_groups: int,
    params: StimulusParams,
) -> FloatArray:
    """S per group (one group = one session) and site, shape (n_groups, 2).

    Rows of a group are ranked by decreasing strain per site; a cycle is weighted by the
    sensitivity the cycles before it left, exp(−Σ n/N(ε)) (see the module's step 3).
    Vectorised: one lexsort per site, the sensitivity used within groups by a global cumsum
    minus each group's start."""
    out = np.zeros((n_groups, eps.shape[1]))
    if eps.shape[0] == 0:
        return out
    cycles = np.maximum(cycles, 0.0)
    for s in range(eps.shape[1]):
        order = np.lexsort((-eps[:, s], group))
        g = group[order]
        e = eps[order, s]
        n_sat = params.cycles_to_saturate(e)
        c = cycles[order] / n_sat  # sensitivity used, in units of a full bout
        total = np.cumsum(c)
        starts = np.r_[0, np.flatnonzero(np.diff(g)) + 1]
        offset = np.repeat(total[starts] - c[starts], np.diff(np.r_[starts, g.size]))
        after = total - offset
        before = after - c
        weight = np.exp(-before) - np.exp(-after)
        value = n_sat * params.excess_power(e) * weight
        out[:, s] = np.bincount(g, weights=value, minlength=n_groups)
    return out


def bout_stimulus_dense(eps: FloatArray, cycles: FloatArray, params: StimulusParams) -> FloatArray:
    """`bout_stimulus` for sessions laid out as a (sessions, exercises, 2) strain matrix with
    (sessions, exercises) cycles (pad with zero cycles): one sort along the exercise axis, laid
    out last (sessions, 2, exercises) so that each sort and sum runs over contiguous memory."""
    eps = np.ascontiguousarray(eps.transpose(0, 2, 1))
    order = np.argsort(-eps, axis=2)
    e = np.take_along_axis(eps, order, axis=2)
    n_sat = params.cycles_to_saturate(e)
    c = np.take_along_axis(np.broadcast_to(cycles[:, None, :], eps.shape), order, axis=2)
    c = np.maximum(c, 0.0) / n_sat
    after = np.cumsum(c, axis=2)
    weight = np.exp(-(after - c)) - np.exp(-after)
    result: FloatArray = np.sum(n_sat * params.excess_power(e) * weight, axis=2)
    return result


def session_gain(stimulus: FloatArray, params: StimulusParams) -> FloatArray:
    """q = (1/m)·ln(1 + S/S_walk): log-rise of a training day's stimulus over a walking day."""
    result: FloatArray = np.log1p(stimulus / params.walk_stimulus) / params.exponent
    return result


def osteogenic_index(
    eps: FloatArray, cycles: FloatArray, group: IntArray, n_groups: int
) -> FloatArray:
    """Turner–Robling osteogenic index per group and site, Σ ε·ln(1 + n), for comparison only
    (intensity here is the normalised strain, not GRF)."""
    out = np.zeros((n_groups, eps.shape[1]))
    for s in range(eps.shape[1]):
        out[:, s] = np.bincount(group, weights=eps[:, s] * np.log1p(cycles), minlength=n_groups)
    return out


# --- one exercise, as prescribed or as logged -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Dose:
    """One exercise of a session: `cycles` loading cycles (reps × sets, or impact contacts) at
    `load_bw` = external load ÷ body mass, with an impact level and a tempo."""

    pattern: Pattern
    cycles: float
    load_bw: float = 0.0
    impact: Impact = Impact.NONE
    tempo: Tempo = Tempo.NORMAL


@dataclass(frozen=True, slots=True)
class SessionStimulus:
    """A session's stimulus per site: raw S, gain q (log units over a walking day), and the
    Turner–Robling index for comparison."""

    stimulus: dict[Site, float]
    gain: dict[Site, float]
    osteogenic_index: dict[Site, float]

    def to_dict(self) -> dict[str, Any]:
        return {
            site.value: {
                "stimulus": round(self.stimulus[site], 3),
                "gain": round(self.gain[site], 4),
                "osteogenic_index": round(self.osteogenic_index[site], 3),
            }
            for site in SITES
        }


def dose_rows(
    doses: Sequence[Dose],
) -> tuple[IntArray, FloatArray, IntArray, IntArray, FloatArray]:
    """Doses as the row arrays of the vectorised functions: pattern, load, impact, tempo, cycles."""
    return (
        np.array([PATTERN_INDEX[d.pattern] for d in doses], dtype=np.intp),
        np.array([d.load_bw for d in doses], dtype=float),
        np.array([IMPACT_INDEX[d.impact] for d in doses], dtype=np.intp),
        np.array([TEMPO_INDEX[d.tempo] for d in doses], dtype=np.intp),
        np.array([d.cycles for d in doses], dtype=float),
    )


def session_stimulus(doses: Sequence[Dose], params: StimulusParams) -> SessionStimulus:
    """The stimulus of one session (all doses on the same day)."""
    pattern, load, impact, tempo, cycles = dose_rows(doses)
    group = np.zeros(len(doses), dtype=np.intp)
    eps = normalised_strain(pattern, load, impact, tempo, params)
    s = bout_stimulus(eps, cycles, group, 1, params)[0]
    q = session_gain(s, params)
    oi = osteogenic_index(eps, cycles, group, 1)[0]
    return SessionStimulus(
        stimulus={site: float(s[i]) for i, site in enumerate(SITES)},
        gain={site: float(q[i]) for i, site in enumerate(SITES)},
        osteogenic_index={site: float(oi[i]) for i, site in enumerate(SITES)},
    )


# --- external load from %1RM ----------------------------------------------------------------------


def load_ratio_for_pct(
    pattern: Pattern,
    pct_1rm: float | None,
    *,
    sex: Sex,
    age: float,
    experience: Experience | None,
) -> float | None:
    """External load ÷ body mass for a lift at `pct_1rm` % of a *typical* 1RM for this client
    (`norms.ratio_to_body_mass`: Cooper Institute norms by age and sex). None when the pattern has
    no 1RM norm (the exercise then counts with body weight only) or no %1RM is given."""
    if pct_1rm is None:
        return None
    ratio = norms.ratio_to_body_mass(pattern, sex=sex, age=age, experience=experience)
    if ratio is None:
        return None
    return pct_1rm / 100.0 * ratio


def muscle_bone_scale(sex: Sex, age: float) -> FloatArray:
    """Per pattern (`PATTERN_INDEX` order): the factor on a lift's external load ÷ body mass that
    expresses it for the bone of the reference woman (`norms.REFERENCE_AGE`). Bone strength is
    adapted to the largest forces the muscles habitually apply (the muscle–bone unit,
    schoenau_frost_2002), so a relative load strains the bone of someone stronger than her (a man,
    a younger woman) less, and of someone weaker more, in proportion to typical strength
    (`norms.strength_relative_to_reference`). 1 for impacts and body-weight patterns."""
    return np.array(
        [norms.strength_relative_to_reference(p, sex=sex, age=age) for p in PATTERNS],
        dtype=float,
    )


def muscle_bone_scale_rows(
    pattern: IntArray, age: FloatArray, female: npt.NDArray[np.bool_]
) -> FloatArray:
    """`muscle_bone_scale` for (clients, exercises) pattern indices, clients' ages and sexes."""
    scale = np.ones(pattern.shape)
    ages = np.broadcast_to(age[:, None], pattern.shape)
    sexes = np.broadcast_to(female[:, None], pattern.shape)
    for p in norms.PATTERN_RULES:
        rows = pattern == PATTERN_INDEX[p]
        if rows.any():
            scale[rows] = norms.strength_relative_to_reference_array(p, ages[rows], sexes[rows])
    return scale


def params_from_mapping(values: Mapping[str, float]) -> StimulusParams:
    """StimulusParams from the parameter file's flat name → value mapping."""
    return StimulusParams(
        nu_lift_fn=float(values["nu_lift_fn"]),
        impact_ls_per_grf=float(values["impact_ls_per_grf"]),
        log_rate_slow=float(values["log_rate_slow"]),
        saturation_slope=float(values["saturation_slope"]),
    )


SOURCES: tuple[str, ...] = (
    "carter_1987_loading_history",
    "beaupre_1990_remodeling",
    "whalen_1988_activity",
    "rubin_lanyon_1984",
    "cullen_2001_magnitude_cycles",
    "lanyon_1975_tibia",
    "umemura_1997_jumps",
    "sun_2018_loading_parameters",
    "robling_2001_recovery",
    "turner_1998_three_rules",
    "turner_1995_strain_rate",
    "kersh_2018_femoral_neck",
    "wilke_1999_disc_pressure",
    "cappozzo_1985_half_squat",
    "cholewicki_1991_heavy_lifting",
    "bergmann_2001_hip_forces",
    "anliker_2011_hopping",
    "bassey_1998_jumps",
    "clissold_2020_jump_landings",
    "schoenau_frost_2002",
    _POLICY,
)
