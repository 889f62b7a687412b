"""Calibration of the bone model against published trial arms, and its validation.

Only the arms in ``data/calibration/trials.json`` (a copy of the project's shared calibration file)
are fitted. Other published trials (`HOLDOUT`) are kept aside and only predicted.

Procedure (reproducible: deterministic objective, seeded multi-start):

1. **Background** (stage 1): the two background scale factors (LS, FN) are fitted to the control
   arms' mean changes, with a log-normal prior centred on the cohort rates (factor-2 spread) and a
   between-trial SD (random effects, method of moments).
2. **Mechanical** (stage 2): each trial's background is scaled to reproduce its own control arm;
   the response parameters are then fitted by maximum a posteriori
   (`scipy.optimize.least_squares`) to the exercise-minus-control differences (and the one
   arm-vs-arm contrast, von Stengel 2007), each standardised by its standard error combined with
   the between-trial SD τ (an additive random trial effect, estimated by the method of moments,
   DerSimonian–Laird style, and re-estimated with a refit until it settles). Weak priors from the
   science notes keep the parameters physiological.
3. **Uncertainty**: the posterior covariance (Laplace approximation, (JᵀJ)⁻¹ of the standardised
   residuals and priors) gives sigma points along its principal axes; the forecast propagates them.

Reports: fit per arm, leave-one-trial-out (LOTO) errors, the qualitative checks, and the hold-out
validation table.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import least_squares  # type: ignore[import-untyped]

from . import forecast as fc
from .stimulus import SITES, STRESS_EXPONENT, FloatArray, StimulusParams
from .strength import epley_pct_1rm
from .types import Site

DEFAULT_SEED = 20260105
TRIALS_RESOURCE = ("data", "calibration", "trials.json")
DEFAULT_SD = {Site.LUMBAR_SPINE: 3.5, Site.FEMORAL_NECK: 2.9}
"""SD of %-change when an arm reports none: the median of the SDs reported in trials.json per
site (LS 2.8–5.2, FN 1.9–4.5); derived from the calibration data."""


@dataclass(frozen=True, slots=True)
class Prior:
    centre: float
    sd: float
    lo: float
    hi: float
    source: str
    note: str


# Priors and bounds: the science notes' §5.4 ranges (their "start" values as centres), widened
# where our formulation differs. Fitted parameters only.
PRIORS: dict[str, Prior] = {
    "k_formation_ls": Prior(
        0.9,
        0.6,
        0.02,
        6.0,
        "osteoload_policy",
        "formation gain at the spine (1/y per log unit of excess); notes: 0.1–2",
    ),
    "k_formation_fn": Prior(
        0.45, 0.4, 0.02, 6.0, "osteoload_policy", "formation gain at the femoral neck; notes: 0.1–2"
    ),
    "threshold": Prior(
        0.25,
        0.15,
        0.0,
        1.0,
        "frost_2003_mechanostat",
        "formation threshold w_F above the accommodated reference (log units); notes 0.1–0.4",
    ),
    "postmenopause_shift": Prior(
        0.2,
        0.2,
        0.0,
        1.0,
        "lanyon_1996_estrogen",
        "rise of the formation threshold with estrogen loss (Frost: estrogen "
        "loss shifts the set points); constrained by Bassey 1998",
    ),
    "accommodation": Prior(
        0.9,
        0.1,
        0.3,
        0.99,
        "lerebours_buenzli_2016",
        "completeness of accommodation λ; notes 0.5–1",
    ),
    "accommodation_years": Prior(
        0.5,
        0.25,
        0.1,
        3.0,
        "schriefer_2005_accommodation",
        "accommodation time constant τ_acc (y); notes 0.1–2",
    ),
    "frequency_shape": Prior(
        4.0,
        2.0,
        1.0,
        10.0,
        "kemmler_2014_efops_frequency",
        "steepness γ of the frequency response below 2 sessions a week (EFOPS: under 2 a week "
        "≈ no gain; sun_2018_loading_parameters: fewer loading days lose more than "
        "proportionally)",
    ),
    "nu_lift_fn": Prior(
        2.0,
        0.75,
        1.0,
        4.0,
        "kersh_2018_femoral_neck",
        "femoral-neck multiplier for hip-extensor lifts; notes 1–3",
    ),
    # v5 put ρ = 1.2 (the notes' value) on each side of normal; v6 moves the whole
    # explosive-versus-slow contrast to the slow side and keeps v5's prior on it (ρ² = 1.44).
    "log_rate_slow": Prior(
        2 * math.log(1.2),
        0.2,
        0.0,
        1.4,
        "turner_1995_strain_rate",
        "ln ρ, the strain-rate factor between a lift at normal or explosive tempo and a slow one "
        "(4 s up, 4 s down), fitted to von Stengel 2007's contrast; notes: 1.2 for explosive lifts",
    ),
    "transition_shift": Prior(
        0.0,
        0.5,
        0.0,
        2.0,
        "frost_2003_mechanostat",
        "further rise of the threshold in the transition's fast remodelling (Frost: estrogen "
        "loss shifts the set points; T = the menopausal loss rate of greendale_2012_swan "
        "relative to its peak); prior centred on no effect, fitted",
    ),
    "remodelling_space": Prior(
        0.025,
        0.015,
        0.005,
        0.2,
        "heaney_1997_remodeling_transient",
        "C_pre: the most a loading programme's formation adds before menopause (log units), a "
        "share of the remodelling space; loose prior (assumed): a suppression of activation by "
        "about a third refills a few per cent of the spine's BMD in the first year after "
        "menopause (36–38 %, with a balance of 1.1–1.4 %/y), and the premenopausal space is "
        "about a third of the late-postmenopausal one (recker_2004_remodeling)",
    ),
    "protection": Prior(
        0.5,
        0.3,
        0.0,
        1.0,
        "frost_2003_mechanostat",
        "share φ of the background loss that regular loading above the threshold "
        "prevents (disuse-mode remodelling avoided); exercise arms roughly keep "
        "their BMD while controls lose",
    ),
}
MECHANICAL: tuple[str, ...] = tuple(PRIORS)

BACKGROUND_PRIORS: dict[str, Prior] = {
    "background_scale_ls": Prior(
        1.0,
        math.log(2.0),
        0.25,
        4.0,
        "greendale_2012_swan",
        "multiplier on the cohort background rates at the spine (log-normal prior)",
    ),
    "background_scale_fn": Prior(
        1.0,
        math.log(2.0),
        0.25,
        4.0,
        "ensrud_1995_sof",
        "multiplier on the cohort background rates at the femoral neck",
    ),
}

FIXED: dict[str, tuple[float, str, str, str]] = {
    # name: (value, tag, source, note)
    "frequency_full": (
        2.0,
        "literature",
        "bemben_2011_rt_frequency",
        "sessions a week from which the frequency response is full: 2 and 3 days a week of "
        "resistance training gave the same BMD gain over 40 weeks (no group × time "
        "interaction)",
    ),
    "saturation_slope": (
        STRESS_EXPONENT,
        "derived",
        "carter_1987_loading_history",
        "p = m: below the strain of Rubin and Lanyon's 36 saturating cycles a bout takes more "
        "cycles to saturate, N(ε) = N_sat·(5/ε)^p (cullen_2001_magnitude_cycles); with p equal to "
        "the stress exponent m a bout saturates at a fixed daily stress stimulus Σ n·ε^m, so "
        "cycles and magnitude trade off as in Carter's stimulus (many moderate cycles can do "
        "what a few heavy ones do) and a larger p would let a saturated bout of heavier loading "
        "count less. Leave-one-trial-out does not separate p from 1.5 to 4 (table in the report)",
    ),
    "remodelling_space_ratio": (
        3.0,
        "literature",
        "recker_2004_remodeling",
        "R: the remodelling space scales with the activation frequency, which doubled in the "
        "year after the final period and tripled by 13 years after (iliac biopsies, median "
        "0.13 → 0.24 /y, then three times the premenopausal rate); C = C_pre·(1 + (R − 1)·E)",
    ),
    "lag_years": (
        0.25,
        "derived",
        "hazelwood_2001_bmu",
        "remodelling transient, per stage: the lag has two stages in series (the remodelling "
        "cycle, then secondary mineralisation, martinez_reina_2019_denosumab), each with this "
        "time constant, a mean delay of 6 months, the upper end of one remodelling period of "
        "3–6 months; the notes' start value for their one-stage lag",
    ),
    "detraining_years": (
        0.5,
        "derived",
        "winters_snow_2000",
        "unsupported gains are resorbed with a 6-month time constant: hip gains "
        "reversed 6 months after stopping (Winters & Snow 2000), lumbar gains mostly "
        "gone 13 months after (dalsky_1988); ≈ 86 % lost within a year",
    ),
    "maintenance": (
        0.5,
        "literature",
        "carter_1987_loading_history",
        "ζ: the excess a loading history supports at equilibrium, ln ρ = ½ ln ψ (Carter "
        "1987); only gains above it are resorbed, so reduced training keeps gains "
        "(kontulainen_2001_maintenance)",
    ),
    "feedback": (
        1.0,
        "assumed",
        "osteoload_policy",
        "κ: strain falls as density rises (ε ∝ B^−κ); the notes' default 1 (range 1–2)",
    ),
    "impact_ls_per_grf": (
        0.5,
        "assumed",
        "osteoload_policy",
        "lumbar compression per unit GRF in a landing (notes' start value 0.5; "
        "no impact-only spine arm in the calibration set to fit it)",
    ),
}


# --- the calibration data -------------------------------------------------------------------------


def trials_document(path: str | Path | None = None) -> dict[str, Any]:
    if path is None:
        text = resources.files("osteoload.engine").joinpath(*TRIALS_RESOURCE).read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    doc: dict[str, Any] = json.loads(text)
    return doc


def trials_sha256(path: str | Path | None = None) -> str:
    if path is None:
        data = resources.files("osteoload.engine").joinpath(*TRIALS_RESOURCE).read_bytes()
    else:
        data = Path(path).read_bytes()
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Arm:
    trial: str
    arm: str
    role: str
    n: int
    months: int
    request: dict[str, Any]
    observed: Mapping[str, Mapping[str, Any]]
    source: str = ""


@dataclass(frozen=True, slots=True)
class Target:
    """One observed number the model must reproduce."""

    trial: str
    label: str
    site: Site
    kind: str  # "difference" (exercise − control), "contrast" (arm − arm), "control" (absolute)
    plus: int  # arm index
    minus: int | None  # arm index subtracted, or None
    observed: float
    se: float
    months: int


def _sd_and_n(obs: Mapping[str, Any], n: int, site: Site) -> float:
    """Standard error of an arm mean (% points)."""
    if obs.get("sd") is not None:
        return float(obs["sd"]) / math.sqrt(n)
    ci = obs.get("ci95")
    if ci is not None:
        return (float(ci[1]) - float(ci[0])) / (2 * fc.Z95)
    return DEFAULT_SD[site] / math.sqrt(n)


def build_arms_and_targets(doc: Mapping[str, Any]) -> tuple[list[Arm], list[Target]]:
    """Arms (with synthetic no-training controls where a trial reports only a difference) and the
    targets: differences per trial, the one contrast, and the control arms' absolute changes."""
    arms: list[Arm] = []
    for raw in doc["arms"]:
        arms.append(
            Arm(
                trial=raw["trial"],
                arm=raw["arm"],
                role=raw["role"],
                n=int(raw["n"]),
                months=int(raw["months"]),
                request={
                    "schema": fc.REQUEST_SCHEMA,
                    "profile": raw["profile"],
                    "months": int(raw["months"]),
                    "training": raw["training"],
                },
                observed=raw.get("observed", {}),
                source=raw.get("source", ""),
            )
        )
    targets: list[Target] = []
    by_trial: dict[str, list[int]] = {}
    for i, a in enumerate(arms):
        by_trial.setdefault(a.trial, []).append(i)
    for trial, idx in by_trial.items():
        controls = [i for i in idx if arms[i].role == "control"]
        exercises = [i for i in idx if arms[i].role == "exercise"]
        for i in exercises:
            ex = arms[i]
            for site in SITES:
                obs = ex.observed.get(site.value)
                if obs is None:
                    continue
                if "exercise_minus_control" in obs:
                    arms.append(
                        Arm(
                            trial,
                            "no-training control (model)",
                            "control",
                            ex.n,
                            ex.months,
                            {**ex.request, "training": {"kind": "none"}},
                            {},
                            ex.source,
                        )
                    )
                    j = len(arms) - 1
                    se = math.sqrt(2.0) * DEFAULT_SD[site] / math.sqrt(ex.n)
                    targets.append(
                        Target(
                            trial,
                            ex.arm,
                            site,
                            "difference",
                            i,
                            j,
                            float(obs["exercise_minus_control"]),
                            se,
                            ex.months,
                        )
                    )
                    continue
                ctrl = next((c for c in controls if site.value in arms[c].observed), None)
                if ctrl is None:
                    continue
                cobs = arms[ctrl].observed[site.value]
                se = math.hypot(_sd_and_n(obs, ex.n, site), _sd_and_n(cobs, arms[ctrl].n, site))
                targets.append(
                    Target(
                        trial,
                        ex.arm,
                        site,
                        "difference",
                        i,
                        ctrl,
                        float(obs["mean"]) - float(cobs["mean"]),
                        se,
                        ex.months,
                    )
                )
        if not controls and len(exercises) == 2:
            # Arm-vs-arm contrast (von Stengel 2007: power vs strength training, same volume).
            ia, ib = exercises
            for site in SITES:
                oa, ob = arms[ia].observed.get(site.value), arms[ib].observed.get(site.value)
                if oa is None or ob is None:
                    continue
                se = math.hypot(_sd_and_n(oa, arms[ia].n, site), _sd_and_n(ob, arms[ib].n, site))
                targets.append(
                    Target(
                        trial,
                        f"{arms[ia].arm} vs {arms[ib].arm}",
                        site,
                        "contrast",
                        ia,
                        ib,
                        float(oa["mean"]) - float(ob["mean"]),
                        se,
                        arms[ia].months,
                    )
                )
        for c in controls:
            for site in SITES:
                control_obs = arms[c].observed.get(site.value)
                if control_obs is None or "mean" not in control_obs:
                    continue
                targets.append(
                    Target(
                        trial,
                        arms[c].arm,
                        site,
                        "control",
                        c,
                        None,
                        float(control_obs["mean"]),
                        _sd_and_n(control_obs, arms[c].n, site),
                        arms[c].months,
                    )
                )
    return arms, targets


# --- the model over the arms ----------------------------------------------------------------------


class ArmModel:
    """Forecasts every arm at once for a parameter vector (the forecast's own code path).

    `arm_scale` multiplies each arm's background rates per site: the calibration sets it from each
    trial's own control arm, so that a trial's exercise arm is compared with the loss its
    controls really showed (a random trial effect on the background)."""

    def __init__(self, arms: Sequence[Arm]) -> None:
        self.arms = list(arms)
        self.requests = [fc.parse_request(a.request) for a in self.arms]
        self.months = max(r.months for r in self.requests)
        self.cohort = fc.Cohort.concat([r.cohort for r in self.requests])
        self.training = fc.TrainingArrays.stack([r.plan for r in self.requests])
        self.menopause = fc.MenopauseState.of(self.cohort, self.months)
        self.final = np.array([a.months - 1 for a in self.arms])
        self.arm_scale = np.ones((len(self.arms), 2))
        self._gain_cache: dict[StimulusParams, fc.Monthly] = {}
        self._rates_cache: dict[fc.BackgroundParams, FloatArray] = {}

    def gains(self, sp: StimulusParams) -> fc.Monthly:
        hit = self._gain_cache.get(sp)
        if hit is None:
            g = fc.template_gains(self.training, sp)
            hit = fc.monthly_training(self.training, g, len(self.arms), self.months)
            if len(self._gain_cache) > 64:
                self._gain_cache.clear()
            self._gain_cache[sp] = hit
        return hit

    def base_rates(self, bg: fc.BackgroundParams) -> FloatArray:
        rates = self._rates_cache.get(bg)
        if rates is None:
            rates = fc.background_rates(self.cohort, self.months, bg)
            self._rates_cache = {bg: rates}
        return rates

    def paths(self, params: fc.ModelParams) -> tuple[FloatArray, FloatArray]:
        """(background, excess) log paths, (arms, months, 2)."""
        rates = self.base_rates(params.background) * self.arm_scale[:, None, :]
        bg = -np.cumsum(rates * fc.DT_YEARS, axis=1)
        d = fc.excess_path(
            params.response, *self.gains(params.stimulus), self.menopause, rates, self.months
        )
        return bg, d

    def final_pct(self, params: fc.ModelParams) -> FloatArray:
        """% change per arm and site at the arm's duration, (arms, 2)."""
        bg, d = self.paths(params)
        rows = np.arange(len(self.arms))
        result: FloatArray = 100.0 * np.expm1(bg[rows, self.final] + d[rows, self.final])
        return result

    def set_trial_backgrounds(self, params: fc.ModelParams, targets: Sequence[Target]) -> None:
        """Scale each trial's background so that its control arm's mean change is reproduced
        (clipped to 0–6 × the cohort rate); trials without a control keep the cohort rate."""
        self.arm_scale = np.ones((len(self.arms), 2))
        bg, d = self.paths(params)
        for t in targets:
            if t.kind != "control":
                continue
            s = SITES.index(t.site)
            k = self.final[t.plus]
            base = bg[t.plus, k, s]
            if abs(base) < 1e-9:
                continue
            wanted = math.log1p(t.observed / 100.0) - d[t.plus, k, s]
            factor = float(np.clip(wanted / base, 0.0, 6.0))
            for i, arm in enumerate(self.arms):
                if arm.trial == t.trial:
                    self.arm_scale[i, s] = factor


def predict_targets(
    model: ArmModel, params: fc.ModelParams, targets: Sequence[Target]
) -> FloatArray:
    pct = model.final_pct(params)
    out = np.empty(len(targets))
    for k, t in enumerate(targets):
        s = SITES.index(t.site)
        value = pct[t.plus, s]
        if t.minus is not None:
            value -= pct[t.minus, s]
        out[k] = value
    return out


# --- fitting --------------------------------------------------------------------------------------


@dataclass
class FitResult:
    params: fc.ModelParams
    mechanical: dict[str, float]
    background: dict[str, float]
    covariance: FloatArray
    tau: dict[Site, float]
    """Between-trial SD of the training effect (percentage points), per site."""
    tau_rel: dict[Site, float]
    """The same relative to the mean predicted effect (what the forecast bands use)."""
    background_sd: dict[Site, float]
    """SD of the background path per √year (percentage points), from the control arms."""
    cost: float
    starts: int
    history: list[dict[str, Any]] = field(default_factory=list)
    mean_effect: dict[Site, float] = field(default_factory=dict)
    """Mean absolute predicted difference per site (the scale of `tau_rel`)."""
    tau_cv: dict[Site, float] | None = None
    """Between-trial SD estimated out of sample, from the leave-one-trial-out errors."""
    tau_rel_pooled: float | None = None
    """The same relative to the predicted effect, pooled over both sites' errors."""

    def widen_with(self, tau_cv: Mapping[Site, float], pooled_rel: float = 0.0) -> None:
        """Use the out-of-sample between-trial SD where it is larger than the in-sample one:
        the in-sample estimate is often 0 (the fit reproduces its own trials within their
        standard errors), while predicting a trial it has not seen errs by about a point. A
        site takes at least the estimate pooled over both sites: the femoral neck's few arms
        have standard errors as large as their errors, so on their own they show no spread
        at all, which a trial outside the calibration file does not bear out."""
        self.tau_cv = dict(tau_cv)
        self.tau_rel_pooled = pooled_rel
        for site in SITES:
            scale = self.mean_effect.get(site, 0.0)
            tau = max(self.tau[site], self.tau_cv.get(site, 0.0))
            own = tau / scale if scale > 0 else 0.0
            self.tau_rel[site] = max(own, pooled_rel)


def _with(base: fc.ModelParams, names: Sequence[str], x: Any) -> fc.ModelParams:
    return base.with_values(**{n: float(v) for n, v in zip(names, x, strict=True)})


def initial_params() -> fc.ModelParams:
    """Prior centres plus the fixed values: the starting point of a fit."""
    values = {n: p.centre for n, p in {**PRIORS, **BACKGROUND_PRIORS}.items()}
    values.update({n: v[0] for n, v in FIXED.items()})
    return fc.ModelParams(
        version=fc.MODEL_VERSION,
        values=values,
        uncertainty=fc.Uncertainty((), (0.0, 0.0), (0.0, 0.0)),
    )


def _fit_background(
    model: ArmModel, base: fc.ModelParams, targets: Sequence[Target]
) -> tuple[fc.ModelParams, dict[Site, float]]:
    """Stage 1: the cohort background's scale per site from all control arms (log-normal prior),
    as a random-effects fit like stage 2: each control arm's residual is standardised by its SE
    combined with a between-trial SD, re-estimated by the method of moments until it settles, so
    that one trial's unusually fast-losing controls do not set everyone's background."""
    controls = [t for t in targets if t.kind == "control"]
    names = list(BACKGROUND_PRIORS)
    priors = [BACKGROUND_PRIORS[n] for n in names]
    obs = np.array([t.observed for t in controls])
    se = np.array([t.se for t in controls])
    model.arm_scale = np.ones((len(model.arms), 2))
    x = np.array([base.values[n] for n in names])
    tau = {site: 0.0 for site in SITES}
    pred = predict_targets(model, _with(base, names, x), controls)
    for _ in range(12):
        sd = np.sqrt(se**2 + np.array([tau[t.site] for t in controls]) ** 2)

        def residuals(xv: FloatArray, sd: FloatArray = sd) -> FloatArray:
            pred = predict_targets(model, _with(base, names, xv), controls)
            prior = [math.log(v / pr.centre) / pr.sd for v, pr in zip(xv, priors, strict=True)]
            return np.concatenate(((pred - obs) / sd, prior))

        res = least_squares(residuals, x, bounds=([p.lo for p in priors], [p.hi for p in priors]))
        x = res.x
        pred = predict_targets(model, _with(base, names, x), controls)
        new_tau = _tau_from(controls, pred)
        settled = max(abs(new_tau[s] - tau[s]) for s in SITES) < TAU_TOLERANCE
        tau = new_tau
        if settled:
            break
    fitted = _with(base, names, x)
    return fitted, background_spread(controls, pred)


def background_spread(controls: Sequence[Target], pred: FloatArray) -> dict[Site, float]:
    """SD of the background path per √year (percentage points), per site, from the control arms:
    each arm's departure from the cohort background beyond its own standard error, with the
    variance growing in proportion to the duration, σ² = max(0, Σ(residual² − SE²)) / Σ years.
    The departures do not scale with the predicted loss (the model's smallest predicted losses
    are missed by the most, and a 12-year control arm departs no further than 8-month ones), so
    the spread is absolute, not a share of the loss; a relative spread made a perimenopausal
    client's band absurdly wide."""
    obs = np.array([t.observed for t in controls])
    se = np.array([t.se for t in controls])
    years = np.array([t.months / 12.0 for t in controls])
    out: dict[Site, float] = {}
    for site in SITES:
        mask = np.array([t.site is site for t in controls], dtype=bool)
        if not mask.any():
            out[site] = 0.0
            continue
        excess = float(np.sum((obs[mask] - pred[mask]) ** 2 - se[mask] ** 2))
        out[site] = math.sqrt(max(excess, 0.0) / float(np.sum(years[mask])))
    return out


def _tau_from(targets: Sequence[Target], pred: FloatArray) -> dict[Site, float]:
    """Between-trial SD per site (percentage points): method of moments, DerSimonian–Laird style,
    τ² = max(0, mean(residual² − SE²))."""
    out: dict[Site, float] = {}
    obs = np.array([t.observed for t in targets])
    se = np.array([t.se for t in targets])
    for site in SITES:
        m = np.array([t.site is site for t in targets])
        if not m.any():
            out[site] = 0.0
            continue
        out[site] = math.sqrt(max(float(np.mean((obs[m] - pred[m]) ** 2 - se[m] ** 2)), 0.0))
    return out


TAU_TOLERANCE = 1e-3
"""The between-trial SD is re-estimated and the fit repeated until it moves less than this
(percentage points): the fit is then a fixed point, the same from any start."""


def fit(
    arms: Sequence[Arm],
    targets: Sequence[Target],
    *,
    seed: int = DEFAULT_SEED,
    starts: int = 4,
    start_from: fc.ModelParams | None = None,
    tau_iterations: int = 12,
    max_nfev: int | None = None,
    model: ArmModel | None = None,
    tau_start: Mapping[Site, float] | None = None,
) -> FitResult:
    """Stage 1 (background) then stage 2 (mechanical MAP with a random trial effect).
    `tau_start`: the between-trial SDs to begin with (1 point each by default)."""
    model = model or ArmModel(arms)
    base = start_from or initial_params()
    base, bg_sd = _fit_background(model, base, targets)
    model.set_trial_backgrounds(base, targets)
    mech_targets = [t for t in targets if t.kind != "control"]
    names = list(MECHANICAL)
    lo = np.array([PRIORS[n].lo for n in names])
    hi = np.array([PRIORS[n].hi for n in names])
    centres = np.array([PRIORS[n].centre for n in names])
    sds = np.array([PRIORS[n].sd for n in names])
    obs = np.array([t.observed for t in mech_targets])
    se = np.array([t.se for t in mech_targets])
    rng = np.random.default_rng(seed)
    x_first = np.clip(np.array([base.values[n] for n in names]), lo, hi)
    x_starts = [x_first] + [
        lo + (hi - lo) * rng.uniform(0.1, 0.9, size=len(names)) for _ in range(starts - 1)
    ]
    tau = {site: 1.0 for site in SITES} if tau_start is None else dict(tau_start)
    best_x = x_first
    best_cost = math.inf
    history: list[dict[str, Any]] = []
    jac: FloatArray = np.zeros((0, len(names)))
    for it in range(tau_iterations + 1):
        sd = np.sqrt(se**2 + np.array([tau[t.site] for t in mech_targets]) ** 2)

        def residuals(x: FloatArray, sd: FloatArray = sd) -> FloatArray:
            pred = predict_targets(model, _with(base, names, x), mech_targets)
            return np.concatenate(((pred - obs) / sd, (x - centres) / sds))

        candidates = x_starts if it == 0 else [best_x]
        best_cost = math.inf
        for x0 in candidates:
            res = least_squares(residuals, x0, bounds=(lo, hi), x_scale=sds, max_nfev=max_nfev)
            if res.cost < best_cost:
                best_cost, best_x, jac = float(res.cost), res.x, res.jac
        pred = predict_targets(model, _with(base, names, best_x), mech_targets)
        history.append(
            {
                "iteration": it,
                "cost": round(best_cost, 6),
                "tau": {s.value: round(tau[s], 4) for s in SITES},
            }
        )
        new_tau = _tau_from(mech_targets, pred)
        converged = max(abs(new_tau[s] - tau[s]) for s in SITES) < TAU_TOLERANCE
        tau = new_tau
        if converged:
            break
    info = np.asarray(jac.T @ jac, dtype=float)
    try:
        cov: FloatArray = np.asarray(np.linalg.inv(info), dtype=float)
    except np.linalg.LinAlgError:
        cov = np.asarray(np.linalg.pinv(info), dtype=float)
    fitted = _with(base, names, best_x)
    tau_rel: dict[Site, float] = {}
    mean_effect: dict[Site, float] = {}
    for site in SITES:
        m = np.array([t.site is site for t in mech_targets])
        mean_effect[site] = float(np.mean(np.abs(pred[m]))) if m.any() else 0.0
        tau_rel[site] = tau[site] / mean_effect[site] if mean_effect[site] > 0 else 0.0
    return FitResult(
        params=fitted,
        mechanical={n: float(v) for n, v in zip(names, best_x, strict=True)},
        background={n: float(fitted.values[n]) for n in BACKGROUND_PRIORS},
        covariance=cov,
        tau=tau,
        tau_rel=tau_rel,
        background_sd=bg_sd,
        cost=best_cost,
        starts=len(x_starts),
        history=history,
        mean_effect=mean_effect,
    )


SIGMA_AXES_MAX = 2
SIGMA_AXES_SHARE = 0.9


def scenario_arms(arms: Sequence[Arm]) -> list[Arm]:
    """The calibration arms plus typical clients and programs: the outputs whose variance the
    sigma points must capture."""
    out = list(arms)
    programs = {
        "heavy 2/wk": {
            "kind": "protocol",
            "sessions_per_week": 2,
            "adherence": 0.9,
            "exercises": HEAVY,
        },
        "heavy 3/wk": {
            "kind": "protocol",
            "sessions_per_week": 3,
            "adherence": 0.9,
            "exercises": HEAVY,
        },
        "moderate": {
            "kind": "protocol",
            "sessions_per_week": 2,
            "adherence": 0.9,
            "exercises": EFOPS_PROGRAM,
        },
        "jumps": {
            "kind": "protocol",
            "sessions_per_week": 4,
            "adherence": 0.9,
            "exercises": [{"pattern": "impact", "contacts": 50, "impact": "high"}],
        },
    }
    clients = {
        "woman 60": PM_WOMAN,
        "woman 75": {**PM_WOMAN, "age": 75, "years_since_menopause": 25},
        "woman 40": PRE_WOMAN,
        "man 65": {"age": 65, "sex": "male", "weight_kg": 70},
    }
    for pname, training in programs.items():
        for cname, profile in clients.items():
            request = {"profile": profile, "months": 24, "training": training}
            out.append(Arm(f"scenario {pname}", cname, "scenario", 1, 24, request, {}))
    return out


def sigma_points(
    result: FitResult, arms: Sequence[Arm]
) -> list[tuple[dict[str, float], dict[str, float]]]:
    """Parameter points θ ± δ_i whose forecasts carry the parameter uncertainty (a reduced-rank
    delta method). With Σ = L·Lᵀ the posterior covariance and J the Jacobian of the training
    effects of `scenario_arms` (both sites, at their horizon), the SVD J·L = U·S·Vᵀ gives the
    whitened directions v_i ordered by the output variance s_i² they carry; δ_i = L·v_i is one
    standard deviation along each. The first axes covering 90 % of that variance are kept (at most
    two: each costs two forecast runs). Points are clipped to the bounds."""
    names = list(MECHANICAL)
    x = np.array([result.mechanical[n] for n in names])
    lo = np.array([PRIORS[n].lo for n in names])
    hi = np.array([PRIORS[n].hi for n in names])
    cov = 0.5 * (result.covariance + result.covariance.T)
    lam, vec = np.linalg.eigh(cov)
    root = vec * np.sqrt(np.clip(lam, 0.0, None))  # Σ = root·rootᵀ
    model = ArmModel(scenario_arms(arms))
    rows = np.arange(len(model.arms))

    def outputs(xv: FloatArray) -> FloatArray:
        _, d = model.paths(_with(result.params, names, np.clip(xv, lo, hi)))
        result_: FloatArray = d[rows, model.final].ravel()
        return result_

    steps = 0.25 * np.sqrt(np.clip(np.diag(cov), 1e-12, None))
    jac = np.empty((rows.size * 2, len(names)))
    for j, h in enumerate(steps):
        e = np.zeros(len(names))
        e[j] = h
        jac[:, j] = (outputs(x + e) - outputs(x - e)) / (2 * h)
    _, sv, vt = np.linalg.svd(jac @ root, full_matrices=False)
    share = np.cumsum(sv**2) / max(float(np.sum(sv**2)), 1e-300)
    k = min(SIGMA_AXES_MAX, int(np.searchsorted(share, SIGMA_AXES_SHARE)) + 1)
    out = []
    for i in range(k):
        step = root @ vt[i]
        plus = np.clip(x + step, lo, hi)
        minus = np.clip(x - step, lo, hi)
        out.append(
            (
                {n: float(v) for n, v in zip(names, plus, strict=True)},
                {n: float(v) for n, v in zip(names, minus, strict=True)},
            )
        )
    return out


SLOPE_GRID: tuple[float, ...] = (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0)
"""Values of the saturation slope p that `saturation_slope_table` compares (p ≤ m: beyond the
stress exponent a saturated bout would count less the heavier its loading)."""


def saturation_slope_table(
    arms: Sequence[Arm],
    targets: Sequence[Target],
    *,
    seed: int = DEFAULT_SEED,
    grid: Sequence[float] = SLOPE_GRID,
) -> list[dict[str, Any]]:
    """How the saturation slope p would fare: for each p of the grid, fit, refit leaving each
    trial out, and run the qualitative checks (minutes). p itself is not chosen here but derived
    (p = m, `FIXED`): the in-sample objective cannot tell p apart (the arms only weakly constrain
    how their many moderate cycles count), and the table shows that predicting a trial left out
    cannot either, so the report shows it as a sensitivity analysis."""
    shipped = FIXED["saturation_slope"][0]
    rows: list[dict[str, Any]] = []
    for slope in grid:
        start = initial_params().with_values(saturation_slope=float(slope))
        result = fit(arms, targets, seed=seed, start_from=start)
        loto = leave_one_trial_out(arms, targets, result.params, seed=seed)
        checks = qualitative_checks(result.params)
        rows.append(
            {
                "slope": float(slope),
                "objective": round(result.cost, 3),
                "loto_mae": round(float(np.mean([abs(r["error"]) for r in loto])), 3),
                "checks_passed": all(c["passed"] for c in checks),
                "shipped": float(slope) == shipped,
            }
        )
    return rows


def finalize(
    result: FitResult,
    arms: Sequence[Arm],
    *,
    seed: int,
    data_sha256: str,
    slope_table: list[dict[str, Any]] | None = None,
) -> fc.ModelParams:
    """The fitted model with its uncertainty, ready to write or to forecast with."""
    points = sigma_points(result, arms)
    return fc.ModelParams(
        version=fc.MODEL_VERSION,
        values=dict(result.params.values),
        uncertainty=fc.Uncertainty(
            sigma_points=tuple(points),
            between_trial_rel=(
                result.tau_rel[Site.LUMBAR_SPINE],
                result.tau_rel[Site.FEMORAL_NECK],
            ),
            background_sd=(
                result.background_sd[Site.LUMBAR_SPINE],
                result.background_sd[Site.FEMORAL_NECK],
            ),
        ),
        meta={
            "seed": seed,
            "data_sha256": data_sha256,
            "cost": result.cost,
            "saturation_slope_table": slope_table,
        },
    )


def params_document(params: fc.ModelParams, result: FitResult | None = None) -> dict[str, Any]:
    """The versioned parameter file: every value with its tag, prior/bounds and source."""
    sd = {}
    if result is not None:
        diag = np.sqrt(np.clip(np.diag(result.covariance), 0.0, None))
        sd = {n: float(s) for n, s in zip(MECHANICAL, diag, strict=True)}
    entries: dict[str, Any] = {}
    for name in fc.PARAMETER_NAMES:
        value = round(float(params.values[name]), 6)
        if name in PRIORS:
            p = PRIORS[name]
            entry = {
                "value": value,
                "tag": "fitted",
                "prior": {"centre": p.centre, "sd": p.sd},
                "bounds": [p.lo, p.hi],
                "source": p.source,
                "note": p.note,
            }
            if name in sd:
                entry["posterior_sd"] = round(sd[name], 6)
        elif name in BACKGROUND_PRIORS:
            p = BACKGROUND_PRIORS[name]
            entry = {
                "value": value,
                "tag": "fitted",
                "prior": {"centre": p.centre, "log_sd": p.sd},
                "bounds": [p.lo, p.hi],
                "source": p.source,
                "note": p.note,
            }
        else:
            fixed = FIXED[name]
            entry = {"value": value, "tag": fixed[1], "source": fixed[2], "note": fixed[3]}
        entries[name] = entry
    unc = params.uncertainty
    return {
        "version": params.version,
        "model": "osteoload mechanostat (see osteoload.engine.forecast)",
        "fitted_to": "data/calibration/trials.json (copy of the project's shared calibration file)",
        "seed": params.meta.get("seed"),
        "data_sha256": params.meta.get("data_sha256"),
        "objective": None if result is None else round(result.cost, 6),
        "parameters": entries,
        "saturation_slope_table": params.meta.get("saturation_slope_table"),
        "uncertainty": {
            "method": "sigma points ± 1 SD along the directions of the Laplace covariance that "
            "carry most of the forecast variance (reduced-rank delta method); "
            "relative between-trial SD: the largest of the method-of-moments estimate "
            "(DerSimonian–Laird style), the leave-one-trial-out estimate and the "
            "leave-one-trial-out estimate pooled over both sites; "
            "background SD growing with √time, from the control arms' departures from the "
            "cohort background",
            "sigma_points": [
                {
                    "plus": {k: round(v, 6) for k, v in plus.items()},
                    "minus": {k: round(v, 6) for k, v in minus.items()},
                }
                for plus, minus in unc.sigma_points
            ],
            "between_trial_sd_points": None
            if result is None
            else {s.value: round(result.tau[s], 4) for s in SITES},
            "cross_validated_sd_points": None
            if result is None or result.tau_cv is None
            else {s.value: round(result.tau_cv[s], 4) for s in SITES},
            "cross_validated_rel_pooled": None
            if result is None or result.tau_rel_pooled is None
            else round(result.tau_rel_pooled, 6),
            "between_trial_rel": {
                "lumbar_spine": round(unc.between_trial_rel[0], 6),
                "femoral_neck": round(unc.between_trial_rel[1], 6),
            },
            "background_sd_points_per_sqrt_year": {
                "lumbar_spine": round(unc.background_sd[0], 6),
                "femoral_neck": round(unc.background_sd[1], 6),
            },
        },
    }


def write_params(path: str | Path, params: fc.ModelParams, result: FitResult | None = None) -> None:
    text = json.dumps(params_document(params, result), ensure_ascii=False, indent=2) + "\n"
    Path(path).write_text(text, encoding="utf-8")


# --- leave-one-trial-out --------------------------------------------------------------------------


def leave_one_trial_out(
    arms: Sequence[Arm],
    targets: Sequence[Target],
    fitted: fc.ModelParams,
    *,
    seed: int = DEFAULT_SEED,
    max_nfev: int | None = None,
) -> list[dict[str, Any]]:
    """Refit without each trial (starting from the full fit) and predict its differences."""
    model = ArmModel(arms)
    trials = sorted({t.trial for t in targets if t.kind != "control"})
    rows: list[dict[str, Any]] = []
    for trial in trials:
        kept = [t for t in targets if t.trial != trial]
        res = fit(
            arms,
            kept,
            seed=seed,
            starts=1,
            start_from=fitted,
            tau_iterations=1,
            max_nfev=max_nfev,
            model=model,
        )
        model.set_trial_backgrounds(res.params, targets)
        held = [t for t in targets if t.trial == trial and t.kind != "control"]
        pred = predict_targets(model, res.params, held)
        for t, p in zip(held, pred, strict=True):
            rows.append(
                {
                    "trial": t.trial,
                    "arm": t.label,
                    "site": t.site.value,
                    "months": t.months,
                    "observed": round(t.observed, 2),
                    "predicted": round(float(p), 2),
                    "error": round(float(p) - t.observed, 2),
                }
            )
    return rows


def cross_validated_tau(
    loto_rows: Sequence[Mapping[str, Any]], targets: Sequence[Target]
) -> dict[Site, float]:
    """Between-trial SD per site from the leave-one-trial-out errors: the variance of the errors
    beyond what the trials' own standard errors explain, τ² = max(0, mean(err²) − mean(SE²))."""
    se = {(t.trial, t.label, t.site.value): t.se for t in targets if t.kind != "control"}
    tau: dict[Site, float] = {}
    for site in SITES:
        rows = [r for r in loto_rows if r["site"] == site.value]
        if not rows:
            tau[site] = 0.0
            continue
        err2 = float(np.mean([r["error"] ** 2 for r in rows]))
        se2 = float(np.mean([se[(r["trial"], r["arm"], r["site"])] ** 2 for r in rows]))
        tau[site] = math.sqrt(max(err2 - se2, 0.0))
    return tau


def pooled_relative_tau(loto_rows: Sequence[Mapping[str, Any]], targets: Sequence[Target]) -> float:
    """Between-trial SD relative to the predicted effect, from the leave-one-trial-out errors of
    both sites together: each error's variance is its trial's SE² plus (τ_rel · predicted)², so
    by the method of moments τ_rel² = max(0, Σ(err² − SE²) / Σ predicted²)."""
    se = {(t.trial, t.label, t.site.value): t.se for t in targets if t.kind != "control"}
    excess = sum(r["error"] ** 2 - se[(r["trial"], r["arm"], r["site"])] ** 2 for r in loto_rows)
    scale = sum(r["predicted"] ** 2 for r in loto_rows)
    return math.sqrt(max(excess, 0.0) / scale) if scale > 0 else 0.0


def _shipped_uncertainty() -> Mapping[str, Any]:
    document = json.loads(fc.params_path().read_text(encoding="utf-8"))
    uncertainty: Mapping[str, Any] = document["uncertainty"]
    return uncertainty


def shipped_cross_validated_tau() -> dict[Site, float] | None:
    """The out-of-sample between-trial SD recorded in the shipped parameter file, if any."""
    points = _shipped_uncertainty().get("cross_validated_sd_points")
    return None if not points else {s: float(points[s.value]) for s in SITES}


def shipped_pooled_relative_tau() -> float:
    """The pooled relative between-trial SD recorded in the shipped parameter file (0 if none)."""
    return float(_shipped_uncertainty().get("cross_validated_rel_pooled") or 0.0)


# --- qualitative checks ---------------------------------------------------------------------------


def _postmenopausal(age: int, years_since: int, weight_kg: float, **extra: Any) -> dict[str, Any]:
    """A representative woman after menopause, as a trial's arms are encoded."""
    return {
        "age": age,
        "sex": "female",
        "menopause": "post",
        "years_since_menopause": years_since,
        "weight_kg": weight_kg,
        **extra,
    }


PM_WOMAN = _postmenopausal(60, 10, 65)
PRE_WOMAN = {"age": 40, "sex": "female", "menopause": "pre", "weight_kg": 65}
HEAVY = [
    {"pattern": "hinge", "sets": 5, "reps": 5, "pct_1rm": 85},
    {"pattern": "squat", "sets": 5, "reps": 5, "pct_1rm": 85},
    {"pattern": "push_vertical", "sets": 5, "reps": 5, "pct_1rm": 85},
    {"pattern": "impact", "contacts": 25, "impact": "high"},
]


def _effect(
    params: fc.ModelParams, profile: Mapping[str, Any], training: Mapping[str, Any], months: int
) -> dict[str, float]:
    req = fc.parse_request({"profile": dict(profile), "months": months, "training": dict(training)})
    out = fc.forecast_requests([req], params)[0]
    return {s.value: float(out[s.value]["final"]["training_effect_pct"]) for s in SITES}


def _effect_at(
    params: fc.ModelParams, profile: Mapping[str, Any], training: Mapping[str, Any], months: int
) -> dict[str, list[float]]:
    req = fc.parse_request({"profile": dict(profile), "months": months, "training": dict(training)})
    out = fc.forecast_requests([req], params)[0]
    return {s.value: list(out[s.value]["training_effect_pct"]) for s in SITES}


def qualitative_checks(params: fc.ModelParams) -> list[dict[str, Any]]:
    """The issue's qualitative checks, each with its numbers and a pass/fail verdict."""
    checks: list[dict[str, Any]] = []

    w = _effect(params, PM_WOMAN, WALKING_ONLY, 12)
    checks.append(
        {
            "code": "walking_only",
            "en": "Walking only (3000 steps, 5×/week, 12 months) ≈ no gain",
            "values": w,
            "criterion": "effect < 0.3 % at both sites",
            "passed": all(abs(v) < 0.3 for v in w.values()),
        }
    )

    def heavy(spw: float) -> dict[str, Any]:
        return {"kind": "protocol", "sessions_per_week": spw, "adherence": 1.0, "exercises": HEAVY}

    one = _effect(params, PM_WOMAN, heavy(1.0), 12)
    low = _effect(params, PM_WOMAN, heavy(1.75), 12)
    three = _effect(params, PM_WOMAN, heavy(3.0), 12)
    checks.append(
        {
            "code": "under_two_sessions",
            "en": "A heavy program under 2 sessions/week gains little: once a week ≈ nothing, "
            "1.75×/week less than 3×/week",
            "values": {"1_per_week": one, "1.75_per_week": low, "3_per_week": three},
            "criterion": "1×/week < 0.5 % at both sites and < 15 % of the 3×/week effect; "
            "1.75×/week < 3×/week",
            "passed": all(one[s] < 0.5 and one[s] < 0.15 * three[s] for s in one)
            and all(low[s] < three[s] for s in low),
        }
    )

    light = {
        "kind": "protocol",
        "sessions_per_week": 2,
        "adherence": 1.0,
        "exercises": [
            {"pattern": "hinge", "sets": 3, "reps": 20, "pct_1rm": 40},
            {"pattern": "squat", "sets": 3, "reps": 20, "pct_1rm": 40},
            {"pattern": "push_vertical", "sets": 3, "reps": 20, "pct_1rm": 40},
        ],
    }
    heavy_lifts = {
        "kind": "protocol",
        "sessions_per_week": 2,
        "adherence": 1.0,
        "exercises": HEAVY[:3],
    }
    hv = _effect(params, PM_WOMAN, heavy_lifts, 12)
    lt = _effect(params, PM_WOMAN, light, 12)
    checks.append(
        {
            "code": "heavy_beats_light",
            "en": "Heavy (5×5 at 85 %) beats light (3×20 at 40 %) lifting",
            "values": {"heavy": hv, "light": lt},
            "criterion": "heavy > light at both sites, and heavy − light > 0.5 % at the spine",
            "passed": all(hv[s] > lt[s] for s in hv)
            and hv["lumbar_spine"] - lt["lumbar_spine"] > 0.5,
        }
    )

    detrain = {**heavy(2.0), "stop_after_months": 12}
    path = _effect_at(params, PM_WOMAN, detrain, 24)
    peak = {s: max(v) for s, v in path.items()}
    left = {s: v[-1] for s, v in path.items()}
    checks.append(
        {
            "code": "detraining",
            "en": "Detraining: 12 months of training then 12 months off loses most of the gain",
            "values": {"peak": peak, "after_12_months_off": left},
            "criterion": "what is left after a year off < 25 % of the peak at both sites",
            "passed": all(left[s] < 0.25 * peak[s] for s in peak if peak[s] > 0.05),
        }
    )

    jumps = {
        "kind": "protocol",
        "sessions_per_week": 6,
        "adherence": 0.8,
        "exercises": [{"pattern": "impact", "contacts": 50, "impact": "moderate"}],
    }
    high_jumps = {
        "kind": "protocol",
        "sessions_per_week": 3,
        "adherence": 0.7,
        "exercises": [{"pattern": "impact", "contacts": 100, "impact": "high"}],
    }
    pm_jumper = {**PM_WOMAN, "age": 56, "years_since_menopause": 6}
    post = _effect(params, pm_jumper, jumps, 12)
    high_post = _effect(params, pm_jumper, high_jumps, 12)
    high_pre = _effect(params, PRE_WOMAN, high_jumps, 12)
    checks.append(
        {
            "code": "jumping_after_menopause",
            "en": "Jumping alone does little after menopause: Bassey 1998's program gains "
            "nothing, and Heinonen 1996's high-impact program gains less after menopause than "
            "before",
            "values": {
                "bassey_postmenopausal": post,
                "high_impact_postmenopausal": high_post,
                "high_impact_premenopausal": high_pre,
            },
            # v4 also asked < 0.5 % of the high-impact program after menopause: no trial in the
            # notes tested that dose after menopause (the postmenopausal ones, Bassey 1998 and
            # Bassey & Ramsdale 1995, used small daily jumps or heel drops: this check and the
            # hold-out), so v5 keeps only the comparison.
            "criterion": "Bassey program's postmenopausal femoral-neck effect < 0.5 %; the "
            "high-impact program's postmenopausal effect below the premenopausal one",
            "passed": post["femoral_neck"] < 0.5
            and high_post["femoral_neck"] < high_pre["femoral_neck"],
        }
    )
    return checks


# --- hold-out validation (never fitted) -----------------------------------------------------------

EFOPS_PROGRAM = [
    {"pattern": "impact", "contacts": 60, "impact": "moderate"},
    {"pattern": "squat", "sets": 2, "reps": 8, "pct_1rm": 75},
    {"pattern": "hinge", "sets": 2, "reps": 8, "pct_1rm": 75},
    {"pattern": "push_horizontal", "sets": 2, "reps": 8, "pct_1rm": 75},
    {"pattern": "pull_horizontal", "sets": 2, "reps": 8, "pct_1rm": 75},
    {"pattern": "back_extension", "sets": 2, "reps": 8, "pct_1rm": 75},
]
EFOPS_DESIGNED = [{**e, "pct_1rm": 80} if "pct_1rm" in e else e for e in EFOPS_PROGRAM]
EFOPS_WOMAN = _postmenopausal(55, 4, 67)


@dataclass(frozen=True, slots=True)
class HoldoutCase:
    trial: str
    label: str
    site: Site
    months: int
    observed: float
    profile: Mapping[str, Any]
    exercise: Mapping[str, Any]
    control: Mapping[str, Any]
    source: str
    note: str
    scored: bool = True


def _protocol(
    spw: float, adherence: float, exercises: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    return {
        "kind": "protocol",
        "sessions_per_week": spw,
        "adherence": adherence,
        "exercises": exercises,
        **extra,
    }


NONE: dict[str, Any] = {"kind": "none"}
ACTLIFE_WOMAN = _postmenopausal(54, 3, 68)
ACTLIFE_EX = [
    {"pattern": "impact", "contacts": 40, "impact": "high"},
    {"pattern": "squat", "sets": 2, "reps": 8, "pct_1rm": 80, "tempo": "explosive"},
    {"pattern": "hinge", "sets": 2, "reps": 8, "pct_1rm": 80, "tempo": "explosive"},
    {"pattern": "pull_horizontal", "sets": 2, "reps": 8, "pct_1rm": 80, "tempo": "explosive"},
    {"pattern": "back_extension", "sets": 2, "reps": 8, "pct_1rm": 80, "tempo": "explosive"},
]
ACTLIFE_TRAINING = _protocol(3, 0.8, ACTLIFE_EX)
ACTLIFE_SENSITIVITY = "sensitivity: 3 × 8 at 85 % 1RM, every session attended"
"""The hold-out row of ACTLIFE encoded as a 3-set programme at full attendance (not scored)."""
ACTLIFE_ATTENTION_CONTROL = _protocol(
    1, 0.8, [{"pattern": "lunge", "sets": 2, "reps": 12, "pct_1rm": 30}]
)
BEMBEN_WOMAN = _postmenopausal(51, 3, 68)
WHOLE_BODY = (
    "squat",
    "hinge",
    "lunge",
    "push_horizontal",
    "push_vertical",
    "pull_vertical",
    "pull_horizontal",
    "back_extension",
)
"""The patterns of a whole-body machine program, for trials that do not list their exercises."""


def _lifts(sets: int, reps: int, pct_1rm: float) -> list[dict[str, Any]]:
    """The same sets × reps at pct_1rm for every pattern of `WHOLE_BODY`."""
    return [{"pattern": p, "sets": sets, "reps": reps, "pct_1rm": pct_1rm} for p in WHOLE_BODY]


BEMBEN_HEAVY = _lifts(3, 8, 80)
BEMBEN_LIGHT = [{**e, "reps": 16, "pct_1rm": 40} for e in BEMBEN_HEAVY]
OLDER_WOMAN = _postmenopausal(64, 14, 70)
"""A woman in the middle of Bemben & Bemben 2011's 55–74 (79 of its 124 adults were women)."""
HUMPHRIES_WOMAN = _postmenopausal(55, 5, 68)
HUMPHRIES_WEIGHTS = _protocol(2, 0.85, _lifts(3, 8, 75))
HUMPHRIES_WALKING = _protocol(2, 0.85, [{"pattern": "impact", "contacts": 5000, "impact": "low"}])
"""50 minutes of walking: walking steps (low impact)."""
KERR_WOMAN = _postmenopausal(60, 10, 65)
"""Age, years since menopause and weight are not in Kerr 1996's abstract (assumed)."""
KERR_STRENGTH = "strength, 3 × 8RM, trained vs untrained side (trochanter)"
KERR_ENDURANCE = "endurance, 3 × 20RM, trained vs untrained side (trochanter)"


def _kerr(reps: int) -> dict[str, Any]:
    """Kerr 1996's hip work, 3 sets taken to the reps' maximum: the leg press the abstract names
    (the catalogue's squat pattern) and a hip extension (hinge) for the other hip exercises; the
    load of an n-repetition maximum by Epley's formula (epley_1985, as the progression engine
    uses it); 3 sessions a week and 85 % attended assumed."""
    pct = round(epley_pct_1rm(reps), 1)
    return _protocol(
        3,
        0.85,
        [{"pattern": p, "sets": 3, "reps": reps, "pct_1rm": pct} for p in ("squat", "hinge")],
    )


FROST_SPINE_SMD = 0.72
"""FrOST's effect on lumbar-spine BMD after 18 months, as a standardised mean difference
(kemmler_2020_frost)."""
SMD_PER_POINT = 0.3
"""The notes' rule for trials of about a year: an SMD of 0.3 is about 1 percentage point
(shojaa_2020_meta; `TRIAL_SD_POINTS` gives the range behind it)."""
TRIAL_SD_POINTS = (2.6, 4.5)
"""SD of the 8–12-month % change in BMD within exercise trials' groups (LIFTMOR 2.6–2.8, Nelson
1994 3.6–4.5; the notes' conversion of an SMD into points, shojaa_2020_meta): an SMD times this
range gives the difference in percentage points."""


KOHRT_WOMAN = _postmenopausal(67, 17, 68)
KOHRT_JRF = _protocol(
    3,
    0.85,
    [
        {"pattern": p, "sets": 3, "reps": 10, "pct_1rm": 70}
        for p in ("squat", "hinge", "pull_horizontal", "push_vertical")
    ],
)
KOHRT_GRF = _protocol(
    4,
    0.85,
    [
        {"pattern": "impact", "contacts": 2000, "impact": "low"},
        {"pattern": "impact", "contacts": 300, "impact": "moderate"},
    ],
)
WALKING_ONLY = _protocol(5, 1.0, [{"pattern": "impact", "contacts": 3000, "impact": "low"}])
"""Walking alone: 3000 steps, 5 days a week (the qualitative check; the pooled comparison)."""
IWAMOTO_WOMAN = _postmenopausal(65, 15, 48)
IWAMOTO_TRAINING = _protocol(
    7,
    0.8,
    [
        {"pattern": "impact", "contacts": 4000, "impact": "low"},
        *({"pattern": p, "sets": 2, "reps": 10} for p in ("squat", "lunge", "back_extension")),
    ],
)
PREMENOPAUSAL_WOMAN = {"age": 34, "sex": "female", "menopause": "pre", "weight_kg": 62}
WOMAN_OF_62 = _postmenopausal(62, 12, 65)
"""A postmenopausal woman for trials whose abstracts give no age or weight (assumed)."""
MOSTI_SQUATS = _protocol(
    3, 0.9, [{"pattern": "squat", "sets": 4, "reps": 4, "pct_1rm": 87, "tempo": "explosive"}]
)
"""Mosti's squat maximal strength training: 4 × 3–5 at 85–90 % 1RM, explosive, 3 a week."""
LOHMAN_RT = _protocol(3, 0.8, _lifts(3, 10, 75))
WARREN_ST = _lifts(3, 10, 65)
COLLEGE_WOMAN = {"age": 20, "sex": "female", "menopause": "pre", "weight_kg": 60}
SNOW_HARTER_JOG = _protocol(3, 0.97, [{"pattern": "impact", "contacts": 300, "impact": "moderate"}])
SNOW_HARTER_WT = _protocol(3, 0.92, _lifts(3, 10, 70))
VAINIONPAA_IMPACT = _protocol(3, 0.8, [{"pattern": "impact", "contacts": 100, "impact": "high"}])
BEAVERS_ADULT = {
    "age": 69,
    "sex": "female",
    "menopause": "post",
    "weight_kg": 86,
    "height_cm": 162,
}
BEAVERS_RT = _protocol(3, 0.85, _lifts(3, 10, 70))
BEAVERS_AT = _protocol(4, 0.85, [{"pattern": "impact", "contacts": 3000, "impact": "low"}])
"""Treadmill walking, 30 min at 65–70 % of heart-rate reserve: walking steps (low impact)."""
BEST_WOMAN = _postmenopausal(56, 5, 70, medications=["hormone_therapy"])
BEST_EX = [
    {"pattern": "back_extension", "sets": 2, "reps": 7, "pct_1rm": 75},
    {"pattern": "squat", "sets": 2, "reps": 7, "pct_1rm": 75},
    {"pattern": "lunge", "sets": 2, "reps": 7, "pct_1rm": 75},
    {"pattern": "pull_vertical", "sets": 2, "reps": 7, "pct_1rm": 75},
    {"pattern": "push_vertical", "sets": 2, "reps": 7, "pct_1rm": 75},
    {"pattern": "pull_horizontal", "sets": 2, "reps": 7, "pct_1rm": 75},
    {"pattern": "impact", "contacts": 60, "impact": "moderate"},
]

HOLDOUT: tuple[HoldoutCase, ...] = (
    # EFOPS long term, encoded as the calibration file encodes its 14- and 38-month reports:
    # the program as designed (2 supervised + 2 home sessions a week, 75 % attended).
    *(
        HoldoutCase(
            "EFOPS 16 years",
            f"exercise vs control, {y} y",
            site,
            12 * y,
            obs,
            EFOPS_WOMAN,
            _protocol(4, 0.75, EFOPS_DESIGNED),
            NONE,
            "kemmler_2016_efops_long_term",
            "EFOPS program as designed, as in the calibration file (4 sessions a week, 75 % "
            "attended, 80 % 1RM).",
        )
        for site, series in (
            (Site.LUMBAR_SPINE, ((4, 2.4), (8, 3.1), (12, 3.9), (16, 4.5))),
            (Site.FEMORAL_NECK, ((4, 0.9), (8, 1.9), (12, 2.0), (16, 3.0))),
        )
        for y, obs in series
    ),
    # The same series with the whole group as one client at its mean achieved frequency: shown
    # to expose the sensitivity to encoding (a mean client is not the mean of a mixture of
    # frequent and infrequent exercisers once the frequency response is non-linear).
    *(
        HoldoutCase(
            "EFOPS 16 years",
            f"one client at 2.2/week, {y} y",
            site,
            12 * y,
            obs,
            EFOPS_WOMAN,
            _protocol(2.2, 1.0, EFOPS_PROGRAM),
            NONE,
            "kemmler_2016_efops_long_term",
            "Sensitivity to encoding: 2.2 sessions/week is the mean achieved frequency of the "
            "12-year exercisers (25 at 2–3.5, 16 at 1.5–2), all attended, 75 % 1RM; shown, "
            "not scored.",
            scored=False,
        )
        for site, series in (
            (Site.LUMBAR_SPINE, ((4, 2.4), (8, 3.1), (12, 3.9), (16, 4.5))),
            (Site.FEMORAL_NECK, ((4, 0.9), (8, 1.9), (12, 2.0), (16, 3.0))),
        )
        for y, obs in series
    ),
    HoldoutCase(
        "EFOPS 12 years",
        "all exercisers vs control",
        Site.LUMBAR_SPINE,
        144,
        3.2,
        EFOPS_WOMAN,
        _protocol(4, 0.75, EFOPS_DESIGNED),
        NONE,
        "kemmler_2012_efops_12y",
        "LS −0.8 % vs −4.0 %: the same women as the calibration file's frequency arms, pooled, "
        "so not independent of the fit; shown, not scored.",
        scored=False,
    ),
    HoldoutCase(
        "EFOPS 12 years",
        "exercise vs control",
        Site.FEMORAL_NECK,
        144,
        3.0,
        EFOPS_WOMAN,
        _protocol(4, 0.75, EFOPS_DESIGNED),
        NONE,
        "kemmler_2012_efops_12y",
        "FN −3.7 % vs −6.7 %; the LS result of the same report is in the calibration file's "
        "frequency arms.",
    ),
    HoldoutCase(
        "ACTLIFE",
        "exercise vs attention control",
        Site.LUMBAR_SPINE,
        13,
        1.25,
        ACTLIFE_WOMAN,
        ACTLIFE_TRAINING,
        ACTLIFE_ATTENTION_CONTROL,
        "hettchen_2021_actlife",
        "+0.002 vs −0.009 g/cm² turned into % with an assumed baseline of 0.88 g/cm² "
        "(osteopenic early-postmenopausal women); exercise content and adherence assumed.",
    ),
    HoldoutCase(
        "ACTLIFE",
        ACTLIFE_SENSITIVITY,
        Site.LUMBAR_SPINE,
        13,
        1.25,
        ACTLIFE_WOMAN,
        _protocol(
            3, 1.0, [{**e, "sets": 3, "pct_1rm": 85} if "sets" in e else e for e in ACTLIFE_EX]
        ),
        ACTLIFE_ATTENTION_CONTROL,
        "hettchen_2021_actlife",
        "Sensitivity to encoding: the same programme with 3 sets at 85 % 1RM and full attendance "
        "(adherence 1.0); shown, not scored.",
        scored=False,
    ),
    HoldoutCase(
        "ACTLIFE",
        "exercise vs attention control, total hip",
        Site.FEMORAL_NECK,
        13,
        -0.12,
        ACTLIFE_WOMAN,
        ACTLIFE_TRAINING,
        ACTLIFE_ATTENTION_CONTROL,
        "hettchen_2021_actlife",
        "−0.010 vs −0.009 g/cm² at the total hip turned into % with an assumed baseline of "
        "0.80 g/cm²; the femoral neck is not reported, so shown, not scored.",
        scored=False,
    ),
    HoldoutCase(
        "Bemben 2000",
        "high load vs control",
        Site.LUMBAR_SPINE,
        6,
        0.0,
        BEMBEN_WOMAN,
        _protocol(3, 0.85, BEMBEN_HEAVY),
        NONE,
        "bemben_2000_rt_intensity",
        "No significant change in either group (0 used); 8 of the 12 exercises mapped to patterns.",
    ),
    HoldoutCase(
        "Bemben 2000",
        "high load vs control",
        Site.FEMORAL_NECK,
        6,
        0.0,
        BEMBEN_WOMAN,
        _protocol(3, 0.85, BEMBEN_HEAVY),
        NONE,
        "bemben_2000_rt_intensity",
        "No significant change in either group (0 used).",
    ),
    HoldoutCase(
        "Bemben 2000",
        "high repetition vs control",
        Site.LUMBAR_SPINE,
        6,
        0.0,
        BEMBEN_WOMAN,
        _protocol(3, 0.85, BEMBEN_LIGHT),
        NONE,
        "bemben_2000_rt_intensity",
        "No significant change (0 used).",
    ),
    HoldoutCase(
        "Bemben & Bemben 2011",
        "high (80 % 1RM) vs low (40 % 1RM) intensity, 3 a week",
        Site.LUMBAR_SPINE,
        9,
        0.0,
        OLDER_WOMAN,
        _protocol(3, 0.85, BEMBEN_HEAVY),
        _protocol(3, 0.85, BEMBEN_LIGHT),
        "bemben_2011_rt_frequency",
        "Spine BMD rose in every group, with no group × time interaction (0 used): heavy lifting "
        "gained no more than light. 40 weeks as 9 months; 8 and 16 reps as in the same group's "
        "2000 trial, a whole-body program and 85 % attendance assumed. The trial also set "
        "`frequency_full` (2 and 3 a week alike), so only its intensity contrast is held out.",
    ),
    HoldoutCase(
        "Humphries 2000",
        "weight training vs walking (women of 45–65 without HRT)",
        Site.LUMBAR_SPINE,
        6,
        0.0,
        HUMPHRIES_WOMAN,
        HUMPHRIES_WEIGHTS,
        HUMPHRIES_WALKING,
        "humphries_2000_intensity",
        "No significant group difference in L2–L4 BMD after 24 weeks (0 used; the walking group "
        "lost 1.3 % within group, the weights group's change is not in the abstract). Twice a "
        "week at 60–90 % 1RM; exercises, sets and attendance not in the abstract (a whole-body "
        "program, 3 × 8 at 75 %, 85 % attended assumed); 24 weeks as 6 months; a woman of 55, "
        "5 years after menopause.",
    ),
    # Kerr 1996 trained one side of the body and compared it with the other; the abstract
    # reports the trochanter, not the femoral neck, so the rows are shown, not scored.
    HoldoutCase(
        "Kerr 1996",
        KERR_STRENGTH,
        Site.FEMORAL_NECK,
        12,
        2.3,
        KERR_WOMAN,
        _kerr(8),
        NONE,
        "kerr_1996_load",
        "Trochanter +1.7 % on the trained side vs −0.6 % on the other after a year (the femoral "
        "neck is not in the abstract, so the trochanter's difference is set against the model's "
        "femoral neck): shown, not scored. 8RM as 79 % 1RM.",
        scored=False,
    ),
    HoldoutCase(
        "Kerr 1996",
        KERR_ENDURANCE,
        Site.FEMORAL_NECK,
        12,
        0.0,
        KERR_WOMAN,
        _kerr(20),
        NONE,
        "kerr_1996_load",
        "No significant gain at any hip site with the endurance regimen (0 used), although "
        "strength rose as much as with 8RM: shown, not scored. 20RM as 60 % 1RM. The model "
        "gives these lighter sets at least as much as the heavier ones (see Intensity under "
        "where the model is weak).",
        scored=False,
    ),
    HoldoutCase(
        "Kohrt 1997",
        "weight lifting + rowing (JRF)",
        Site.LUMBAR_SPINE,
        11,
        1.5,
        KOHRT_WOMAN,
        KOHRT_JRF,
        NONE,
        "kohrt_1997_grf_jrf",
        "Controls showed no significant change (0 used); frequency and loads not in the "
        "abstract (assumed).",
    ),
    HoldoutCase(
        "Kohrt 1997",
        "walking, jogging, stairs (GRF)",
        Site.FEMORAL_NECK,
        11,
        3.5,
        KOHRT_WOMAN,
        KOHRT_GRF,
        NONE,
        "kohrt_1997_grf_jrf",
        "Controls no significant change (0 used); jogging mapped to 300 moderate contacts "
        "(assumed).",
    ),
    HoldoutCase(
        "Kohrt 1997",
        "weight lifting + rowing (JRF)",
        Site.FEMORAL_NECK,
        11,
        -0.2,
        KOHRT_WOMAN,
        KOHRT_JRF,
        NONE,
        "kohrt_1997_grf_jrf",
        "Femoral neck −0.2 % with lifting (controls: no significant change, 0 used).",
    ),
    HoldoutCase(
        "Kohrt 1997",
        "walking, jogging, stairs (GRF)",
        Site.LUMBAR_SPINE,
        11,
        1.8,
        KOHRT_WOMAN,
        KOHRT_GRF,
        NONE,
        "kohrt_1997_grf_jrf",
        "Controls no significant change (0 used).",
    ),
    HoldoutCase(
        "Bemben 2000",
        "high repetition vs control",
        Site.FEMORAL_NECK,
        6,
        0.0,
        BEMBEN_WOMAN,
        _protocol(3, 0.85, BEMBEN_LIGHT),
        NONE,
        "bemben_2000_rt_intensity",
        "No significant change (0 used).",
    ),
    HoldoutCase(
        "Allison 2013",
        "unilateral hopping, exercised vs control leg (men)",
        Site.FEMORAL_NECK,
        12,
        1.6,
        {"age": 70, "sex": "male", "weight_kg": 80},
        _protocol(7, 0.9, [{"pattern": "impact", "contacts": 50, "impact": "high"}]),
        NONE,
        "allison_2013_hopping_men",
        "+0.7 % in the exercised leg vs −0.9 % in the other leg; single-leg landings are high "
        "impact in the catalogue (single_leg_hop); the program rose to 50 hops over the first "
        "weeks (50 used throughout).",
    ),
    HoldoutCase(
        "LIFTMOR-M",
        "HiRIT vs control (men)",
        Site.LUMBAR_SPINE,
        8,
        3.2,
        {
            "age": 65,
            "sex": "male",
            "weight_kg": 82,
            "dxa": [{"site": "femoral_neck", "t_score": -1.6}],
        },
        _protocol(
            2,
            0.78,
            [
                {"pattern": "hinge", "sets": 5, "reps": 5, "pct_1rm": 85},
                {"pattern": "squat", "sets": 5, "reps": 5, "pct_1rm": 85},
                {"pattern": "push_vertical", "sets": 5, "reps": 5, "pct_1rm": 85},
                {"pattern": "impact", "contacts": 25, "impact": "high"},
            ],
        ),
        NONE,
        "harding_2020_liftmor_m",
        "+4.1 % vs +0.9 % (non-randomised controls); LIFTMOR's program as the calibration file "
        "encodes it, 78 % attended. The femoral-neck result is not in the abstract read.",
    ),
    # FrOST's final report gives its effects as SMDs only, so the points are approximate.
    HoldoutCase(
        "FrOST (Kemmler 2020)",
        "high-intensity resistance training vs control (men of 72 or more), 18 months",
        Site.LUMBAR_SPINE,
        18,
        round(FROST_SPINE_SMD / SMD_PER_POINT, 1),
        {"age": 78, "sex": "male", "weight_kg": 85},
        _protocol(
            2,
            0.93,
            [
                {"pattern": p, "sets": 1, "reps": 8, "pct_1rm": 80, "tempo": "explosive"}
                for p in WHOLE_BODY
            ],
        ),
        NONE,
        "kemmler_2020_frost",
        f"Lumbar-spine BMD (DXA) SMD {FROST_SPINE_SMD} after 18 months, turned into points with "
        "the notes' rule (an SMD of 0.3 ≈ 1 point): shown, not scored. Single sets on machines "
        "with high intensity, effort and velocity, twice a week, 93 % attended (at 36 weeks); "
        "the machines are not in the abstracts (the whole-body patterns, 1 × 8 at 80 % 1RM "
        "assumed); men of 78 ± 4 years, mostly obese (85 kg assumed).",
        scored=False,
    ),
    *(
        HoldoutCase(
            "Lohman 1995",
            f"weight training vs control (premenopausal), {m} months",
            Site.LUMBAR_SPINE,
            m,
            obs,
            PREMENOPAUSAL_WOMAN,
            LOHMAN_RT,
            NONE,
            "lohman_1995_premenopausal_rt",
            "10 lifts; sets, loads and attendance not in the abstract (3 × 10 at 75 % 1RM, "
            "3 a week, 80 % attended assumed).",
        )
        for m, obs in ((5, 2.8), (12, 2.3), (18, 1.9))
    ),
    HoldoutCase(
        "Bassey 1998",
        "jumping, premenopausal",
        Site.FEMORAL_NECK,
        5,
        2.8,
        {**PREMENOPAUSAL_WOMAN, "age": 38},
        _protocol(6, 0.8, [{"pattern": "impact", "contacts": 50, "impact": "moderate"}]),
        NONE,
        "bassey_1998_jumps",
        "Femoral BMD +2.8 % in 5 months, significantly more than controls (control change not "
        "in the abstract: 0 used); the same program as the calibration file's postmenopausal arm, "
        "with its encoding (moderate impacts, taken at 4.5 BW), though the young women's jumps "
        "measured 3.0 BW (the older women's 4.0): at 3.0 BW the model gives no gain.",
    ),
    HoldoutCase(
        "Mosti 2014",
        "squat maximal strength training (women of 22)",
        Site.LUMBAR_SPINE,
        3,
        2.2,
        {**PREMENOPAUSAL_WOMAN, "age": 22, "weight_kg": 62},
        MOSTI_SQUATS,
        NONE,
        "mosti_2014_young_women",
        "Lumbar spine +2.2 % in the training group after 12 weeks (the control group's change is "
        "not in the abstract: 0 used); 4 × 3–5 at 85–90 % 1RM, high acceleration, 3 a week; "
        "attendance assumed.",
    ),
    # The same squat training after menopause (Mosti 2013): bone mineral content of the 8 women
    # per group who finished, within the training group, so shown, not scored.
    *(
        HoldoutCase(
            "Mosti 2013",
            "squat maximal strength training (postmenopausal, low bone mass; BMC)",
            site,
            3,
            observed,
            WOMAN_OF_62,
            MOSTI_SQUATS,
            NONE,
            "mosti_2013_postmenopausal",
            "Bone mineral content (not density) +2.9 % at the lumbar spine and +4.9 % at the "
            "femoral neck in the training group after 12 weeks (the control group's change is not "
            "in the abstract: 0 used); 8 women per group finished; the program as Mosti 2014's; "
            "age, weight and attendance assumed: shown, not scored.",
            scored=False,
        )
        for site, observed in ((Site.LUMBAR_SPINE, 2.9), (Site.FEMORAL_NECK, 4.9))
    ),
    *(
        HoldoutCase(
            "Warren 2008",
            "strength training vs standard care (premenopausal), 2 y",
            site,
            24,
            0.0,
            {**PREMENOPAUSAL_WOMAN, "age": 35, "weight_kg": 80},
            _protocol(2, 0.7, WARREN_ST),
            NONE,
            "warren_2008_premenopausal_st",
            "aBMD did not differ between groups at any site after 2 years (0 used); overweight "
            "untrained women of 25–44, twice a week; exercises, loads and attendance not in the "
            "abstract (8 lifts, 3 × 10 at 65 % 1RM, 70 % attended assumed).",
        )
        for site in SITES
    ),
    HoldoutCase(
        "Beavers 2017",
        "weight training vs treadmill walking, both during weight loss",
        Site.FEMORAL_NECK,
        5,
        1.71,
        BEAVERS_ADULT,
        BEAVERS_RT,
        BEAVERS_AT,
        "beavers_2017_weight_loss",
        "+9.14 vs −5.36 mg/cm² (adjusted for weight change) turned into % with an assumed "
        "baseline of 0.85 g/cm²; two 5-month trials of the same group (caloric restriction with "
        "either program), compared by their authors; weight loss itself is not modelled; 67 % "
        "women: a woman of 69 used; attendance assumed.",
    ),
    HoldoutCase(
        "Beavers 2017",
        "weight training vs treadmill walking, both during weight loss",
        Site.LUMBAR_SPINE,
        5,
        0.0,
        BEAVERS_ADULT,
        BEAVERS_RT,
        BEAVERS_AT,
        "beavers_2017_weight_loss",
        "No differential effect at the spine (0 used).",
    ),
    *(
        HoldoutCase(
            "Snow-Harter 1992",
            label,
            site,
            8,
            observed,
            COLLEGE_WOMAN,
            training,
            NONE,
            "snow_harter_1992_young_women",
            note,
        )
        for label, training, spine, note in (
            (
                "jogging (college women)",
                SNOW_HARTER_JOG,
                1.3,
                "Lumbar BMD +1.3 % with jogging, controls unchanged (0 used); progressive "
                "jogging, 97 % of sessions attended; 3 a week and 300 jogging-like landings a "
                "session assumed, as for Kohrt 1997.",
            ),
            (
                "weight training (college women)",
                SNOW_HARTER_WT,
                1.2,
                "Lumbar BMD +1.2 % with weight training, controls unchanged (0 used); 92 % "
                "attended; 3 a week, 8 lifts, 3 × 10 at 70 % 1RM assumed.",
            ),
        )
        for site, observed in ((Site.LUMBAR_SPINE, spine), (Site.FEMORAL_NECK, 0.0))
    ),
    *(
        HoldoutCase(
            "Vainionpää 2005",
            "high-impact exercise vs control (premenopausal), 12 months",
            site,
            12,
            observed,
            {"age": 38, "sex": "female", "menopause": "pre", "weight_kg": 65},
            VAINIONPAA_IMPACT,
            NONE,
            "vainionpaa_2005_premenopausal",
            note,
        )
        for site, observed, note in (
            (
                Site.FEMORAL_NECK,
                1.5,
                "Femoral neck +1.1 % vs −0.4 % in women of 35–40; supervised progressive "
                "high-impact classes 3 a week plus a home program; 100 high-impact landings a "
                "session (as for Heinonen 1996) and 80 % attended assumed.",
            ),
            (
                Site.LUMBAR_SPINE,
                0.0,
                "No effect on lumbar BMD (L1–L4) (0 used); encoded as at the femoral neck.",
            ),
        )
    ),
    HoldoutCase(
        "Gleeson 1990",
        "weight lifting vs matched controls (premenopausal)",
        Site.LUMBAR_SPINE,
        12,
        1.31,
        {**PREMENOPAUSAL_WOMAN, "age": 33},
        _protocol(3, 0.85, _lifts(1, 10, 70)),
        NONE,
        "gleeson_1990_premenopausal",
        "+0.81 % vs −0.5 % (dual-photon absorptiometry; groups matched, not randomised): shown, "
        "not scored; a modified Nautilus program, 1 set of 10 at 70 % 1RM, 3 a week assumed.",
        scored=False,
    ),
    HoldoutCase(
        "Rockwell 1990",
        "weight training vs sedentary women (premenopausal)",
        Site.LUMBAR_SPINE,
        9,
        -3.96,
        {**PREMENOPAUSAL_WOMAN, "age": 36},
        _protocol(2, 0.9, _lifts(3, 10, 70)),
        NONE,
        "rockwell_1990_premenopausal",
        "−3.96 % at 9 months in 10 women against no change in 7 sedentary women (not "
        "randomised; the densitometry method is not in the abstract): shown, not scored. The "
        "model cannot produce a loss from loading; the program's frequency and loads are "
        "assumed.",
        scored=False,
    ),
    *(
        HoldoutCase(
            "Iwamoto 1998",
            f"daily walking and gymnastics (osteoporosis, Japan), {m} months",
            Site.LUMBAR_SPINE,
            m,
            obs,
            IWAMOTO_WOMAN,
            IWAMOTO_TRAINING,
            NONE,
            "iwamoto_1998_walking_gymnastics",
            "Lumbar spine (L2–L4, DXA) +1.78 % at 6 months and +4.48 % at 12 against −0.54 % and "
            "+1.00 % in 20 controls, all on calcium and active vitamin D; the group's follow-up "
            "reports random assignment, and no difference from controls after a year off "
            "(iwamoto_2001_training_detraining). Walking time, the gymnastics and attendance are "
            "not in the abstract (4000 walking steps and 2 × 10 body-weight squats, lunges and "
            "back extensions a day, 80 % attended assumed). The model counts brisk walking as "
            "customary load and body-weight work as little more, so it gives nothing.",
        )
        for m, obs in ((6, 2.32), (12, 3.48))
    ),
    *(
        HoldoutCase(
            "Bocalini 2010",
            "resistance training at 60–70 % 1RM vs none (women without HRT), 24 weeks",
            site,
            6,
            observed,
            WOMAN_OF_62,
            _protocol(3, 0.85, _lifts(3, 10, 65)),
            NONE,
            "bocalini_2010_moderate_rt",
            "Lumbar spine −0.01 % vs −0.89 %, femoral neck −0.04 % vs −1.54 % (DXA, 25 women "
            "randomised); three sessions a week at 60–70 % 1RM for 24 weeks (as 6 months); age, "
            "exercises, sets and attendance not in the abstract (a woman of 62, a whole-body "
            "program, 3 × 10 at 65 %, 85 % attended assumed).",
        )
        for site, observed in ((Site.LUMBAR_SPINE, 0.88), (Site.FEMORAL_NECK, 1.50))
    ),
    HoldoutCase(
        "Bassey & Ramsdale 1995",
        "heel drops, postmenopausal",
        Site.FEMORAL_NECK,
        12,
        0.0,
        {
            "age": 55,
            "sex": "female",
            "menopause": "post",
            "years_since_menopause": 5,
            "weight_kg": 66,
        },
        _protocol(7, 0.8, [{"pattern": "impact", "contacts": 50, "impact": "low"}]),
        NONE,
        "bassey_1995_heel_drops",
        "No significant BMD increase (0 used).",
    ),
    HoldoutCase(
        "Winters & Snow 2000",
        "6 months after stopping",
        Site.FEMORAL_NECK,
        18,
        0.0,
        {"age": 38, "sex": "female", "menopause": "pre", "weight_kg": 65},
        _protocol(
            3,
            0.8,
            [
                {"pattern": "impact", "contacts": 100, "impact": "moderate"},
                {"pattern": "squat", "sets": 5, "reps": 20, "pct_1rm": 30},
            ],
            stop_after_months=12,
        ),
        NONE,
        "winters_snow_2000",
        "Gains reversed after 6 months of detraining (0 used); the 12-month arm itself is in "
        "the calibration file.",
    ),
    HoldoutCase(
        "BEST (Going 2003)",
        "exercise + HRT vs HRT",
        Site.LUMBAR_SPINE,
        12,
        1.5,
        BEST_WOMAN,
        _protocol(3, 0.7, BEST_EX),
        NONE,
        "going_2003_best",
        "Approximate (+1 to +2 %); values read from a summary, not a table.",
        scored=False,
    ),
    HoldoutCase(
        "Dalsky 1988",
        "weight-bearing exercise (lumbar BMC)",
        Site.LUMBAR_SPINE,
        9,
        6.6,
        WOMAN_OF_62,
        _protocol(
            3,
            0.9,
            [
                {"pattern": "impact", "contacts": 3000, "impact": "low"},
                {"pattern": "impact", "contacts": 200, "impact": "moderate"},
            ],
        ),
        NONE,
        "dalsky_1988",
        "Bone mineral content by older densitometry, non-randomised: shown, not scored.",
        scored=False,
    ),
)


def validate_holdout(
    params: fc.ModelParams, *, adherence: float | None = None, pct_1rm_shift: float = 0.0
) -> list[dict[str, Any]]:
    """Predicted exercise-minus-control differences for the hold-out trials. How much the
    encoding matters: `adherence`, when given, replaces every exercise arm's attendance, and
    `pct_1rm_shift` moves every protocol lift given in %1RM (kept within 30–95 %)."""
    rows = []
    for case in HOLDOUT:
        training = dict(case.exercise)
        if adherence is not None and training["kind"] in ("protocol", "program"):
            training["adherence"] = adherence
        if pct_1rm_shift and training["kind"] == "protocol":
            training["exercises"] = [
                {**e, "pct_1rm": min(95.0, max(30.0, e["pct_1rm"] + pct_1rm_shift))}
                if e.get("pct_1rm") is not None
                else e
                for e in training["exercises"]
            ]
        ex = fc.parse_request(
            {"profile": dict(case.profile), "months": case.months, "training": training}
        )
        ct = fc.parse_request(
            {"profile": dict(case.profile), "months": case.months, "training": dict(case.control)}
        )
        paths = fc.simulate_requests([ex, ct], params)
        out = fc.responses([ex, ct], paths, params)
        s = case.site.value
        pred = out[0][s]["final"]["pct_change"] - out[1][s]["final"]["pct_change"]
        err = pred - case.observed
        _effect, half = fc.training_effects([ex], paths)
        band = float(half[0, SITES.index(case.site)])
        same_sign = (
            (pred > 0) == (case.observed > 0) if abs(case.observed) >= 0.5 else abs(pred) < 2.0
        )
        rows.append(
            {
                "trial": case.trial,
                "arm": case.label,
                "site": s,
                "months": case.months,
                "observed": case.observed,
                "predicted": round(pred, 2),
                "error": round(err, 2),
                "right_sign": bool(same_sign),
                "within_2": abs(err) <= 2.0,
                "band95": round(band, 2),
                "in_band": abs(err) <= band,
                "scored": case.scored,
                "source": case.source,
                "note": case.note,
            }
        )
    return rows


ENCODING_LOAD_SHIFT = 10.0
"""Points of %1RM by which the report moves the hold-out's lifts (trials seldom give loads
closer than that, and several here are assumed)."""


def encoding_sensitivity(params: fc.ModelParams) -> dict[str, dict[str, Any]]:
    """The hold-out's summary with every exercise arm at full attendance and at the forecast's
    default (fc.TYPICAL_ADHERENCE) instead of each trial's own, and with every lift
    ENCODING_LOAD_SHIFT points of %1RM heavier and lighter."""
    return {
        "full": holdout_summary(validate_holdout(params, adherence=1.0)),
        "typical": holdout_summary(validate_holdout(params, adherence=fc.TYPICAL_ADHERENCE)),
        "heavier": holdout_summary(validate_holdout(params, pct_1rm_shift=ENCODING_LOAD_SHIFT)),
        "lighter": holdout_summary(validate_holdout(params, pct_1rm_shift=-ENCODING_LOAD_SHIFT)),
    }


def holdout_summary(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    scored = [r for r in rows if r["scored"]]
    errors = [abs(r["error"]) for r in scored]
    return {
        "cases": len(scored),
        "mean_absolute_error": round(float(np.mean(errors)), 3) if errors else None,
        "within_2_points": sum(bool(r["within_2"]) for r in scored),
        "right_sign": sum(bool(r["right_sign"]) for r in scored),
        "inside_95_band": sum(bool(r["in_band"]) for r in scored),
    }


# --- against the meta-analyses ---------------------------------------------------------------


@dataclass(frozen=True)
class PooledEffect:
    """A meta-analysis's pooled standardised mean difference at the spine and the femoral neck."""

    label: str
    smd: tuple[float, float]
    source: str


RESISTANCE_POOLED = PooledEffect(
    "dynamic resistance training after menopause (17 trials)", (0.54, 0.22), "shojaa_2020_drt_meta"
)
WEIGHT_BEARING_POOLED = PooledEffect(
    "weight-bearing exercise after menopause (30 exercise groups)",
    (0.26, 0.37),
    "kemmler_2020_exercise_types",
)
POOLED_EFFECTS: tuple[PooledEffect, ...] = (
    RESISTANCE_POOLED,
    PooledEffect(
        "all kinds of exercise after menopause (75 studies)", (0.37, 0.33), "shojaa_2020_meta"
    ),
    PooledEffect(
        "all kinds of exercise, the update (80 studies)", (0.29, 0.27), "mohebbi_2023_meta"
    ),
    WEIGHT_BEARING_POOLED,
)
"""The pooled effects the notes name for validating the model (bone-model.md §4: Shojaa 2020,
its resistance-training subset, Mohebbi 2023), and Shojaa 2020's weight-bearing subset (walking,
jogging, stepping, jumping) from the same group's analysis by type of exercise."""

POOLED_MONTHS = 12
"""The comparison's horizon: the trials behind the pooled effects last about a year (their SDs
are the 8–12-month ones of `TRIAL_SD_POINTS`)."""

POOLED_PROGRAMMES: tuple[tuple[str, dict[str, Any]], ...] = (
    (
        "whole body, 3 × 10 at 70 % 1RM, twice a week, 80 % attended",
        _protocol(2, 0.8, _lifts(3, 10, 70)),
    ),
    (
        "whole body, 3 × 8 at 80 % 1RM, twice a week, 85 % attended",
        _protocol(2, 0.85, BEMBEN_HEAVY),
    ),
)
"""Two common resistance programmes (assumed: the pooled trials' programmes vary), the second
as `BEMBEN_HEAVY` and Nelson 1994 prescribe."""

WEIGHT_BEARING_PROGRAMMES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("brisk walking, 3000 steps, 5 days a week", WALKING_ONLY),
    (
        "walking, jogging and stairs: 2000 steps and 300 jogging landings, three times a "
        "week, 85 % attended",
        _protocol(3, 0.85, KOHRT_GRF["exercises"]),
    ),
    (
        "50 high-impact jumps, three times a week, 85 % attended",
        _protocol(3, 0.85, [{"pattern": "impact", "contacts": 50, "impact": "high"}]),
    ),
)
"""Three kinds of weight-bearing programme (assumed), to set beside the pooled weight-bearing
effect: walking alone, a walking-jogging mix as the hold-out encodes Kohrt 1997's, and jumps."""


def pooled_comparison(
    params: fc.ModelParams,
    programmes: Sequence[tuple[str, Mapping[str, Any]]] = POOLED_PROGRAMMES,
) -> list[dict[str, Any]]:
    """The model's one-year effect of common resistance programmes (or of `programmes`) for
    `WOMAN_OF_62`, in points and as an SMD range (points ÷ `TRIAL_SD_POINTS`), to set beside
    `POOLED_EFFECTS`."""
    lo, hi = TRIAL_SD_POINTS
    rows = []
    for label, training in programmes:
        for site, points in _effect(params, WOMAN_OF_62, training, POOLED_MONTHS).items():
            rows.append(
                {
                    "programme": label,
                    "site": site,
                    "points": points,
                    "smd_low": round(points / hi, 2),
                    "smd_high": round(points / lo, 2),
                }
            )
    return rows


def pooled_effect_rows() -> list[dict[str, Any]]:
    """`POOLED_EFFECTS` per site, with the SMD turned into points (× `TRIAL_SD_POINTS`)."""
    lo, hi = TRIAL_SD_POINTS
    return [
        {
            "pooled": e.label,
            "site": site.value,
            "smd": smd,
            "points_low": round(smd * lo, 1),
            "points_high": round(smd * hi, 1),
            "source": e.source,
        }
        for e in POOLED_EFFECTS
        for site, smd in zip(SITES, e.smd, strict=True)
    ]


# --- the whole run --------------------------------------------------------------------------------


@dataclass
class Calibration:
    params: fc.ModelParams
    result: FitResult
    arms: list[Arm]
    targets: list[Target]
    fit_rows: list[dict[str, Any]]
    loto: list[dict[str, Any]]
    checks: list[dict[str, Any]]
    holdout: list[dict[str, Any]]


def fit_table(
    arms: Sequence[Arm], targets: Sequence[Target], params: fc.ModelParams
) -> list[dict[str, Any]]:
    """Observed vs predicted per target. Differences use each trial's own background (from its
    control arm); control arms are shown against the cohort background, which is what a client's
    forecast uses."""
    model = ArmModel(arms)
    model.set_trial_backgrounds(params, targets)
    with_trial = predict_targets(model, params, targets)
    model.arm_scale = np.ones((len(arms), 2))
    cohort = predict_targets(model, params, targets)
    rows = []
    for t, pt, pc in zip(targets, with_trial, cohort, strict=True):
        p = float(pc if t.kind == "control" else pt)
        arm = arms[t.plus]
        sd = t.se * math.sqrt(arm.n) if t.kind == "control" else t.se * math.sqrt(arm.n / 2.0)
        rows.append(
            {
                "trial": t.trial,
                "arm": t.label,
                "site": t.site.value,
                "kind": t.kind,
                "months": t.months,
                "observed": round(t.observed, 2),
                "predicted": round(p, 2),
                "se": round(t.se, 2),
                "z": round((p - t.observed) / t.se, 2),
                "within_sd": abs(p - t.observed) <= sd,
            }
        )
    return rows


def run(
    *,
    trials_path: str | Path | None = None,
    seed: int = DEFAULT_SEED,
    fast: bool = False,
    loto: bool = True,
    slope_table: bool = False,
) -> Calibration:
    """Fit, then report. `fast`: one start from the shipped parameters and a single τ update
    (used by the tests to check that re-fitting reproduces the shipped file). `slope_table`:
    recompute the saturation slope's sensitivity table (`saturation_slope_table`, minutes);
    otherwise the shipped file's table is kept."""
    doc = trials_document(trials_path)
    arms, targets = build_arms_and_targets(doc)
    shipped = fc.load_params()
    table: list[dict[str, Any]] | None = shipped.meta.get("saturation_slope_table")
    if slope_table:
        table = saturation_slope_table(arms, targets, seed=seed)
    if fast:
        document = json.loads(fc.params_path().read_text(encoding="utf-8"))
        sd_points = document["uncertainty"].get("between_trial_sd_points") or {}
        tau_start = {s: float(sd_points.get(s.value, 1.0)) for s in SITES}
        result = fit(arms, targets, seed=seed, starts=1, start_from=shipped, tau_start=tau_start)
    else:
        result = fit(arms, targets, seed=seed)
    loto_rows = leave_one_trial_out(arms, targets, result.params, seed=seed) if loto else []
    # The bands' between-trial spread is estimated out of sample; a run without the
    # leave-one-trial-out refits keeps the shipped estimate.
    if loto:
        tau_cv: dict[Site, float] | None = cross_validated_tau(loto_rows, targets)
        pooled = pooled_relative_tau(loto_rows, targets)
    else:
        tau_cv, pooled = shipped_cross_validated_tau(), shipped_pooled_relative_tau()
    if tau_cv is not None:
        result.widen_with(tau_cv, pooled)
    params = finalize(
        result,
        arms,
        seed=seed,
        data_sha256=trials_sha256(trials_path),
        slope_table=table,
    )
    rows = fit_table(arms, targets, params)
    return Calibration(
        params,
        result,
        arms,
        targets,
        rows,
        loto_rows,
        qualitative_checks(params),
        validate_holdout(params),
    )
