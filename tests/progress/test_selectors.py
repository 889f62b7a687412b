"""What a progress page reads: real numbers from the logs, the forecast with and without
training, a fixed number of queries and no writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone

from osteoload.engine import forecast as engine_forecast
from osteoload.progress import forecasting
from osteoload.progress.presenters import chart_data_dxa, chart_data_tests, progress_charts
from osteoload.progress.selectors import progress_for
from osteoload.training.models import Prescription
from tests.conftest import capture_queries, writes_in
from tests.lifestyle.factories import give_facts, give_program, give_sleep, give_workouts


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def test_progress_from_the_logs(carol_record, carol_logged):
    today = timezone.localdate()
    p = progress_for(carol_record, today=today)
    main = [lift for lift in p.lifts if lift.main_lift]
    assert main and all(
        lift.change_kg and lift.change_kg > 0 for lift in main if len(lift.points) > 1
    )
    # One session was missed: the completed weeks show it.
    assert p.adherence is not None and p.adherence.planned >= 2
    assert p.adherence.done == p.adherence.planned - 1
    # The last complete week's longer sessions are a load spike.
    assert p.load is not None and any(w.spike for w in p.load.weeks)
    sites = {d.site for d in p.dxa}
    assert sites == {"lumbar_spine", "femoral_neck"} and len(p.dxa) == 4
    assert [t.tested_on for t in p.tests] == sorted(t.tested_on for t in p.tests)


def test_the_forecast_uses_the_program_at_the_adherence_so_far(carol_record, carol_logged):
    p = progress_for(carol_record)
    f = p.forecast
    assert f is not None and f.response is not None and f.with_training and f.measured
    assert f.adherence == pytest.approx(p.adherence.ratio, abs=1e-3)
    assert f.response["training"]["kind"] == "program"
    spine = f.final("lumbar_spine")
    assert spine["lower95"] <= spine["pct_change"] <= spine["upper95"]
    data = f.chart_data()
    assert set(data["sites"]) == {"lumbar_spine", "femoral_neck"}
    assert data["sites"]["lumbar_spine"]["with"][0] == f.site("lumbar_spine")["pct_change"]


def test_without_a_program_only_the_no_training_band(carol_record, carol_facts):
    f = progress_for(carol_record).forecast
    assert f is not None and not f.with_training and f.adherence is None
    assert f.response["training"]["kind"] == "none"
    assert "with" not in f.chart_data()["sites"]["femoral_neck"]


def test_before_a_complete_week_the_forecast_assumes_the_plan(alice, carol_record, carol_facts):
    give_program(alice, carol_record, weeks_ago=0)
    f = progress_for(carol_record, today=timezone.localdate()).forecast
    assert f.with_training and not f.measured and f.adherence == 1.0


def test_the_forecast_follows_the_trainers_edits(alice, carol_record, carol_facts):
    """The forecast reads the working copy: untouched, it is the generated program; once the
    trainer lightens the hip-loading lifts and drops the impacts, the hip gains less."""
    program = give_program(alice, carol_record, weeks_ago=0)
    today = timezone.localdate()
    before = progress_for(carol_record, today=today).forecast
    generated = forecasting.forecast_for(
        profile=_profile(carol_record, today),
        program=program.generated.document,
        adherence=None,
    )
    for site in ("lumbar_spine", "femoral_neck"):
        assert before.final(site) == generated.final(site)
    rx = Prescription.objects.filter(program=program)
    assert rx.filter(impact__in=["low", "moderate", "high"]).exists()
    rx.filter(impact__in=["low", "moderate", "high"]).update(contacts=0)
    rx.filter(pct_1rm__isnull=False).update(pct_1rm=40)
    after = progress_for(carol_record, today=today).forecast
    hip = "femoral_neck"
    assert after.final(hip)["training_effect_pct"] < before.final(hip)["training_effect_pct"]
    assert after.final(hip)["no_training_pct_change"] == before.final(hip)["no_training_pct_change"]


def _profile(client, today):
    from osteoload.clients.services import engine_profile_for

    return engine_profile_for(client, today=today).to_dict()


@pytest.fixture
def engine_calls(monkeypatch):
    """The requests the engine really forecast (not taken from the cache)."""
    calls = []
    real = engine_forecast.forecast

    def counting(data, params=None):
        calls.append(data)
        return real(data, params)

    monkeypatch.setattr(forecasting.fc, "forecast", counting)
    return calls


def test_a_forecast_is_computed_once_for_the_same_request(carol_record, carol_logged, engine_calls):
    progress_for(carol_record)
    progress_for(carol_record)
    assert len(engine_calls) == 1


def test_new_parameters_under_the_same_model_version_are_not_served_from_the_cache(
    carol_record, carol_logged, engine_calls, monkeypatch
):
    """A refit that keeps the version still changes the parameter file, and so the cache key."""
    progress_for(carol_record)
    monkeypatch.setattr(forecasting.fc, "params_digest", lambda: "a refit of the same version")
    progress_for(carol_record)
    assert len(engine_calls) == 2


def test_an_upgraded_engine_is_not_served_from_the_cache(
    carol_record, carol_logged, engine_calls, monkeypatch
):
    """A new assumption note or rule changes the answer without a new model version or
    parameter file: the engine's code digest is in the key too."""
    progress_for(carol_record)
    monkeypatch.setattr(forecasting.fc, "code_digest", lambda: "the next release")
    progress_for(carol_record)
    assert len(engine_calls) == 2


def test_the_engine_code_digest_covers_its_data_files():
    digest = forecasting.fc.code_digest()
    assert len(digest) == 64 and digest == forecasting.fc.code_digest()
    # every file the engine reads is in it (documentation aside): a data file of a new kind
    # must be added to ENGINE_FILES
    root = Path(forecasting.fc.__file__).parent
    kinds = {p.suffix for p in root.rglob("*") if p.is_file() and p.suffix not in (".pyc", ".md")}
    assert kinds <= set(forecasting.fc.ENGINE_FILES), kinds


def test_chart_data_keeps_the_recorded_values(carol_record, carol_facts):
    p = progress_for(carol_record, forecast=False)
    dxa = chart_data_dxa(p)
    assert dxa["metric"] == "t_score"
    assert [v for _d, v in dxa["series"]["lumbar_spine"]] == [-2.6, -2.7]
    grip = next(t for t in chart_data_tests(p)["tests"] if t["key"] == "grip_kg")
    assert [v for _d, v in grip["points"]] == [17.5, 19.0]
    assert grip["cutoff"] == 18.0  # AWGS 2019, women


def test_reading_progress_costs_the_same_queries_for_more_logs_and_writes_nothing(
    alice, carol, carol_record, carol_logged, dan_record
):
    # Dan: six weeks of sessions and four weeks of sleep, against Carol's two weeks.
    give_facts(alice, dan_record)
    give_workouts(alice, dan_record, give_program(alice, dan_record, weeks_ago=6))
    give_sleep(carol, carol_record, nights=3)
    for client in (carol_record, dan_record):
        progress_for(client)  # warm the chart and forecast caches (not queries anyway)
    with capture_queries() as few:
        progress_charts(progress_for(carol_record), "ja")
    with capture_queries() as many:
        dan = progress_for(dan_record)
        progress_charts(dan, "ja")
    assert len(dan.adherence.weeks) > 2 * len(progress_for(carol_record).adherence.weeks)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert writes_in(many) == []


def test_dates_in_the_future_do_not_count(carol_record, carol_logged):
    past = progress_for(carol_record, today=carol_logged.start_date + dt.timedelta(days=6))
    assert past.adherence.weeks[-1].number == 1 and not past.adherence.weeks[-1].complete
