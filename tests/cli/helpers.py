"""Running the real `osteoload` command in a subprocess, as a user or an integration would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def osteoload(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "osteoload.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def write_json(tmp_path: Path, data: object, name: str = "profile.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)
