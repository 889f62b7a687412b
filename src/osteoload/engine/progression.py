"""The next load for an exercise (ENGINE.md §6): "what load today?".

Rules, in order (sources in brackets; "policy" = osteoload product policy, said so in the reasons):

1. e1RM: from the completed sets of at most 10 reps (with a load) of the latest session that has
   one; reps to failure = reps + RIR (RIR = 10 − RPE when only RPE is given, 0 when neither);
   Epley; best set [epley_1985, zourdos_2016_rir_rpe, reynolds_2006].
2. Target %1RM: the prescription's `pct_1rm`, else the Tuchscherer chart for `rpe` at the
   prescribed reps [tuchscherer_2008_rts]; outside the chart (RPE < 6, or reps + RIR > 10) the
   inverse of Epley for reps + RIR.
3. Next load = target × e1RM rounded *down* to a multiple of `increment_kg`, never above the tier's
   max %1RM of the e1RM [envelope source of the tier].
4. Safety envelope [policy]: never more than 10 % above the heaviest completed load of the last
   session; pain ≥ 5 last session → at least 10 % less and flag `review`; pain ≥ 7 → `stop`, no
   load, flag `refer`; sets not completed in each of the last two sessions → 10 % less.
5. No history → `start`: at most 50 % of a profile-based e1RM guess (`norms.typical_1rm_kg`),
   rounded down; or, when no guess is possible, an RPE instruction with `load_kg` null [policy].
   Pain ≥ 5 after a session without loaded sets lightens that start by 10 % and flags `review`.
A client whose assessment requires medical clearance gets `stop` until it is recorded; an exercise
outside the tier's envelope (impact above its cap, loaded flexion, twisting or heavy overhead
where the tier rules them out; knee or hip osteoarthritis caps impact at low, as in plans) gets
`stop`, no load, and the first easier catalogue version that fits.

Flags: `refer`, `review`, `missed_sets`, `capped_by_tier`, `capped_by_last_load`, `first_session`,
`estimated_from_norms`, `no_estimate`, `rpe_chart_extrapolated`, `clearance_required`,
`not_loadable`, `outside_envelope`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import norms, strength
from .assessment import assess
from .catalog import IMPACT_NAMES, SPINE_RULE_NAMES, Catalog, Exercise, load_catalog
from .dates import parse_iso_date
from .envelope import Envelope, effective_envelope
from .errors import InputError
from .monitoring import SessionLog, weekly_report
from .profile import ClientProfile, parse_profile_in
from .types import Tier
from .values import finite_number

SCHEMA = "osteoload.progression/1"
POLICY = "osteoload_policy"

MAX_STEP_UP = 0.10  # policy: at most +10 % over the last session's heaviest completed load
PAIN_REVIEW = 5  # policy: pain ≥ 5 → reduce ≥ 10 % and review
PAIN_STOP = 7  # policy: pain ≥ 7 → stop and refer
REDUCTION = 0.10  # policy: the reduction for pain ≥ 5 or two sessions with missed sets
START_MAX_PCT = 50.0  # policy: a first session at ≤ 50 % of a norm-based e1RM guess
START_RPE = 6  # policy: without a guess, a first set that leaves ≥ 4 reps in reserve
DEFAULT_INCREMENT_KG = 2.5


# --- request -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LoggedSet:
    load_kg: float
    reps: int
    rir: float | None
    rpe: float | None
    completed: bool

    @property
    def reps_in_reserve(self) -> float:
        if self.rir is not None:
            return self.rir
        if self.rpe is not None:
            return 10.0 - self.rpe
        return 0.0


@dataclass(frozen=True, slots=True)
class Session:
    date: dt.date | None
    session_rpe: float | None
    pain: float | None
    sets: tuple[LoggedSet, ...]
    duration_min: float | None = None


@dataclass(frozen=True, slots=True)
class Prescription:
    sets: int
    reps: int
    pct_1rm: float | None
    rpe: float | None


@dataclass(frozen=True, slots=True)
class ProgressRequest:
    profile: ClientProfile
    exercise_id: str
    prescription: Prescription
    increment_kg: float
    history: tuple[Session, ...]


def _obj(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InputError(where, f"must be an object, got {_kind(value)}")
    return value


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _num(
    obj: Mapping[str, Any],
    key: str,
    where: str,
    lo: float,
    hi: float,
    *,
    required: bool = False,
    integer: bool = False,
    lo_open: bool = False,
) -> float | None:
    path = f"{where}.{key}" if where else key
    value = obj.get(key)
    if value is None:
        if required:
            raise InputError(path, "is required")
        return None
    number = finite_number(value)
    if number is None:
        raise InputError(path, f"must be a number, got {value!r}")
    if integer and not number.is_integer():
        raise InputError(path, f"must be a whole number, got {value!r}")
    too_low = number <= lo if lo_open else number < lo
    if too_low or number > hi:
        low = f"above {lo:g}" if lo_open else f"at least {lo:g}"
        raise InputError(path, f"must be {low} and at most {hi:g}, got {value!r}")
    return number


def _parse_set(raw: Any, where: str) -> LoggedSet:
    obj = _obj(raw, where)
    completed = obj.get("completed", True)
    if completed is None:
        completed = True
    if not isinstance(completed, bool):
        raise InputError(f"{where}.completed", f"must be true or false, got {completed!r}")
    load = _num(obj, "load_kg", where, 0, 1000, required=True)
    reps = _num(obj, "reps", where, 0, 100, required=True, integer=True)
    rir = _num(obj, "rir", where, 0, 10)
    rpe = _num(obj, "rpe", where, 0, 10)
    assert load is not None and reps is not None
    return LoggedSet(load_kg=load, reps=int(reps), rir=rir, rpe=rpe, completed=completed)


def _parse_session(raw: Any, where: str) -> Session:
    obj = _obj(raw, where)
    date: dt.date | None = None
    if obj.get("date") is not None:
        date = parse_iso_date(obj["date"], f"{where}.date")
    sets_raw = obj.get("sets", [])
    if sets_raw is None:
        sets_raw = []
    if not isinstance(sets_raw, list):
        raise InputError(f"{where}.sets", f"must be a list, got {_kind(sets_raw)}")
    return Session(
        date=date,
        session_rpe=_num(obj, "session_rpe", where, 0, 10),
        pain=_num(obj, "pain", where, 0, 10),
        sets=tuple(_parse_set(s, f"{where}.sets[{i}]") for i, s in enumerate(sets_raw)),
        duration_min=_num(obj, "duration_min", where, 0, 600, lo_open=True),
    )


def parse_request(data: Any) -> ProgressRequest:
    """Validate a progression request; InputError names the first bad field by its JSON path."""
    obj = _obj(data, "request")
    profile = parse_profile_in(obj)
    exercise_id = obj.get("exercise_id")
    if exercise_id is None:
        raise InputError("exercise_id", "is required")
    if not isinstance(exercise_id, str) or not exercise_id.strip():
        raise InputError("exercise_id", f"must be a non-empty string, got {exercise_id!r}")
    if exercise_id not in load_catalog():
        raise InputError(
            "exercise_id", f"unknown exercise {exercise_id!r} (see `osteoload exercises`)"
        )
    if obj.get("prescription") is None:
        raise InputError("prescription", "is required")
    p = _obj(obj["prescription"], "prescription")
    sets = _num(p, "sets", "prescription", 1, 20, required=True, integer=True)
    reps = _num(p, "reps", "prescription", 1, 50, required=True, integer=True)
    pct = _num(p, "pct_1rm", "prescription", 0, 100, lo_open=True)
    rpe = _num(p, "rpe", "prescription", 1, 10)
    if rpe is not None and (rpe * 2) != math.floor(rpe * 2):
        raise InputError("prescription.rpe", f"must be a whole or half number, got {rpe!r}")
    if pct is None and rpe is None:
        raise InputError("prescription", "needs pct_1rm or rpe to set the intensity")
    increment = _num(obj, "increment_kg", "", 0, 50, lo_open=True)
    history_raw = obj.get("history", [])
    if history_raw is None:
        history_raw = []
    if not isinstance(history_raw, list):
        raise InputError("history", f"must be a list, got {_kind(history_raw)}")
    history = tuple(_parse_session(s, f"history[{i}]") for i, s in enumerate(history_raw))
    last_date: dt.date | None = None
    for i, session in enumerate(history):
        if session.date is None:
            continue
        if last_date is not None and session.date < last_date:
            raise InputError(f"history[{i}].date", "history must be oldest first")
        last_date = session.date
    assert sets is not None and reps is not None
    return ProgressRequest(
        profile=profile,
        exercise_id=exercise_id,
        prescription=Prescription(sets=int(sets), reps=int(reps), pct_1rm=pct, rpe=rpe),
        increment_kg=DEFAULT_INCREMENT_KG if increment is None else increment,
        history=history,
    )


# --- rules ---------------------------------------------------------------------------------------


def floor_to(value: float, increment: float) -> float:
    """Round down to a multiple of `increment` (a tiny tolerance absorbs float error)."""
    if value <= 0:
        return 0.0
    steps = math.floor(value / increment + 1e-9)
    return round(steps * increment, 6)


def set_e1rm(s: LoggedSet) -> float | None:
    """Epley e1RM of one set, or None when the set does not count (not completed, > 10 reps,
    no reps or no load)."""
    if not s.completed or s.reps < 1 or s.reps > strength.MAX_REPS or s.load_kg <= 0:
        return None
    return strength.epley_1rm(s.load_kg, s.reps + s.reps_in_reserve)


def latest_e1rm(history: tuple[Session, ...]) -> tuple[float, int] | None:
    """(best e1RM, session index) of the latest session that has a countable set."""
    for index in range(len(history) - 1, -1, -1):
        values = [v for v in (set_e1rm(s) for s in history[index].sets) if v is not None]
        if values:
            return max(values), index
    return None


def _has_load(session: Session) -> bool:
    return any(s.load_kg > 0 for s in session.sets)


def heaviest_completed(session: Session) -> float | None:
    loads = [s.load_kg for s in session.sets if s.completed and s.load_kg > 0]
    return max(loads) if loads else None


def _missed(session: Session) -> bool:
    return any(not s.completed for s in session.sets)


def target_pct(prescription: Prescription) -> tuple[float, bool]:
    """(target %1RM, extrapolated beyond the RPE chart?)."""
    if prescription.pct_1rm is not None:
        return prescription.pct_1rm, False
    assert prescription.rpe is not None
    if strength.in_rpe_table(prescription.reps, prescription.rpe):
        return strength.pct_1rm_for(prescription.reps, prescription.rpe), False
    rtf = prescription.reps + (10.0 - prescription.rpe)
    return strength.epley_pct_1rm(rtf), True


@dataclass
class _Explain:
    en: list[str] = field(default_factory=list)
    ja: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    rules: list[dict[str, str]] = field(default_factory=list)

    def say(self, en: str, ja: str) -> None:
        self.en.append(en)
        self.ja.append(ja)

    def rule(self, code: str, source: str) -> None:
        self.rules.append({"rule": code, "source": source})

    def flag(self, name: str) -> None:
        if name not in self.flags:
            self.flags.append(name)


def _kg(value: float) -> str:
    return f"{value:g} kg"


@dataclass(frozen=True, slots=True)
class Progression:
    e1rm_kg: float | None
    next_load_kg: float | None
    next_sets: int
    next_reps: int
    stop: bool
    decision: str
    reason_en: str
    reason_ja: str
    flags: tuple[str, ...]
    tier: Tier
    max_pct_1rm: int
    target_pct_1rm: float | None
    last_heaviest_kg: float | None
    e1rm_guess_kg: float | None
    rules: tuple[dict[str, str], ...]
    monitoring: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "e1rm_kg": None if self.e1rm_kg is None else round(self.e1rm_kg, 1),
            "next": None
            if self.stop
            else {"load_kg": self.next_load_kg, "sets": self.next_sets, "reps": self.next_reps},
            "decision": self.decision,
            "reason_en": self.reason_en,
            "reason_ja": self.reason_ja,
            "flags": list(self.flags),
            "tier": self.tier.value,
            "max_pct_1rm": self.max_pct_1rm,
            "target_pct_1rm": None
            if self.target_pct_1rm is None
            else round(self.target_pct_1rm, 1),
            "last_heaviest_kg": self.last_heaviest_kg,
            "e1rm_guess_kg": self.e1rm_guess_kg,
            "rules": list(self.rules),
            "sources": list(dict.fromkeys(r["source"] for r in self.rules)),
        }
        if self.monitoring is not None:
            out["monitoring"] = self.monitoring
        return out


def progress(request: ProgressRequest) -> Progression:
    """Apply ENGINE.md §6 to a validated request."""
    assessment = assess(request.profile)
    envelope = effective_envelope(assessment.envelope, request.profile)
    catalog = load_catalog()
    exercise = catalog.get(request.exercise_id)
    rx = request.prescription
    inc = request.increment_kg
    why = _Explain()
    history = request.history
    last = history[-1] if history else None
    last_heaviest = heaviest_completed(last) if last is not None else None
    estimate = latest_e1rm(history)
    e1rm = estimate[0] if estimate else None
    target, extrapolated = target_pct(rx)
    monitoring = _monitoring(history)

    def result(
        decision: str, load: float | None, *, stop: bool = False, guess: float | None = None
    ) -> Progression:
        return Progression(
            e1rm_kg=e1rm,
            next_load_kg=load,
            next_sets=rx.sets,
            next_reps=rx.reps,
            stop=stop,
            decision=decision,
            reason_en=" ".join(why.en),
            reason_ja="".join(why.ja),
            flags=tuple(why.flags),
            tier=assessment.tier,
            max_pct_1rm=envelope.max_pct_1rm,
            target_pct_1rm=target,
            last_heaviest_kg=last_heaviest,
            e1rm_guess_kg=guess,
            rules=tuple(why.rules),
            monitoring=monitoring,
        )

    # Medical clearance first: nothing is prescribed until it is recorded.
    if assessment.tier is Tier.CLEARANCE_REQUIRED:
        why.flag("clearance_required")
        why.rule("clearance_required", "riebe_2015_acsm")
        why.say(
            "Medical clearance is required before training; record a physician's clearance first.",
            "運動を始める前に医師の許可が必要です。医師の許可を記録してください。",
        )
        return result("stop", None, stop=True)

    # Pain ≥ 7 last session: stop and refer (policy).
    if last is not None and last.pain is not None and last.pain >= PAIN_STOP:
        why.flag("refer")
        why.flag("review")
        why.rule("pain_stop", POLICY)
        why.say(
            f"Pain was {last.pain:g}/10 last session (≥ {PAIN_STOP}): stop this exercise and "
            "refer the client to a physician before loading it again (product policy).",
            f"前回のセッションで痛みが{last.pain:g}/10（{PAIN_STOP}以上）でした。この種目は中止し、"
            "再開の前に医師の診察を受けていただいてください（当社の安全方針）。",
        )
        return result("stop", None, stop=True)

    # The exercise itself must fit the tier's envelope, whatever the load.
    refusals = _refusals(envelope, exercise)
    if refusals:
        why.flag("outside_envelope")
        why.rule("tier_envelope", envelope.source)
        fitting = _fitting_regression(exercise, envelope, catalog)
        en = "; ".join(r[0] for r in refusals)
        ja = "、".join(r[1] for r in refusals)
        why.say(
            f"{exercise.name_en} is outside this client's safety envelope (tier "
            f"{assessment.tier.value}: {en}): leave it out."
            + (f" A version that fits: {fitting.name_en} ({fitting.id})." if fitting else ""),
            f"{exercise.name_ja}はこのお客様の安全の範囲（運動区分{assessment.tier.value}：{ja}）"
            "の外のため、行わないでください。"
            + (f"代わりに{fitting.name_ja}（{fitting.id}）が行えます。" if fitting else ""),
        )
        return result("stop", None, stop=True)

    if rx.pct_1rm is None:
        why.rule("target_from_rpe_chart", strength.RPE_TABLE_SOURCE)
        if extrapolated:
            why.flag("rpe_chart_extrapolated")
            why.rule("rpe_outside_chart_epley", "epley_1985")

    # No usable history: a conservative start.
    if not any(_has_load(s) for s in history):
        return _start(request, exercise, assessment.envelope.max_pct_1rm, target, why, result)

    reference = last_heaviest
    if reference is None and last is not None and _has_load(last):
        reference = max(s.load_kg for s in last.sets)  # nothing completed: the attempted load
    if reference is None:
        # The last session had no loaded sets (e.g. pain-only entry): use the latest loaded one.
        for session in reversed(history):
            if _has_load(session):
                reference = heaviest_completed(session) or max(s.load_kg for s in session.sets)
                break
    assert reference is not None

    if e1rm is not None:
        why.rule("e1rm_epley", "epley_1985")
        why.rule("e1rm_max_10_reps", strength.MAX_REPS_SOURCE)
        candidate = floor_to(target / 100.0 * e1rm, inc)
        why.say(
            f"Estimated 1RM {e1rm:.1f} kg (Epley, best set of the latest session with a set of "
            f"≤ 10 reps); target {target:.1f} % 1RM → {_kg(candidate)} rounded down to "
            f"{inc:g} kg steps.",
            f"推定1RMは{e1rm:.1f} kg（Epley式、10回以下のセットがある直近の"
            "セッションの最良セット）。"
            f"目標{target:.1f}%1RM → {inc:g} kg単位で切り下げて{_kg(candidate)}。",
        )
        tier_cap = floor_to(envelope.max_pct_1rm / 100.0 * e1rm, inc)
        why.rule("tier_max_pct_1rm", envelope.source)
        if candidate > tier_cap:
            candidate = tier_cap
            why.flag("capped_by_tier")
            why.say(
                f"Capped at the tier {assessment.tier.value} limit of {envelope.max_pct_1rm} % "
                f"1RM: {_kg(tier_cap)}.",
                f"運動区分{assessment.tier.value}の上限{envelope.max_pct_1rm}%1RMにより"
                f"{_kg(tier_cap)}までとします。",
            )
    else:
        candidate = floor_to(reference, inc)
        why.flag("no_estimate")
        why.say(
            f"No completed set of 1–10 reps with a load to estimate a 1RM from: keep "
            f"{_kg(reference)} and judge by RPE.",
            f"1RMを推定できる10回以下の完了セットがありません。{_kg(reference)}を維持し、RPEで判断してください。",
        )

    # Safety envelope (product policy).
    why.rule("max_10_percent_step", POLICY)
    if last_heaviest is not None:
        step_cap = floor_to((1.0 + MAX_STEP_UP) * last_heaviest, inc)
        if candidate > step_cap:
            candidate = step_cap
            why.flag("capped_by_last_load")
            why.say(
                f"Limited to 10 % above last session's heaviest completed load "
                f"({_kg(last_heaviest)}): {_kg(step_cap)} (product policy).",
                f"前回の完了した最大重量（{_kg(last_heaviest)}）の10%増までに制限し{_kg(step_cap)}"
                "とします（当社の安全方針）。",
            )
    else:
        # Nothing completed last time: do not go above what was attempted.
        candidate = min(candidate, floor_to(reference, inc))

    reduce_to = floor_to((1.0 - REDUCTION) * reference, inc)
    if last is not None and last.pain is not None and last.pain >= PAIN_REVIEW:
        candidate = min(candidate, reduce_to)
        _pain_review(why, last.pain, f" ({_kg(candidate)})", f"{_kg(candidate)}とし")
    if len(history) >= 2 and _missed(history[-1]) and _missed(history[-2]):
        why.flag("missed_sets")
        why.rule("missed_sets_reduce", POLICY)
        candidate = min(candidate, reduce_to)
        why.say(
            f"Sets were not completed in each of the last two sessions: 10 % lighter "
            f"({_kg(candidate)}) (product policy).",
            f"直近2回のセッションでいずれも完了できないセットがありました。10%軽くして{_kg(candidate)}"
            "とします（当社の安全方針）。",
        )

    if candidate > reference + 1e-9:
        decision = "increase"
    elif candidate < reference - 1e-9:
        decision = "reduce"
    else:
        decision = "hold"
    why.say(*_decision_words(decision, candidate, reference))
    if not any("policy" in sentence for sentence in why.en):
        why.say(
            "Safety envelope (product policy): never more than 10 % above last session's heaviest "
            "completed load; pain ≥ 5 means at least 10 % less, pain ≥ 7 means stop.",
            "安全の範囲（当社の方針）: 前回の完了した最大重量の10%増まで。痛み5以上は10%以上軽く、"
            "7以上は中止します。",
        )
    return result(decision, candidate)


def _refusals(envelope: Envelope, exercise: Exercise) -> list[tuple[str, str]]:
    """Why the exercise does not fit the envelope, (en, ja) per rule it breaks."""
    out = []
    for rule in envelope.breaches(exercise):
        if rule == "impact":
            (en, ja), (cap_en, cap_ja) = (
                IMPACT_NAMES[exercise.impact],
                IMPACT_NAMES[envelope.max_impact],
            )
            out.append((f"{en} impact, above {cap_en}", f"衝撃が{ja}（上限は{cap_ja}）"))
        else:
            out.append(SPINE_RULE_NAMES[rule])
    return out


def _fitting_regression(
    exercise: Exercise, envelope: Envelope, catalog: Catalog
) -> Exercise | None:
    """The first easier version down the catalogue's regression chain that fits the envelope."""
    seen = {exercise.id}
    current = exercise
    while current.regression and current.regression not in seen and current.regression in catalog:
        current = catalog.get(current.regression)
        seen.add(current.id)
        if envelope.allows(current):
            return current
    return None


def _decision_words(decision: str, load: float, reference: float) -> tuple[str, str]:
    if decision == "increase":
        return (
            f"Increase from {_kg(reference)} to {_kg(load)}.",
            f"{_kg(reference)}から{_kg(load)}に上げます。",
        )
    if decision == "reduce":
        return (
            f"Reduce from {_kg(reference)} to {_kg(load)}.",
            f"{_kg(reference)}から{_kg(load)}に下げます。",
        )
    return (f"Hold at {_kg(load)}.", f"{_kg(load)}を維持します。")


def _start(
    request: ProgressRequest,
    exercise: Exercise,
    max_pct: int,
    target: float,
    why: _Explain,
    result: Any,
) -> Progression:
    profile = request.profile
    rx = request.prescription
    why.flag("first_session")
    why.rule("start_conservative", POLICY)
    guess = (
        norms.typical_1rm_kg(
            exercise.pattern,
            sex=profile.sex,
            age=profile.age,
            body_mass_kg=profile.weight_kg,
            experience=profile.experience,
        )
        if exercise.loadable
        else None
    )
    last = request.history[-1] if request.history else None
    pain = last.pain if last is not None and last.pain is not None else 0.0
    if guess is not None:
        pct = min(target, START_MAX_PCT, float(max_pct))
        load = floor_to(pct / 100.0 * guess, request.increment_kg)
        why.flag("estimated_from_norms")
        for key in norms.SOURCES:
            why.rule("start_from_norms", key)
        why.say(
            f"No history for this exercise: start light at {_kg(load)}, about {pct:g} % of a "
            f"typical 1RM of {guess:g} kg for the client's sex, age and weight (published norms, "
            f"uncertain by ±30–50 %). Stop the set if it feels harder than RPE {START_RPE} "
            "(4 or more reps left) (product policy).",
            f"この種目の記録がないため、軽めの{_kg(load)}から始めます（性別・年齢・体重から見た"
            f"一般的な1RM {guess:g} kgの約{pct:g}%。公表された基準値で、誤差は±30〜50%）。"
            f"RPE {START_RPE}（あと4回以上できる）よりきつければ"
            "中止してください（当社の安全方針）。",
        )
        if pain >= PAIN_REVIEW:
            load = floor_to((1.0 - REDUCTION) * load, request.increment_kg)
            _pain_review(why, pain, f" ({_kg(load)})", f"（{_kg(load)}）")
        return result("start", load, guess=guess)  # type: ignore[no-any-return]
    if not exercise.loadable:
        why.flag("not_loadable")
    why.flag("no_estimate")
    why.say(
        f"No history and no basis for a load guess: choose a load the client can lift for "
        f"{rx.reps} reps with 4 or more reps left (RPE ≤ {START_RPE}), then log it (product "
        "policy).",
        f"記録がなく重量の目安を出せません。{rx.reps}回を余力4回以上（RPE {START_RPE}以下）で"
        "できる重さを選び、記録してください（当社の安全方針）。",
    )
    if pain >= PAIN_REVIEW:
        _pain_review(why, pain, "", "")
    return result("start", None)  # type: ignore[no-any-return]


def _pain_review(why: _Explain, pain: float, load_en: str, load_ja: str) -> None:
    why.flag("review")
    why.rule("pain_reduce", POLICY)
    why.say(
        f"Pain was {pain:g}/10 last session (≥ {PAIN_REVIEW}): at least 10 % lighter{load_en}; "
        "review the exercise and technique (product policy).",
        f"前回の痛みが{pain:g}/10（{PAIN_REVIEW}以上）でした。少なくとも10%軽くして{load_ja}、"
        "種目とフォームを見直してください（当社の安全方針）。",
    )


def _monitoring(history: tuple[Session, ...]) -> dict[str, Any] | None:
    """Weekly session-RPE monitoring when the history carries dates, session RPE and minutes."""
    logs = [
        SessionLog(date=s.date, session_rpe=s.session_rpe, duration_min=s.duration_min)
        for s in history
        if s.date is not None and s.session_rpe is not None and s.duration_min is not None
    ]
    if not logs:
        return None
    return weekly_report(logs).to_dict()


def progress_json(data: Any) -> dict[str, Any]:
    """JSON in, `osteoload.progression/1` out."""
    return progress(parse_request(data)).to_dict()
