"""`osteoload forecast` (and `calibrate`'s input errors) as subprocesses: exit codes, stdout and
stderr as ENGINE.md §5 says, and the JSON Lines batch mode."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from osteoload.commands.forecast import render_text


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "osteoload.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


REQUEST = {
    "schema": "osteoload.forecast-request/1",
    "profile": {
        "age": 64,
        "sex": "female",
        "menopause": "post",
        "years_since_menopause": 13,
        "weight_kg": 55,
    },
    "months": 12,
    "training": {
        "kind": "protocol",
        "sessions_per_week": 2,
        "adherence": 0.85,
        "exercises": [
            {"pattern": "squat", "sets": 5, "reps": 5, "pct_1rm": 85},
            {"pattern": "hinge", "sets": 5, "reps": 5, "pct_1rm": 85, "tempo": "explosive"},
            {"pattern": "impact", "contacts": 50, "impact": "high"},
        ],
    },
}


def write(tmp_path: Path, text: str, name: str = "request.json") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_single_request(tmp_path):
    result = cli("forecast", write(tmp_path, json.dumps(REQUEST)))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    assert doc["schema"] == "osteoload.forecast/1"
    for site in ("lumbar_spine", "femoral_neck"):
        final = doc[site]["final"]
        assert final["lower95"] <= final["pct_change"] <= final["upper95"]
        assert final["pct_change"] > final["no_training_pct_change"]


def test_stdin_and_text_view():
    result = cli("forecast", "-", "--format", "text", "--lang", "ja", stdin=json.dumps(REQUEST))
    assert result.returncode == 0, result.stderr
    assert "腰椎" in result.stdout and "大腿骨頸部" in result.stdout


def test_bad_request_exits_2_with_one_line(tmp_path):
    bad = {**REQUEST, "training": {"kind": "protocol", "sessions_per_week": 9000, "exercises": []}}
    result = cli("forecast", write(tmp_path, json.dumps(bad)))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "training.sessions_per_week" in result.stderr


def test_unknown_fields_warn_on_stderr_and_keep_the_answer(tmp_path):
    typo = {**REQUEST, "training": {**REQUEST["training"], "attendance": 0.5}}
    del typo["training"]["adherence"]
    result = cli("forecast", write(tmp_path, json.dumps(typo)))
    assert result.returncode == 0
    assert result.stderr == (
        "osteoload: warning: training.attendance: unknown field, ignored"
        " (did you mean adherence?)\n"
    )
    assert "fields_ignored" in {a["code"] for a in json.loads(result.stdout)["assumptions"]}
    # a request that is also invalid gets its one error line, no warnings
    typo["training"]["sessions_per_week"] = 0
    result = cli("forecast", write(tmp_path, json.dumps(typo)))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "training.sessions_per_week" in result.stderr


def test_missing_file_and_bad_json(tmp_path):
    assert cli("forecast", str(tmp_path / "nope.json")).returncode == 2
    result = cli("forecast", write(tmp_path, "{not json"))
    assert result.returncode == 2 and result.stdout == "" and "invalid JSON" in result.stderr


def test_batch_all_good(tmp_path):
    lines = [json.dumps({**REQUEST, "id": f"client-{i}"}) for i in range(3)]
    lines.insert(1, "")  # blank lines are skipped
    result = cli("forecast", "--batch", write(tmp_path, "\n".join(lines) + "\n", "batch.jsonl"))
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["id"] for d in out] == ["client-0", "client-1", "client-2"]
    assert [d["line"] for d in out] == [1, 3, 4]
    assert all(d["schema"] == "osteoload.forecast/1" for d in out)


def test_batch_reports_the_bad_line_and_keeps_going(tmp_path):
    bad = {**REQUEST, "id": "b", "training": {"kind": "jogging"}}
    lines = [
        json.dumps({**REQUEST, "id": "a"}),
        json.dumps(bad),
        "{oops",
        json.dumps({**REQUEST, "id": "c"}),
    ]
    result = cli("forecast", "--batch", write(tmp_path, "\n".join(lines), "batch.jsonl"))
    assert result.returncode == 2
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["line"] for d in out] == [1, 2, 3, 4]
    assert out[0]["schema"] == "osteoload.forecast/1" and out[3]["id"] == "c"
    assert out[1] == {
        "line": 2,
        "id": "b",
        "error": {"field": "training.kind", "problem": out[1]["error"]["problem"]},
    }
    assert "error" in out[2] and "invalid JSON" in out[2]["error"]["problem"]
    assert "line 2: training.kind" in result.stderr and "line 3:" in result.stderr


def test_batch_matches_single(tmp_path):
    single = json.loads(cli("forecast", write(tmp_path, json.dumps(REQUEST))).stdout)
    batch = cli("forecast", "--batch", "-", stdin=json.dumps(REQUEST) + "\n")
    doc = json.loads(batch.stdout)
    assert doc.pop("line") == 1
    assert doc == single


def test_params_option(tmp_path):
    assert (
        cli(
            "forecast", "--params", str(tmp_path / "missing.json"), "-", stdin=json.dumps(REQUEST)
        ).returncode
        == 2
    )
    result = cli(
        "forecast", "--params", write(tmp_path, "{}", "p.json"), "-", stdin=json.dumps(REQUEST)
    )
    assert result.returncode == 2 and "--params" in result.stderr


def test_calibrate_bad_trials_file(tmp_path):
    result = cli("calibrate", "--trials", str(tmp_path / "none.json"))
    assert result.returncode == 2 and result.stdout == ""
    assert "--trials" in result.stderr


def test_text_view_never_prints_minus_zero():
    final = {
        "pct_change": 1.94,
        "lower95": -0.04,
        "upper95": 3.8,
        "no_training_pct_change": -0.4,
        "training_effect_pct": 2.3,
    }
    doc = {"months": 12, "lumbar_spine": {"final": final}, "femoral_neck": {"final": final}}
    text = render_text({**doc, "assumptions": []}, lang="en")
    assert "-0.0" not in text
    assert "(95 % band +0.0 … +3.8 %)" in text
    assert "Without training: -0.4 %" in text


def _one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stdout
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr


def test_what_python_reads_but_json_is_not_gets_one_line_not_a_traceback(tmp_path):
    """NaN and Infinity, a number too large for any field, too many digits, too deep a nesting:
    each is a one-line error naming the field where there is one, as for any bad input."""
    text = json.dumps(REQUEST)
    cases = {
        text.replace('"months": 12', '"months": NaN'): "months: NaN is not a JSON value",
        text.replace('"months": 12', f'"months": 1{"0" * 400}'): "months: is too large a number",
        text.replace('"months": 12', f'"months": 1{"0" * 5000}'): "too many digits",
        "[" * 100_000 + "]" * 100_000: "nested too deeply",
        # even where the forecast would not read the value (an unknown field)
        text.replace('"months": 12', '"months": 12, "note": -Infinity'): "note: -Infinity",
    }
    for body, expected in cases.items():
        assert expected in _one_error_line(cli("forecast", write(tmp_path, body)))
    # in a batch the bad line is an error object; the good lines are kept
    lines = [json.dumps({**REQUEST, "id": "a"}), text.replace("12", f"1{'0' * 400}", 1)]
    result = cli("forecast", "--batch", write(tmp_path, "\n".join(lines), "batch.jsonl"))
    assert result.returncode == 2
    out = [json.loads(line) for line in result.stdout.split("\n") if line]
    assert out[0]["id"] == "a" and out[1]["error"]["field"] == "months"


def test_batch_lines_split_at_newlines_only(tmp_path):
    """JSON allows U+2028 and U+0085 unescaped inside strings; they do not end a line."""
    lines = [
        json.dumps({**REQUEST, "id": "a\u2028b\u0085c"}, ensure_ascii=False),
        json.dumps({**REQUEST, "id": "d"}),
    ]
    result = cli("forecast", "--batch", write(tmp_path, "\r\n".join(lines), "batch.jsonl"))
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.split("\n") if line]
    assert [(d["line"], d["id"]) for d in out] == [(1, "a\u2028b\u0085c"), (2, "d")]


def test_a_profile_that_is_not_an_object_is_named_once(tmp_path):
    bad = {**REQUEST, "profile": 5}
    assert "error: profile: must be an object, got int" in _one_error_line(
        cli("forecast", write(tmp_path, json.dumps(bad)))
    )


def test_dates_are_written_yyyy_mm_dd(tmp_path):
    log = {
        "kind": "log",
        "sessions": [
            {"date": "20260105", "impacts": [{"exercise_id": "jump_squat", "contacts": 9}]}
        ],
    }
    err = _one_error_line(
        cli("forecast", write(tmp_path, json.dumps({**REQUEST, "training": log})))
    )
    assert "training.sessions[0].date: must be a date YYYY-MM-DD, got '20260105'" in err


def test_the_text_example_in_the_cli_docs_is_what_the_command_prints():
    """docs/cli.md shows the forecast's text view; it must not drift from the model's output."""
    docs = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
    command = "$ osteoload forecast examples/forecast-request.json --format text --lang en\n"
    shown = docs.split(command, 1)[1].split("```", 1)[0].splitlines()
    root = Path(__file__).resolve().parents[2]
    result = cli(
        "forecast",
        str(root / "examples" / "forecast-request.json"),
        "--format",
        "text",
        "--lang",
        "en",
    )
    assert result.returncode == 0, result.stderr
    printed = result.stdout.splitlines()
    for line in shown:
        if line.strip() not in ("", "- …"):
            assert line in printed, line
