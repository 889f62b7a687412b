"""Sleep summary against the MHLW sleep guide 2023."""

from __future__ import annotations

from typing import Any

import pytest

from osteoload.engine.errors import InputError
from osteoload.engine.sleep import summarise


def week(asleep: float, in_bed: float, rested: int | None = 4) -> list[dict[str, Any]]:
    return [{"hours_asleep": asleep, "time_in_bed_h": in_bed, "rested": rested} for _ in range(7)]


def test_good_week() -> None:
    out = summarise({"age": 50, "nights": week(7, 7.5)})
    assert out["meets_hours"] and out["nights_under_6h"] == 0
    assert out["older_adult"] is False and out["meets_time_in_bed"] is None
    assert out["sleep_efficiency"] == pytest.approx(7 / 7.5, abs=1e-3)


def test_six_hours_is_the_threshold() -> None:
    assert summarise({"age": 40, "nights": week(6.0, 6.5)})["meets_hours"]
    out = summarise({"age": 40, "nights": week(5.9, 6.5)})
    assert not out["meets_hours"] and out["nights_under_6h"] == 7
    assert any("6" in a for a in out["advice_en"])


def test_older_adults_eight_hours_in_bed() -> None:
    out = summarise({"profile": {"age": 72, "sex": "female"}, "nights": week(6.5, 8.0)})
    assert out["older_adult"] and out["nights_8h_or_more_in_bed"] == 7
    assert out["meets_time_in_bed"] is False
    assert any("8" in a for a in out["advice_ja"])
    younger = summarise({"age": 50, "nights": week(6.5, 8.0)})
    assert younger["meets_time_in_bed"] is None
    assert summarise({"age": 72, "nights": week(6.5, 7.9)})["meets_time_in_bed"] is True
    assert out["advice_en"][0].startswith("7 nights with 8 hours or more in bed")
    one = week(6.5, 7.5)[:6] + week(6.5, 8.5)[:1]
    assert summarise({"age": 72, "nights": one})["advice_en"][0].startswith(
        "1 night with 8 hours or more in bed"
    )


def test_not_rested_advice() -> None:
    out = summarise({"age": 60, "nights": week(7, 7.5, rested=2)})
    assert out["nights_not_rested"] == 7
    assert len(out["advice_en"]) == 1 and "rested" in out["advice_en"][0]


@pytest.mark.parametrize(
    ("doc", "field"),
    [
        ({"age": 60, "nights": []}, "nights"),
        (
            {"age": 60, "nights": [{"hours_asleep": 7, "time_in_bed_h": 6}]},
            "nights[0].time_in_bed_h",
        ),
        (
            {"age": 60, "nights": [{"hours_asleep": 25, "time_in_bed_h": 26}]},
            "nights[0].hours_asleep",
        ),
        (
            {"age": 60, "nights": [{"hours_asleep": 7, "time_in_bed_h": 8, "rested": 6}]},
            "nights[0].rested",
        ),
        ({"nights": week(7, 8)}, "age"),
    ],
)
def test_bad_input(doc: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as error:
        summarise(doc)
    assert error.value.field == field
