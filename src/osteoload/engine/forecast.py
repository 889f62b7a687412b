"""Bone-density forecast: a monthly mechanostat per site on top of age- and menopause-related loss.

For each client and site (lumbar spine, femoral neck) the log of areal BMD is the sum of

* a **background** path, the change a client of this age, sex and menopausal stage shows without
  a training programme (cohort rates: SWAN, SOF, MrOS, Miyama; `background_rates`), and
* a **training excess** ``D`` (log units) over that path, driven by the training's stimulus
  (`stimulus.py`). ``D`` is zero without training: `none` *is* the counterfactual.

The excess follows a mechanostat with accommodation (notes `bone-model.md` §5, modified as
described in docs/forecast-validation.md). Per month k, with the month's session gain ``q_k``
(log-rise of a training day over a walking day) and effective sessions per week ``f_k``:

    threshold_k = w_F + Δw_post·E_k + Δw_tr·T_k       Frost's formation threshold; estrogen loss E
                                                      raises it (reduced responsiveness), and
                                                      more so in the transition's fast
                                                      remodelling (T: the menopausal loss rate
                                                      relative to its peak)
    e_k  = max(q_k − a_k − threshold_k − κ·D_k, 0)    formation on session peaks above the
                                                      accommodated reference a and the lazy zone
    F_k  = k_F · h(f_k) · e_k                         h: frequency response, min(f/f_full, 1)^γ
    r_k  = C_k − D_k − P_k                            room left in the remodelling space a
                                                      programme can refill, C = C_pre·(1 +
                                                      (R − 1)·E_k) (larger as remodelling speeds
                                                      up after menopause), less D and the gain P
                                                      already in the lag stages
    F_k ← r_k·(1 − e^(−F_k·Δt/(a_lag·r_k)))·a_lag/Δt  the month's formation fills the room (as
                                                      dX/dF = 1 − X/C), never beyond it
    u   ← u + (F_k − u)·(1 − e^(−Δt/τ_lag))           remodelling lag, two stages in series
    v   ← v + (u − v)·(1 − e^(−Δt/τ_lag))             (the remodelling cycle, then
    D   ← D + Δt·v                                    mineralisation): a mean delay of 2·τ_lag
    D   ← D − (1 − e^(−Δt/τ_R))·max(D − ζ·ln Ψ̄_k, 0)  gains the time-averaged stimulus Ψ̄ no
                                                      longer supports are resorbed (detraining)
    a   ← a + (λ·q_k − a)·(1 − e^(−Δt/τ_acc))        accommodation (only while training)

Everything is float64 numpy arrays shaped (clients, sites) advanced one month at a time for all
clients at once; the only Python loop is over months.

Uncertainty: 95 % bands combine (1) parameter uncertainty, propagated through the model at the
calibration's sigma points (± one posterior standard deviation along the directions of the fitted
parameters' covariance that carry most of the forecast's variance: a reduced-rank delta method,
see `calibration.sigma_points`), (2) between-trial spread of the training effect (a random trial
effect estimated DerSimonian–Laird style from the calibration residuals, applied in proportion to
the predicted effect), and (3) uncertainty of the background path (an absolute spread growing
with √time, from the control arms' departures from the cohort rates). They are bands for the
*mean* of
clients like this one, not prediction intervals for one person's next DXA scan (whose precision
error alone is 1–2 %).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from . import norms
from . import stimulus as stim
from .catalog import PATTERN_NAMES, VEST_PCT_MAX, Catalog, load_catalog
from .dates import parse_iso_date
from .errors import InputError
from .fields import describe, forecast_request_unknown
from .profile import ClientProfile, parse_profile_in
from .stimulus import (
    IMPACT_INDEX,
    PATTERN_INDEX,
    SITES,
    TEMPO_INDEX,
    FloatArray,
    IntArray,
    StimulusParams,
    Tempo,
)
from .strength import epley_pct_1rm, in_rpe_table, pct_1rm_for
from .types import Impact, Medication, Menopause, Pattern, Sex, Site
from .values import finite_number
from .wording import count_en

BoolArray = npt.NDArray[np.bool_]

SCHEMA = "osteoload.forecast/1"
REQUEST_SCHEMA = "osteoload.forecast-request/1"
PROGRAM_SCHEMA = "osteoload.program/1"
MODEL_VERSION = "v7"

DT_YEARS = 1.0 / 12.0
DAYS_PER_MONTH = 365.25 / 12.0
WEEKS_PER_MONTH = DAYS_PER_MONTH / 7.0
MAX_MONTHS = 240
"""Longest forecast (product policy, osteoload_policy): 20 years; the longest trial in the
calibration set lasted 12 years."""

Z95 = 1.959963984540054

# --- background (age- and menopause-related) change: cohort figures -----------------------------

MEDIAN_MENOPAUSE_AGE = 50.5
"""Age at the final menstrual period (FMP) when it is not known: 42.7 % of Japanese women were
postmenopausal at 50 with a steep rise from 49 to 53 (japan_menopause_age_1990); derived."""
PERI_YEARS_TO_FMP = 1.0
"""A perimenopausal client is assumed to reach her FMP in a year (product policy, osteoload_policy:
SWAN's loss starts about 1 y before the FMP, greendale_2012_swan)."""
PRE_MIN_YEARS_TO_FMP = 2.0
"""A premenopausal client past the median age is assumed at least 2 years before her FMP
(product policy, osteoload_policy)."""
TRANSITION_YEARS = 1.66
"""Length of the estrogen decline ending at the FMP (peterson_riggs_2010_openbonemin)."""

# Menopausal loss: a Gaussian bump around the FMP plus a decaying tail (notes §5.3, fitted by the
# notes' authors to SWAN: transmenopausal loss 6.9/5.5 % vs SWAN 7.4/5.8 %, 10-year 10.3/8.7 % vs
# 10.6/9.1 %, peak LS rate 3.2 %/y vs Sowers' 3.3 %/y; greendale_2012_swan, sowers_2010_fmp).
MENO_AREA = {Site.LUMBAR_SPINE: 0.080, Site.FEMORAL_NECK: 0.064}
MENO_CENTRE_YEARS = 0.5
MENO_WIDTH_YEARS = 1.0
MENO_TAIL_RATE = 0.010
MENO_TAIL_START_YEARS = 2.0
MENO_TAIL_DECAY_YEARS = 5.0
HRT_LOSS_REDUCTION = 0.33
"""Current estrogen users lost a third less hip bone (2.9 vs 4.3 mg/cm²/y, ensrud_1995_sof)."""
BMI_SLOPE = 0.02
BMI_CLIP = (0.5, 1.3)
"""Transition loss × (1 − 0.02·(BMI − 25)), clipped: the notes' assumption (osteoload_policy) in
the direction of finkelstein_2008_swan (35–55 % slower loss in the heaviest tertile)."""


@dataclass(frozen=True, slots=True)
class ResponseParams:
    """The mechanostat's parameters; fitted ones come from data/bone_model/params-v7.json."""

    k_formation_ls: float
    k_formation_fn: float
    threshold: float
    postmenopause_shift: float
    accommodation: float
    accommodation_years: float
    frequency_full: float
    frequency_shape: float
    lag_years: float
    detraining_years: float
    maintenance: float
    feedback: float
    protection: float
    transition_shift: float
    remodelling_space: float
    remodelling_space_ratio: float


@dataclass(frozen=True, slots=True)
class BackgroundParams:
    scale_ls: float
    scale_fn: float


@dataclass(frozen=True, slots=True)
class Uncertainty:
    sigma_points: tuple[tuple[Mapping[str, float], Mapping[str, float]], ...]
    """Pairs (θ + s·v, θ − s·v) along the principal axes of the fitted parameters' covariance."""
    between_trial_rel: tuple[float, float]
    """Relative SD of the training effect between trials, per site (LS, FN)."""
    background_sd: tuple[float, float]
    """SD of the background path after one year, per site (LS, FN), in percentage points; it
    grows with √time (see calibration.background_spread)."""


@dataclass(frozen=True, slots=True)
class ModelParams:
    version: str
    values: Mapping[str, float]
    uncertainty: Uncertainty
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def stimulus(self) -> StimulusParams:
        return stim.params_from_mapping(self.values)

    @property
    def response(self) -> ResponseParams:
        v = self.values
        return ResponseParams(
            k_formation_ls=v["k_formation_ls"],
            k_formation_fn=v["k_formation_fn"],
            threshold=v["threshold"],
            postmenopause_shift=v["postmenopause_shift"],
            accommodation=v["accommodation"],
            accommodation_years=v["accommodation_years"],
            frequency_full=v["frequency_full"],
            frequency_shape=v["frequency_shape"],
            lag_years=v["lag_years"],
            detraining_years=v["detraining_years"],
            maintenance=v["maintenance"],
            feedback=v["feedback"],
            protection=v["protection"],
            transition_shift=v["transition_shift"],
            remodelling_space=v["remodelling_space"],
            remodelling_space_ratio=v["remodelling_space_ratio"],
        )

    @property
    def background(self) -> BackgroundParams:
        return BackgroundParams(
            self.values["background_scale_ls"], self.values["background_scale_fn"]
        )

    def with_values(self, **changes: float) -> ModelParams:
        merged = dict(self.values)
        merged.update(changes)
        return replace(self, values=merged)


PARAMETER_NAMES: tuple[str, ...] = (
    "k_formation_ls",
    "k_formation_fn",
    "threshold",
    "postmenopause_shift",
    "accommodation",
    "accommodation_years",
    "frequency_full",
    "frequency_shape",
    "lag_years",
    "detraining_years",
    "maintenance",
    "feedback",
    "protection",
    "transition_shift",
    "remodelling_space",
    "remodelling_space_ratio",
    "nu_lift_fn",
    "impact_ls_per_grf",
    "log_rate_slow",
    "saturation_slope",
    "background_scale_ls",
    "background_scale_fn",
)


def params_path(version: str = MODEL_VERSION) -> Any:
    return resources.files("osteoload.engine").joinpath(
        "data", "bone_model", f"params-{version}.json"
    )


def params_from_document(document: Mapping[str, Any]) -> ModelParams:
    """ModelParams from the parameter file's JSON (see calibration.write_params)."""
    values = {name: float(entry["value"]) for name, entry in document["parameters"].items()}
    missing = [n for n in PARAMETER_NAMES if n not in values]
    if missing:
        raise ValueError(f"bone-model parameter file lacks {', '.join(missing)}")
    unc = document["uncertainty"]
    points = tuple(
        (
            {k: float(x) for k, x in pair["plus"].items()},
            {k: float(x) for k, x in pair["minus"].items()},
        )
        for pair in unc["sigma_points"]
    )
    return ModelParams(
        version=str(document["version"]),
        values=values,
        uncertainty=Uncertainty(
            sigma_points=points,
            between_trial_rel=(
                float(unc["between_trial_rel"]["lumbar_spine"]),
                float(unc["between_trial_rel"]["femoral_neck"]),
            ),
            background_sd=(
                float(unc["background_sd_points_per_sqrt_year"]["lumbar_spine"]),
                float(unc["background_sd_points_per_sqrt_year"]["femoral_neck"]),
            ),
        ),
        meta={k: v for k, v in document.items() if k not in ("parameters", "uncertainty")},
    )


@cache
def params_digest(version: str = MODEL_VERSION) -> str:
    """SHA-256 of the shipped parameter file: it changes whenever the parameters do, also when
    a refit keeps the model version (caches of forecasts key on it)."""
    return hashlib.sha256(params_path(version).read_bytes()).hexdigest()


ENGINE_FILES = (".py", ".toml", ".json")


@cache
def code_digest() -> str:
    """SHA-256 of the engine's code and data files: it changes with any upgrade that can change
    an answer without a new model version or parameter file (a new assumption note, a catalogue
    entry, a rule), so a shared cache of forecasts keyed on it never serves a stale one."""
    root = Path(__file__).parent
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in ENGINE_FILES and p.is_file()):
        h.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()


@cache
def load_params(version: str = MODEL_VERSION) -> ModelParams:
    """The shipped, versioned parameters."""
    text = params_path(version).read_text(encoding="utf-8")
    return params_from_document(json.loads(text))


def load_params_file(path: str | Path) -> ModelParams:
    return params_from_document(json.loads(Path(path).read_text(encoding="utf-8")))


# --- clients --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cohort:
    """Per-client inputs of the background and of responsiveness, shape (n,)."""

    age: FloatArray
    female: BoolArray
    years_since_fmp: FloatArray
    """Years since the final menstrual period at the start (negative before it; NaN for men)."""
    bmi: FloatArray
    """NaN when unknown."""
    hormone_therapy: BoolArray
    antiresorptive: BoolArray

    def __len__(self) -> int:
        return int(self.age.shape[0])

    def take(self, index: slice) -> Cohort:
        """The clients at `index` (views)."""
        return Cohort(
            age=self.age[index],
            female=self.female[index],
            years_since_fmp=self.years_since_fmp[index],
            bmi=self.bmi[index],
            hormone_therapy=self.hormone_therapy[index],
            antiresorptive=self.antiresorptive[index],
        )

    @staticmethod
    def concat(parts: Sequence[Cohort]) -> Cohort:
        return Cohort(
            age=np.concatenate([p.age for p in parts]),
            female=np.concatenate([p.female for p in parts]),
            years_since_fmp=np.concatenate([p.years_since_fmp for p in parts]),
            bmi=np.concatenate([p.bmi for p in parts]),
            hormone_therapy=np.concatenate([p.hormone_therapy for p in parts]),
            antiresorptive=np.concatenate([p.antiresorptive for p in parts]),
        )


@dataclass(frozen=True, slots=True)
class Note:
    """An assumption the forecast made, in both languages, with its source key."""

    code: str
    en: str
    ja: str
    source: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "en": self.en, "ja": self.ja, "source": self.source}


def years_since_fmp(profile: ClientProfile) -> tuple[float, Note | None]:
    """Years since the final menstrual period for a woman (negative before), and the assumption
    made when the profile does not say."""
    age = profile.age
    if profile.menopause is Menopause.POST:
        if profile.years_since_menopause is not None:
            return profile.years_since_menopause, None
        years = max(age - MEDIAN_MENOPAUSE_AGE, 1.0)
        return years, Note(
            "menopause_years_assumed",
            f"Years since menopause not given: assumed {years:.1f} (menopause at about "
            f"{MEDIAN_MENOPAUSE_AGE:g}, or 1 year ago if younger).",
            f"閉経後の年数が未入力のため、{years:.1f}年と仮定しました（閉経年齢を約{MEDIAN_MENOPAUSE_AGE:g}歳と仮定）。",
            "japan_menopause_age_1990",
        )
    if profile.menopause is Menopause.PERI:
        return -PERI_YEARS_TO_FMP, Note(
            "perimenopause_assumed",
            "Perimenopause: the final menstrual period is assumed in about 1 year; the fastest "
            "bone loss of life usually follows.",
            "周閉経期：最終月経を約1年後と仮定しました。その前後は生涯で最も骨量が減りやすい時期です。",
            "greendale_2012_swan",
        )
    if profile.menopause is Menopause.PRE:
        years = -max(MEDIAN_MENOPAUSE_AGE - age, PRE_MIN_YEARS_TO_FMP)
        note = None
        if -years < 10:
            note = Note(
                "menopause_timing_assumed",
                f"Premenopausal: menopause assumed at about {age - years:.1f} years of age; the "
                "forecast includes the menopausal loss if it falls inside the horizon.",
                f"閉経前：閉経を約{age - years:.1f}歳と仮定し、"
                "予測期間内に入る場合は閉経に伴う骨量減少を含めています。",
                "japan_menopause_age_1990",
            )
        return years, note
    years = age - MEDIAN_MENOPAUSE_AGE
    return years, Note(
        "menopause_unknown",
        f"Menopausal status not given: menopause assumed at about {MEDIAN_MENOPAUSE_AGE:g} years.",
        f"閉経の状況が未入力のため、閉経を約{MEDIAN_MENOPAUSE_AGE:g}歳と仮定しました。",
        "japan_menopause_age_1990",
    )


ANTIRESORPTIVES = frozenset({Medication.BISPHOSPHONATE, Medication.DENOSUMAB})
NOT_MODELLED = (
    Medication.GLUCOCORTICOIDS,
    Medication.AROMATASE_INHIBITOR,
    Medication.TERIPARATIDE,
    Medication.ROMOSOZUMAB,
)
NOT_MODELLED_NAMES: dict[Medication, tuple[str, str]] = {
    Medication.GLUCOCORTICOIDS: ("glucocorticoids", "グルココルチコイド（ステロイド）"),
    Medication.AROMATASE_INHIBITOR: ("aromatase inhibitor", "アロマターゼ阻害薬"),
    Medication.TERIPARATIDE: ("teriparatide", "テリパラチド"),
    Medication.ROMOSOZUMAB: ("romosozumab", "ロモソズマブ"),
}
"""How the assumption note names each medication the forecast leaves out (the app's names)."""


def cohort_from_profile(profile: ClientProfile) -> tuple[Cohort, list[Note]]:
    notes: list[Note] = []
    if profile.is_female:
        ysm, note = years_since_fmp(profile)
        if note is not None:
            notes.append(note)
    else:
        ysm = math.nan
    bmi = profile.bmi
    anti = any(profile.takes(m) for m in ANTIRESORPTIVES)
    hrt = profile.takes(Medication.HORMONE_THERAPY)
    if anti:
        notes.append(
            Note(
                "antiresorptive",
                "Antiresorptive medication (bisphosphonate or denosumab): age- and menopause-"
                "related loss is taken as prevented. The drug's own gain (e.g. alendronate +4.9 % "
                "spine in a year, denosumab +7.7 % in two) is not added because the start of "
                "treatment is not known, so both paths are conservative. Training effects are "
                "added unchanged.",
                "骨吸収抑制薬（ビスホスホネート・デノスマブ）：加齢・閉経による骨量減少は抑えられると仮定しました。"
                "薬そのものによる骨密度の上昇（例：アレンドロネートで1年に腰椎+4.9%、デノスマブで2年に+7.7%）は、"
                "治療開始時期が不明なため含めていません（控えめな予測）。"
                "運動の効果はそのまま加えています。",
                "pols_1999_fosit",
            )
        )
    if hrt:
        notes.append(
            Note(
                "hormone_therapy",
                "Hormone therapy: background loss reduced by a third (estrogen users in SOF).",
                "ホルモン補充療法：背景の骨量減少を3分の1少なく見積もりました（SOF研究）。",
                "ensrud_1995_sof",
            )
        )
    unmodelled = [NOT_MODELLED_NAMES[m] for m in NOT_MODELLED if profile.takes(m)]
    if unmodelled:
        notes.append(
            Note(
                "medication_not_modelled",
                f"Not modelled: {', '.join(en for en, _ in unmodelled)}. Glucocorticoids and "
                "aromatase inhibitors speed bone loss and anabolic drugs raise BMD, so the "
                "forecast may be far off; discuss with the client's doctor.",
                f"次の薬の影響は予測に含まれていません：{'、'.join(ja for _, ja in unmodelled)}。"
                "ステロイドやアロマターゼ阻害薬は骨量減少を早め、骨形成促進薬は骨密度を上げるため、"
                "予測が大きくずれる可能性があります。主治医にご相談ください。",
                "osteoload_policy",
            )
        )
    if bmi is None and profile.is_female:
        notes.append(
            Note(
                "bmi_unknown",
                "Height or weight missing: the menopausal loss is not adjusted for body size.",
                "身長または体重が未入力のため、閉経に伴う骨量減少を体格で補正していません。",
                "finkelstein_2008_swan",
            )
        )
    if not profile.is_female:
        notes.append(
            Note(
                "men_extrapolated",
                "The training response was calibrated on trials in women. For a man, lifted "
                "loads count relative to men's greater typical strength and his responsiveness "
                "is that of a woman of his age, because trials in men found effects of similar "
                "size.",
                "運動効果は女性の試験で較正したものです。男性では、挙上重量を男性の標準的な筋力に対する"
                "割合として扱い、反応性は同年齢の女性と同じとして外挿しています（男性の試験でも効果の大きさは"
                "同程度でした）。",
                "mages_2021_men_meta",
            )
        )
    if profile.age >= 70:
        notes.append(
            Note(
                "spine_artefact",
                "After about 70, degenerative changes can make lumbar-spine DXA rise even as "
                "bone is lost; the hip is the more reliable site.",
                "70歳前後からは変形性変化で腰椎の骨密度が見かけ上上がることがあり、大腿骨の値のほうが信頼できます。",
                "greendale_2012_swan",
            )
        )
    cohort = Cohort(
        age=np.array([profile.age]),
        female=np.array([profile.is_female]),
        years_since_fmp=np.array([ysm]),
        bmi=np.array([math.nan if bmi is None else bmi]),
        hormone_therapy=np.array([hrt]),
        antiresorptive=np.array([anti]),
    )
    return cohort, notes


def estrogen_loss(cohort: Cohort, months: int) -> FloatArray:
    """E in [0, 1] at mid-month (clients, months): 0 before the transition, then the Hill-type fall
    of peterson_riggs_2010_openbonemin normalised to its end point.

    Men take the value of a woman of their age with a final period at the median age (product
    policy, osteoload_policy): the calibration trials are all in women, trials in older men found
    effects no larger than in postmenopausal women (mages_2021_men_meta, ashe_2021_men_meta), and
    estradiol, which also falls with age in men, is the sex steroid most tied to men's bone
    (khosla_1998_sex_steroids). Men have no transition (`transition_activity` is 0)."""
    t = ((np.arange(months) + 0.5) * DT_YEARS)[:, None]
    years = np.where(cohort.female, cohort.years_since_fmp, cohort.age - MEDIAN_MENOPAUSE_AGE)
    start = years + TRANSITION_YEARS
    pos = np.maximum(np.nan_to_num(start, nan=-1e6)[None, :] + t, 0.0)
    pos *= pos
    e = pos / ((TRANSITION_YEARS / 2.0) ** 2 + pos)
    return np.moveaxis(e, 0, 1)  # a view: the memory stays month-major for the recurrence


def transition_activity(cohort: Cohort, months: int) -> FloatArray:
    """T in [0, 1] at mid-month (clients, months): the menopausal loss rate at the spine (the SWAN
    bump and tail of `background_rates`, before BMI and scale) relative to its peak. High in the
    transition and the first postmenopausal years, when remodelling is fastest and resorption
    outpaces formation; ≈ 0 ten years after the final period and for men."""
    t = ((np.arange(months) + 0.5) * DT_YEARS)[:, None]
    tau0 = np.where(cohort.female, np.nan_to_num(cohort.years_since_fmp, nan=-100.0), -100.0)
    tau = t + tau0[None, :]
    z = (tau - MENO_CENTRE_YEARS) / MENO_WIDTH_YEARS
    density = 1.0 / (MENO_WIDTH_YEARS * math.sqrt(2 * math.pi))
    rate = MENO_AREA[Site.LUMBAR_SPINE] * density * np.exp(-0.5 * z * z)
    tail = MENO_TAIL_RATE * np.exp(
        -np.maximum(tau - MENO_TAIL_START_YEARS, 0.0) / MENO_TAIL_DECAY_YEARS
    )
    rate += np.where(tau >= MENO_TAIL_START_YEARS, tail, 0.0)
    rate /= MENO_AREA[Site.LUMBAR_SPINE] * density
    rate[:, ~cohort.female] = 0.0
    np.clip(rate, 0.0, 1.0, out=rate)
    return np.moveaxis(rate, 0, 1)  # a view: the memory stays month-major for the recurrence


def threshold_rise(
    resp: ResponseParams,
    estrogen_loss: FloatArray,
    transition: FloatArray,
    out: FloatArray | None = None,
    scratch: FloatArray | None = None,
) -> FloatArray:
    """How far the formation threshold is raised: Frost's set-point shift with estrogen loss,
    plus a further shift during the transition's fast remodelling (arrays of one shape; `out`
    and `scratch` of that shape spare the allocations)."""
    rise: FloatArray = np.multiply(estrogen_loss, resp.postmenopause_shift, out=out)
    if resp.transition_shift:
        rise += np.multiply(transition, resp.transition_shift, out=scratch)
    return rise


@dataclass(frozen=True, slots=True)
class MenopauseState:
    """Inputs of the threshold's rise after menopause, (clients, months) each; `of` keeps their
    memory month-major, as the recurrence reads them (`site_major`)."""

    estrogen_loss: FloatArray
    transition: FloatArray

    @staticmethod
    def of(cohort: Cohort, months: int) -> MenopauseState:
        return MenopauseState(estrogen_loss(cohort, months), transition_activity(cohort, months))

    def site_major(self) -> tuple[FloatArray, FloatArray]:
        """(E, T) as (months, 1, clients) arrays (views when made by `of`)."""
        return _site_major(self.estrogen_loss[..., None]), _site_major(self.transition[..., None])


def background_rates(cohort: Cohort, months: int, bg: BackgroundParams) -> FloatArray:
    """Background loss rate (1/y, positive = loss) at mid-month, shape (clients, months, 2)
    (stored as (months, sites, clients), the recurrence's layout: see `_site_major`).

    Age-related loss, piecewise linear in age per sex and site:
    * women, hip: SOF 0.3 %/y at 67 rising 0.065 %/y per year of age, clipped to 0.2–1.5 %/y
      (ensrud_1995_sof; the floor from warming_2002_bone_loss: premenopausal loss < 0.4 %/y);
    * women, spine: 0.2 %/y up to 50 (warming_2002_bone_loss) rising to 0.48 %/y at 60 and after
      (Miyama, 60s and 70s: yoshimura_2002_miyama);
    * men, femoral neck: MrOS 0.22 %/y at 65 rising 0.02 %/y per year (cawthon_2009_mros), flat
      below 65 (warming_2002_bone_loss: small hip loss throughout life);
    * men, spine: none before 70, 0.16 %/y from 70 (yoshimura_2002_miyama).
    Menopausal loss for women (`MENO_*`), modified by BMI, hormone therapy and antiresorptives;
    then the fitted scale per site."""
    n = len(cohort)
    t = (np.arange(months) + 0.5) * DT_YEARS
    female = cohort.female
    rate = np.empty((months, 2, n))  # the recurrence's layout (see `_site_major`)
    # Age is age0 + t: each linear piece is an outer sum of a per-month and a per-client term.
    w_fn = np.add.outer(0.00065 * t, 0.003 + 0.00065 * (cohort.age - 67.0))
    np.clip(w_fn, 0.002, 0.015, out=w_fn)
    m_fn = np.add.outer(0.0002 * t, 0.0002 * (cohort.age - 65.0))
    np.maximum(m_fn, 0.0, out=m_fn)
    m_fn += 0.0022
    rate[:, 1] = np.where(female, w_fn, m_fn)
    w_ls = np.add.outer(0.00028 * t, 0.002 + 0.00028 * (cohort.age - 50.0))
    np.clip(w_ls, 0.002, 0.0048, out=w_ls)
    m_ls = np.where(np.add.outer(t, cohort.age) >= 70.0, 0.0016, 0.0)
    rate[:, 0] = np.where(female, w_ls, m_ls)
    # Menopausal loss: the Gaussian bump (only for clients whose horizon meets it) and the tail.
    tau0 = np.where(female, np.nan_to_num(cohort.years_since_fmp, nan=-100.0), -100.0)
    bmi_factor = np.where(
        np.isnan(cohort.bmi), 1.0, np.clip(1.0 - BMI_SLOPE * (cohort.bmi - 25.0), *BMI_CLIP)
    )
    women = np.where(female, bmi_factor, 0.0)
    reach = 8.0 * MENO_WIDTH_YEARS
    near = np.flatnonzero(
        female & (tau0 + t[-1] > MENO_CENTRE_YEARS - reach) & (tau0 < MENO_CENTRE_YEARS + reach)
    )
    if near.size:
        z = np.add.outer(t, tau0[near] - MENO_CENTRE_YEARS)
        bump = np.exp(-0.5 * (z / MENO_WIDTH_YEARS) ** 2)
        bump *= women[near] / (MENO_WIDTH_YEARS * math.sqrt(2 * math.pi))
        for s, site in enumerate(SITES):
            rate[:, s, near] += MENO_AREA[site] * bump
    after = female & (tau0 + t[-1] >= MENO_TAIL_START_YEARS)
    if after.any():
        start = np.where(
            after,
            MENO_TAIL_RATE
            * women
            * np.exp(-(tau0 - MENO_TAIL_START_YEARS) / MENO_TAIL_DECAY_YEARS),
            0.0,
        )
        tail = np.multiply.outer(np.exp(-t / MENO_TAIL_DECAY_YEARS), start)
        tail *= np.add.outer(t, tau0) >= MENO_TAIL_START_YEARS
        rate += tail[:, None, :]
    client_factor = np.where(cohort.hormone_therapy, 1.0 - HRT_LOSS_REDUCTION, 1.0)
    client_factor = np.where(cohort.antiresorptive, 0.0, client_factor)
    rate *= np.array([bg.scale_ls, bg.scale_fn])[:, None] * client_factor
    return rate.transpose(2, 0, 1)


def background_path(cohort: Cohort, months: int, bg: BackgroundParams) -> FloatArray:
    """Cumulative background change of log BMD at the end of each month, (clients, months, 2)."""
    result: FloatArray = -np.cumsum(background_rates(cohort, months, bg) * DT_YEARS, axis=1)
    return result


# --- the mechanostat ------------------------------------------------------------------------------


def frequency_response(f: FloatArray, resp: ResponseParams) -> FloatArray:
    """h(f) = min(f / f_full, 1)^γ for f scheduled sessions a week: full from f_full (2) sessions
    on, as 2 and 3 days a week gave the same gain (bemben_2011_rt_frequency), and falling steeply
    below it (kemmler_2014_efops_frequency: under 2 a week ≈ no gain)."""
    x = np.clip(np.asarray(f, dtype=float) / resp.frequency_full, 0.0, 1.0)
    result: FloatArray = np.power(x, resp.frequency_shape)
    return result


def mean_stimulus(q: FloatArray, f: FloatArray, exponent: float) -> FloatArray:
    """ln Ψ̄: the month's time-averaged (power-mean) stimulus over a walking-only month, from the
    session gain q (…, 2) and sessions per week f (…)."""
    share = np.clip(f / 7.0, 0.0, 1.0)[..., None]
    result: FloatArray = np.log1p(share * np.expm1(exponent * q)) / exponent
    return result


def _site_major(x: FloatArray) -> FloatArray:
    """(clients, months, k) → contiguous (months, k, clients) memory (no copy when it is so
    already). The recurrence works on (sites, clients) blocks: with clients innermost, each
    operation is a long contiguous loop, also where a per-client term (k = 1) is broadcast over
    the two sites; with sites innermost such a broadcast runs 5–8× slower."""
    return np.ascontiguousarray(x.transpose(1, 2, 0))


BLOCK_CLIENTS = 16384
"""Clients advanced together in the monthly loop: small enough that the loop's dozen state
arrays stay in the CPU cache, large enough that numpy's per-call overhead is negligible."""


def _recurrence(
    resp: ResponseParams,
    out: FloatArray,
    qm: FloatArray,
    em: FloatArray,
    tm: FloatArray,
    rm: FloatArray,
    formation: FloatArray,
    protection: FloatArray,
    support: FloatArray,
    target: FloatArray,
    *,
    ramp: float,
    a_lag: float,
    a_res: float,
    a_acc: float,
) -> None:
    """The monthly loop of `excess_path` for one block of clients: (months, sites, clients) views,
    sites of length 1 for per-client terms (em and tm, the estrogen loss and the transition
    activity; the frequency-driven protection) and for inputs the same at both sites."""
    months, n = out.shape[0], out.shape[2]
    kappa = resp.feedback
    tq, tf, ts, tt = qm.shape[0], formation.shape[0], support.shape[0], target.shape[0]
    keep_lag, keep_res, keep_acc = 1.0 - a_lag, 1.0 - a_res, 1.0 - a_acc
    # what the lag stages' contents (v2 + u1·Δt) add to D from next month on, and what an
    # input e to the first stage adds in all
    pipeline = keep_lag / a_lag
    deliver = DT_YEARS / a_lag
    d = np.zeros((2, n))
    u1 = np.zeros((2, n))
    v2 = np.zeros((2, n))  # the second lag stage, pre-multiplied by Δt
    a = np.zeros((2, n))
    x = np.empty((2, n))
    e = np.empty((2, n))
    p = np.empty((2, n))
    thr = np.empty((1, n))
    cap = np.empty((1, n))
    # bounds as arrays: numpy's maximum against an array is about twice as fast as against a
    # Python scalar
    zero = np.zeros((2, n))
    tiny = np.full((2, n), 1e-12)
    for k in range(months):
        # threshold: w_F raised after menopause (reduced responsiveness)
        threshold_rise(resp, em[k], tm[k], out=thr, scratch=cap)
        thr += resp.threshold
        np.subtract(qm[k if tq > 1 else 0], thr, out=x)  # q − threshold
        # loss prevented: loading above the threshold keeps remodelling out of disuse mode, a
        # share up to φ of the background rate (none at the threshold, all of φ one lazy-zone
        # width above it)
        np.multiply(x, ramp, out=p)
        np.clip(p, 0.0, 1.0, out=p)
        p *= rm[k]
        p *= protection[k if tf > 1 else 0]
        # formation on peaks above the accommodated reference: max(q − thr − a − κ·D, 0)·k_F
        np.subtract(x, a, out=e)
        if kappa == 1.0:
            e -= d
        elif kappa:
            np.multiply(d, kappa, out=x)
            e -= x
        np.maximum(e, zero, out=e)
        e *= formation[k if tf > 1 else 0]
        # room r left in the remodelling space C: C minus D minus what the lag stages will still
        # deliver; the month's formation, G = e·Δt/a_lag once delivered, fills it as
        # dX/dG = 1 − X/C would, r·(1 − exp(−G/r)), so no month can overshoot C
        np.multiply(u1, DT_YEARS, out=x)
        x += v2
        x *= pipeline
        x += d
        np.subtract(remodelling_space(resp, em[k], out=cap), x, out=x)
        np.maximum(x, tiny, out=x)
        e *= -deliver
        e /= x
        np.expm1(e, out=e)
        e *= x
        e *= -1.0 / deliver
        e += p
        # two-stage lag (remodelling cycle, then mineralisation), then accrual
        u1 *= keep_lag
        u1 += e
        np.multiply(u1, a_lag * DT_YEARS, out=e)
        v2 *= keep_lag
        v2 += e
        d += v2
        # gains the time-averaged stimulus no longer supports are resorbed:
        # D ← D − a_res·max(D − ζ·ln Ψ̄, 0) = min(D, (1 − a_res)·D + a_res·ζ·ln Ψ̄)
        np.multiply(d, keep_res, out=e)
        e += support[k if ts > 1 else 0]
        np.minimum(d, e, out=d)
        # accommodation of the reference while training
        a *= keep_acc
        a += target[k if tt > 1 else 0]
        out[k] = d


def remodelling_space(
    resp: ResponseParams, estrogen_loss: FloatArray, out: FloatArray | None = None
) -> FloatArray:
    """C (log units), of the shape of the estrogen loss E: the most a loading programme's
    formation can add, the share of the remodelling space it can refill (the remodelling
    transient of heaney_1997_remodeling_transient: a change in remodelling moves BMD by at most
    the space that remodelling holds open). The space grows with the activation frequency, which
    doubles in the year after the final period and triples by 13 years after
    (recker_2004_remodeling): C = C_pre·(1 + (R − 1)·E). Loss prevented (φ) is not limited by
    it."""
    result: FloatArray = np.multiply(estrogen_loss, resp.remodelling_space_ratio - 1.0, out=out)
    result += 1.0
    result *= resp.remodelling_space
    return result


def excess_path(
    resp: ResponseParams,
    q: FloatArray,
    f: FloatArray,
    adherence: FloatArray,
    menopause: MenopauseState,
    rates: FloatArray,
    months: int,
    exponent: float = stim.STRESS_EXPONENT,
    out: FloatArray | None = None,
) -> FloatArray:
    """Training excess D (log BMD over the background) at the end of each month.

    q: gain of the sessions done, (clients, 1 or months, 2); f: scheduled sessions a week and
    adherence: share done, (clients, 1 or months) each; menopause: what raises the threshold;
    rates: background loss rate (1/y), (clients, months, 2). Missed sessions scale the drive down
    in proportion; the frequency response h uses the schedule (the loading pattern).
    Returns (clients, months, 2), a view of the (months, 2, clients) array `out` if given (to
    reuse its memory), else of a new one."""
    n = q.shape[0]
    if out is None:
        out = np.empty((months, 2, n))
    if n == 0:
        return out.transpose(2, 0, 1)
    kf = np.array([resp.k_formation_ls, resp.k_formation_fn])
    a_lag = 1.0 - math.exp(-DT_YEARS / resp.lag_years)
    a_res = 1.0 - math.exp(-DT_YEARS / resp.detraining_years)
    a_acc = 1.0 - math.exp(-DT_YEARS / resp.accommodation_years)
    ramp = 1.0 / max(resp.threshold, 1e-3)
    done = f * adherence
    # (months, sites, clients) inputs; a leading axis of length 1 means "the same every month".
    # Constants of the update are folded into them so that `_recurrence` needs ~30 array
    # operations a month.
    drive = _site_major((frequency_response(f, resp) * adherence)[..., None])  # (Tf, 1, n)
    formation = drive * (kf * a_lag)[:, None]  # k_F · h(f) · adherence · lag step
    protection = drive * (resp.protection * a_lag)  # φ · h(f) · adherence · lag step
    support = _site_major(a_res * resp.maintenance * mean_stimulus(q, done, exponent))
    target = _site_major(a_acc * resp.accommodation * q * (done > 0)[..., None])
    qm = _site_major(q)
    em, tm = menopause.site_major()  # (T, 1, n)
    rm = _site_major(rates)  # (T, 2, n), no copy when made by `background_rates`
    for start in range(0, n, BLOCK_CLIENTS):
        block = slice(start, min(start + BLOCK_CLIENTS, n))
        _recurrence(
            resp,
            out[..., block],
            qm[..., block],
            em[..., block],
            tm[..., block],
            rm[..., block],
            formation[..., block],
            protection[..., block],
            support[..., block],
            target[..., block],
            ramp=ramp,
            a_lag=a_lag,
            a_res=a_res,
            a_acc=a_acc,
        )
    return out.transpose(2, 0, 1)


# --- training → monthly (q, f) --------------------------------------------------------------------


@dataclass(slots=True)
class Rows:
    """Exercise rows of session templates (vectorised stimulus input)."""

    pattern: list[int] = field(default_factory=list)
    load_bw: list[float] = field(default_factory=list)
    impact: list[int] = field(default_factory=list)
    tempo: list[int] = field(default_factory=list)
    cycles: list[float] = field(default_factory=list)
    template: list[int] = field(default_factory=list)

    def add(self, dose: stim.Dose, template: int) -> None:
        self.pattern.append(PATTERN_INDEX[dose.pattern])
        self.load_bw.append(dose.load_bw)
        self.impact.append(IMPACT_INDEX[dose.impact])
        self.tempo.append(TEMPO_INDEX[dose.tempo])
        self.cycles.append(dose.cycles)
        self.template.append(template)


@dataclass(slots=True)
class Plan:
    """One client's training as session templates and their expected occurrences per month."""

    kind: str
    rows: Rows
    n_templates: int
    occ_template: list[int]
    occ_month: list[int]
    occ_weight: list[float]
    """Scheduled sessions of this template in that month (may be fractional)."""
    occ_adherence: list[float]
    """Share of those sessions expected to be done."""
    notes: list[Note]
    summary: dict[str, Any]
    load_scale: FloatArray | None = None
    """Per pattern: the muscle–bone factor on lift loads for this client's age and sex
    (`stimulus.muscle_bone_scale`, set by `parse_request`); None means 1."""
    high_rep_hip: set[str] = field(default_factory=set)
    """Hip lifts (pattern values) done in sets of `HIGH_REP_SET` or more repetitions."""


@dataclass(frozen=True, slots=True)
class TrainingArrays:
    """Stacked plans of many clients: rows with global template ids; occurrences by client."""

    pattern: IntArray
    load_bw: FloatArray
    impact: IntArray
    tempo: IntArray
    cycles: FloatArray
    template: IntArray
    n_templates: int
    occ_client: IntArray
    occ_template: IntArray
    occ_month: IntArray
    occ_weight: FloatArray
    occ_adherence: FloatArray

    @staticmethod
    def stack(plans: Sequence[Plan]) -> TrainingArrays:
        t_off = 0
        pattern: list[int] = []
        load: list[float] = []
        impact: list[int] = []
        tempo: list[int] = []
        cycles: list[float] = []
        template: list[int] = []
        occ_c: list[int] = []
        occ_t: list[int] = []
        occ_m: list[int] = []
        occ_w: list[float] = []
        occ_a: list[float] = []
        for c, plan in enumerate(plans):
            r = plan.rows
            pattern += r.pattern
            if plan.load_scale is None:
                load += r.load_bw
            else:
                scale = plan.load_scale
                load += [x * float(scale[p]) for x, p in zip(r.load_bw, r.pattern, strict=True)]
            impact += r.impact
            tempo += r.tempo
            cycles += r.cycles
            template += [t + t_off for t in r.template]
            occ_c += [c] * len(plan.occ_template)
            occ_t += [t + t_off for t in plan.occ_template]
            occ_m += plan.occ_month
            occ_w += plan.occ_weight
            occ_a += plan.occ_adherence
            t_off += plan.n_templates
        return TrainingArrays(
            pattern=np.array(pattern, dtype=np.intp),
            load_bw=np.array(load, dtype=float),
            impact=np.array(impact, dtype=np.intp),
            tempo=np.array(tempo, dtype=np.intp),
            cycles=np.array(cycles, dtype=float),
            template=np.array(template, dtype=np.intp),
            n_templates=t_off,
            occ_client=np.array(occ_c, dtype=np.intp),
            occ_template=np.array(occ_t, dtype=np.intp),
            occ_month=np.array(occ_m, dtype=np.intp),
            occ_weight=np.array(occ_w, dtype=float),
            occ_adherence=np.array(occ_a, dtype=float),
        )


def template_gains(tr: TrainingArrays, sp: StimulusParams) -> FloatArray:
    """Session gain q per template and site, (templates, 2)."""
    eps = stim.normalised_strain(tr.pattern, tr.load_bw, tr.impact, tr.tempo, sp)
    s = stim.bout_stimulus(eps, tr.cycles, tr.template, tr.n_templates, sp)
    return stim.session_gain(s, sp)


def monthly_training(
    tr: TrainingArrays, gains: FloatArray, n_clients: int, months: int
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Dense monthly inputs: q (clients, months, 2), the mean gain of the sessions done; f
    (clients, months), scheduled sessions per week; and adherence (clients, months), the share of
    scheduled sessions done."""
    keep = tr.occ_month < months
    idx = tr.occ_client[keep] * months + tr.occ_month[keep]
    w = tr.occ_weight[keep]
    done = w * tr.occ_adherence[keep]
    size = n_clients * months
    wsum = np.bincount(idx, weights=w, minlength=size)
    dsum = np.bincount(idx, weights=done, minlength=size)
    q = np.zeros((size, 2))
    for s in range(2):
        qs = np.bincount(idx, weights=done * gains[tr.occ_template[keep], s], minlength=size)
        np.divide(qs, dsum, out=q[:, s], where=dsum > 0)
    adherence = np.zeros(size)
    np.divide(dsum, wsum, out=adherence, where=wsum > 0)
    f = wsum / WEEKS_PER_MONTH
    return (
        q.reshape(n_clients, months, 2),
        f.reshape(n_clients, months),
        adherence.reshape(n_clients, months),
    )


# --- the forecast for many clients ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Paths:
    """Forecast paths in log units, (clients, months, 2): background, excess, and SDs."""

    background: FloatArray
    excess: FloatArray
    sd_training: FloatArray
    sd_background: FloatArray

    def pct(self) -> dict[str, FloatArray]:
        """Percent change: mean, 95 % band, and the same without training.

        exp(mean ± h) = exp(mean)·exp(±h): three exponentials of the full arrays make all six
        series (the background's band is the same for every client, so its factor is small)."""
        sd_bg = self.sd_background
        if sd_bg.ndim == 3 and sd_bg.shape[0] > 1 and sd_bg.strides[0] == 0:
            sd_bg = sd_bg[:1]  # a client-independent (broadcast) band: one row is enough
        growth = np.add(self.background, self.excess)
        np.exp(growth, out=growth)
        # √(a² + b²) rather than np.hypot, which is several times slower on these arrays (the
        # SDs are well below 1, so the squares cannot overflow)
        factor = np.square(self.sd_training)
        factor += np.square(sd_bg)
        np.sqrt(factor, out=factor)
        factor *= Z95
        np.exp(factor, out=factor)
        bg_growth = np.exp(self.background)
        bg_factor = np.exp(sd_bg * Z95)

        def pct(ratio: FloatArray) -> FloatArray:
            ratio -= 1.0
            ratio *= 100.0
            return ratio

        return {
            "lower95": pct(growth / factor),
            "upper95": pct(np.multiply(growth, factor, out=factor)),
            "pct_change": pct(growth),
            "no_training_lower95": pct(bg_growth / bg_factor),
            "no_training_upper95": pct(bg_growth * bg_factor),
            "no_training_pct_change": pct(bg_growth),
        }


Monthly = tuple[FloatArray, FloatArray, FloatArray]
"""(q, f, adherence) as `excess_path` takes them."""
GainsFn = Callable[[StimulusParams], Monthly]


SIMULATE_CLIENTS = 16384
"""Clients simulated together. Only the results span the whole cohort; the working arrays of a
chunk (background rates, menopause state, sigma-point paths) stay small enough for the memory
allocator to reuse them from chunk to chunk, where whole-cohort temporaries would each cost the
kernel a fresh page-zeroing pass."""


def _clients(monthly: Monthly, chunk: slice) -> Monthly:
    q, f, adherence = monthly
    return q[chunk], f[chunk], adherence[chunk]


def simulate(
    params: ModelParams,
    cohort: Cohort,
    months: int,
    gains_for: GainsFn,
    *,
    bands: bool = True,
) -> Paths:
    """Background and training paths for every client; `gains_for(StimulusParams)` returns the
    monthly (q, f, adherence) for those stimulus parameters (see `excess_path`)."""
    n = len(cohort)
    monthly = gains_for(params.stimulus)

    def side(point: Mapping[str, float]) -> tuple[ResponseParams, Monthly]:
        """A sigma point's response parameters and monthly inputs."""
        p = params.with_values(**point)
        return p.response, monthly if p.stimulus == params.stimulus else gains_for(p.stimulus)

    spread = (
        [(side(plus), side(minus)) for plus, minus in params.uncertainty.sigma_points]
        if bands and np.any(monthly[1] > 0)
        else []
    )
    rel_sd = np.array(params.uncertainty.between_trial_rel)[:, None]
    # results in the recurrence's (months, sites, clients) layout; returned as client-major views
    bg = np.empty((months, 2, n))
    d = np.empty((months, 2, n))
    var = np.zeros((months, 2, n))
    size = min(n, SIMULATE_CLIENTS)
    buffers = (np.empty((months, 2, size)), np.empty((months, 2, size)))
    for start in range(0, n, SIMULATE_CLIENTS):
        chunk = slice(start, min(start + SIMULATE_CLIENTS, n))
        part = cohort.take(chunk)
        rates = background_rates(part, months, params.background)
        np.cumsum(rates.transpose(1, 2, 0), axis=0, out=bg[..., chunk])
        bg[..., chunk] *= -DT_YEARS
        menopause = MenopauseState.of(part, months)
        path = (menopause, rates, months)
        excess_path(params.response, *_clients(monthly, chunk), *path, out=d[..., chunk])
        if not spread:
            continue
        up, down = (b[..., : len(part)] for b in buffers)
        for (resp_up, inputs_up), (resp_down, inputs_down) in spread:
            excess_path(resp_up, *_clients(inputs_up, chunk), *path, out=up)
            excess_path(resp_down, *_clients(inputs_down, chunk), *path, out=down)
            up -= down
            up *= 0.5
            up *= up
            var[..., chunk] += up
        np.multiply(d[..., chunk], rel_sd, out=up)
        up *= up
        var[..., chunk] += up
    np.sqrt(var, out=var)
    # the background's spread grows with √time: σ·√t, percentage points → log units
    root_years = np.sqrt((np.arange(months) + 1.0) * DT_YEARS)
    sd_bg = np.multiply.outer(root_years, np.array(params.uncertainty.background_sd) / 100.0)
    sd_bg = np.broadcast_to(sd_bg, (n, months, 2))  # the same for every client: a read-only view
    return Paths(
        background=bg.transpose(2, 0, 1),
        excess=d.transpose(2, 0, 1),
        sd_training=var.transpose(2, 0, 1),
        sd_background=sd_bg,
    )


def forecast_protocol_arrays(
    params: ModelParams,
    cohort: Cohort,
    months: int,
    *,
    pattern: IntArray,
    load_bw: FloatArray,
    impact: IntArray,
    tempo: IntArray,
    cycles: FloatArray,
    sessions_per_week: FloatArray,
    adherence: FloatArray,
    bands: bool = True,
) -> Paths:
    """Fast path for many clients on constant protocols, the same session every week: the session
    is a (clients, exercises) matrix of pattern/impact/tempo indices (see `stimulus`), load ÷ body
    mass and cycles (pad unused exercise slots with zero cycles). No Python loop over clients."""
    n, k = cycles.shape
    load_bw = load_bw * stim.muscle_bone_scale_rows(pattern, cohort.age, cohort.female)

    def gains_for(sp: StimulusParams) -> Monthly:
        eps = stim.normalised_strain(
            pattern.reshape(-1), load_bw.reshape(-1), impact.reshape(-1), tempo.reshape(-1), sp
        ).reshape(n, k, 2)
        q = stim.session_gain(stim.bout_stimulus_dense(eps, cycles, sp), sp)
        return q[:, None, :], sessions_per_week[:, None], adherence[:, None]

    return simulate(params, cohort, months, gains_for, bands=bands)


# --- requests -------------------------------------------------------------------------------------


def _obj(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InputError(where, f"must be an object, got {type(value).__name__}")
    return value


def _num(
    data: Mapping[str, Any],
    key: str,
    where: str,
    lo: float,
    hi: float,
    *,
    default: float | None = None,
    required: bool = False,
    lo_open: bool = False,
) -> float | None:
    path = f"{where}.{key}" if where else key
    if key not in data or data[key] is None:
        if required:
            raise InputError(path, "is required")
        return default
    value = data[key]
    number = finite_number(value)
    if number is None:
        raise InputError(path, f"must be a number, got {value!r}")
    if not lo <= number <= hi or (lo_open and number == lo):
        bound = f"greater than {lo:g}" if lo_open else f"at least {lo:g}"
        raise InputError(path, f"must be {bound} and at most {hi:g}, got {value!r}")
    return number


def _int(
    data: Mapping[str, Any], key: str, where: str, lo: int, hi: int, *, required: bool = False
) -> int | None:
    number = _num(data, key, where, lo, hi, required=required)
    if number is None:
        return None
    if not number.is_integer():
        raise InputError(
            f"{where}.{key}" if where else key, f"must be a whole number, got {data[key]!r}"
        )
    return int(number)


def _choice(
    data: Mapping[str, Any],
    key: str,
    where: str,
    options: Sequence[str],
    default: str | None = None,
) -> str | None:
    path = f"{where}.{key}" if where else key
    if key not in data or data[key] is None:
        return default
    value = data[key]
    if value not in options:
        allowed = ", ".join(f'"{o}"' for o in options)
        raise InputError(path, f"must be one of {allowed}, got {value!r}")
    return str(value)


def _list(data: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> list[Any]:
    path = f"{where}.{key}" if where else key
    if key not in data or data[key] is None:
        if required:
            raise InputError(path, "is required")
        return []
    value = data[key]
    if not isinstance(value, list):
        raise InputError(path, f"must be a list, got {type(value).__name__}")
    return value


@cache
def _catalog() -> Catalog:
    return load_catalog()


_PATTERN_VALUES = tuple(p.value for p in Pattern)
_IMPACT_VALUES = tuple(i.value for i in Impact)
_TEMPO_VALUES = tuple(t.value for t in Tempo)


def _pattern_name(pattern: Pattern, lang: str) -> str:
    """A pattern's display name (the gym app shows these notes to clients), with the id the
    request used in English for the command line's users."""
    en, ja = PATTERN_NAMES[pattern]
    return ja if lang == "ja" else f"{en.lower()} ({pattern.value})"


def _pattern_list(patterns: set[str]) -> tuple[str, str]:
    """The patterns' display names as one list in English and one in Japanese."""
    ordered = [Pattern(p) for p in sorted(patterns)]
    en = ", ".join(_pattern_name(p, "en") for p in ordered)
    return en, "、".join(_pattern_name(p, "ja") for p in ordered)


def _no_norm_note(patterns: set[str]) -> Note:
    en, ja = _pattern_list(patterns)
    return Note(
        "no_1rm_norm",
        f"No typical 1RM exists for {en}: counted with body weight only.",
        f"{ja}には標準的な1RMの基準値がないため、自重のみとして計算しました。",
        "cooper_institute_strength_norms",
    )


def _body_weight(profile: ClientProfile, notes: list[Note]) -> float:
    """The client's weight for turning loads in kg into body-weight multiples; without one, the
    median of Japanese adults of the client's sex and age group, said once in `notes`."""
    if profile.weight_kg is not None:
        return profile.weight_kg
    kg = norms.median_body_mass_kg(profile.sex, profile.age)
    if not any(n.code == "weight_assumed" for n in notes):
        sex_en, sex_ja = ("women", "女性") if profile.sex is Sex.FEMALE else ("men", "男性")
        notes.append(
            Note(
                "weight_assumed",
                f"No body weight was given: loads in kg were counted against {kg:g} kg, the median "
                f"weight of Japanese {sex_en} of the client's age group. Give weight_kg for a "
                "forecast of this client.",
                f"体重の入力がないため、kg単位の重量は同じ年齢区分の日本人{sex_ja}の体重の中央値"
                f"（{kg:g} kg）に対する比として計算しました。体重を入力するとより正確になります。",
                norms.BODY_MASS_SOURCE,
            )
        )
    return kg


def _unloaded_note(patterns: set[str]) -> Note:
    en, ja = _pattern_list(patterns)
    return Note(
        "no_load_given",
        f"No load (pct_1rm or load_kg) was given for {en}: counted as body-weight exercise, "
        "without external load.",
        f"{ja}は重量（%1RMまたはkg）の指定がないため、外部負荷のない自重運動として計算しました。",
        "osteoload_policy",
    )


def _typical_1rm_note() -> Note:
    return Note(
        "typical_1rm",
        "Loads given in %1RM were turned into kilograms with a typical 1RM for the client's age, "
        "sex and experience (population norms, ±30–50 %). Logged loads are more accurate.",
        "%1RMで指定された重量は、年齢・性別・経験に応じた標準的な1RM（個人差±30〜50%）からkgに換算しました。"
        "実際の記録があればより正確になります。",
        "cooper_institute_strength_norms",
    )


def _lift_dose(
    pattern: Pattern,
    cycles: float,
    pct: float | None,
    profile: ClientProfile,
    tempo: Tempo,
    no_norm: set[str],
    used_norm: list[bool],
) -> stim.Dose:
    load = 0.0
    if pct is not None:
        ratio = stim.load_ratio_for_pct(
            pattern, pct, sex=profile.sex, age=profile.age, experience=profile.experience
        )
        if ratio is None:
            if pattern not in (Pattern.MOBILITY, Pattern.BALANCE):
                no_norm.add(pattern.value)
        else:
            load = ratio
            used_norm[0] = True
    return stim.Dose(pattern=pattern, cycles=cycles, load_bw=load, tempo=tempo)


HIGH_REP_SET = 15
"""Repetitions a set from which a hip lift gets `_high_rep_hip_note`: from there the model gives
the femoral neck as much as, or more than, sets of 8 at an 8RM load (sets taken to the same
effort; derived from the model, validation report "Intensity")."""


def _high_rep_hip(pattern: Pattern, reps: int | None, impact: Impact = Impact.NONE) -> bool:
    """A set of a lift that loads the hip (squat, hinge, lunge) with `HIGH_REP_SET` or more
    repetitions."""
    return (
        impact is Impact.NONE
        and stim.SITE_LOADS[pattern].hip_extensor
        and reps is not None
        and reps >= HIGH_REP_SET
    )


def _high_rep_hip_note(patterns: set[str]) -> Note:
    en, ja = _pattern_list(patterns)
    return Note(
        "high_rep_sets_hip_high",
        f"Sets of {HIGH_REP_SET} or more repetitions ({en}): the model counts many repetitions at "
        "a lighter load about as much as fewer heavy ones, at the femoral neck even a little more. "
        "In the one trial that compared them at the same effort, heavy sets (8RM) raised the hip "
        "and sets of 20RM did not, so the hip forecast for these sets may be too high (see the "
        "model's validation report).",
        f"1セット{HIGH_REP_SET}回以上のセットがあります（{ja}）。このモデルは、軽めの重量で回数の多い"
        "セットを、回数の少ない重いセットとほぼ同じに（大腿骨頸部ではやや多めに）数えます。どちらも限界まで"
        "行うセットで比べた試験では、8回が限界の重さ（8RM）で股関節の骨密度が増え、20RMでは増えませんでした。そのため、"
        "このようなセットの股関節の予測は高めに出ている可能性があります（モデルの検証報告を参照）。",
        "kerr_1996_load",
    )


def _protocol_plan(t: Mapping[str, Any], profile: ClientProfile, months: int) -> Plan:
    w = "training"
    spw = _num(t, "sessions_per_week", w, 0.0, 14.0, required=True, lo_open=True)
    adherence = _num(t, "adherence", w, 0.0, 1.0, default=TYPICAL_ADHERENCE)
    stop = _num(t, "stop_after_months", w, 0.0, MAX_MONTHS)
    assert spw is not None and adherence is not None
    rows = Rows()
    no_norm: set[str] = set()
    used_norm = [False]
    weight_notes: list[Note] = []
    unloaded: set[str] = set()
    high_rep: set[str] = set()
    guessed: dict[str, Pattern] = {}
    explosive = False
    for i, raw in enumerate(_list(t, "exercises", w)):
        at = f"{w}.exercises[{i}]"
        ex = _obj(raw, at)
        pattern, impact_v = _protocol_exercise(ex, at, guessed)
        tempo = Tempo(_choice(ex, "tempo", at, _TEMPO_VALUES) or Tempo.NORMAL)
        if pattern is Pattern.IMPACT or (impact_v is not None and impact_v != "none"):
            if impact_v is None or impact_v == "none":
                raise InputError(
                    f"{at}.impact",
                    'is required for pattern "impact" (low, moderate or high)'
                    + ("" if impact_v is None else ', got "none"'),
                )
            contacts = _num(ex, "contacts", at, 0.0, 20000.0)
            if contacts is None:
                sets = _int(ex, "sets", at, 1, 100)
                reps = _int(ex, "reps", at, 1, 1000)
                if sets is None or reps is None:
                    raise InputError(f"{at}.contacts", "is required for an impact exercise")
                contacts = float(sets * reps)
            rows.add(stim.Dose(pattern, contacts, 0.0, Impact(impact_v), tempo), 0)
            continue
        held = _num(ex, "duration_s", at, 0.0, 86400.0)
        if held is not None and ex.get("sets") is None and ex.get("reps") is None:
            continue  # a hold: static loading adds nothing (turner_1998_three_rules)
        explosive = explosive or tempo is Tempo.EXPLOSIVE
        sets = _int(ex, "sets", at, 1, 100, required=True)
        reps = _int(ex, "reps", at, 1, 1000, required=True)
        assert sets is not None and reps is not None
        if _high_rep_hip(pattern, reps):
            high_rep.add(pattern.value)
        pct = _num(ex, "pct_1rm", at, 0.0, 100.0)
        load_kg = _num(ex, "load_kg", at, 0.0, 1000.0)
        if load_kg is not None:
            body_kg = _body_weight(profile, weight_notes)
            rows.add(stim.Dose(pattern, float(sets * reps), load_kg / body_kg, tempo=tempo), 0)
            continue
        if pct is None and pattern in norms.PATTERN_RULES:
            unloaded.add(pattern.value)
        rows.add(
            _lift_dose(pattern, float(sets * reps), pct, profile, tempo, no_norm, used_norm), 0
        )
    last = months if stop is None else min(months, math.ceil(stop))
    occ_m = list(range(last))
    weight = spw * WEEKS_PER_MONTH
    occ_w = [weight] * last
    if stop is not None and stop < last:  # a partial last month
        occ_w[-1] = weight * (stop - (last - 1))
    notes = weight_notes
    if used_norm[0]:
        notes.append(_typical_1rm_note())
    if no_norm:
        notes.append(_no_norm_note(no_norm))
    if unloaded:
        notes.append(_unloaded_note(unloaded))
    if explosive:
        notes.append(EXPLOSIVE_NOTE)
    if guessed:
        notes.append(_guess_note(guessed))
    if t.get("adherence") is None:
        notes.append(TYPICAL_ADHERENCE_NOTE)
    summary = {"kind": "protocol", "sessions_per_week_effective": round(spw * adherence, 3)}
    if stop is not None:
        summary["stop_after_months"] = stop
    return Plan(
        "protocol",
        rows,
        1,
        [0] * last,
        occ_m,
        occ_w,
        [adherence] * last,
        notes,
        summary,
        high_rep_hip=high_rep,
    )


EXPLOSIVE_NOTE = Note(
    "explosive_as_normal",
    "Explosive lifts are counted like lifts at a normal tempo: slow lifting (4 s up, 4 s down) "
    "built less bone than explosive lifting in a trial, but no trial showed explosive lifting "
    "building more than normal lifting.",
    "爆発的な挙上は通常のテンポと同じとして計算しました。ゆっくりした挙上（上げ4秒・下げ4秒）は"
    "爆発的な挙上より骨の増加が小さかった試験がありますが、爆発的な挙上が通常のテンポより骨を"
    "増やすことを示した試験はありません。",
    "von_stengel_2007_power",
)


TYPICAL_ADHERENCE = 0.85
"""The share of planned sessions counted as done when a protocol or program gives no
`adherence`: the median attendance of the calibration file's exercise arms
(`data/calibration/trials.json`: Heinonen 1996 70 %, EFOPS 75 %, LIFTMOR 92 %, 70–100 % in all),
at which the model's parameters were fitted.
A forecast is the expected outcome, and trial participants miss sessions; counting every planned
session would forecast more than the trials that calibrate the model found."""


TYPICAL_ADHERENCE_NOTE = Note(
    "adherence_assumed_typical",
    f"Adherence not given: {TYPICAL_ADHERENCE:.0%} of the planned sessions are counted as done, "
    "the median attendance in the trials the model is calibrated on (70–100 %; LIFTMOR 92 %). "
    "Give an adherence (1.0 for every session) for another attendance.",
    f"実施率（adherence）の指定がないため、予定したセッションの{TYPICAL_ADHERENCE:.0%}を実施したものとして"
    "計算しました。モデルの較正に用いた試験の実施率の中央値です（70〜100%、LIFTMOR 92%）。"
    "ほかの実施率で計算するには adherence を指定してください（すべて実施するなら1.0）。",
    "osteoload_policy",
)


def _protocol_exercise(
    ex: Mapping[str, Any], at: str, guessed: dict[str, Pattern]
) -> tuple[Pattern, str | None]:
    """A protocol exercise's pattern and impact level: as given, or from its `exercise_id` as a
    log's would be (the catalogue's, else classed by its name); an impact exercise of the
    catalogue brings its level unless one is given."""
    impact_v = _choice(ex, "impact", at, _IMPACT_VALUES)
    if ex.get("exercise_id") is None:
        pattern_v = _choice(ex, "pattern", at, _PATTERN_VALUES) or _missing(at, "pattern")
        return Pattern(pattern_v), impact_v
    pattern, impact = _log_exercise(ex, at, _catalog(), guessed)
    if impact_v is None and pattern is Pattern.IMPACT and impact is not Impact.NONE:
        impact_v = impact.value
    return pattern, impact_v


def _missing(where: str, key: str) -> str:
    raise InputError(f"{where}.{key}", "is required")


def _program_pct(ex: Mapping[str, Any], at: str, reps: int) -> float | None:
    intensity = ex.get("intensity")
    if intensity is None:
        return None
    inten = _obj(intensity, f"{at}.intensity")
    pct = _num(inten, "pct_1rm", f"{at}.intensity", 0.0, 100.0)
    if pct is not None:
        return pct
    rpe = _num(inten, "rpe", f"{at}.intensity", 0.0, 10.0)
    if rpe is None:
        return None
    if rpe * 2 == math.floor(rpe * 2) and in_rpe_table(reps, rpe):
        return pct_1rm_for(reps, rpe)
    # Outside the RTS chart: reps to failure = reps + (10 − RPE), inverse Epley.
    return epley_pct_1rm(reps + (10.0 - rpe))


def _program_plan(t: Mapping[str, Any], profile: ClientProfile, months: int) -> Plan:
    w = "training"
    adherence = _num(t, "adherence", w, 0.0, 1.0, default=TYPICAL_ADHERENCE)
    after = _choice(t, "after_program", w, ("continue", "stop"), default="continue")
    assert adherence is not None
    program = _obj(t.get("program"), f"{w}.program") if t.get("program") is not None else None
    if program is None:
        raise InputError(f"{w}.program", "is required")
    schema = program.get("schema")
    if schema is not None and schema != PROGRAM_SCHEMA:
        raise InputError(f"{w}.program.schema", f'must be "{PROGRAM_SCHEMA}", got {schema!r}')
    weeks = _list(program, "weeks", f"{w}.program")
    if not weeks:
        raise InputError(f"{w}.program.weeks", "must contain at least one week")
    catalog = _catalog()
    rows = Rows()
    no_norm: set[str] = set()
    used_norm = [False]
    week_sessions: list[list[int]] = []  # template ids per week
    n_templates = 0
    high_rep: set[str] = set()
    for wi, raw_week in enumerate(weeks):
        wat = f"{w}.program.weeks[{wi}]"
        week = _obj(raw_week, wat)
        templates = []
        for si, raw_session in enumerate(_list(week, "sessions", wat)):
            sat = f"{wat}.sessions[{si}]"
            session = _obj(raw_session, sat)
            tid = n_templates
            n_templates += 1
            templates.append(tid)
            for ei, raw_ex in enumerate(_list(session, "exercises", sat)):
                at = f"{sat}.exercises[{ei}]"
                ex = _obj(raw_ex, at)
                dose = _program_dose(ex, at, profile, catalog, no_norm, used_norm)
                if dose is not None:
                    rows.add(dose, tid)
                    reps = ex.get("reps")
                    if _high_rep_hip(
                        dose.pattern, reps if isinstance(reps, int) else None, dose.impact
                    ):
                        high_rep.add(dose.pattern.value)
        week_sessions.append(templates)
    occ_t: list[int] = []
    occ_m: list[int] = []
    total_days = months * DAYS_PER_MONTH
    cycle = week_sessions[-min(4, len(week_sessions)) :]
    week_index = 0
    while True:
        if week_index < len(week_sessions):
            templates = week_sessions[week_index]
        elif after == "continue":
            templates = cycle[(week_index - len(week_sessions)) % len(cycle)]
        else:
            break
        start = week_index * 7.0
        if start >= total_days:
            break
        for j, tid in enumerate(templates):
            day = start + j * 7.0 / max(len(templates), 1)
            if day < total_days:
                occ_t.append(tid)
                occ_m.append(int(day // DAYS_PER_MONTH))
        week_index += 1
    notes = []
    if used_norm[0]:
        notes.append(_typical_1rm_note())
    if no_norm:
        notes.append(_no_norm_note(no_norm))
    if after == "continue" and len(week_sessions) * 7.0 < total_days:
        notes.append(
            Note(
                "program_continues",
                f"The program covers {count_en(len(week_sessions), 'week')}; afterwards its last "
                + ("week is" if len(cycle) == 1 else f"{count_en(len(cycle), 'week')} are")
                + " assumed to repeat.",
                f"プログラムは{len(week_sessions)}週間分です。その後は最後の{len(cycle)}週間を繰り返すと仮定しました。",
                "osteoload_policy",
            )
        )
    if t.get("adherence") is None:
        notes.append(TYPICAL_ADHERENCE_NOTE)
    summary = {
        "kind": "program",
        "weeks": len(week_sessions),
        "adherence": adherence,
        "after_program": after,
    }
    return Plan(
        "program",
        rows,
        n_templates,
        occ_t,
        occ_m,
        [1.0] * len(occ_t),
        [adherence] * len(occ_t),
        notes,
        summary,
        high_rep_hip=high_rep,
    )


def _program_dose(
    ex: Mapping[str, Any],
    at: str,
    profile: ClientProfile,
    catalog: Catalog,
    no_norm: set[str],
    used_norm: list[bool],
) -> stim.Dose | None:
    ex_id = ex.get("id")
    known = catalog.get(ex_id) if isinstance(ex_id, str) and ex_id in catalog else None
    pattern_v = _choice(ex, "pattern", at, _PATTERN_VALUES)
    if pattern_v is None:
        if known is None:
            raise InputError(f"{at}.pattern", "is required when the id is not in the catalogue")
        pattern = known.pattern
    else:
        pattern = Pattern(pattern_v)
    contacts = _num(ex, "contacts", at, 0.0, 20000.0)
    impact_v = _choice(ex, "impact", at, _IMPACT_VALUES)
    if known is not None:
        impact = known.impact
    elif impact_v is not None:
        impact = Impact(impact_v)
    else:
        guess = guess_exercise(ex_id) if isinstance(ex_id, str) else None
        impact = guess[1] if guess is not None else Impact.NONE
    if contacts is not None or pattern is Pattern.IMPACT:
        if impact is Impact.NONE and pattern is Pattern.IMPACT:
            raise InputError(
                f"{at}.impact",
                f"unknown exercise id {ex_id!r}: give its impact level (low, moderate or high)",
            )
        if contacts is None:
            sets = _int(ex, "sets", at, 0, 100) or 0
            reps = _int(ex, "reps", at, 0, 1000) or 0
            contacts = float(sets * reps)
        if impact is Impact.NONE:
            return stim.Dose(pattern, contacts, 0.0)
        return stim.Dose(pattern, contacts, 0.0, impact)
    lift_sets = _int(ex, "sets", at, 0, 100)
    lift_reps = _int(ex, "reps", at, 0, 1000)
    if not lift_sets or not lift_reps:
        return None  # duration-dosed holds: static loading adds nothing (turner_1998_three_rules)
    if known is not None and not known.loadable:
        # Body weight, plus a weighted vest when the plan gives one (load ÷ body mass).
        vest = _num(ex, "vest_pct_body_mass", at, 0.0, float(VEST_PCT_MAX))
        x = 0.0 if vest is None else vest / 100.0
        return stim.Dose(pattern, float(lift_sets * lift_reps), x, impact)
    pct = _program_pct(ex, at, lift_reps)
    return _lift_dose(
        pattern, float(lift_sets * lift_reps), pct, profile, Tempo.NORMAL, no_norm, used_norm
    )


def _log_plan(t: Mapping[str, Any], profile: ClientProfile, months: int) -> Plan:
    w = "training"
    after = _choice(t, "after_log", w, ("continue", "stop"), default="continue")
    sessions = _list(t, "sessions", w)
    catalog = _catalog()
    start_text = t.get("start_date")
    dated: list[tuple[dt.date, int, Mapping[str, Any]]] = []
    for i, raw in enumerate(sessions):
        at = f"{w}.sessions[{i}]"
        session = _obj(raw, at)
        text = session.get("date")
        if not isinstance(text, str):
            raise InputError(f"{at}.date", "is required (YYYY-MM-DD)")
        dated.append((parse_iso_date(text, f"{at}.date"), i, session))
    if start_text is not None:
        start = parse_iso_date(start_text, f"{w}.start_date")
    elif dated:
        start = min(d for d, _, _ in dated)
    else:
        start = dt.date.today()
    rows = Rows()
    occ_t: list[int] = []
    occ_m: list[int] = []
    occ_w: list[float] = []
    by_day: dict[dt.date, int] = {}
    guessed: dict[str, Pattern] = {}
    weight_notes: list[Note] = []
    high_rep: set[str] = set()
    for day, i, session in sorted(dated, key=lambda x: (x[0], x[1])):
        at = f"{w}.sessions[{i}]"
        offset = (day - start).days
        if offset < 0:
            raise InputError(f"{at}.date", f"is before start_date {start.isoformat()}")
        # Sessions on the same day are one bout (< 8 h apart, robling_2001_recovery).
        tid = by_day.get(day)
        if tid is None:
            tid = len(by_day)
            by_day[day] = tid
            occ_t.append(tid)
            occ_m.append(int(offset // DAYS_PER_MONTH))
            occ_w.append(1.0)
        for j, raw_set in enumerate(_list(session, "sets", at, required=False)):
            sat = f"{at}.sets[{j}]"
            s = _obj(raw_set, sat)
            pattern, impact = _log_exercise(s, sat, catalog, guessed)
            reps = _int(s, "reps", sat, 0, 1000, required=True)
            load = _num(s, "load_kg", sat, 0.0, 1000.0, default=0.0)
            assert reps is not None and load is not None
            if _high_rep_hip(pattern, reps, impact):
                high_rep.add(pattern.value)
            x = load / _body_weight(profile, weight_notes) if load > 0 else 0.0
            rows.add(stim.Dose(pattern, float(reps), x, impact), tid)
        for j, raw_imp in enumerate(_list(session, "impacts", at, required=False)):
            iat = f"{at}.impacts[{j}]"
            s = _obj(raw_imp, iat)
            pattern, impact = _log_exercise(s, iat, catalog, guessed)
            contacts = _num(s, "contacts", iat, 0.0, 20000.0, required=True)
            assert contacts is not None
            if impact is Impact.NONE:
                level = _choice(s, "impact", iat, _IMPACT_VALUES)
                impact = Impact(level) if level else Impact.NONE
                if pattern is Pattern.IMPACT and level is None:
                    # without a level the landings would silently count for nothing
                    raise InputError(
                        f"{iat}.impact",
                        'is required for pattern "impact" outside the catalogue '
                        "(low, moderate or high)",
                    )
            rows.add(stim.Dose(pattern, contacts, 0.0, impact), tid)
    notes: list[Note] = [_guess_note(guessed)] if guessed else []
    notes += weight_notes
    summary: dict[str, Any] = {
        "kind": "log",
        # an empty log without a start date has no date of its own (not today's: the output of
        # the same request must not change from day to day)
        "start_date": start.isoformat() if dated or start_text is not None else None,
        "sessions": len(by_day),
        "after_log": after,
    }
    if by_day and after == "continue":
        last_day = max(by_day)
        last_month = int((last_day - start).days // DAYS_PER_MONTH)
        window_start = last_day - dt.timedelta(days=83)
        span_days = max((last_day - max(window_start, start)).days + 1, 7)
        recent = [tid for day, tid in by_day.items() if day >= window_start]
        per_month = len(recent) / span_days * DAYS_PER_MONTH
        if last_month + 1 < months and recent:
            for k in range(last_month + 1, months):
                for tid in recent:
                    occ_t.append(tid)
                    occ_m.append(k)
                    occ_w.append(per_month / len(recent))
            notes.append(
                Note(
                    "log_continues",
                    f"After the last logged session the client is assumed to keep training as in "
                    f"the last {span_days} days "
                    f"({per_month / WEEKS_PER_MONTH:.1f} sessions a week).",
                    f"最後の記録以降も、直近{span_days}日間と同じように"
                    f"（週{per_month / WEEKS_PER_MONTH:.1f}回）続けると仮定しました。",
                    "osteoload_policy",
                )
            )
    return Plan(
        "log",
        rows,
        len(by_day),
        occ_t,
        occ_m,
        occ_w,
        [1.0] * len(occ_w),
        notes,
        summary,
        high_rep_hip=high_rep,
    )


# Exercise names the catalogue does not know: the pattern (and impact level) read from words in
# the id, first match wins (product policy, osteoload_policy; every guess is listed in
# `assumptions`).
NAME_GUESSES: tuple[tuple[str, Pattern, Impact], ...] = (
    ("drop_jump", Pattern.IMPACT, Impact.HIGH),
    ("depth_jump", Pattern.IMPACT, Impact.HIGH),
    ("drop_landing", Pattern.IMPACT, Impact.HIGH),
    ("hop", Pattern.IMPACT, Impact.HIGH),
    ("jump", Pattern.IMPACT, Impact.MODERATE),
    ("skip", Pattern.IMPACT, Impact.MODERATE),
    ("bound", Pattern.IMPACT, Impact.MODERATE),
    ("heel_drop", Pattern.IMPACT, Impact.LOW),
    ("stomp", Pattern.IMPACT, Impact.LOW),
    ("deadlift", Pattern.HINGE, Impact.NONE),
    ("rdl", Pattern.HINGE, Impact.NONE),
    ("hinge", Pattern.HINGE, Impact.NONE),
    ("hip_thrust", Pattern.HINGE, Impact.NONE),
    ("good_morning", Pattern.HINGE, Impact.NONE),
    ("swing", Pattern.HINGE, Impact.NONE),
    ("lunge", Pattern.LUNGE, Impact.NONE),
    ("split_squat", Pattern.LUNGE, Impact.NONE),
    ("step_up", Pattern.LUNGE, Impact.NONE),
    ("squat", Pattern.SQUAT, Impact.NONE),
    ("leg_press", Pattern.SQUAT, Impact.NONE),
    ("overhead_press", Pattern.PUSH_VERTICAL, Impact.NONE),
    ("shoulder_press", Pattern.PUSH_VERTICAL, Impact.NONE),
    ("military_press", Pattern.PUSH_VERTICAL, Impact.NONE),
    ("bench", Pattern.PUSH_HORIZONTAL, Impact.NONE),
    ("push_up", Pattern.PUSH_HORIZONTAL, Impact.NONE),
    ("chest_press", Pattern.PUSH_HORIZONTAL, Impact.NONE),
    ("pulldown", Pattern.PULL_VERTICAL, Impact.NONE),
    ("pull_up", Pattern.PULL_VERTICAL, Impact.NONE),
    ("chin_up", Pattern.PULL_VERTICAL, Impact.NONE),
    ("row", Pattern.PULL_HORIZONTAL, Impact.NONE),
    ("back_extension", Pattern.BACK_EXTENSION, Impact.NONE),
    ("carry", Pattern.CARRY, Impact.NONE),
    ("plank", Pattern.CORE, Impact.NONE),
    ("crunch", Pattern.CORE, Impact.NONE),
    ("stance", Pattern.BALANCE, Impact.NONE),
)


def guess_exercise(exercise_id: str) -> tuple[Pattern, Impact] | None:
    """The pattern and impact level an unknown exercise id names, or None."""
    key = exercise_id.lower().replace("-", "_").replace(" ", "_")
    for word, pattern, impact in NAME_GUESSES:
        if word in key:
            return pattern, impact
    return None


def _log_exercise(
    s: Mapping[str, Any], at: str, catalog: Catalog, guessed: dict[str, Pattern]
) -> tuple[Pattern, Impact]:
    ex_id = s.get("exercise_id")
    pattern_v = _choice(s, "pattern", at, _PATTERN_VALUES)
    if isinstance(ex_id, str) and ex_id in catalog:
        known = catalog.get(ex_id)
        return (Pattern(pattern_v) if pattern_v else known.pattern), known.impact
    if pattern_v is not None:
        return Pattern(pattern_v), Impact.NONE
    if ex_id is None or ex_id == "":
        raise InputError(f"{at}.exercise_id", "is required")
    if not isinstance(ex_id, str):
        raise InputError(f"{at}.exercise_id", f"must be an exercise id (text), got {ex_id!r}")
    guess = guess_exercise(ex_id)
    if guess is None:
        raise InputError(
            f"{at}.exercise_id", f"unknown exercise id {ex_id!r} (give a pattern instead)"
        )
    guessed[ex_id] = guess[0]
    return guess


def _guess_note(guessed: Mapping[str, Pattern]) -> Note:
    items = sorted(guessed.items())
    en = ", ".join(f"{k} → {_pattern_name(v, 'en')}" for k, v in items)
    ja = "、".join(f"{k} → {_pattern_name(v, 'ja')}" for k, v in items)
    return Note(
        "exercise_guessed",
        f"Exercises not in the catalogue were classed by their names: {en}.",
        f"カタログにない種目は名前から分類しました：{ja}。",
        "osteoload_policy",
    )


def _none_plan() -> Plan:
    return Plan("none", Rows(), 0, [], [], [], [], [], {"kind": "none"})


@dataclass(frozen=True, slots=True)
class Request:
    profile: ClientProfile
    months: int
    plan: Plan
    cohort: Cohort
    notes: tuple[Note, ...]
    unknown: tuple[tuple[str, str | None], ...] = ()
    """Fields of the request the forecast does not read, with the closest known name."""


YOUNG_NOTE = Note(
    "young_least_supported",
    "Before menopause (and for men under 50) the forecast is the least supported: the calibration "
    "trials before menopause are two jumping trials (one with light vest-loaded squats) measured "
    "at the hip. Other trials before menopause disagree: the spine gained about 2–3 % within "
    "5 months of weight training (then fell back slightly), the hip 2.8 % within 5 months of 50 "
    "small jumps a day, and another weight-training trial found no difference after 2 years. "
    "This model gives about 1–2 %, reached slowly (under 1 % by 5 months). Read the forecast as "
    "a rough guide.",
    "閉経前（男性は50歳未満）の予測は根拠が最も少ない部分です。較正に使った閉経前の試験は股関節を測った"
    "ジャンプ中心の2試験（1つは軽いベスト負荷のスクワットを含む）だけです。ほかの閉経前の試験の結果は"
    "一致しません。筋力トレーニングで腰椎が5か月で約2〜3％増えた（その後わずかに減少）試験、1日50回の"
    "小さなジャンプで股関節が5か月で2.8％増えた試験がある一方、2年後に差がなかった筋力トレーニングの"
    "試験もあります。このモデルでは約1〜2％で、ゆっくり増えます（5か月では1％未満）。"
    "目安としてお読みください。",
    "lohman_1995_premenopausal_rt",
)


REPEATED_LANDINGS = 100
"""Moderate-impact contacts in one session from which a program counts as jogging- or
stair-like for `LANDINGS_HIP_NOTE` (product policy, osteoload_policy: Kohrt 1997's and the
hold-out's encodings of jogging use 300)."""

LANDINGS_NEAR_POOLED = 1000
"""Moderate-impact contacts in one session from which the model's femoral-neck gain after
menopause is near the pooled +3 % of `LANDINGS_HIP_NOTE` (derived from the model: Kohrt 1997's
women gain about +3.2 % in 11 months with 1000, +1.6 % with 300; validation report), so the
note no longer applies."""

LANDINGS_HIP_NOTE = Note(
    "repeated_landings_hip_low",
    "Many moderate landings a session (jogging, stair climbing): pooled trials of such programs "
    "after menopause found about +3 % at the femoral neck; this model comes near that only with "
    "about a thousand landings a session, so with fewer the hip forecast may be too low. Count "
    "every step of jogging or stair climbing as a landing (see the model's validation report).",
    "1回に多くの中程度の着地（ジョギング、階段昇りなど）があります。閉経後の女性でこうした運動を調べた"
    "試験をまとめると大腿骨頸部で約3％増えていました。このモデルでは1回に約1000回の着地がないとその値に"
    "近づかないため、それより少ないと股関節の予測は低めに出ている可能性があります。ジョギングや階段昇りは"
    "1歩を1回の着地として数えてください（モデルの検証報告を参照）。",
    "martyn_st_james_2009_impact",
)


POOLED_NOTE = Note(
    "pooled_trials_smaller",
    "Weight training: the model is calibrated on trials with large effects (LIFTMOR, Nelson 1994, "
    "EFOPS: supervised, progressive, mostly heavy, well attended). Pooled together, trials of "
    "resistance training in women after menopause found less: over a year about +1.4 to +2.4 % "
    "at the spine and +0.6 to +1.0 % at the femoral neck, where this model gives a common "
    "programme (3 × 10 at 70 % 1RM, twice a week) +3.3 and +2.2 %. Read the forecast as what "
    "training run like those trials can do (see the model's validation report).",
    "筋力トレーニング：このモデルは効果の大きかった試験（LIFTMOR、Nelson 1994、EFOPS。"
    "指導者付き・漸増・主に高強度・高い出席率）で較正しています。閉経後の女性の筋力トレーニング"
    "の試験をまとめると、1年で腰椎は約+1.4〜+2.4％、大腿骨頸部は約+0.6〜+1.0％で、このモデルが"
    "一般的なプログラム（70％1RMで10回×3セット、週2回）に出す+3.3％と+2.2％より小さい効果"
    "でした。予測は、それらの試験と同じように行ったトレーニングで見込める値としてお読みください"
    "（モデルの検証報告を参照）。",
    "shojaa_2020_drt_meta",
)


def _loaded_lifts(rows: Rows) -> bool:
    """Whether any row is a lift with an external load (weight training, not body weight or
    impacts alone)."""
    impact = PATTERN_INDEX[Pattern.IMPACT]
    none = IMPACT_INDEX[Impact.NONE]
    return any(
        load > 0.0 and cycles > 0.0 and level == none and pattern != impact
        for pattern, load, level, cycles in zip(
            rows.pattern, rows.load_bw, rows.impact, rows.cycles, strict=True
        )
    )


# The walking trial's +3.5 % is iwamoto_1998_walking_gymnastics (12 months, spine, exercise
# minus control; the hold-out case of the same source, which a test ties to this text).
LOW_IMPACTS_NOTE = Note(
    "low_impacts_as_walking",
    "Low impacts (about 1–3 BW at the feet: heel drops, stomps, step-offs, walking steps) load the "
    "hip and the spine no more than a walking step in this model, so they add nothing to the "
    "forecast. Jogging loads the hip more (3–5.5 BW against 2.4 BW for a walking step): enter "
    "jogging as moderate impacts, one contact per step, as the model's validation report does. "
    "In one trial in Japanese women with osteoporosis, daily brisk walking with gymnastics raised "
    "spine density by about 3.5 % more than in the controls over a year; the model gives such a "
    "programme nothing, so for it this forecast may be low.",
    "低い衝撃（足元で体重の約1〜3倍：ヒールドロップ、ストンプ、段差からの着地、歩行の1歩）は、このモデルでは"
    "股関節や腰椎への負荷が歩行の1歩と変わらないため、見込みに加わりません。ジョギングは股関節への負荷が"
    "より大きい（歩行の1歩の体重2.4倍に対して3〜5.5倍）ため、1歩を1回として中程度の衝撃で入力してください"
    "（モデルの検証報告と同じ扱いです）。骨粗鬆症の日本人女性の試験では、毎日の速歩と体操で1年後の腰椎の骨密度が"
    "対照群より約3.5%多く増えました。このモデルではこうした運動は見込みに加わらないため、"
    "その場合の見込みは低めかもしれません。",
    "bergmann_1993_hip_running",
)


def _low_impacts(rows: Rows) -> bool:
    """Whether any row is a low-level impact (a carry's "low" level is its walking, which its
    own load line already counts)."""
    low, impact = IMPACT_INDEX[Impact.LOW], PATTERN_INDEX[Pattern.IMPACT]
    return any(
        level == low and pattern == impact
        for level, pattern in zip(rows.impact, rows.pattern, strict=True)
    )


def _repeated_landings(rows: Rows) -> bool:
    """Whether the session with the most moderate-impact contacts has from `REPEATED_LANDINGS`
    to fewer than `LANDINGS_NEAR_POOLED` of them (below, a few jumps; above, the model already
    gives about the pooled gain)."""
    per_template: dict[int, float] = {}
    moderate = IMPACT_INDEX[Impact.MODERATE]
    for impact, cycles, template in zip(rows.impact, rows.cycles, rows.template, strict=True):
        if impact == moderate:
            per_template[template] = per_template.get(template, 0.0) + cycles
    most = max(per_template.values(), default=0.0)
    return REPEATED_LANDINGS <= most < LANDINGS_NEAR_POOLED


def _ignored_note(unknown: Sequence[tuple[str, str | None]]) -> Note:
    return Note(
        "fields_ignored",
        f"Fields the forecast does not read were ignored: {describe(unknown)}.",
        f"予測に使わない項目は無視しました：{describe(unknown, 'ja')}。",
        "osteoload_policy",
    )


def _before_menopause(cohort: Cohort) -> bool:
    """A woman before her final period, or a man under 50 (one-client cohort)."""
    if cohort.female[0]:
        return not cohort.years_since_fmp[0] >= 0.0
    return bool(cohort.age[0] < 50.0)


def parse_request(data: Any) -> Request:
    """Validate a forecast request (ENGINE.md §5); InputError names the first bad field."""
    obj = _obj(data, "request")
    schema = obj.get("schema")
    if schema is not None and schema != REQUEST_SCHEMA:
        raise InputError("schema", f'must be "{REQUEST_SCHEMA}", got {schema!r}')
    profile = parse_profile_in(obj)
    months = _int(obj, "months", "", 1, MAX_MONTHS)
    months = 12 if months is None else months
    if obj.get("training") is None:
        raise InputError("training", "is required")
    t = _obj(obj["training"], "training")
    kind = _choice(t, "kind", "training", ("none", "protocol", "program", "log"))
    if kind is None:
        raise InputError("training.kind", 'is required ("none", "protocol", "program" or "log")')
    if kind == "none":
        plan = _none_plan()
    elif kind == "protocol":
        plan = _protocol_plan(t, profile, months)
    elif kind == "program":
        plan = _program_plan(t, profile, months)
    else:
        plan = _log_plan(t, profile, months)
    plan.load_scale = stim.muscle_bone_scale(profile.sex, profile.age)
    cohort, notes = cohort_from_profile(profile)
    if plan.kind == "none":  # how training is scaled for men says nothing without training
        notes = [n for n in notes if n.code != "men_extrapolated"]
    young = _before_menopause(cohort)
    if plan.kind != "none" and young:
        notes.append(YOUNG_NOTE)
    elif _repeated_landings(plan.rows):
        # before menopause jogging's hip effect is not under-predicted (Snow-Harter 1992: none)
        notes.append(LANDINGS_HIP_NOTE)
    if _low_impacts(plan.rows):
        notes.append(LOW_IMPACTS_NOTE)
    if _loaded_lifts(plan.rows) and not young:
        # before menopause YOUNG_NOTE already says how far the trials lie from the model
        notes.append(POOLED_NOTE)
    if plan.high_rep_hip and not young:
        # before menopause every programme meets the remodelling-space limit (YOUNG_NOTE)
        notes.append(_high_rep_hip_note(plan.high_rep_hip))
    unknown = forecast_request_unknown(obj)
    if unknown:
        notes.append(_ignored_note(unknown))
    return Request(profile, months, plan, cohort, tuple(notes + plan.notes), tuple(unknown))


BANDS_NOTE = Note(
    "bands",
    "The 95 % band is for the average of clients like this one: it combines the uncertainty of "
    "the model's fitted parameters, the spread of effects between published trials, and of the "
    "background loss. One person's DXA result also varies by 1–3 % between scans.",
    "95%の幅は、同じような方の平均についての範囲です（モデルの推定誤差・試験間のばらつき・背景の骨量減少の"
    "不確かさを含みます）。個人のDXAの値は測定ごとに1〜3%ほど変動します。",
    "dersimonian_laird_1986",
)


def signed_pct(value: float) -> str:
    """A forecast percentage for text views: signed, one decimal, and what rounds to zero prints
    +0.0, never -0.0."""
    return f"{round(value, 1) + 0.0:+.1f}"


def round2(values: FloatArray, out: FloatArray | None = None) -> FloatArray:
    """`round(v, 2) + 0.0` of every element, vectorised (into `out`, which may be `values`).

    numpy rounds v·100 half to even, while Python's round() looks at v's exact binary value, so
    the two can differ only where v·100 is within rounding error of a half: those few are redone
    with round(), and the output is the same as rounding each value in Python (+ 0.0 turns a
    rounded −0.0 into 0.0)."""
    scaled = values * 100.0
    scaled -= np.floor(scaled)
    near = np.flatnonzero(np.abs(scaled - 0.5) < 1e-6)
    exact = [round(float(v), 2) for v in values.flat[near]]
    result: FloatArray = np.round(values, 2, out=out)
    result.flat[near] = exact
    result += 0.0
    return result


SERIES_KEYS = (
    "pct_change",
    "lower95",
    "upper95",
    "no_training_pct_change",
    "no_training_lower95",
    "no_training_upper95",
)


def simulate_requests(requests: Sequence[Request], params: ModelParams) -> Paths:
    """Paths of many parsed requests in one vectorised run (clients in request order)."""
    months = max(r.months for r in requests)
    cohort = Cohort.concat([r.cohort for r in requests])
    tr = TrainingArrays.stack([r.plan for r in requests])
    n = len(requests)

    def gains_for(sp: StimulusParams) -> Monthly:
        gains = template_gains(tr, sp) if tr.n_templates else np.zeros((0, 2))
        return monthly_training(tr, gains, n, months)

    return simulate(params, cohort, months, gains_for)


def responses(
    requests: Sequence[Request], paths: Paths, params: ModelParams
) -> list[dict[str, Any]]:
    """The response documents (ENGINE.md §5) of `simulate_requests`' paths."""
    pct = paths.pct()  # fresh arrays: rounded in place
    for key in SERIES_KEYS:
        round2(pct[key], out=pct[key])
    effect = 100.0 * np.expm1(paths.excess)
    round2(effect, out=effect)
    return [_response(r, i, pct, effect, params) for i, r in enumerate(requests)]


def forecast_requests(
    requests: Sequence[Request], params: ModelParams | None = None
) -> list[dict[str, Any]]:
    """Forecast many parsed requests in one vectorised run."""
    if not requests:
        return []
    params = params or load_params()
    return responses(requests, simulate_requests(requests, params), params)


def training_effects(requests: Sequence[Request], paths: Paths) -> tuple[FloatArray, FloatArray]:
    """The training effect (%, the excess over the no-training path) at each request's horizon
    and the half-width of its 95 % band from parameter and between-trial uncertainty, (n, 2)
    each, from `simulate_requests`' paths (the first len(requests) clients), for validation."""
    last = np.array([r.months - 1 for r in requests])
    rows = np.arange(len(requests))
    excess = paths.excess[rows, last]
    half = Z95 * paths.sd_training[rows, last]
    effect: FloatArray = 100.0 * np.expm1(excess)
    width: FloatArray = 100.0 * (np.expm1(excess + half) - np.expm1(excess))
    return effect, width


def _response(
    r: Request,
    i: int,
    pct: Mapping[str, FloatArray],
    effect: FloatArray,
    params: ModelParams,
) -> dict[str, Any]:
    """Client i's document; pct and effect are the rounded (clients, months, 2) series."""
    horizon = r.months
    doc: dict[str, Any] = {"schema": SCHEMA, "months": horizon}
    for s, site in enumerate(SITES):
        series = {key: pct[key][i, :horizon, s].tolist() for key in SERIES_KEYS}
        series["training_effect_pct"] = effect[i, :horizon, s].tolist()
        final = {key: vals[-1] for key, vals in series.items()}
        doc[site.value] = {
            "months": list(range(1, horizon + 1)),
            **series,
            "final": {"month": horizon, **final},
        }
    doc["training"] = r.plan.summary
    notes = [*r.notes, BANDS_NOTE]
    doc["assumptions"] = [n.to_dict() for n in notes]
    doc["model"] = {
        "name": "osteoload mechanostat",
        "version": params.version,
        "sources": sorted({n.source for n in notes} | set(stim.SOURCES) | set(MODEL_SOURCES)),
    }
    return doc


def forecast(data: Any, params: ModelParams | None = None) -> dict[str, Any]:
    """One request (JSON object) → `osteoload.forecast/1`."""
    return forecast_requests([parse_request(data)], params)[0]


MODEL_SOURCES: tuple[str, ...] = (
    "frost_2003_mechanostat",
    "turner_1999_accommodation",
    "schriefer_2005_accommodation",
    "lerebours_buenzli_2016",
    "lanyon_1996_estrogen",
    "hazelwood_2001_bmu",
    "heaney_1997_remodeling_transient",
    "recker_2004_remodeling",
    "martinez_reina_2019_denosumab",
    "winters_snow_2000",
    "dalsky_1988",
    "kontulainen_2001_maintenance",
    "greendale_2012_swan",
    "sowers_2010_fmp",
    "ensrud_1995_sof",
    "cawthon_2009_mros",
    "warming_2002_bone_loss",
    "yoshimura_2002_miyama",
    "peterson_riggs_2010_openbonemin",
    "japan_menopause_age_1990",
    "sun_2018_loading_parameters",
    "kemmler_2014_efops_frequency",
)
