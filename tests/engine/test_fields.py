"""Unknown input fields: named (once per path) with the closest known name, never rejected."""

from __future__ import annotations

from osteoload.engine import fields
from osteoload.engine.fields import PROFILE, describe, forecast_request_unknown, unknown_fields


def test_known_profile_has_no_unknown_fields():
    profile = {
        "age": 70,
        "sex": "female",
        "weight_kg": 50,
        "dxa": [{"site": "lumbar_spine", "t_score": -2.6, "date": "2026-01-05"}],
        "fractures": [{"site": "distal_radius", "fragility": True}],
        "clearance": {"cleared": True, "by": "Dr A"},
    }
    assert unknown_fields(profile, PROFILE) == []


def test_misspellings_get_the_closest_name_and_list_items_are_named_once():
    profile = {
        "age": 70,
        "sex": "female",
        "weigth_kg": 50,
        "dxa": [{"site": "lumbar_spine", "tscore": -2.6}, {"site": "femoral_neck", "tscore": -2}],
        "favourite_colour": "blue",
    }
    assert unknown_fields(profile, PROFILE) == [
        ("weigth_kg", "weight_kg"),
        ("dxa[].tscore", "t_score"),
        ("favourite_colour", None),
    ]


def test_synonyms_trials_use_are_suggested():
    request = {
        "profile": {"age": 60, "sex": "female"},
        "horizon": 24,
        "training": {
            "kind": "protocol",
            "sessions_per_week": 2,
            "attendance": 0.8,
            "exercises": [],
        },
    }
    assert forecast_request_unknown(request) == [
        ("horizon", "months"),
        ("training.attendance", "adherence"),
    ]


def test_training_fields_follow_the_kind():
    log = {
        "profile": {"age": 60, "sex": "female"},
        "training": {
            "kind": "log",
            "after_log": "stop",
            "sessions": [
                {
                    "date": "2026-01-05",
                    "sets": [
                        {"exercise_id": "deadlift", "load": 40, "reps": 5, "rpe": 8, "rir": 2}
                    ],
                }
            ],
        },
    }
    # effort fields of a logged set are known (the same logs go to `progress`); a misspelt load
    # is not
    assert forecast_request_unknown(log) == [("training.sessions[].sets[].load", "load_kg")]
    # a program is its own document: its fields are not checked here
    program = {
        "profile": {"age": 60, "sex": "female"},
        "training": {"kind": "program", "program": {"schema": "osteoload.program/1", "tier": "B"}},
    }
    assert forecast_request_unknown(program) == []
    # a logged set counts repetitions, an impact counts contacts
    log["training"]["sessions"][0]["sets"][0]["contacts"] = 30
    assert "training.sessions[].sets[].contacts" in dict(forecast_request_unknown(log))
    # `adherence` belongs to protocols and programs, not to logs
    log["training"]["adherence"] = 0.9
    assert ("training.adherence", None) in forecast_request_unknown(log)


def test_describe_in_both_languages():
    unknown = [("training.attendance", "adherence"), ("horizon", None)]
    assert describe(unknown) == "training.attendance (did you mean adherence?); horizon"
    assert describe(unknown, "ja") == "training.attendance（adherenceの誤りでは？）、horizon"


def test_every_synonym_points_to_a_real_field():
    known: set[str] = set()

    def collect(spec: fields.Spec) -> None:
        for key, sub in spec.items():
            known.add(key)
            if isinstance(sub, dict):
                collect(sub)

    collect(PROFILE)
    for spec in fields._TRAINING.values():
        collect(spec)
    collect({"months": None})
    assert set(fields.SYNONYMS.values()) <= known
