"""`osteoload plan` as a subprocess: exit codes 0, 2 and 3, stdout and stderr per ENGINE.md §4."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.cli.helpers import osteoload, write_json


def plan(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return osteoload("plan", *args, stdin=stdin)


write = write_json


PROFILE = {
    "age": 65,
    "sex": "female",
    "menopause": "post",
    "dxa": [{"site": "lumbar_spine", "t_score": -2.7}],
    "falls_past_year": 0,
}
NEEDS_CLEARANCE = {"age": 70, "sex": "female", "conditions": ["unexplained_pain"]}


def test_program_json_on_stdout(tmp_path):
    result = plan(write(tmp_path, PROFILE))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    assert doc["schema"] == "osteoload.program/1"
    assert doc["tier"] == "B"
    assert len(doc["weeks"]) == 12
    first = doc["weeks"][0]
    assert first["phase"] == "familiarisation" and len(first["sessions"]) == 2
    ex = first["sessions"][0]["exercises"][0]
    keys = {"id", "pattern", "sets", "reps", "duration_s", "contacts", "intensity", "rest_s"}
    assert keys | {"why_en", "why_ja"} <= set(ex)
    assert set(ex["intensity"]) >= {"pct_1rm", "rpe"}
    assert isinstance(doc["notes"], list) and doc["notes"]


def test_unknown_profile_fields_warn_on_stderr(tmp_path):
    profile = {**PROFILE, "sesions_per_week": 3}
    result = plan(write(tmp_path, profile))
    assert result.returncode == 0
    assert len(json.loads(result.stdout)["weeks"][0]["sessions"]) == 2  # the default, not 3
    assert result.stderr == (
        "osteoload: warning: sesions_per_week: unknown field, ignored"
        " (did you mean sessions_per_week?)\n"
    )


def test_weeks_and_sessions_options(tmp_path):
    result = plan(write(tmp_path, PROFILE), "--weeks", "8", "--sessions-per-week", "3")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert len(doc["weeks"]) == 8
    assert all(len(w["sessions"]) == 3 for w in doc["weeks"])


def test_stdin(tmp_path):
    result = plan("-", stdin=json.dumps(PROFILE))
    assert result.returncode == 0
    assert json.loads(result.stdout)["tier"] == "B"


def test_equipment_option(tmp_path):
    result = plan(write(tmp_path, PROFILE), "--equipment", "bodyweight,bands")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["equipment"] == ["bands", "bodyweight"]
    pcts = [
        ex["intensity"]["pct_1rm"]
        for w in doc["weeks"]
        for s in w["sessions"]
        for ex in s["exercises"]
    ]
    assert set(pcts) == {None}


def test_clearance_required_exits_3_with_reasons_on_stdout(tmp_path):
    result = plan(write(tmp_path, NEEDS_CLEARANCE))
    assert result.returncode == 3
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    assert doc["status"] == "clearance_required"
    assert [r["code"] for r in doc["reasons"]] == ["clearance_unexplained_pain"]
    assert doc["reasons"][0]["ja"]


def test_clearance_required_text_view_also_exits_3(tmp_path):
    result = plan(write(tmp_path, NEEDS_CLEARANCE), "--format", "text", "--lang", "ja")
    assert result.returncode == 3
    assert "医師の許可" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sessions-per-week", "4"], "sessions_per_week"),
        (["--sessions-per-week", "1"], "sessions_per_week"),
        (["--weeks", "0"], "weeks"),
        (["--weeks", "53"], "weeks"),
        (["--weeks", "twelve"], "--weeks"),
        (["--equipment", "barbell,treadmill"], "--equipment"),
    ],
)
def test_bad_options_exit_2_with_one_line(tmp_path, args, message):
    result = plan(write(tmp_path, PROFILE), *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        ({"sex": "female"}, "age"),
        ({"age": 60, "sex": "female", "sessions_per_week": 5}, "sessions_per_week"),
        ({"age": 60, "sex": "other"}, "sex"),
        ([1, 2], "profile"),
    ],
)
def test_bad_profile_exits_2(tmp_path, profile, message):
    result = plan(write(tmp_path, profile))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr


def test_missing_file_and_bad_json_exit_2(tmp_path):
    missing = plan(str(tmp_path / "nope.json"))
    assert missing.returncode == 2 and missing.stdout == "" and "not found" in missing.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    result = plan(str(broken))
    assert result.returncode == 2 and result.stdout == "" and "invalid JSON" in result.stderr


def test_text_view_in_japanese_and_english(tmp_path):
    path = write(tmp_path, PROFILE)
    ja = plan(path, "--format", "text", "--lang", "ja", "--weeks", "10")
    assert ja.returncode == 0, ja.stderr
    assert "第1週" in ja.stdout and "導入期" in ja.stdout and "負荷軽減週" in ja.stdout
    assert "ゴブレットスクワット" in ja.stdout and "出典" in ja.stdout
    en = plan(path, "--format", "text", "--lang", "en", "--weeks", "10")
    assert en.returncode == 0
    assert "Week 9" in en.stdout and "high intensity" in en.stdout
    assert "5 × 5 @ 80 % 1RM" in en.stdout
    assert "Watson SL" in en.stdout  # the bibliography names LIFTMOR's authors
