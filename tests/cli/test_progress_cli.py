"""`osteoload progress` as a subprocess: JSON on stdout, exit 0; bad input exit 2 with one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

REQUEST: dict[str, Any] = {
    "profile": {
        "age": 66,
        "sex": "female",
        "weight_kg": 55,
        "dxa": [{"site": "lumbar_spine", "t_score": -2.7}],
    },
    "exercise_id": "barbell_deadlift",
    "prescription": {"sets": 5, "reps": 5, "pct_1rm": 80, "rpe": None},
    "increment_kg": 2.5,
    "history": [
        {
            "date": "2026-03-02",
            "session_rpe": 6,
            "pain": 0,
            "sets": [{"load_kg": 40, "reps": 5, "rir": 2, "rpe": None, "completed": True}],
        }
    ],
}


def run(tmp_path: Path, document: Any, *extra: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "request.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "osteoload.cli", "progress", str(path), *extra],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_progress_ok(tmp_path: Path) -> None:
    result = run(tmp_path, REQUEST)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["schema"] == "osteoload.progression/1"
    assert out["e1rm_kg"] == 49.3
    assert out["next"]["load_kg"] == 37.5
    for key in ("decision", "reason_en", "reason_ja", "flags"):
        assert key in out


def test_progress_text_view(tmp_path: Path) -> None:
    result = run(tmp_path, REQUEST, "--format", "text", "--lang", "en")
    assert result.returncode == 0
    assert "Decision: reduce" in result.stdout and "37.5 kg" in result.stdout


def test_progress_ok_has_a_quiet_stderr_and_unknown_fields_warn(tmp_path: Path) -> None:
    assert run(tmp_path, REQUEST).stderr == ""
    typo = {**REQUEST, "increment": 5}
    result = run(tmp_path, typo)
    assert result.returncode == 0
    assert json.loads(result.stdout)["next"]["load_kg"] == 37.5  # increment_kg's default 2.5
    assert result.stderr == (
        "osteoload: warning: increment: unknown field, ignored (did you mean increment_kg?)\n"
    )


def test_progress_bad_input_exit_2(tmp_path: Path) -> None:
    bad = json.loads(json.dumps(REQUEST))
    bad["history"][0]["sets"][0]["load_kg"] = "forty"
    result = run(tmp_path, bad)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "history[0].sets[0].load_kg" in lines[0]


def test_progress_missing_file_and_bad_json(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "osteoload.cli", "progress", str(tmp_path / "nope.json")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and result.stdout == ""
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "osteoload.cli", "progress", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
