"""The Japanese catalogue: every entry is used as written (compilemessages skips fuzzy ones, and
the page then shows English)."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

import osteoload

PO = Path(osteoload.__file__).parent / "locale" / "ja" / "LC_MESSAGES" / "django.po"


def test_no_japanese_entry_is_fuzzy():
    flags = [line for line in PO.read_text(encoding="utf-8").splitlines() if line.startswith("#,")]
    fuzzy = [line for line in flags if "fuzzy" in line]
    assert not fuzzy, f"{len(fuzzy)} fuzzy entries in {PO.name}: check and unflag them"


def test_a_prescription_dose_reads_in_japanese():
    """These three strings were flagged fuzzy once and showed in English on the program page."""
    impact = {"contacts": 30, "sets": 1, "rest_s": 60, "rpe": 6}
    sets_only = {"sets": 2, "rest_s": 60}
    with translation.override("ja"):
        assert "着地 30 回" in render_to_string("training/_dose.html", {"rx": impact})
        assert "2 セット" in render_to_string("training/_dose.html", {"rx": sets_only})
        week = translation.gettext("Week %(n)s") % {"n": 3}
    assert week == "第3週"
