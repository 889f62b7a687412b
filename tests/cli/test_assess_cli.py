"""`osteoload assess` as a subprocess: exit codes, stdout and stderr as ENGINE.md says."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.cli.helpers import osteoload, write_json


def assess(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return osteoload("assess", *args, stdin=stdin)


write = write_json


PROFILE = {
    "age": 68,
    "sex": "female",
    "menopause": "post",
    "weight_kg": 50,
    "dxa": [{"site": "lumbar_spine", "t_score": -2.7, "yam_percent": 67}],
    "falls_past_year": 0,
}


def test_json_on_stdout(tmp_path):
    result = assess(write(tmp_path, PROFILE))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    assert doc["schema"] == "osteoload.assessment/1"
    assert doc["bone"]["who_category"] == "osteoporosis"
    assert doc["bone"]["jp_category"] == "osteoporosis"
    assert doc["osta"] == {"index": -3, "risk": "moderate", "source": "koh_2001_osta"}
    assert doc["tier"] == "B"
    assert doc["bone"]["lowest_yam_percent"] == 67 and isinstance(
        doc["bone"]["lowest_yam_percent"], int
    )  # written as the client wrote it, not 67.0


def test_unknown_fields_warn_on_stderr_and_the_json_is_unchanged(tmp_path):
    clean = assess(write(tmp_path, PROFILE))
    typo = {**PROFILE, "dxa": [{"site": "femoral_neck", "tscore": -3.0}], "name": "A"}
    result = assess(write(tmp_path, typo))
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "osteoload: warning: dxa[].tscore: unknown field, ignored (did you mean t_score?)",
        "osteoload: warning: name: unknown field, ignored",
    ]
    assert json.loads(result.stdout)["bone"]["lowest_t_score"] is None
    assert json.loads(clean.stdout)["bone"]["lowest_t_score"] == -2.7


def test_stdin(tmp_path):
    result = assess("-", stdin=json.dumps(PROFILE))
    assert result.returncode == 0
    assert json.loads(result.stdout)["tier"] == "B"


def test_clearance_required_still_exits_0(tmp_path):
    profile = {**PROFILE, "conditions": ["acute_back_pain"]}
    result = assess(write(tmp_path, profile))
    assert result.returncode == 0
    doc = json.loads(result.stdout)
    assert doc["tier"] == "clearance_required"
    assert doc["medical_clearance_required"] is True
    assert [r["code"] for r in doc["clearance_reasons"]] == ["clearance_acute_back_pain"]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ({"sex": "female"}, "age"),
        ({"age": 70, "sex": "female", "dxa": [{"site": "knee", "t_score": -1}]}, "dxa[0].site"),
        ({"age": 70, "sex": "female", "falls_past_year": 0, "fall_injury": True}, "fall_injury"),
        ("{not json", "invalid JSON"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, content, words):
    path = tmp_path / "bad.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    result = assess(str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and words in result.stderr


def test_missing_file_exits_2(tmp_path):
    result = assess(str(tmp_path / "nope.json"))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "not found" in result.stderr


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("ja", ["骨密度", "骨粗鬆症", "運動区分", "転倒リスク", "出典"]),
        ("en", ["Bone density", "osteoporosis", "Safety tier", "Fall risk", "Sources"]),
    ],
)
def test_text_view(tmp_path, lang, words):
    result = assess(write(tmp_path, PROFILE), "--format", "text", "--lang", lang)
    assert result.returncode == 0, result.stderr
    for word in words:
        assert word in result.stdout
    assert "[who_1994]" in result.stdout  # findings cite their sources


def test_a_typo_in_a_profile_that_is_also_invalid_gets_only_the_error_line(tmp_path):
    """Warnings about unknown fields come only with an answer: bad input is one line."""
    typo = {"age": 70, "sex": "female", "weigth_kg": 60, "falls_past_year": 0, "fall_injury": True}
    result = assess(write(tmp_path, typo))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "warning" not in result.stderr
    for args in (("--weeks", "0"), ("--sessions-per-week", "4")):
        result = osteoload("plan", write(tmp_path, {**typo, "fall_injury": None}), *args)
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr.count("\n") == 1 and "warning" not in result.stderr
    # with an answer the warning is kept
    result = assess(write(tmp_path, {**typo, "fall_injury": None}))
    assert result.returncode == 0 and "weigth_kg: unknown field" in result.stderr


def test_no_command_is_a_usage_error_on_stderr():
    result = osteoload()
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "a command is required" in result.stderr
    result = osteoload("frobnicate")
    assert result.returncode == 2 and result.stderr.startswith("osteoload: argument COMMAND")
