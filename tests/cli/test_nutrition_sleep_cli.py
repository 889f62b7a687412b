"""`osteoload nutrition` and `osteoload sleep` as subprocesses: exit 0 with JSON, 2 on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any


def run(
    tmp_path: Path, command: str, document: Any, *extra: str
) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "osteoload.cli", command, str(path), *extra],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_nutrition_ok_and_text(tmp_path: Path) -> None:
    doc = {
        "profile": {"age": 68, "sex": "female", "weight_kg": 52},
        "foods": {"milk": {"servings": 1, "per": "day"}},
    }
    result = run(tmp_path, "nutrition", doc)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["schema"] == "osteoload.nutrition/1"
    text = run(tmp_path, "nutrition", doc, "--format", "text", "--lang", "ja")
    assert text.returncode == 0 and "カルシウム" in text.stdout


def test_nutrition_bad_input(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        "nutrition",
        {"profile": {"age": 68, "sex": "female"}, "foods": {"milk": {"servings": -2}}},
    )
    assert result.returncode == 2 and result.stdout == ""
    assert "foods.milk.servings" in result.stderr and len(result.stderr.splitlines()) == 1


def test_sleep_ok_and_bad(tmp_path: Path) -> None:
    nights = [{"hours_asleep": 6.5, "time_in_bed_h": 8.5, "rested": 3}] * 7
    result = run(tmp_path, "sleep", {"age": 70, "nights": nights})
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["schema"] == "osteoload.sleep/1" and out["nights_8h_or_more_in_bed"] == 7
    bad = run(tmp_path, "sleep", {"age": 70, "nights": "seven"})
    assert bad.returncode == 2 and bad.stdout == "" and "nights" in bad.stderr
