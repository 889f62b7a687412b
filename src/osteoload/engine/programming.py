"""The program generator (ENGINE.md §4): a client's assessment and preferences become a
week-by-week training program that never leaves the tier's safety envelope.

How a program is built (each rule names its source; docs/science-training.md explains them):

1. **Envelope.** The assessment gives the tier and its envelope (max %1RM, max impact, spine
   rules, balance minutes, back-extensor sessions, familiarisation). Knee or hip osteoarthritis
   caps impact at `low` (ESSA 2017: impact modified for osteoarthritis).
2. **Weekly intensity schedule** (`intensity_schedule`): familiarisation first (≤ 70 % 1RM,
   RPE ≤ 6), then +5 %1RM a week at most (ENGINE.md), 80 % held for three weeks, then 85 % for
   tiers A and B (LIFTMOR: 5 × 5 at 80–85 % 1RM); tier C stops at 70 % for 8-rep sets
   (Too Fit To Fracture: 8–12RM, effort 5–8 of 10, no maximal lifts). After every five loading
   weeks, a deload week (Rogerson 2024: athletes deload every 5.6 ± 2.3 weeks).
3. **Session templates.** Every session: balance, impact (when the envelope allows it), a squat or
   lunge, a hinge, a push, a pull; back-extensor work in every session for tiers B and C, once a
   week for tier A. With three sessions a week the middle one is a lighter variation day (lunge,
   another hinge), so heavy squats and deadlifts stay at two a week as in LIFTMOR.
4. **Exercise choice** follows the catalogue's progression links: for each slot the generator
   finds the chain of exercises the client may do (inside the envelope, with the gym's
   equipment), starts familiarisation on an easier link and moves along the chain as the phases
   advance.
5. **Guards.** A lift's %1RM never rises more than 5 points from one week to the next, for the
   exercise and for its movement pattern (`_RampGuard`); impact contacts start at 10 and rise by
   10 a week to the envelope's cap; weekly balance minutes are completed by home practice.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from .assessment import Assessment, FallRiskCategory, Finding, assess
from .catalog import Catalog, Dose, Exercise, load_catalog
from .envelope import Envelope, effective_envelope
from .errors import InputError
from .profile import ClientProfile, parse_profile
from .types import IMPACT_ORDER, Equipment, Experience, Impact, Pattern, Tier

SCHEMA = "osteoload.program/1"

# --- sources -------------------------------------------------------------------------------------

POLICY = "osteoload_policy"
ENGINE = "engine_md"
LIFTMOR = "watson_2018_liftmor"
TFTF = "giangregorio_2014_too_fit"
TFTF_DELPHI = "giangregorio_2015_delphi"
ESSA = "beck_2017_essa"
ROS = "brooke_wavell_2022_ros"
JOS = "jos_2015_guideline"
ACSM_PROGRESSION = "ratamess_2009_acsm_progression"
DELOAD = "rogerson_2024_deloading"
BACK_EXTENSORS = "sinaki_2002_back_extensors"
FALLS_EXERCISE = "sherrington_2019_cochrane_falls"
RPE_CHART = "tuchscherer_2008_rts"
VEST = "winters_snow_2000"

# Short names of the sources, as they appear in the "why" of each prescription.
CITE: dict[str, tuple[str, str]] = {
    LIFTMOR: ("LIFTMOR, Watson 2018", "LIFTMOR試験、Watson 2018"),
    TFTF: ("Too Fit To Fracture 2014", "Too Fit To Fracture 2014"),
    TFTF_DELPHI: ("Too Fit To Fracture Delphi 2015", "Too Fit To Fracture デルファイ合意 2015"),
    ESSA: ("ESSA 2017", "ESSA声明 2017"),
    ROS: (
        "ROS Strong, Steady and Straight 2022",
        "英国骨粗鬆症協会 Strong, Steady and Straight 2022",
    ),
    JOS: ("JOS guideline 2015", "骨粗鬆症の予防と治療ガイドライン2015"),
    ACSM_PROGRESSION: ("ACSM 2009", "ACSM 2009"),
    DELOAD: ("Rogerson 2024", "Rogerson 2024"),
    BACK_EXTENSORS: ("Sinaki 2002", "Sinaki 2002"),
    FALLS_EXERCISE: ("Sherrington 2019", "Sherrington 2019"),
    RPE_CHART: ("RTS chart", "RTSチャート"),
    VEST: ("Winters & Snow 2000", "Winters & Snow 2000"),
    POLICY: ("osteoload policy", "osteoloadの方針"),
    ENGINE: ("osteoload contract", "osteoloadの仕様"),
}

# --- limits (ENGINE.md and product policy) --------------------------------------------------------

MIN_WEEKS, MAX_WEEKS = 1, 52  # osteoload_policy: a plan is re-made at least once a year
DEFAULT_WEEKS = 12  # engine_md
SESSIONS_CHOICES = (2, 3)  # engine_md
DEFAULT_SESSIONS = 2  # engine_md
MAX_WEEKLY_RISE = 5  # engine_md: a lift's %1RM never rises more than 5 points a week

# A weighted vest's load in % of body mass by stage (familiarisation, build, top): the top is the
# lower end of the 10–13 % of winters_snow_2000; the steps up to it and tier C's ceiling (loads
# close to the body, kept light) are osteoload_policy.
VEST_PCT_BY_STAGE = (5, 8, 10)
VEST_PCT_DELOAD = 5
VEST_PCT_MAX_C = 5
FAM_TOP_PCT = 65  # osteoload_policy: last familiarisation week, one step under the 70 % cap
FAM_FLOOR_PCT = 50  # osteoload_policy: first week of a 4-week familiarisation
HOLD_PCT, HOLD_WEEKS = 80, 3  # osteoload_policy: 80 % held three weeks before 85 %
TOP_PCT_AB = 85  # watson_2018_liftmor: 5 × 5 at 80–85 % 1RM (capped by the envelope)
TOP_PCT_C = 70  # giangregorio_2014_too_fit: 8-rep sets at a 12RM load, effort ≤ 8 of 10
ACCESSORY_MAX_PCT = 70  # osteoload_policy: accessory lifts stay in 8–12RM work
ENTRY_PCT = 60  # osteoload_policy: a loadable exercise with no history starts here at most
DELOAD_EVERY = 6  # rogerson_2024_deloading: a deload after five loading weeks (5.6 ± 2.3)
DELOAD_PCT_DROP = 5  # rogerson_2024_deloading: load and effort lower, volume lower

IMPACT_START = 10  # engine_md: contacts progress gradually, e.g. 10 → 50 a session
IMPACT_STEP = 10  # osteoload_policy
IMPACT_RESTART = 20  # osteoload_policy: contacts after moving up an impact level
IMPACT_PER_BOUT = 10  # brooke_wavell_2022_ros (trainer summary: 3–5 sets of 10–20 impacts)

BALANCE_BLOCK_MIN_FALLS = 10  # osteoload_policy: in-session balance minutes, fall risk or tier B/C
BALANCE_BLOCK_MIN = 6  # osteoload_policy: in-session balance minutes otherwise
BALANCE_SET_S = 60  # osteoload_policy
HOME_ROUND_MIN = 5  # osteoload_policy: home practice in whole 5-minute blocks a day
HOME_BACK_EXTENSION_MIN = 5  # giangregorio_2014_too_fit: spinal extensors daily, 5–10 min


class Phase(StrEnum):
    FAMILIARISATION = "familiarisation"
    BUILD = "build"
    HIGH_INTENSITY = "high_intensity"
    DELOAD = "deload"
    MAINTENANCE = "maintenance"


class Role(StrEnum):
    """Why an exercise is in the session; decides how it is dosed."""

    MAIN = "main"  # a catalogue main lift for tiers A/B: the LIFTMOR-style heavy scheme
    ACCESSORY = "accessory"  # other strength work: 8–12RM-style sets
    BACK_EXTENSION = "back_extension"
    BALANCE = "balance"
    IMPACT = "impact"


class ClearanceRequired(Exception):
    """The client needs a physician's clearance before any program (tier `clearance_required`)."""

    def __init__(self, reasons: Sequence[Finding]) -> None:
        self.reasons = tuple(reasons)
        super().__init__("medical clearance required: " + "; ".join(r.en for r in self.reasons))

    def to_dict(self) -> dict[str, Any]:
        return {"status": "clearance_required", "reasons": [r.to_dict() for r in self.reasons]}


# --- the program --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Prescription:
    id: str
    pattern: Pattern
    name_ja: str
    name_en: str
    role: Role
    sets: int
    reps: int | None
    duration_s: int | None
    contacts: int | None
    pct_1rm: int | None
    rpe: float | None
    rest_s: int
    why_en: str
    why_ja: str
    source: str
    impact: Impact
    main_lift: bool
    vest_pct_body_mass: int | None = None
    """A weighted vest's load in % of body mass (exercises done in a vest)."""

    @property
    def balance_minutes(self) -> float:
        """Timed balance work in this prescription (sets × duration)."""
        if self.pattern is not Pattern.BALANCE or self.duration_s is None:
            return 0.0
        return self.sets * self.duration_s / 60.0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "pattern": self.pattern.value,
            "sets": self.sets,
            "reps": self.reps,
            "duration_s": self.duration_s,
            "contacts": self.contacts,
            "intensity": {"pct_1rm": self.pct_1rm, "rpe": _number(self.rpe)},
            "rest_s": self.rest_s,
            "why_en": self.why_en,
            "why_ja": self.why_ja,
            "name_ja": self.name_ja,
            "name_en": self.name_en,
            "role": self.role.value,
            "main_lift": self.main_lift,
            "impact": self.impact.value,
            "source": self.source,
        }
        if self.vest_pct_body_mass is not None:
            out["vest_pct_body_mass"] = self.vest_pct_body_mass
        if self.contacts is not None:
            # `contacts` is the session total; it is done in bouts with rest between them.
            out["bouts"] = math.ceil(self.contacts / IMPACT_PER_BOUT)
            out["contacts_per_bout"] = min(self.contacts, IMPACT_PER_BOUT)
        return out


@dataclass(frozen=True, slots=True)
class Session:
    day: int
    exercises: tuple[Prescription, ...]

    @property
    def balance_minutes(self) -> float:
        return sum(p.balance_minutes for p in self.exercises)

    def patterns(self) -> set[Pattern]:
        return {p.pattern for p in self.exercises}

    def to_dict(self) -> dict[str, Any]:
        return {
            "day": self.day,
            "exercises": [p.to_dict() for p in self.exercises],
            "balance_minutes": _number(round(self.balance_minutes, 1)),
        }


@dataclass(frozen=True, slots=True)
class HomePractice:
    """Practice the client does at home every day, kept separate from supervised sessions."""

    id: str
    name_ja: str
    name_en: str
    pattern: Pattern
    minutes_per_day: int
    days_per_week: int
    why_en: str
    why_ja: str
    source: str

    @property
    def minutes_per_week(self) -> int:
        return self.minutes_per_day * self.days_per_week

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name_ja": self.name_ja,
            "name_en": self.name_en,
            "pattern": self.pattern.value,
            "minutes_per_day": self.minutes_per_day,
            "days_per_week": self.days_per_week,
            "why_en": self.why_en,
            "why_ja": self.why_ja,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Week:
    week: int
    phase: Phase
    sessions: tuple[Session, ...]
    main_pct_1rm: int
    home_practice: tuple[HomePractice, ...]
    balance_minutes_required: int

    @property
    def in_session_balance_minutes(self) -> float:
        return sum(s.balance_minutes for s in self.sessions)

    @property
    def home_balance_minutes(self) -> int:
        return sum(h.minutes_per_week for h in self.home_practice if h.pattern is Pattern.BALANCE)

    @property
    def balance_minutes(self) -> float:
        return self.in_session_balance_minutes + self.home_balance_minutes

    def to_dict(self) -> dict[str, Any]:
        in_session = round(self.in_session_balance_minutes, 1)
        return {
            "week": self.week,
            "phase": self.phase.value,
            "sessions": [s.to_dict() for s in self.sessions],
            "main_lift_target_pct_1rm": self.main_pct_1rm,
            "balance_minutes": {
                "in_session": _number(in_session),
                "home": self.home_balance_minutes,
                "total": _number(round(in_session + self.home_balance_minutes, 1)),
                "required": self.balance_minutes_required,
            },
            "home_practice": [h.to_dict() for h in self.home_practice],
        }


@dataclass(frozen=True, slots=True)
class Note:
    code: str
    en: str
    ja: str
    source: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "en": self.en, "ja": self.ja, "source": self.source}


@dataclass(frozen=True, slots=True)
class Program:
    tier: Tier
    weeks: tuple[Week, ...]
    notes: tuple[Note, ...]
    envelope: Envelope
    sessions_per_week: int
    equipment: frozenset[Equipment] | None
    fall_risk: FallRiskCategory

    def prescriptions(self) -> Iterable[tuple[Week, Session, Prescription]]:
        for week in self.weeks:
            for session in week.sessions:
                for p in session.exercises:
                    yield week, session, p

    def sources(self) -> list[str]:
        keys = [p.source for _, _, p in self.prescriptions()]
        keys += [h.source for w in self.weeks for h in w.home_practice]
        keys += [n.source for n in self.notes] + [self.envelope.source]
        return list(dict.fromkeys(keys))

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "tier": self.tier.value,
            "weeks": [w.to_dict() for w in self.weeks],
            "notes": [n.to_dict() for n in self.notes],
            "length_weeks": len(self.weeks),
            "sessions_per_week": self.sessions_per_week,
            "equipment": None
            if self.equipment is None
            else sorted(e.value for e in self.equipment),
            "fall_risk": self.fall_risk.value,
            "envelope": self.envelope.to_dict(),
            "sources": self.sources(),
        }


def _number(value: float | None) -> float | int | None:
    """JSON numbers without a needless ".0"."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


# --- the weekly intensity schedule ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WeekIntensity:
    """The target of one week: phase, %1RM of the main lifts, and how far exercise choice has
    progressed (`stage` 0 familiarisation, 1 build, 2 top)."""

    week: int
    phase: Phase
    main_pct: int
    stage: int
    fam_index: int | None = None  # 0-based familiarisation week
    fam_weeks: int = 0

    @property
    def deload(self) -> bool:
        return self.phase is Phase.DELOAD

    @property
    def early_familiarisation(self) -> bool:
        """The first half of familiarisation: fewer sets, lowest effort."""
        return self.fam_index is not None and self.fam_index < math.ceil(self.fam_weeks / 2)


def intensity_schedule(
    weeks: int, *, familiarisation_weeks: int, top_pct: int, heavy: bool
) -> tuple[WeekIntensity, ...]:
    """Main-lift %1RM week by week; pure, so it is easy to test and to read.

    Familiarisation climbs 5 points a week to 65 % (50, 55, 60, 65 for four weeks); loading weeks
    add 5 points a week, hold 80 % for three weeks, then reach `top_pct`; every sixth week after
    familiarisation is a deload, 5 points lighter; the week after a deload returns to the level
    before it. Weeks at 80 % or more (or at `top_pct` when it is lower) are `high_intensity`
    when the main lifts are loaded heavily (`heavy`: tiers A and B with the equipment for it) and
    `maintenance` otherwise (tier C, or a gym that can load neither a squat nor a hinge).
    """
    fam = min(familiarisation_weeks, weeks)
    out: list[WeekIntensity] = []
    level = 0  # %1RM of the last loading (non-deload) week
    weeks_at_hold = 0
    loading_since_deload = 0
    after_deload = False
    for week in range(1, weeks + 1):
        if week <= fam:
            index = week - 1
            pct = max(FAM_FLOOR_PCT, FAM_TOP_PCT - 5 * (familiarisation_weeks - 1 - index))
            level = pct
            out.append(
                WeekIntensity(week, Phase.FAMILIARISATION, pct, 0, fam_index=index, fam_weeks=fam)
            )
            continue
        if loading_since_deload == DELOAD_EVERY - 1:
            loading_since_deload = 0
            after_deload = True
            previous = out[-1]
            out.append(WeekIntensity(week, Phase.DELOAD, level - DELOAD_PCT_DROP, previous.stage))
            continue
        if after_deload:
            pct = level  # back to where the deload started, never more
            after_deload = False
        elif level == HOLD_PCT and weeks_at_hold < HOLD_WEEKS:
            pct = level
        else:
            pct = min(level + MAX_WEEKLY_RISE, top_pct)
        if pct == HOLD_PCT:
            weeks_at_hold += 1
        level = pct
        loading_since_deload += 1
        if pct < min(HOLD_PCT, top_pct):
            phase = Phase.BUILD
        else:
            phase = Phase.HIGH_INTENSITY if heavy else Phase.MAINTENANCE
        out.append(WeekIntensity(week, phase, pct, 1 if phase is Phase.BUILD else 2))
    return tuple(out)


# --- dosing tables -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Dose:
    sets: int
    reps: int
    rpe: float
    rest_s: int


# Main lifts, tiers A and B, by %1RM. RPE from the RTS chart where it applies (≥ 74 %): 6 reps at
# 75 % ≈ 6.5, 5 at 80 % ≈ 7.5, 4 at 85 % ≈ 8.5; below, the RPE is the effort ceiling of the phase
# (RPE ≤ 6 = four or more reps in reserve). Rest: 2 min, the lower end of ACSM 2009's 2–3 min for
# heavy multi-joint lifts, so that a session stays near an hour (LIFTMOR's took 30 minutes).
MAIN_DOSES: dict[int, _Dose] = {
    50: _Dose(3, 10, 5, 90),
    55: _Dose(3, 10, 5, 90),
    60: _Dose(3, 8, 6, 90),
    65: _Dose(3, 8, 6, 90),
    70: _Dose(3, 8, 7, 120),
    75: _Dose(4, 6, 6.5, 120),
    80: _Dose(5, 5, 7.5, 120),
    85: _Dose(5, 4, 8.5, 120),
}
# Everything else that is loaded (accessories; all loaded work in tier C): 8–12-rep sets.
ACCESSORY_DOSES: dict[int, _Dose] = {
    50: _Dose(3, 10, 5, 90),
    55: _Dose(3, 10, 5, 90),
    60: _Dose(3, 8, 6, 90),
    65: _Dose(3, 8, 6, 90),
    70: _Dose(3, 8, 7, 90),
}


def _dose_at(table: Mapping[int, _Dose], pct: int) -> _Dose:
    keys = sorted(k for k in table if k <= pct)
    return table[keys[-1] if keys else min(table)]


def _deload_sets(sets: int) -> int:
    """Deload volume: about 40 % fewer sets, never below two (rogerson_2024_deloading)."""
    return max(2, round(sets * 0.6))


# --- exercise choice -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Caps:
    """Highest catalogue level per stage (familiarisation, build, top), product policy."""

    strength: tuple[int, int, int]
    skill: tuple[int, int, int]  # balance and back-extensor work


def _caps(tier: Tier, experienced: bool) -> _Caps:
    if tier is Tier.C:
        # Loads held close to the body (goblet squat, kettlebell deadlift), no barbell on the back:
        # Too Fit To Fracture's spine-sparing substitutes.
        return _Caps(strength=(1, 2, 2), skill=(1, 2, 3))
    if tier is Tier.B:
        return _Caps(strength=(2, 3, 3), skill=(1, 2, 3))
    if experienced:
        return _Caps(strength=(3, 4, 4), skill=(2, 3, 4))
    return _Caps(strength=(2, 3, 3), skill=(1, 2, 4))


class _Chooser:
    """Picks exercises along the catalogue's progression chains, inside the envelope and the gym."""

    def __init__(
        self, catalog: Catalog, envelope: Envelope, equipment: Collection[Equipment] | None
    ) -> None:
        self.catalog = catalog
        self.envelope = envelope
        self.equipment = equipment

    def usable(self, pattern: Pattern, *, dose: Dose | None = None) -> tuple[Exercise, ...]:
        found = self.catalog.options(pattern, self.envelope, self.equipment)
        if dose is not None:
            found = tuple(e for e in found if e.dose is dose)
        return found

    def path(self, root: Exercise, usable: Sequence[Exercise]) -> tuple[Exercise, ...]:
        """The usable exercises along the progression chain from `root` on (links to exercises the
        client may not do or the gym cannot offer are stepped over)."""
        ids = {e.id for e in usable}
        chain = self.catalog.chain(root.id)
        start = next(i for i, e in enumerate(chain) if e.id == root.id)
        return tuple(e for e in chain[start:] if e.id in ids)

    def paths(
        self, pattern: Pattern, *, dose: Dose | None = None, exclude: Collection[str] = ()
    ) -> list[tuple[Exercise, ...]]:
        usable = [e for e in self.usable(pattern, dose=dose) if e.id not in exclude]
        roots = [e for e in usable if not any(e.id == (o.progression or "") for o in usable)]
        found = [self.path(r, usable) for r in (roots or usable)]
        return [p for p in found if p]


def _strength_path_score(path: Sequence[Exercise]) -> tuple[int, int, int, int, int]:
    return (
        int(any(e.main_lift for e in path)),
        int(any(e.loadable for e in path)),
        -path[0].level,
        max(e.level for e in path),
        len(path),
    )


def _last_within(path: Sequence[Exercise], cap: int) -> Exercise:
    within = [e for e in path if e.level <= cap]
    return within[-1] if within else path[0]


@dataclass(frozen=True, slots=True)
class _SlotPlan:
    """The exercise of one slot at each stage (familiarisation, build, top)."""

    pattern: Pattern
    stages: tuple[Exercise, Exercise, Exercise]
    path: tuple[Exercise, ...] = ()

    def at(self, stage: int) -> Exercise:
        return self.stages[stage]


def _furthest_unloaded(
    options: Sequence[tuple[Pattern, Sequence[tuple[Exercise, ...]]]],
    caps: _Caps,
    chosen: tuple[Pattern, tuple[Exercise, ...]],
) -> tuple[Pattern, tuple[Exercise, ...]]:
    """Without a loadable link a slot can progress only by harder variations, so it takes the
    chain of its patterns (in their order of preference) that reaches the highest level within
    the top stage's cap, of repetition exercises that can be started within familiarisation's
    cap: a bodyweight gym's push slot goes from wall to full push-ups rather than staying with
    wall slides, its squat slot to split squats."""

    def reach(path: Sequence[Exercise]) -> int:
        if path[0].level > caps.strength[0] or any(e.dose is not Dose.REPS for e in path):
            return -1
        return max((e.level for e in path if e.level <= caps.strength[2]), default=-1)

    best = chosen
    for pattern, paths in options:
        for path in paths:
            if reach(path) > reach(best[1]):
                best = (pattern, path)
    return best


def _strength_slot(
    chooser: _Chooser,
    patterns: Sequence[Pattern],
    caps: _Caps,
    *,
    heavy: bool,
    exclude: Collection[str] = (),
) -> _SlotPlan:
    """Choose the chain for a strength slot and the link used at each stage.

    `heavy` (tiers A and B, squat and hinge on heavy days): build and top use the chain's last
    main lift, so the heavy lift is learned at 70 % before it reaches 80 %. Familiarisation uses
    an easier link, or the main lift itself at light loads when no easier loadable link exists.
    Build and top share the same exercise, so each lift's %1RM climbs continuously.
    """
    options = [(p, found) for p in patterns if (found := chooser.paths(p, exclude=exclude))]
    if not options:
        wanted = " or ".join(p.value for p in patterns)
        raise LookupError(f"the catalogue has no usable {wanted} exercise for this client")
    pattern, paths = options[0]
    path = max(paths, key=_strength_path_score)
    if not any(e.loadable for e in path):
        # Another of the slot's patterns with loads comes first, else harder variations.
        loaded = [
            (p, max(found, key=_strength_path_score))
            for p, found in options
            if any(e.loadable for chain in found for e in chain)
        ]
        pattern, path = loaded[0] if loaded else _furthest_unloaded(options, caps, (pattern, path))
    mains = [e for e in path if e.main_lift]
    if heavy and mains:
        top = mains[-1]
        upto = path[: path.index(top) + 1]
        fam = _last_within(upto, caps.strength[0])
        if not fam.loadable:
            fam = next(e for e in upto if e.loadable)  # learn the lift itself, lightly
        return _SlotPlan(pattern, (fam, top, top))
    fam = _last_within(path, caps.strength[0])
    later = _last_within(path[path.index(fam) :], caps.strength[2])
    return _SlotPlan(pattern, (fam, later, later))


def _skill_slot(
    chooser: _Chooser,
    pattern: Pattern,
    caps: _Caps,
    *,
    dose: Dose | None = None,
    exclude: Collection[str] = (),
) -> _SlotPlan | None:
    paths = chooser.paths(pattern, dose=dose, exclude=exclude)
    if not paths:
        return None
    path = max(paths, key=lambda p: (len(p), -p[0].level))
    picks: list[Exercise] = []
    for cap in caps.skill:
        rest = path[path.index(picks[-1]) :] if picks else path
        picks.append(_last_within(rest, cap))
    return _SlotPlan(pattern, (picks[0], picks[1], picks[2]), path)


def _impact_slot(chooser: _Chooser) -> tuple[Exercise, ...] | None:
    """The impact chain, easiest first, inside the envelope's impact cap."""
    paths = chooser.paths(Pattern.IMPACT)
    paths = [p for p in paths if any(e.impact is not Impact.NONE for e in p)]
    if not paths:
        return None
    return max(paths, key=lambda p: (max(IMPACT_ORDER[e.impact] for e in p), len(p)))


def _impact_pick(path: Sequence[Exercise], stage: int, envelope: Envelope) -> Exercise:
    """Low impact while learning to land, moderate in build, the envelope's cap at the top."""
    cap = [Impact.LOW, Impact.MODERATE, envelope.max_impact][stage]
    cap = min(cap, envelope.max_impact, key=lambda i: IMPACT_ORDER[i])
    within = [e for e in path if IMPACT_ORDER[e.impact] <= IMPACT_ORDER[cap]]
    return within[-1] if within else path[0]


# --- guards ------------------------------------------------------------------------------------


class _RampGuard:
    """Keeps every loaded exercise, and every movement pattern, within +5 %1RM of last week."""

    def __init__(self) -> None:
        self.by_id: dict[str, int] = {}
        self.by_pattern_last_week: dict[Pattern, int] = {}
        self.by_pattern_this_week: dict[Pattern, int] = {}
        self.fixed_this_week: dict[str, int] = {}

    def new_week(self) -> None:
        self.by_pattern_last_week = self.by_pattern_this_week
        self.by_pattern_this_week = {}
        for key, value in self.fixed_this_week.items():
            self.by_id[key] = value
        self.fixed_this_week = {}

    def limit(self, exercise: Exercise, target: int) -> int:
        if exercise.id in self.fixed_this_week:  # already used this week: never heavier
            return min(target, self.fixed_this_week[exercise.id])
        bounds = [target]
        if exercise.id in self.by_id:
            bounds.append(self.by_id[exercise.id] + MAX_WEEKLY_RISE)
        if exercise.pattern in self.by_pattern_last_week:
            bounds.append(self.by_pattern_last_week[exercise.pattern] + MAX_WEEKLY_RISE)
        if exercise.id not in self.by_id and exercise.pattern not in self.by_pattern_last_week:
            bounds.append(ENTRY_PCT)
        pct = min(bounds)
        self.fixed_this_week[exercise.id] = pct
        current = self.by_pattern_this_week.get(exercise.pattern, 0)
        self.by_pattern_this_week[exercise.pattern] = max(current, pct)
        return pct


# --- texts ------------------------------------------------------------------------------------

IMPACT_NAMES: dict[Impact, tuple[str, str]] = {
    Impact.NONE: ("no", "衝撃なし"),
    Impact.LOW: ("low", "低衝撃"),
    Impact.MODERATE: ("moderate", "中程度の衝撃"),
    Impact.HIGH: ("high", "高衝撃"),
}

_PATTERN_TEXT: dict[Pattern, tuple[str, str]] = {
    Pattern.SQUAT: ("Leg and hip strength", "脚と股関節の筋力"),
    Pattern.LUNGE: ("Single-leg strength for the hip", "片脚での股関節の筋力"),
    Pattern.HINGE: (
        "Hip-hinge strength for the back of the legs and the back",
        "股関節の曲げ伸ばし（ヒップヒンジ）で太もも裏と背中の筋力",
    ),
    Pattern.PUSH_HORIZONTAL: ("Pushing strength for chest and arms", "胸と腕の押す力"),
    Pattern.PUSH_VERTICAL: ("Pushing strength for shoulders and arms", "肩と腕の押す力"),
    Pattern.PULL_HORIZONTAL: (
        "Pulling strength for the upper back and posture",
        "背中上部の引く力と姿勢",
    ),
    Pattern.PULL_VERTICAL: ("Pulling strength for the back and shoulders", "背中と肩の引く力"),
}


def _cite(*keys: str) -> tuple[str, str]:
    return "; ".join(CITE[k][0] for k in keys), "、".join(CITE[k][1] for k in keys)


def _why(
    role: Role,
    exercise: Exercise,
    plan: WeekIntensity,
    *,
    sets: int,
    reps: int | None,
    pct: int | None,
    rpe: float | None,
    tier: Tier,
    contacts: int | None = None,
    envelope: Envelope | None = None,
) -> tuple[str, str, str]:
    """(why_en, why_ja, source key) of one prescription."""
    if role is Role.IMPACT:
        en_c, ja_c = _cite(ROS)
        cap = envelope.max_impact if envelope is not None else exercise.impact
        cap_en, cap_ja = IMPACT_NAMES[cap]
        en = (
            f"Impact loading for the hip: {contacts} contacts in bouts of {IMPACT_PER_BOUT}, "
            f"building by {IMPACT_STEP} a week toward about 50 a session; this client's limit "
            f"is {cap_en} impact ({en_c})."
        )
        ja = (
            f"股関節の骨への衝撃負荷：合計{contacts}回（{IMPACT_PER_BOUT}回ずつ区切って）。"
            f"1週ごとに{IMPACT_STEP}回ずつ、1セッション約50回まで増やします。"
            f"このお客様の上限は{cap_ja}です（{ja_c}）。"
        )
        source = ROS
    elif role is Role.BALANCE:
        en_c, ja_c = _cite(TFTF, FALLS_EXERCISE)
        en = (
            "Balance training every session, from static to dynamic stances, about 2 hours a "
            f"week with home practice; challenging balance work prevents falls ({en_c})."
        )
        ja = (
            "毎回のバランストレーニング：静的な立位から動的な動きへ進め、自宅練習と合わせて"
            f"週約2時間行います。バランスに挑む運動は転倒を防ぎます（{ja_c}）。"
        )
        source = TFTF
    elif role is Role.BACK_EXTENSION:
        en_c, ja_c = _cite(BACK_EXTENSORS, ROS)
        en = (
            "Back-extensor work for posture: stronger back extensors went with fewer vertebral "
            f"fractures ten years later ({en_c})."
        )
        ja = (
            "姿勢のための背筋（脊柱伸展）運動：背筋が強い女性は10年後の椎体骨折が少なかった"
            f"と報告されています（{ja_c}）。"
        )
        source = BACK_EXTENSORS
    elif plan.phase is Phase.FAMILIARISATION:
        en_c, ja_c = _cite(TFTF, ACSM_PROGRESSION)
        assert plan.fam_index is not None
        en = (
            f"Familiarisation week {plan.fam_index + 1} of {plan.fam_weeks}: learn the movement "
            f"at no more than 70 % 1RM and RPE 6 before loading it ({en_c})."
        )
        ja = (
            f"導入期（{plan.fam_index + 1}/{plan.fam_weeks}週）：負荷を上げる前に、1RMの70%以下・"
            f"RPE6以下で動作を身につけます（{ja_c}）。"
        )
        source = TFTF
    elif role is Role.MAIN and pct is not None and pct >= HOLD_PCT:
        en_c, ja_c = _cite(LIFTMOR)
        en = (
            f"{sets} × {reps} at {pct} % 1RM: heavy lifting of this kind (5 × 5 at 80–85 %) raised "
            f"spine and hip bone density in postmenopausal women with low bone mass ({en_c})."
        )
        ja = (
            f"1RMの{pct}%で{sets}セット×{reps}回：この種の高強度トレーニング（80〜85%で5×5）は"
            f"骨量の少ない閉経後女性の腰椎・大腿骨の骨密度を高めました（{ja_c}）。"
        )
        source = LIFTMOR
    elif role is Role.MAIN:
        en_c, ja_c = _cite(LIFTMOR, ACSM_PROGRESSION)
        en = (
            f"Progressive overload at {pct} % 1RM, rising at most 5 points a week toward "
            f"LIFTMOR-style sets of 5 at 80–85 % ({en_c})."
        )
        ja = (
            f"1RMの{pct}%で漸進的過負荷：1週に最大5ポイントずつ上げ、LIFTMOR型の80〜85%・"
            f"5回のセットを目指します（{ja_c}）。"
        )
        source = LIFTMOR
    else:
        what_en, what_ja = _PATTERN_TEXT.get(exercise.pattern, ("Strength", "筋力"))
        if tier is Tier.C:
            en_c, ja_c = _cite(TFTF_DELPHI, TFTF)
            if pct is not None:
                load_en = f"{reps}-rep sets at {pct} % 1RM"
                load_ja = f"1RMの{pct}%で{reps}回のセット"
            else:
                load_en, load_ja = f"sets of {reps} at RPE {_fmt(rpe)}", f"RPE{_fmt(rpe)}で{reps}回"
            en = (
                f"{what_en}: {load_en}, load close to the body, spine neutral, no maximal "
                f"lifts ({en_c})."
            )
            ja = (
                f"{what_ja}：{load_ja}。負荷は体に近づけ、背骨はまっすぐ、最大挙上は行いません"
                f"（{ja_c}）。"
            )
            source = TFTF_DELPHI
        elif pct is not None:
            en_c, ja_c = _cite(TFTF)
            en = (
                f"{what_en}: one exercise per major muscle group, {reps}-rep sets at {pct} % "
                f"1RM ({en_c})."
            )
            ja = f"{what_ja}：主要な筋群ごとに1種目、1RMの{pct}%で{reps}回のセット（{ja_c}）。"
            source = TFTF
        else:
            en_c, ja_c = _cite(TFTF)
            reps_en = f"{reps} reps" if reps is not None else "timed sets"
            reps_ja = f"{reps}回" if reps is not None else "時間で"
            en = (
                f"{what_en}: {reps_en} at RPE {_fmt(rpe)}; effort rises as the phases "
                f"advance, and a harder variation takes over where the catalogue and the "
                f"equipment offer one ({en_c})."
            )
            ja = (
                f"{what_ja}：RPE{_fmt(rpe)}で{reps_ja}。段階が進むにつれてきつさを上げ、"
                f"カタログと器具により難しい種目があればそれに替えます（{ja_c}）。"
            )
            source = TFTF
    if plan.deload:
        en_c, ja_c = _cite(DELOAD)
        en += f" Deload week: fewer sets and a lighter load to shed fatigue ({en_c})."
        ja += f" 負荷軽減週：疲労を抜くため、セット数と負荷を減らします（{ja_c}）。"
    return en, ja, source


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}"


# --- prescriptions ---------------------------------------------------------------------------


def _effort(plan: WeekIntensity) -> float:
    """RPE for work that is not prescribed in %1RM (Too Fit To Fracture: effort 5–8 of 10)."""
    if plan.phase is Phase.FAMILIARISATION:
        return 5 if plan.early_familiarisation else 6
    if plan.deload:
        return 6
    return 7


@dataclass
class _Context:
    tier: Tier
    envelope: Envelope
    guard: _RampGuard
    top_pct: int


def _strength(
    exercise: Exercise, plan: WeekIntensity, ctx: _Context, *, heavy_day: bool
) -> Prescription:
    main = ctx.tier in (Tier.A, Tier.B) and exercise.main_lift and heavy_day
    role = Role.MAIN if main else Role.ACCESSORY
    pct: int | None = None
    duration: int | None = None
    reps: int | None
    if exercise.loadable:
        target = plan.main_pct if main else min(plan.main_pct, ACCESSORY_MAX_PCT, ctx.top_pct)
        pct = ctx.guard.limit(exercise, min(target, ctx.envelope.max_pct_1rm))
        dose = _dose_at(MAIN_DOSES if main else ACCESSORY_DOSES, pct)
        sets, reps, rpe, rest = dose.sets, dose.reps, float(dose.rpe), dose.rest_s
        if plan.phase is Phase.FAMILIARISATION:
            rpe = min(rpe, float(ctx.envelope.familiarisation_max_rpe))
    else:
        rpe = _effort(plan)
        rest = 60
        sets, reps = 3, [8, 10, 12][plan.stage]
        if exercise.dose is Dose.DURATION:
            duration, reps = [20, 30, 40][plan.stage], None
    if plan.early_familiarisation:
        sets = 2
    if plan.deload:
        sets = _deload_sets(sets)
    en, ja, source = _why(
        role, exercise, plan, sets=sets, reps=reps, pct=pct, rpe=rpe, tier=ctx.tier
    )
    vest = _vest_pct(exercise, plan, ctx.tier)
    if vest is not None:
        en_c, ja_c = _cite(VEST)
        en += (
            f" Wear a weighted vest of {vest} % of body weight ({en_c}: 10–13 %, reached "
            f"gradually)."
        )
        ja += f" 体重の{vest}%の加重ベストを着て行います（{ja_c}：10〜13%まで段階的に）。"
    return Prescription(
        id=exercise.id,
        pattern=exercise.pattern,
        name_ja=exercise.name_ja,
        name_en=exercise.name_en,
        role=role,
        sets=sets,
        reps=reps,
        duration_s=duration,
        contacts=None,
        pct_1rm=pct,
        rpe=rpe,
        rest_s=rest,
        why_en=en,
        why_ja=ja,
        source=source,
        impact=exercise.impact,
        main_lift=main,
        vest_pct_body_mass=vest,
    )


def vest_pct_for(phase: Phase, tier: Tier) -> int:
    """A vest's load in % of body mass in a week of this phase; lighter in a deload, at most
    `VEST_PCT_MAX_C` in tier C."""
    stage = {Phase.FAMILIARISATION: 0, Phase.BUILD: 1}.get(phase, 2)
    pct = VEST_PCT_DELOAD if phase is Phase.DELOAD else VEST_PCT_BY_STAGE[stage]
    return min(pct, VEST_PCT_MAX_C) if tier is Tier.C else pct


def _vest_pct(exercise: Exercise, plan: WeekIntensity, tier: Tier) -> int | None:
    return vest_pct_for(plan.phase, tier) if exercise.uses_vest else None


def _back_extension(exercise: Exercise, plan: WeekIntensity, ctx: _Context) -> Prescription:
    base = _strength(exercise, plan, ctx, heavy_day=False)
    en, ja, source = _why(
        Role.BACK_EXTENSION,
        exercise,
        plan,
        sets=base.sets,
        reps=base.reps,
        pct=base.pct_1rm,
        rpe=base.rpe,
        tier=ctx.tier,
    )
    return replace(base, role=Role.BACK_EXTENSION, why_en=en, why_ja=ja, source=source)


def _balance(exercise: Exercise, plan: WeekIntensity, minutes: int, ctx: _Context) -> Prescription:
    sets = max(1, round(minutes * 60 / BALANCE_SET_S))
    en, ja, source = _why(
        Role.BALANCE, exercise, plan, sets=sets, reps=None, pct=None, rpe=None, tier=ctx.tier
    )
    return Prescription(
        id=exercise.id,
        pattern=exercise.pattern,
        name_ja=exercise.name_ja,
        name_en=exercise.name_en,
        role=Role.BALANCE,
        sets=sets,
        reps=None,
        duration_s=BALANCE_SET_S,
        contacts=None,
        pct_1rm=None,
        rpe=min(_effort(plan), 6.0),
        rest_s=30,
        why_en=en,
        why_ja=ja,
        source=source,
        impact=exercise.impact,
        main_lift=False,
    )


def _impact(exercise: Exercise, plan: WeekIntensity, contacts: int, ctx: _Context) -> Prescription:
    en, ja, source = _why(
        Role.IMPACT,
        exercise,
        plan,
        sets=1,
        reps=None,
        pct=None,
        rpe=None,
        tier=ctx.tier,
        contacts=contacts,
        envelope=ctx.envelope,
    )
    return Prescription(
        id=exercise.id,
        pattern=exercise.pattern,
        name_ja=exercise.name_ja,
        name_en=exercise.name_en,
        role=Role.IMPACT,
        sets=1,  # one block; `contacts` is the session total, done in bouts of 10
        reps=None,
        duration_s=None,
        contacts=contacts,
        pct_1rm=None,
        rpe=_effort(plan),
        rest_s=60,
        why_en=en,
        why_ja=ja,
        source=source,
        impact=exercise.impact,
        main_lift=False,
    )


# --- assembling the program ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _DayTemplate:
    squat: _SlotPlan
    hinge: _SlotPlan
    push: _SlotPlan
    pull: _SlotPlan
    heavy: bool
    back_extension: bool


def _validate_weeks(weeks: object) -> int:
    if isinstance(weeks, bool) or not isinstance(weeks, int):
        raise InputError("weeks", f"must be a whole number, got {weeks!r}")
    if not MIN_WEEKS <= weeks <= MAX_WEEKS:
        raise InputError("weeks", f"must be between {MIN_WEEKS} and {MAX_WEEKS}, got {weeks}")
    return weeks


def _validate_sessions(sessions: object) -> int:
    if (
        isinstance(sessions, bool)
        or not isinstance(sessions, int)
        or sessions not in SESSIONS_CHOICES
    ):
        raise InputError("sessions_per_week", f"must be 2 or 3, got {sessions!r}")
    return sessions


def _equipment(
    equipment: Iterable[Equipment | str] | None, profile: ClientProfile
) -> frozenset[Equipment] | None:
    if equipment is None:
        return profile.equipment
    chosen: set[Equipment] = set()
    for i, item in enumerate(equipment):
        try:
            chosen.add(Equipment(item))
        except ValueError:
            allowed = ", ".join(e.value for e in Equipment)
            raise InputError(f"equipment[{i}]", f"must be one of {allowed}, got {item!r}") from None
    return frozenset(chosen)


def _templates(chooser: _Chooser, caps: _Caps, tier: Tier, sessions: int) -> list[_DayTemplate]:
    heavy_allowed = tier in (Tier.A, Tier.B)
    squat = _strength_slot(chooser, [Pattern.SQUAT, Pattern.LUNGE], caps, heavy=heavy_allowed)
    hinge = _strength_slot(chooser, [Pattern.HINGE], caps, heavy=heavy_allowed)
    push_v = _strength_slot(
        chooser, [Pattern.PUSH_VERTICAL, Pattern.PUSH_HORIZONTAL], caps, heavy=False
    )
    push_h = _strength_slot(
        chooser, [Pattern.PUSH_HORIZONTAL, Pattern.PUSH_VERTICAL], caps, heavy=False
    )
    pull_h = _strength_slot(
        chooser, [Pattern.PULL_HORIZONTAL, Pattern.PULL_VERTICAL], caps, heavy=False
    )
    pull_v = _strength_slot(
        chooser, [Pattern.PULL_VERTICAL, Pattern.PULL_HORIZONTAL], caps, heavy=False
    )
    every_session_back = tier in (Tier.B, Tier.C)
    day1 = _DayTemplate(squat, hinge, push_v, pull_h, True, True)
    day_last = _DayTemplate(squat, hinge, push_h, pull_v, True, every_session_back)
    if sessions == 2:
        return [day1, day_last]
    # The middle day of three: a lunge and a different hinge, moderate loads (variation day).
    main_ids = {e.id for e in squat.stages + hinge.stages if e.main_lift}
    lunge = _strength_slot(chooser, [Pattern.LUNGE, Pattern.SQUAT], caps, heavy=False)
    try:
        hinge_b = _strength_slot(chooser, [Pattern.HINGE], caps, heavy=False, exclude=main_ids)
    except LookupError:
        hinge_b = hinge
    middle = _DayTemplate(lunge, hinge_b, push_h, pull_v, False, every_session_back)
    day3 = _DayTemplate(squat, hinge, push_v, pull_h, True, every_session_back)
    return [day1, middle, day3]


def _heavy_lifts(templates: Sequence[_DayTemplate]) -> tuple[bool, bool]:
    """Whether the heavy days load (the squat, the hinge) with a catalogue main lift."""
    heavy = [t for t in templates if t.heavy]
    return any(t.squat.at(2).main_lift for t in heavy), any(t.hinge.at(2).main_lift for t in heavy)


def _heavy_lifting(templates: Sequence[_DayTemplate]) -> bool:
    """The heavy days load both a squat and a hinge with a catalogue main lift (LIFTMOR)."""
    return all(_heavy_lifts(templates))


def _no_heavy_note(*, heavy_squat: bool, heavy_hinge: bool) -> Note:
    """What the plan can and cannot do when the gym cannot load both a squat and a hinge."""
    light_en = (
        "8–12 repetitions with rising effort, and a harder variation where the catalogue has "
        "one for this equipment"
    )
    light_ja = (
        "8〜12回のセットできつさを段階的に上げ、"
        "この器具で行えるより難しい種目がカタログにあればそれに替えます"
    )
    if heavy_squat or heavy_hinge:
        loaded_en, other_en = ("squat", "hinge") if heavy_squat else ("hinge", "squat")
        loaded_ja, other_ja = ("スクワット", "ヒンジ") if heavy_squat else ("ヒンジ", "スクワット")
        return Note(
            "no_heavy_equipment",
            f"The available equipment cannot load a {other_en} heavily: the {loaded_en} "
            f"progresses to heavy sets (about 5 repetitions at 80 % 1RM or more), the "
            f"{other_en} keeps {light_en}. Dumbbells, kettlebells or a barbell would allow "
            f"LIFTMOR-style loading of both.",
            f"現在の器具では{other_ja}に高負荷をかけられません。{loaded_ja}は高負荷のセット"
            f"（1RMの80%以上で約5回）へ進め、{other_ja}は{light_ja}。ダンベル、ケトルベルまたは"
            f"バーベルがあれば、両方にLIFTMOR型の負荷が可能です。",
            LIFTMOR,
        )
    return Note(
        "no_heavy_equipment",
        f"The available equipment cannot load a squat or a hinge heavily, so this plan does not "
        f"reach the heavy sets that build bone (about 5 repetitions at 80 % 1RM or more): it "
        f"keeps them at {light_en}. Dumbbells, kettlebells or a barbell would allow "
        f"LIFTMOR-style loading of both (machines load the squat only).",
        f"現在の器具ではスクワットとヒンジに高負荷をかけられないため、このプログラムは骨を"
        f"強くする高負荷のセット（1RMの80%以上で約5回）に届きません。{light_ja}。ダンベル、"
        f"ケトルベルまたはバーベルがあれば、両方にLIFTMOR型の負荷が可能です（マシンで高負荷に"
        f"できるのはスクワットのみ）。",
        LIFTMOR,
    )


def _home_minutes(required: float, in_session: float) -> int:
    """Minutes a day of home balance practice that complete the weekly requirement."""
    missing = max(0.0, required - in_session)
    if missing == 0:
        return 0
    per_day = missing / 7
    return int(math.ceil(per_day / HOME_ROUND_MIN) * HOME_ROUND_MIN)


def generate_program(
    profile: ClientProfile | Mapping[str, Any],
    *,
    weeks: int = DEFAULT_WEEKS,
    sessions_per_week: int | None = None,
    equipment: Iterable[Equipment | str] | None = None,
    assessment: Assessment | None = None,
    catalog: Catalog | None = None,
) -> Program:
    """Build the program for a client (ENGINE.md §4).

    `profile` is a ClientProfile or its JSON object. `equipment` overrides the profile's list;
    with neither, the gym is fully equipped (bodyweight is always available). Raises InputError
    for a bad length or frequency, ClearanceRequired for tier `clearance_required`.
    """
    if not isinstance(profile, ClientProfile):
        profile = parse_profile(profile)
    weeks = _validate_weeks(weeks)
    sessions = _validate_sessions(
        sessions_per_week
        if sessions_per_week is not None
        else (profile.sessions_per_week or DEFAULT_SESSIONS)
    )
    gym = _equipment(equipment, profile)
    result = assessment if assessment is not None else assess(profile)
    if result.tier is Tier.CLEARANCE_REQUIRED:
        raise ClearanceRequired(result.clearance_reasons)
    cat = catalog if catalog is not None else load_catalog()
    tier = result.tier
    envelope = effective_envelope(result.envelope, profile)
    experienced = profile.experience in (Experience.INTERMEDIATE, Experience.ADVANCED)
    caps = _caps(tier, experienced)
    chooser = _Chooser(cat, envelope, gym)

    top_pct = min(TOP_PCT_C if tier is Tier.C else TOP_PCT_AB, envelope.max_pct_1rm)
    templates = _templates(chooser, caps, tier, sessions)
    schedule = intensity_schedule(
        weeks,
        familiarisation_weeks=envelope.familiarisation_weeks,
        top_pct=top_pct,
        # A week whose main lifts reach 80 % is high-intensity when at least one of them is
        # loaded (a machine gym's leg press), not only with the full LIFTMOR pair.
        heavy=tier is not Tier.C and any(_heavy_lifts(templates)),
    )
    balance_static = _skill_slot(chooser, Pattern.BALANCE, caps, dose=Dose.DURATION)
    balance_dynamic = None
    if balance_static is not None:
        balance_dynamic = _skill_slot(
            chooser,
            Pattern.BALANCE,
            caps,
            dose=Dose.DURATION,
            exclude={e.id for e in balance_static.path},
        )
    back = _skill_slot(chooser, Pattern.BACK_EXTENSION, caps)
    impact_path = _impact_slot(chooser)

    falls = result.fall_risk_category
    # The longer block where balance matters most: fall risk, or a tier that needs 2 h a week.
    falls_focus = tier in (Tier.B, Tier.C) or falls in (
        FallRiskCategory.MODERATE,
        FallRiskCategory.HIGH,
    )
    block = BALANCE_BLOCK_MIN_FALLS if falls_focus else BALANCE_BLOCK_MIN
    falls_focus_home = tier is Tier.C or falls is FallRiskCategory.HIGH
    ctx = _Context(tier=tier, envelope=envelope, guard=_RampGuard(), top_pct=top_pct)

    impact_level: Impact | None = None
    contacts = 0
    out_weeks: list[Week] = []
    for plan in schedule:
        ctx.guard.new_week()
        impact_rx: Exercise | None = None
        week_contacts = 0
        if impact_path is not None:
            impact_rx = _impact_pick(impact_path, plan.stage, envelope)
            cap = envelope.max_impact_contacts_per_session
            if plan.deload:
                week_contacts = max(IMPACT_START, (contacts // 2) // 10 * 10)
            else:
                if impact_level is None:
                    contacts = IMPACT_START
                elif IMPACT_ORDER[impact_rx.impact] > IMPACT_ORDER[impact_level]:
                    contacts = IMPACT_RESTART
                else:
                    contacts = contacts + IMPACT_STEP
                contacts = min(contacts, cap)
                impact_level = impact_rx.impact
                week_contacts = contacts
            week_contacts = min(week_contacts, cap)
        sessions_out: list[Session] = []
        balance_picks = [
            s.at(plan.stage) for s in (balance_static, balance_dynamic) if s is not None
        ]
        for day, template in enumerate(templates, start=1):
            rx: list[Prescription] = []
            for exercise in balance_picks:
                rx.append(_balance(exercise, plan, block // len(balance_picks), ctx))
            if impact_rx is not None and week_contacts > 0:
                rx.append(_impact(impact_rx, plan, week_contacts, ctx))
            # LIFTMOR's heavy lifts: a squat, a hinge and a press; pulls stay accessories.
            for slot, heavy in (
                (template.squat, template.heavy),
                (template.hinge, template.heavy),
                (template.push, template.heavy),
                (template.pull, False),
            ):
                rx.append(_strength(slot.at(plan.stage), plan, ctx, heavy_day=heavy))
            if template.back_extension and back is not None:
                rx.append(_back_extension(back.at(plan.stage), plan, ctx))
            sessions_out.append(Session(day=day, exercises=tuple(rx)))
        in_session = sum(s.balance_minutes for s in sessions_out)
        home: list[HomePractice] = []
        required = envelope.min_balance_minutes_per_week
        per_day = _home_minutes(required, in_session)
        if per_day and balance_static is not None:
            # At home, unsupervised: a static stance already practised in earlier weeks; the
            # easiest one when falls are likely.
            home_stage = 0 if falls_focus_home else max(0, plan.stage - 1)
            home.append(_home_balance(balance_static.at(home_stage), per_day))
        if tier is Tier.C and back is not None:
            home.append(_home_back(back.at(min(plan.stage, 1))))
        out_weeks.append(
            Week(
                week=plan.week,
                phase=plan.phase,
                sessions=tuple(sessions_out),
                main_pct_1rm=plan.main_pct,
                home_practice=tuple(home),
                balance_minutes_required=required,
            )
        )
    program = Program(
        tier=tier,
        weeks=tuple(out_weeks),
        notes=(),
        envelope=envelope,
        sessions_per_week=sessions,
        equipment=gym,
        fall_risk=falls,
    )
    return replace(program, notes=tuple(_notes(program, result, profile, templates)))


def _home_balance(exercise: Exercise, per_day: int) -> HomePractice:
    en_c, ja_c = _cite(TFTF)
    return HomePractice(
        id=exercise.id,
        name_ja=exercise.name_ja,
        name_en=exercise.name_en,
        pattern=exercise.pattern,
        minutes_per_day=per_day,
        days_per_week=7,
        why_en=(
            f"Home balance practice, {per_day} min every day next to a sturdy counter or chair, "
            f"so the week reaches the balance minutes this tier needs ({en_c})."
        ),
        why_ja=(
            f"自宅でのバランス練習：毎日{per_day}分、しっかりした台や椅子のそばで行い、"
            f"この区分に必要な週のバランス時間を満たします（{ja_c}）。"
        ),
        source=TFTF,
    )


def _home_back(exercise: Exercise) -> HomePractice:
    en_c, ja_c = _cite(TFTF)
    return HomePractice(
        id=exercise.id,
        name_ja=exercise.name_ja,
        name_en=exercise.name_en,
        pattern=exercise.pattern,
        minutes_per_day=HOME_BACK_EXTENSION_MIN,
        days_per_week=7,
        why_en=(
            f"Daily back-extensor practice at home, {HOME_BACK_EXTENSION_MIN} min with 3–5 s "
            f"holds, for posture ({en_c})."
        ),
        why_ja=(
            f"自宅で毎日の背筋運動：{HOME_BACK_EXTENSION_MIN}分、3〜5秒ずつ保持して姿勢を"
            f"保ちます（{ja_c}）。"
        ),
        source=TFTF,
    )


def _notes(
    program: Program,
    result: Assessment,
    profile: ClientProfile,
    templates: Sequence[_DayTemplate],
) -> list[Note]:
    notes: list[Note] = []
    env = program.envelope
    if env.supervision_required:
        notes.append(
            Note(
                "supervised",
                "Every session is supervised by a trainer; loads come from an estimated 1RM "
                "(submaximal sets), never from a 1RM test.",
                "すべてのセッションをトレーナーが指導します。負荷は最大下のセットから推定した"
                "1RMで決め、1RMテストは行いません。",
                env.source,
            )
        )
    else:
        notes.append(
            Note(
                "estimated_1rm",
                "Loads come from an estimated 1RM (submaximal sets of at most 10 reps); use "
                "`osteoload progress` before each set to choose today's load.",
                "負荷は最大下のセット（10回以下）から推定した1RMで決めます。各セットの前に"
                "`osteoload progress`で当日の重量を確認してください。",
                ENGINE,
            )
        )
    if not env.loaded_spinal_flexion:
        notes.append(
            Note(
                "spine_sparing",
                "No loaded spinal flexion or twisting under load (no sit-ups, crunches, toe "
                "touches); hinge at the hips and keep loads close to the body.",
                "負荷をかけた体幹前屈やひねりは行いません（腹筋運動、クランチ、前屈など）。"
                "股関節から曲げ、負荷は体に近づけて持ちます。",
                TFTF_DELPHI,
            )
        )
    if any(w.phase is Phase.DELOAD for w in program.weeks):
        notes.append(
            Note(
                "deload",
                f"Every {DELOAD_EVERY}th week after familiarisation is a deload: about 40 % fewer "
                f"sets and {DELOAD_PCT_DROP} points lighter (strength athletes deload every "
                "5.6 ± 2.3 weeks; the interval and size are osteoload policy for older clients).",
                f"導入期の後は{DELOAD_EVERY}週ごとに負荷軽減週を入れます：セット数を約4割減らし、"
                f"強度を{DELOAD_PCT_DROP}ポイント下げます（筋力競技者は平均5.6±2.3週ごと。"
                "間隔と量は高齢のお客様向けのosteoloadの方針）。",
                DELOAD,
            )
        )
    if any(w.home_practice for w in program.weeks):
        notes.append(
            Note(
                "home_practice",
                "Balance minutes are counted honestly: timed balance work in sessions plus the "
                "home practice listed for each week; together they meet the tier's weekly "
                "minimum.",
                "バランス時間は、セッション中に時間を計って行う分と、各週に記載した自宅練習の"
                "分を合わせて数えます。合計でこの区分の週の最低時間を満たします。",
                TFTF,
            )
        )
    if env.max_impact is not result.envelope.max_impact:
        notes.append(
            Note(
                "impact_osteoarthritis",
                "Knee or hip osteoarthritis: impact is kept to low-impact exercises.",
                "膝または股関節の変形性関節症：衝撃負荷は低衝撃の種目にとどめます。",
                ESSA,
            )
        )
    heavy_squat, heavy_hinge = _heavy_lifts(templates)
    heavy_available = heavy_squat and heavy_hinge
    if program.tier in (Tier.A, Tier.B):
        reached = [
            w.week
            for w in program.weeks
            for s in w.sessions
            for p in s.exercises
            if p.role is Role.MAIN and p.pct_1rm is not None and p.pct_1rm >= HOLD_PCT
        ]
        if not heavy_available:
            notes.append(_no_heavy_note(heavy_squat=heavy_squat, heavy_hinge=heavy_hinge))
        elif not reached:
            notes.append(
                Note(
                    "short_plan",
                    "This plan is too short for the main lifts to reach 80 % 1RM: that takes "
                    "familiarisation plus three weeks of gradual loading.",
                    "この計画は短いため、主種目は1RMの80%に達しません。導入期の後、3週間の段階的な"
                    "負荷の増加が必要です。",
                    ENGINE,
                )
            )
    if program.tier is Tier.C:
        notes.append(
            Note(
                "tier_c_loading",
                "Spine-protective tier: loaded sets stay at or below 70 % 1RM (8-rep sets with "
                "reps in reserve), no maximal lifts, no barbell on the back; impact low at most.",
                "脊椎保護の区分：負荷をかけるセットは1RMの70%以下（余力を残した8回のセット）、"
                "最大挙上やバーベルを背負う種目は行わず、衝撃は低衝撃までです。",
                TFTF,
            )
        )
    notes.append(
        Note(
            "walking",
            "Besides these sessions, brisk walking on most days (about 150 min a week) adds "
            "weight-bearing activity; walking alone is not enough for bone.",
            "セッションのほかに、ほぼ毎日の早歩き（週約150分）で体重負荷の活動を補います。"
            "ただし歩くだけでは骨には不十分です。",
            TFTF,
        )
    )
    notes.append(
        Note(
            "nutrition",
            "Training works for bone only with enough calcium, vitamin D and protein; see the "
            "assessment's targets.",
            "骨へのトレーニング効果には十分なカルシウム・ビタミンD・たんぱく質が必要です。"
            "評価の目標値を参照してください。",
            ESSA,
        )
    )
    return notes
