"""`osteoload exercises` as a subprocess: the catalogue as JSON, filters, text view, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from osteoload.engine.catalog import load_catalog
from osteoload.engine.envelope import envelope_for
from osteoload.engine.types import IMPACT_ORDER, Impact, Tier


def exercises(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "osteoload.cli", "exercises", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def as_json(*args: str) -> list[dict[str, Any]]:
    result = exercises(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    return data


def test_whole_catalogue_as_a_json_list() -> None:
    data = as_json()
    assert len(data) >= 60
    assert [e["id"] for e in data] == [e.id for e in load_catalog().all()]
    required = {
        "id", "name_ja", "name_en", "pattern", "impact", "loaded_spinal_flexion",
        "spinal_rotation_under_load", "overhead_heavy", "sites", "equipment", "regression",
        "progression", "cues_ja", "cues_en",
    }  # fmt: skip
    for entry in data:
        assert required <= set(entry), entry["id"]


def test_pattern_filter() -> None:
    data = as_json("--pattern", "hinge")
    assert data and {e["pattern"] for e in data} == {"hinge"}
    assert len(data) == len(load_catalog().by_pattern("hinge"))


def test_tier_c_filter_keeps_the_spine_safe() -> None:
    data = as_json("--tier", "C")
    assert data
    for e in data:
        assert not e["loaded_spinal_flexion"], e["id"]
        assert not e["spinal_rotation_under_load"], e["id"]
        assert not e["overhead_heavy"], e["id"]
        assert IMPACT_ORDER[Impact(e["impact"])] <= IMPACT_ORDER[Impact.LOW], e["id"]
    envelope = envelope_for(Tier.C)
    assert {e["id"] for e in data} == {x.id for x in load_catalog().all() if envelope.allows(x)}


def test_tier_is_case_insensitive() -> None:
    assert as_json("--tier", "b") == as_json("--tier", "B")


def test_equipment_filter_and_easiest_first() -> None:
    data = as_json("--pattern", "squat", "--equipment", "dumbbell, bands")
    assert data
    for e in data:
        assert set(e["equipment"]) <= {"dumbbell", "bands", "bodyweight"}, e["id"]
    levels = [e["level"] for e in data]
    assert levels == sorted(levels)
    assert "goblet_squat" in {e["id"] for e in data}
    assert "barbell_back_squat" not in {e["id"] for e in data}


def test_bodyweight_only_gym_still_gets_every_pattern_for_tier_c() -> None:
    data = as_json("--tier", "C", "--equipment", "bodyweight")
    patterns = {e["pattern"] for e in data}
    assert patterns == {e.pattern.value for e in load_catalog().all()}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_text_view(lang: str) -> None:
    result = exercises("--pattern", "impact", "--tier", "B", "--format", "text", "--lang", lang)
    assert result.returncode == 0 and result.stderr == ""
    heel_drop = load_catalog().get("heel_drop")
    assert heel_drop.name(lang) in result.stdout
    assert heel_drop.cues(lang)[0] in result.stdout
    assert load_catalog().get("drop_landing").name(lang) not in result.stdout  # high impact


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--pattern", "twist"], "pattern"),
        (["--tier", "D"], "tier"),
        (["--tier", "clearance_required"], "tier"),
        (["--equipment", "dumbbell,trampoline"], "equipment"),
        (["--equipment", " , "], "equipment"),
        (["--format", "yaml"], "format"),
        (["--no-such-option"], "no-such-option"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: list[str], field: str) -> None:
    result = exercises(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert field in result.stderr
