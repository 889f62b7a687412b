"""The owner's audit log names each action in plain words, in the reader's language."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.utils import translation

import osteoload
from osteoload.audit.labels import action_label
from osteoload.clients.services import FACT_MODELS
from osteoload.clients.views import SECTIONS

SRC = Path(osteoload.__file__).parent
CODE = re.compile(r"(?:api\.)?[a-z_]+\.[a-z_]+")
NOT_ACCESS = {"InputError", "files", "is_installed", "joinpath"}
"""Calls whose dotted string arguments are field paths, packages or file names, not actions."""


def recorded_actions() -> set[str]:
    """Action codes in the source: dotted string literals given to the access checks and the
    audit log (positionally, or as `purpose` or `action`; `object_type` is not an action)."""
    found = set()
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in NOT_ACCESS:
                continue
            values = [
                *node.args,
                *(k.value for k in node.keywords if k.arg in ("purpose", "action")),
            ]
            for part in (sub for value in values for sub in ast.walk(value)):  # `a if w else b`
                text = part.value if isinstance(part, ast.Constant) else None
                if isinstance(text, str) and CODE.fullmatch(text):
                    found.add(text)
    return found


def test_every_recorded_action_has_a_plain_name():
    # built at run time: intake.<section> and <fact>.remove
    actions = recorded_actions() | {f"intake.{section}" for section in SECTIONS}
    actions |= {f"{kind}.remove" for kind in FACT_MODELS} | {"denied"}
    assert {"progress.view", "api.report.physician", "workout.log_set"} <= actions
    unnamed = sorted(a for a in actions if action_label(a) == a)
    assert not unnamed


def test_the_names_read_in_japanese_and_english():
    with translation.override("ja"):
        assert action_label("progress.view") == "経過：閲覧"
        assert action_label("api.report.physician") == "レポート：医師向けサマリー（PDF）（API）"
        assert action_label("denied") == "アクセス拒否"
    with translation.override("en"):
        assert action_label("program.outlook") == "Program — bone-density outlook viewed"
    # a code this version does not know is shown as recorded, not hidden
    assert action_label("future.thing") == "future.thing"
