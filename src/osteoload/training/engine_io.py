"""The one place the training app turns stored facts into engine inputs and engine outputs into
envelopes it can check against (DESIGN.md: an app converts its models into engine inputs in one
place)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from osteoload.clients.models import Assessment as StoredAssessment
from osteoload.clients.models import Client
from osteoload.engine.assessment import Assessment, assess
from osteoload.engine.catalog import Catalog, Exercise, load_catalog
from osteoload.engine.envelope import Envelope, envelope_for
from osteoload.engine.profile import ClientProfile
from osteoload.engine.types import Equipment, Impact, Tier


def client_profile(client: Client) -> ClientProfile:
    """The client's engine profile from the stored facts (the clients app's intake)."""
    from osteoload.clients.services import engine_profile_for

    return engine_profile_for(client)


def latest_assessment(client: Client) -> StoredAssessment | None:
    """The client's newest stored assessment (the clients app re-assesses whenever a fact
    changes), or None before the intake."""
    from osteoload.clients.selectors import latest_assessment as latest

    return latest(client)


def assessment_envelope(stored: StoredAssessment) -> Envelope:
    """The envelope of a stored assessment (`osteoload.assessment/1`)."""
    return stored_envelope(stored.tier, stored.result.get("envelope") or {})


def current_assessment(client: Client) -> Assessment:
    """The engine's assessment of the client's facts as they are now."""
    return assess(client_profile(client))


def catalog() -> Catalog:
    return load_catalog()


def stored_envelope(tier: str, data: Mapping[str, Any]) -> Envelope:
    """An Envelope from a program's stored envelope JSON (the engine's `envelope.to_dict()`).

    Unknown or missing fields fall back to the tier's own envelope, which is never looser.
    """
    base = envelope_for(Tier(tier))  # clearance_required: tier C's, the strictest
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(Envelope):
        if field.name in ("tier",) or field.name not in data:
            continue
        value = data[field.name]
        if field.name == "max_impact":
            value = Impact(value)
        changes[field.name] = value
    return dataclasses.replace(base, **changes)


def strictest(a: Envelope, b: Envelope) -> Envelope:
    """The envelope that allows only what both allow (used when the facts changed since a program
    was generated: its own envelope and the current assessment's must both hold)."""
    from osteoload.engine.types import IMPACT_ORDER

    impact = (
        a.max_impact if IMPACT_ORDER[a.max_impact] <= IMPACT_ORDER[b.max_impact] else b.max_impact
    )
    return dataclasses.replace(
        a,
        max_pct_1rm=min(a.max_pct_1rm, b.max_pct_1rm),
        max_impact=impact,
        loaded_spinal_flexion=a.loaded_spinal_flexion and b.loaded_spinal_flexion,
        spinal_rotation_under_load=a.spinal_rotation_under_load and b.spinal_rotation_under_load,
        overhead_heavy=a.overhead_heavy and b.overhead_heavy,
        familiarisation_max_pct_1rm=min(
            a.familiarisation_max_pct_1rm, b.familiarisation_max_pct_1rm
        ),
        familiarisation_max_rpe=min(a.familiarisation_max_rpe, b.familiarisation_max_rpe),
        max_impact_contacts_per_session=min(
            a.max_impact_contacts_per_session, b.max_impact_contacts_per_session
        ),
    )


def equipment_set(values: Iterable[str]) -> frozenset[Equipment]:
    return frozenset(Equipment(v) for v in values if v in {e.value for e in Equipment})


def alternatives_for(
    exercise_id: str, *, envelope: Envelope, equipment: Iterable[str]
) -> tuple[Exercise, ...]:
    """What may replace an exercise for this client: the same movement pattern and the same kind
    of dose (reps, time or contacts), inside the envelope, with the gym's equipment; easiest
    first."""
    cat = catalog()
    if exercise_id not in cat:
        return ()
    current = cat.get(exercise_id)
    return tuple(
        e
        for e in cat.alternatives(exercise_id, envelope, equipment_set(equipment))
        if e.dose is current.dose
    )
