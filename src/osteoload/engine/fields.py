"""Fields of an input document that the engine does not read.

A misspelt optional field ("attendance" for "adherence", "weigth_kg") is otherwise silently
ignored and the result quietly changes. The commands therefore name every unknown field, with the
closest known name, without rejecting the document: other programs may send fields of their own
(ENGINE.md lets documents grow), and those are harmless.

A spec maps each known key to None (a value), to a nested spec (an object, or a list of objects,
checked item by item) or to OPAQUE (a document of its own, e.g. a program, not checked here).
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping, Sequence
from typing import Any, Final

from .profile import Clearance, ClientProfile, DxaResult, Fracture

OPAQUE: Final = "opaque"

Spec = Mapping[str, Any]


def _names(cls: type) -> dict[str, None]:
    return dict.fromkeys(f.name for f in dataclasses.fields(cls))


# The JSON names are the dataclasses' field names, so a field added to the profile is known here.
DXA: Final[Spec] = _names(DxaResult)
FRACTURE: Final[Spec] = _names(Fracture)
CLEARANCE: Final[Spec] = _names(Clearance)
PROFILE: Final[Spec] = {
    "schema": None,
    **_names(ClientProfile),
    "dxa": DXA,
    "fractures": FRACTURE,
    "clearance": CLEARANCE,
}
"""`osteoload.profile/1` (ENGINE.md §1, plus the preferred `sessions_per_week`)."""

# `name` labels a trial's exercise for the reader; it is known, though nothing reads it.
_PROTOCOL_EXERCISE: Final[Spec] = dict.fromkeys(
    (
        "name",
        "exercise_id",
        "pattern",
        "sets",
        "reps",
        "pct_1rm",
        "load_kg",
        "impact",
        "contacts",
        "tempo",
        "duration_s",
    )
)
# A logged set as `progress` reads it (ENGINE.md §6).
_LOGGED_SET: Final[Spec] = dict.fromkeys(("load_kg", "reps", "rir", "rpe", "completed"))
# The forecast's logged sets are the same sets with the exercise named: their effort fields are
# known though unused (the bone stimulus counts repetitions and load, not how hard they felt), so
# an integration sending one log to both commands gets no warnings.
_LOG_SET: Final[Spec] = {**_LOGGED_SET, **dict.fromkeys(("exercise_id", "pattern"))}
_LOG_IMPACT: Final[Spec] = dict.fromkeys(("exercise_id", "pattern", "contacts", "impact"))
_TRAINING: Final[dict[str, Spec]] = {
    "none": {"kind": None},
    "protocol": {
        **dict.fromkeys(("kind", "sessions_per_week", "adherence", "stop_after_months")),
        "exercises": _PROTOCOL_EXERCISE,
    },
    "program": {**dict.fromkeys(("kind", "adherence", "after_program")), "program": OPAQUE},
    "log": {
        **dict.fromkeys(("kind", "start_date", "after_log")),
        "sessions": {"date": None, "sets": _LOG_SET, "impacts": _LOG_IMPACT},
    },
}


SYNONYMS: Final[Mapping[str, str]] = {
    "attendance": "adherence",
    "compliance": "adherence",
    "frequency": "sessions_per_week",
    "sessions_a_week": "sessions_per_week",
    "weight": "weight_kg",
    "height": "height_cm",
    "load": "load_kg",
    "intensity": "pct_1rm",
    "jumps": "contacts",
    "horizon": "months",
    "horizon_months": "months",
    "months_since_menopause": "years_since_menopause",
}
"""Words trials and gyms use for a field under another name (suggested when that field is known
where they appear)."""


def unknown_fields(data: Any, spec: Spec, path: str = "") -> list[tuple[str, str | None]]:
    """(field path, closest known name or None) of every key `spec` does not know, depth first.

    List items are named with `[]`, and each path is listed once, so a misspelling repeated in
    every logged set is one entry."""
    found: dict[str, str | None] = {}
    _walk(data, spec, path, found)
    return list(found.items())


def _walk(data: Any, spec: Spec, path: str, found: dict[str, str | None]) -> None:
    if isinstance(data, list):
        for item in data:
            _walk(item, spec, f"{path}[]", found)
        return
    if not isinstance(data, Mapping):
        return
    for key, value in data.items():
        where = f"{path}.{key}" if path else str(key)
        if key not in spec:
            found.setdefault(where, _closest(str(key), spec))
            continue
        sub = spec[key]
        if isinstance(sub, Mapping):
            _walk(value, sub, where, found)


def _closest(key: str, spec: Spec) -> str | None:
    synonym = SYNONYMS.get(key.lower())
    if synonym in spec:
        return synonym
    close = difflib.get_close_matches(key, list(spec), n=1, cutoff=0.7)
    return close[0] if close else None


def forecast_request_unknown(data: Any) -> list[tuple[str, str | None]]:
    """Unknown fields of a forecast request (ENGINE.md §5); the training spec follows its kind."""
    if not isinstance(data, Mapping):
        return []
    training = data.get("training")
    kind = training.get("kind") if isinstance(training, Mapping) else None
    spec: Spec = {
        **dict.fromkeys(("schema", "id", "months")),
        "profile": PROFILE,
        "training": _TRAINING.get(kind, {"kind": None}) if isinstance(kind, str) else OPAQUE,
    }
    return unknown_fields(data, spec)


PROGRESS_REQUEST: Final[Spec] = {
    **dict.fromkeys(("exercise_id", "increment_kg")),
    "profile": PROFILE,
    "prescription": dict.fromkeys(("sets", "reps", "pct_1rm", "rpe")),
    "history": {
        **dict.fromkeys(("date", "session_rpe", "pain", "duration_min")),
        "sets": _LOGGED_SET,
    },
}
"""`osteoload progress` (ENGINE.md §6)."""


def describe(unknown: Sequence[tuple[str, str | None]], lang: str = "en") -> str:
    """The unknown fields in one phrase: `training.attendance (did you mean adherence?)`."""
    hint = "（{}の誤りでは？）" if lang == "ja" else " (did you mean {}?)"
    sep = "、" if lang == "ja" else "; "
    return sep.join(where + (hint.format(close) if close else "") for where, close in unknown)
