"""English counts in the engine's and the reports' sentences."""

from __future__ import annotations

from osteoload.engine.wording import count_en


def test_english_counts_agree_with_their_number():
    assert count_en(1, "night") == "1 night" and count_en(0, "night") == "0 nights"
    assert count_en(21, "day") == "21 days"
