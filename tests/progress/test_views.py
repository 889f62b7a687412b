"""The progress page and API: who may see it, real numbers, constant queries, no writes."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from osteoload.audit.models import AuditEvent
from tests.conftest import capture_queries, writes_in

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def english(http):
    http.cookies["osteoload_language"] = "en"
    return http


EXPECTED = {
    "olivia": 200,
    "alice": 200,
    "carol": 200,
    "bob": 403,
    "frank": 403,
    "erin": 403,
    "oscar": 404,
    "trent": 404,
}


@pytest.mark.parametrize("url", ["/progress/clients/{}/", "/api/progress/clients/{}"])
def test_progress_by_persona(url, as_, world):
    target = url.format(world.carol_record.pk)
    for name, status in EXPECTED.items():
        response = as_(getattr(world, name)).get(target)
        assert response.status_code == status, (name, response.status_code)
    anonymous = as_(None).get(target)
    assert anonymous.status_code in (302, 401)
    if anonymous.status_code == 302:
        assert anonymous.url.startswith(LOGIN)


def test_the_client_opens_her_own_progress_and_staff_have_none(carol, alice, carol_record, as_):
    assert as_(carol).get("/progress/").status_code == 200
    response = as_(alice).get("/progress/")
    assert response.status_code == 302 and response.url == "/"


def test_the_page_shows_charts_and_the_numbers_beneath(alice, carol_record, carol_logged, as_):
    html = english(as_(alice)).get(f"/progress/clients/{carol_record.pk}/").content.decode()
    for title in (
        "Strength: estimated 1RM",
        "Weekly training load",
        "Adherence",
        "Bone density (DXA) over time",
        "Bone-density forecast",
        "Functional tests over time",
        "Sleep, last four weeks",
    ):
        assert title in html, title
    assert html.count("<svg ") == 7
    assert "load rose" in html  # the spike warning of the engine's monitoring
    assert "-2.7" in html and "Lumbar spine" in html  # DXA table
    assert "With the current program at the adherence so far" in html
    assert AuditEvent.objects.filter(action="progress.view", client_id=carol_record.pk).exists()


def test_the_forecast_opens_with_one_plain_sentence_and_folds_its_assumptions(
    carol, carol_record, carol_logged, as_
):
    """A client reads what the forecast says without decoding a table: the mean at each site,
    with and without training, from today; the model's assumptions are one tap away."""
    response = as_(carol).get(f"/progress/clients/{carol_record.pk}/")
    html = response.content.decode()
    view = next(c for c in response.context["charts"] if c.kind == "forecast")
    spine = view.rows[0][1].split("\u00a0%")[0]  # the table's mean with training, e.g. "+2.3"
    assert view.summary.startswith("今のトレーニングを続けると、今から")
    assert f"腰椎で約{spine}%" in view.summary and "トレーニングをしない場合" in view.summary
    assert f'<p class="chart-summary">{view.summary}</p>' in html
    # the bands are for the average of similar clients, as the engine's note says, not a range
    # of individual results
    assert "同じような方の平均" in view.summary and "一人ひとりの幅ではありません" in view.summary
    assert '<details class="chart-notes"><summary>前提条件' in html
    english = as_(carol)
    english.cookies["osteoload_language"] = "en"
    en = next(
        c
        for c in english.get(f"/progress/clients/{carol_record.pk}/").context["charts"]
        if c.kind == "forecast"
    )
    assert en.summary.startswith("With the current training, bone density is expected")
    assert "average for people like you, not of one person" in en.summary


def test_the_page_is_japanese_by_default(carol, carol_record, carol_logged, as_):
    html = as_(carol).get(f"/progress/clients/{carol_record.pk}/").content.decode()
    assert "わたしの経過" in html and "骨密度の見込み" in html and "推定1RM" in html


def test_the_page_makes_a_constant_number_of_queries_and_writes_only_the_audit(
    alice, carol_record, dan_record, carol_logged, as_, count_queries
):
    from tests.lifestyle.factories import give_facts, give_program, give_workouts

    give_facts(alice, dan_record)
    give_workouts(alice, dan_record, give_program(alice, dan_record, weeks_ago=5))
    http = as_(alice)
    for client in (carol_record, dan_record):
        http.get(f"/progress/clients/{client.pk}/")  # warm caches
    carol_count = count_queries(lambda: http.get(f"/progress/clients/{carol_record.pk}/"))
    dan_count = count_queries(lambda: http.get(f"/progress/clients/{dan_record.pk}/"))
    assert carol_count == dan_count
    with capture_queries() as ctx:
        http.get(f"/progress/clients/{dan_record.pk}/")
    writes = writes_in(ctx)
    assert len(writes) == 1 and "audit" in writes[0]


def test_the_api_gives_the_same_numbers(alice, carol_record, carol_logged, as_):
    data = as_(alice).get(f"/api/progress/clients/{carol_record.pk}").json()
    assert data["client_id"] == carol_record.pk
    assert any(lift["main_lift"] and len(lift["points"]) > 1 for lift in data["lifts"])
    assert any(w["spike"] for w in data["weekly_load"]["weeks"])
    assert data["adherence"]["done"] == data["adherence"]["planned"] - 1
    assert {d["site"] for d in data["dxa"]} == {"lumbar_spine", "femoral_neck"}
    assert data["forecast"]["schema"] == "osteoload.forecast/1"
    assert data["forecast_adherence"] == pytest.approx(data["adherence"]["ratio"], abs=1e-3)


def test_the_chart_heavy_page_travels_compressed(carol, carol_record, carol_logged, as_):
    """Seven charts make the progress page the heaviest one; a phone on a slow line gets it
    gzip-compressed, several times smaller, and it decompresses to the same page."""
    import gzip

    http = as_(carol)
    url = f"/progress/clients/{carol_record.pk}/"
    plain = http.get(url)
    packed = http.get(url, headers={"Accept-Encoding": "gzip"})
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert len(packed.content) * 3 < len(plain.content)
    assert len(packed.content) < 100 * 1024
    assert b"<svg" in gzip.decompress(packed.content)


def test_a_client_scanned_at_the_total_hip_is_told_which_hip_number_to_compare(
    carol, carol_record, carol_logged, as_
):
    import datetime as dt

    from osteoload.clients.models import DxaResult

    def forecast_notes() -> list[str]:
        http = as_(carol)
        http.cookies["osteoload_language"] = "en"
        charts = http.get(f"/progress/clients/{carol_record.pk}/").context["charts"]
        return next(c for c in charts if c.kind == "forecast").notes

    hip_note = "The hip forecast is for the femoral neck"
    DxaResult.objects.filter(client=carol_record, site__in=["femoral_neck", "total_hip"]).delete()
    assert not any(n.startswith(hip_note) for n in forecast_notes())
    scan = {"gym": carol_record.gym, "client": carol_record, "measured_on": dt.date(2026, 6, 1)}
    DxaResult.objects.create(**scan, site="total_hip", t_score=-2.0)
    assert forecast_notes()[0].startswith(hip_note)
    DxaResult.objects.create(**scan, site="femoral_neck", t_score=-2.2)
    assert not any(n.startswith(hip_note) for n in forecast_notes())


def test_only_the_report_reads_the_generated_program(alice, carol, carol_record, carol_logged, as_):
    """The engine's program as generated (about 150 KB of JSON) lives in its own table: the
    pages trainers and clients open most never load it; the report, which cites its sources,
    does."""
    program = carol_logged
    pages = {
        alice: [
            "/workouts/dashboard/",
            f"/workouts/clients/{carol_record.pk}/today/",
            f"/training/programs/{program.pk}/weeks/1/",
            f"/progress/clients/{carol_record.pk}/",
        ],
        carol: ["/", "/progress/", "/portal/"],
    }

    def reads_document(http, url):
        with capture_queries() as ctx:
            response = http.get(url)
        assert response.status_code == 200, url
        return any("training_programdocument" in q["sql"] for q in ctx.captured_queries)

    for member, urls in pages.items():
        http = as_(member)
        for url in urls:
            assert not reads_document(http, url), url
    assert reads_document(as_(alice), f"/reports/clients/{carol_record.pk}/summary.pdf")
