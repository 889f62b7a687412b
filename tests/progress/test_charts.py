"""Charts: SVG from plain data, cached by a hash of the data, Japanese text, unique ids."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from osteoload.progress import charts

E1RM = {
    "series": [
        {
            "name_ja": "ゴブレットスクワット",
            "name_en": "Goblet squat",
            "points": [["2026-01-05", 30.0], ["2026-01-12", 32.5], ["2026-01-19", 35.0]],
        }
    ]
}
FORECAST = {
    "months": [1, 2, 3],
    "sites": {
        "lumbar_spine": {
            "with": [[0.1, 0.3, 0.5], [0, 0.1, 0.2], [0.2, 0.5, 0.8]],
            "without": [[-0.1, -0.2, -0.3], [-0.2, -0.3, -0.4], [0, -0.1, -0.2]],
        },
        "femoral_neck": {"without": [[-0.1, -0.2, -0.3], [-0.2, -0.3, -0.4], [0, -0.1, -0.2]]},
    },
}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def drawn(monkeypatch):
    """Counts how often a chart is really drawn (not taken from the cache)."""
    calls: list[str] = []
    real = charts.draw

    def counting(kind, data, lang, **kwargs):
        calls.append(kind)
        return real(kind, data, lang, **kwargs)

    monkeypatch.setattr(charts, "draw", counting)
    return calls


def test_a_chart_is_a_scalable_svg_with_the_text_of_its_language():
    svg = charts.render("e1rm", E1RM, "ja")
    assert svg.startswith("<svg ") and svg.rstrip().endswith("</svg>")
    head = svg[: svg.index(">")]
    assert "viewBox" in head and " width=" not in head and " height=" not in head
    # Text stays text (not glyph paths), in the chart's font and then the page's Japanese fonts.
    assert ">推定1RM（kg）</text>" in svg and ">ゴブレットスクワット</text>" in svg
    assert "font-family: 'IPAexGothic', 'Hiragino Sans'" in svg and "sans-serif" in svg
    english = charts.render("e1rm", E1RM, "en")
    assert "estimated 1RM (kg)" in english and "Goblet squat" in english


def test_the_same_data_is_drawn_once_and_new_data_again(drawn):
    first = charts.render("e1rm", E1RM, "en")
    assert charts.render("e1rm", E1RM, "en") == first
    assert drawn == ["e1rm"]
    more = {
        "series": [
            {**E1RM["series"][0], "points": [*E1RM["series"][0]["points"], ["2026-01-26", 37.5]]}
        ]
    }
    charts.render("e1rm", more, "en")
    charts.render("e1rm", E1RM, "ja")
    assert drawn == ["e1rm", "e1rm", "e1rm"]


def test_drawing_is_deterministic():
    assert charts.draw("forecast", FORECAST, "en") == charts.draw("forecast", FORECAST, "en")
    key = charts.cache_key("forecast", FORECAST, "en")
    assert key == charts.cache_key("forecast", dict(reversed(FORECAST.items())), "en")
    assert key != charts.cache_key("forecast", FORECAST, "ja")


def test_two_charts_on_one_page_share_no_id():
    a = charts.render("e1rm", E1RM, "en")
    b = charts.render("forecast", FORECAST, "en")
    ids_a = set(re.findall(r'\bid="([^"]+)"', a))
    ids_b = set(re.findall(r'\bid="([^"]+)"', b))
    assert ids_a and ids_b and not ids_a & ids_b
    for svg, ids in ((a, ids_a), (b, ids_b)):
        refs = set(re.findall(r'(?:url\(#|href="#)([^")]+)', svg))
        assert refs and refs <= ids  # every reference points inside its own chart


@pytest.mark.parametrize("kind", sorted(charts.DRAWERS))
def test_every_chart_draws_something_without_data(kind):
    svg = charts.render(kind, {}, "ja")
    assert "まだデータがありません" in svg


def test_the_forecast_draws_both_bands_and_the_tests_chart_grows_with_tests():
    svg = charts.render("forecast", FORECAST, "en")
    assert "with training" in svg and "without training" in svg
    assert "Lumbar spine" in svg and "Femoral neck" in svg
    one = {
        "tests": [
            {
                "key": "grip_kg",
                "name_en": "Grip",
                "name_ja": "握力",
                "unit": "kg",
                "cutoff": 18.0,
                "points": [["2025-01-01", 17.0], ["2026-01-01", 19.0]],
            }
        ]
    }
    three = {"tests": one["tests"] * 3}
    small = charts.render("tests", one, "en")
    tall = charts.render("tests", three, "en")

    def height(svg: str) -> float:
        return float(re.search(r'viewBox="0 0 [\d.]+ ([\d.]+)"', svg).group(1))

    assert height(tall) > height(small)


def test_an_unknown_chart_is_an_error():
    with pytest.raises(ValueError):
        charts.render("pie", {}, "en")


def test_one_test_result_gets_a_half_year_axis_and_units_read_in_the_language():
    """A single result sat in a four-year axis; a count of repetitions is 回 only in Japanese."""
    import datetime as dt

    from matplotlib import dates as mdates
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    points = [["2026-11-10", 13.0]]
    ax.plot([dt.date(2026, 11, 10)], [13.0])
    charts._single_date(ax, points)
    low, high = (mdates.num2date(x).date() for x in ax.get_xlim())
    assert (high - low).days == 180
    assert charts.unit_name("reps", "ja") == "回" and charts.unit_name("reps", "en") == "reps"
    assert charts.unit_name("kg", "ja") == "kg"


def test_a_chart_carries_nothing_the_page_does_not_need():
    """No glyph outlines, metadata, indentation or ids nothing refers to: the seven charts of a
    progress page were about 270 KB as glyph paths."""
    svg = charts.render("forecast", FORECAST, "ja")
    assert "<metadata" not in svg and ">\n" not in svg and "IPAexGothic-" not in svg
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    refs = set(re.findall(r'(?:url\(#|href="#)([^")]+)', svg))
    assert ids == refs
    assert len(svg) < 40_000
