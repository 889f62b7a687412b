"""The safety envelope of each tier (ENGINE.md §2): what every program and every progression must
stay inside. The assessment decides the tier; this module says what the tier allows."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol

from .types import IMPACT_ORDER, Condition, Impact, Tier

if TYPE_CHECKING:
    from .profile import ClientProfile


class LoadingProperties(Protocol):
    """What the envelope needs to know of an exercise (the catalogue's Exercise satisfies it)."""

    @property
    def impact(self) -> Impact: ...
    @property
    def loaded_spinal_flexion(self) -> bool: ...
    @property
    def spinal_rotation_under_load(self) -> bool: ...
    @property
    def overhead_heavy(self) -> bool: ...


SPINE_RULES = ("loaded_spinal_flexion", "spinal_rotation_under_load", "overhead_heavy")
"""The spine properties a tier may rule out: attributes of both an exercise and an envelope."""


@dataclass(frozen=True, slots=True)
class Envelope:
    tier: Tier
    max_pct_1rm: int
    max_impact: Impact
    loaded_spinal_flexion: bool
    spinal_rotation_under_load: bool
    overhead_heavy: bool
    min_balance_minutes_per_week: int
    min_back_extension_sessions_per_week: int
    supervision_required: bool
    familiarisation_weeks: int
    familiarisation_max_pct_1rm: int
    familiarisation_max_rpe: int
    max_impact_contacts_per_session: int
    source: str

    def allows(self, exercise: LoadingProperties) -> bool:
        """True when the exercise's loading properties fit inside this envelope."""
        return not self.breaches(exercise)

    def breaches(self, exercise: LoadingProperties) -> list[str]:
        """The envelope's rules the exercise breaks: "impact" (above `max_impact`) and the names
        of the spine properties the tier rules out; empty when it fits."""
        out = ["impact"] if IMPACT_ORDER[exercise.impact] > IMPACT_ORDER[self.max_impact] else []
        for rule in SPINE_RULES:
            if getattr(exercise, rule) and not getattr(self, rule):
                out.append(rule)
        return out

    def sources(self) -> dict[str, str]:
        """The reference key behind each number of this envelope (`osteoload_policy` where the
        number is our own choice)."""
        return envelope_sources(self.tier)

    def to_dict(self) -> dict[str, Any]:
        """The `envelope` object of `osteoload.assessment/1` (plus extra fields, as allowed)."""
        return {
            "max_pct_1rm": self.max_pct_1rm,
            "max_impact": self.max_impact.value,
            "loaded_spinal_flexion": self.loaded_spinal_flexion,
            "spinal_rotation_under_load": self.spinal_rotation_under_load,
            "overhead_heavy": self.overhead_heavy,
            "min_balance_minutes_per_week": self.min_balance_minutes_per_week,
            "min_back_extension_sessions_per_week": self.min_back_extension_sessions_per_week,
            "supervision_required": self.supervision_required,
            "familiarisation_weeks": self.familiarisation_weeks,
            "familiarisation_max_pct_1rm": self.familiarisation_max_pct_1rm,
            "familiarisation_max_rpe": self.familiarisation_max_rpe,
            "max_impact_contacts_per_session": self.max_impact_contacts_per_session,
            "source": self.source,
            "sources": self.sources(),
        }


POLICY = "osteoload_policy"


def effective_envelope(envelope: Envelope, profile: ClientProfile) -> Envelope:
    """The tier's envelope for this client: osteoarthritis of knee or hip caps impact at `low`
    (ESSA 2017)."""
    if (
        profile.has(Condition.KNEE_OSTEOARTHRITIS) or profile.has(Condition.HIP_OSTEOARTHRITIS)
    ) and IMPACT_ORDER[envelope.max_impact] > IMPACT_ORDER[Impact.LOW]:
        return replace(envelope, max_impact=Impact.LOW)
    return envelope


def envelope_sources(tier: Tier) -> dict[str, str]:
    """Where each limit of a tier's envelope comes from.

    - Max %1RM: tier C 80 % stands for TFTF's 8–12RM with no maximal lifts; tiers A and B 85 % is
      the LIFTMOR 5 × 5 intensity (ESSA: high-intensity progressive resistance training).
    - Impact: low after vertebral fracture or in frailty (ROS 2022, TFTF), moderate in tier B,
      high (jumps, drop landings) in tier A (LIFTMOR); about 50 contacts a session (ROS 2022).
    - Loaded spinal flexion and twisting under load: avoided in osteoporosis (TFTF Delphi, ESSA);
      in tier A only when the bone category is normal.
    - Balance about 2 h a week (TFTF); 60 min in tier A is our policy.
    - Back-extensor work twice a week in tiers B and C (TFTF; ENGINE.md §2).
    - Familiarisation 4 weeks at ≤ 70 % 1RM / RPE 6 (ENGINE.md §4; LIFTMOR's published protocol
      does not give it in detail), 2 weeks for trained clients in tier A: policy.
    """
    protective = tier in (Tier.C, Tier.CLEARANCE_REQUIRED)
    return {
        "max_pct_1rm": "giangregorio_2014_too_fit" if protective else "watson_2018_liftmor",
        "max_impact": "brooke_wavell_2022_ros"
        if protective
        else ("beck_2017_essa" if tier is Tier.B else "watson_2018_liftmor"),
        "loaded_spinal_flexion": "giangregorio_2015_delphi"
        if tier is not Tier.A
        else "beck_2017_essa",
        "spinal_rotation_under_load": "giangregorio_2015_delphi",
        "overhead_heavy": "giangregorio_2015_delphi" if protective else "watson_2018_liftmor",
        "min_balance_minutes_per_week": POLICY if tier is Tier.A else "giangregorio_2014_too_fit",
        "min_back_extension_sessions_per_week": POLICY
        if tier is Tier.A
        else "giangregorio_2014_too_fit",
        "supervision_required": "giangregorio_2014_too_fit"
        if protective
        else ("watson_2018_liftmor" if tier is Tier.B else POLICY),
        "familiarisation_weeks": POLICY,
        "familiarisation_max_pct_1rm": POLICY,
        "familiarisation_max_rpe": POLICY,
        "max_impact_contacts_per_session": "brooke_wavell_2022_ros",
    }


def envelope_for(
    tier: Tier, *, bone_category_normal: bool = False, novice: bool = True
) -> Envelope:
    """The envelope of a tier.

    `bone_category_normal`: the worse of the WHO and Japanese categories that apply is normal; only
    then may tier A include loaded spinal flexion or rotation under load (ENGINE.md §2).
    `novice`: no or novice strength-training experience; familiarisation is 4 weeks for tier B and
    for novices (ENGINE.md §4), 2 weeks otherwise (product policy).
    Tier `clearance_required` gets the most protective envelope (tier C's), so that nothing is ever
    prescribed outside it by mistake.
    """
    if tier in (Tier.C, Tier.CLEARANCE_REQUIRED):
        return Envelope(
            tier=tier,
            max_pct_1rm=80,
            max_impact=Impact.LOW,
            loaded_spinal_flexion=False,
            spinal_rotation_under_load=False,
            overhead_heavy=False,
            min_balance_minutes_per_week=120,
            min_back_extension_sessions_per_week=2,
            supervision_required=True,
            familiarisation_weeks=4,
            familiarisation_max_pct_1rm=70,
            familiarisation_max_rpe=6,
            max_impact_contacts_per_session=50,
            source="giangregorio_2014_too_fit",
        )
    if tier is Tier.B:
        return Envelope(
            tier=tier,
            max_pct_1rm=85,
            max_impact=Impact.MODERATE,
            loaded_spinal_flexion=False,
            spinal_rotation_under_load=False,
            overhead_heavy=True,
            min_balance_minutes_per_week=120,
            min_back_extension_sessions_per_week=2,
            supervision_required=True,
            familiarisation_weeks=4,
            familiarisation_max_pct_1rm=70,
            familiarisation_max_rpe=6,
            max_impact_contacts_per_session=50,
            source="beck_2017_essa",
        )
    return Envelope(
        tier=tier,
        max_pct_1rm=85,
        max_impact=Impact.HIGH,
        loaded_spinal_flexion=bone_category_normal,
        spinal_rotation_under_load=bone_category_normal,
        overhead_heavy=True,
        min_balance_minutes_per_week=60,
        min_back_extension_sessions_per_week=0,
        supervision_required=False,
        familiarisation_weeks=4 if novice else 2,
        familiarisation_max_pct_1rm=70,
        familiarisation_max_rpe=6,
        max_impact_contacts_per_session=50,
        source="watson_2018_liftmor",
    )
