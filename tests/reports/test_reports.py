"""PDF reports (WeasyPrint, ja/en) and CSV exports: content, one-page physician summary, safe
fetching, Excel-friendly CSV, and who may download what."""

from __future__ import annotations

import csv
import io
import uuid

import pytest
from django.core.cache import cache
from django.utils import timezone
from pypdf import PdfReader

from osteoload.clients import services as client_services
from osteoload.lifestyle import services as lifestyle
from osteoload.reports import exports, pdf
from tests.lifestyle.factories import give_sleep

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_the_client_summary_in_japanese(alice, carol, carol_record, carol_logged, as_):
    give_sleep(carol, carol_record, nights=7)
    lifestyle.record_nutrition_check(
        actor=carol, client=carol_record, foods={"milk": {"servings": 1, "per": "day"}}
    )
    response = as_(alice).get(f"/reports/clients/{carol_record.pk}/summary.pdf?lang=ja")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].endswith('-ja.pdf"')
    pages, text = pdf_text(response.content)
    assert pages >= 2
    assert "Carol Clarke" in text
    for heading in (
        "経過レポート",
        "あなたのアセスメント",
        "筋力の変化",
        "骨密度の見込み",
        "参考文献",
    ):
        assert heading in text, heading
    assert "骨粗鬆症" in text and "腰椎" in text  # the assessment's Japanese names
    assert "Watson SL" in text  # LIFTMOR: the source of tier B's intensity limit
    # Japanese lists take the Japanese comma
    assert "目標に届かない栄養素：カルシウム、ビタミンD、" in "".join(text.split())


def test_the_physician_summary_is_one_page_in_either_language(
    alice, carol_record, carol_logged, as_
):
    for lang, headings in (
        ("ja", ("医師向けサマリー", "アセスメント", "運動区分と安全範囲")),
        ("en", ("Summary for the physician", "Assessment", "Safety tier and envelope")),
    ):
        response = as_(alice).get(f"/reports/clients/{carol_record.pk}/physician.pdf?lang={lang}")
        pages, text = pdf_text(response.content)
        assert pages == 1, lang
        assert "Carol Clarke" in text and "1955-06-01" in text
        for heading in headings:
            assert heading in text, (lang, heading)
    assert "osteoporosis" in text and "85 %1RM" in text and "Lumbar spine" in text


def test_the_forecasts_caveats_travel_with_its_numbers(alice, carol_record, carol_logged, as_):
    """A reader of a PDF must not take the band for this person's own range: the physician
    summary keeps the key caveats (still one page), the client report all of them."""
    http = as_(alice)
    physician = http.get(f"/reports/clients/{carol_record.pk}/physician.pdf?lang=en")
    pages, text = pdf_text(physician.content)
    flat = " ".join(text.split())
    assert pages == 1
    assert "Forecast assumptions" in flat and "between scans" in flat
    assert "typical 1RM" not in flat  # technical: the client report has it
    summary = http.get(f"/reports/clients/{carol_record.pk}/summary.pdf?lang=en")
    flat = " ".join(pdf_text(summary.content)[1].split())
    assert "between scans" in flat and "typical 1RM" in flat
    ja = http.get(f"/reports/clients/{carol_record.pk}/physician.pdf?lang=ja")
    assert "予測の前提" in pdf_text(ja.content)[1]


def test_the_physician_summary_keeps_the_young_clients_caveat_on_one_page(
    alice, carol_record, carol_logged, as_
):
    """Before menopause the forecast carries its longest caveat (the trials before menopause
    disagree); the summary keeps it and still fits one page."""
    carol_record.birth_date = carol_record.birth_date.replace(year=1988)
    carol_record.save(update_fields=["birth_date"])
    client_services.save_intake(
        actor=alice,
        client=carol_record,
        reason="test",
        health_fields={"menopause": "pre", "years_since_menopause": None},
    )
    for lang, caveat, joiner in (("en", "50 small jumps a day", " "), ("ja", "1日50回の", "")):
        response = as_(alice).get(f"/reports/clients/{carol_record.pk}/physician.pdf?lang={lang}")
        pages, text = pdf_text(response.content)
        assert pages == 1, lang
        assert caveat in joiner.join(text.split()), lang


def test_a_tall_chart_keeps_its_heading_and_caption_on_its_page(
    alice, carol_record, carol_logged, as_
):
    """Six functional tests make the tallest chart (three rows of small multiples). At full
    width it did not fit under its heading, which was left alone on a page."""
    client_services.add_functional_test(
        actor=alice,
        client=carol_record,
        tested_on=timezone.localdate(),
        values={
            "grip_kg": 19.0,
            "chair_stand_5x_s": 11.0,
            "gait_speed_m_s": 1.1,
            "tug_s": 9.0,
            "single_leg_stance_s": 20,
            "chair_stand_30s": 13,
        },
    )
    response = as_(alice).get(f"/reports/clients/{carol_record.pk}/summary.pdf?lang=en")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    (page,) = [p for p in pages if "Functional tests over time" in p]
    assert "Dashed lines: the cut-offs the assessment uses" in " ".join(page.split())


def test_a_report_without_logs_or_program_still_renders(olivia, dan_record, as_):
    response = as_(olivia).get(f"/reports/clients/{dan_record.pk}/physician.pdf?lang=en")
    pages, text = pdf_text(response.content)
    assert pages == 1 and "No assessment yet." in text and "No program yet." in text


def test_reports_fetch_only_the_bundled_font():
    fetcher = pdf._fetcher()
    for url in ("file:///etc/passwd", "http://example.invalid/a.png"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    font = fetcher.fetch(pdf.FONT_URL)
    assert font.read(4) == b"\x00\x01\x00\x00"  # a TrueType font
    font.close()
    # A document asking for more still renders, without what it asked for.
    html = '<p>x</p><img src="file:///etc/passwd"><img src="http://example.invalid/a.png">'
    pages, _text = pdf_text(pdf.html_to_pdf(html))
    assert pages == 1


# --- CSV -----------------------------------------------------------------------------------------


def rows_of(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    text = content.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text)))


def test_logged_sets_as_csv(alice, carol_record, carol_logged, as_):
    response = as_(alice).get(f"/reports/clients/{carol_record.pk}/logs.csv?kind=sets&lang=ja")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = rows_of(response.content)
    assert rows[0][:5] == ["日付", "週", "セッション", "種目ID", "種目"]
    assert len(rows) > 10
    first = rows[1]
    assert first[0] == carol_logged.start_date.isoformat() and first[6] == "20.00"


def test_every_kind_of_log_exports(carol, carol_record, carol_logged, as_):
    give_sleep(carol, carol_record, nights=3)
    lifestyle.log_home_session(
        actor=carol,
        client=carol_record,
        key=uuid.uuid4(),
        done_on=carol_logged.start_date,
        walk_min=20,
        note='=HYPERLINK("http://x")',
    )
    lifestyle.record_nutrition_check(
        actor=carol, client=carol_record, foods={"milk": {"servings": 1, "per": "day"}}
    )
    http = as_(carol)
    counts = {}
    for kind in exports.KINDS:
        response = http.get(f"/reports/clients/{carol_record.pk}/logs.csv?kind={kind}&lang=en")
        counts[kind] = len(rows_of(response.content)) - 1
    assert counts["sleep"] == 3 and counts["home"] == 1 and counts["nutrition"] == 1
    assert counts["sessions"] >= 2 and counts["sets"] > counts["sessions"]
    home = rows_of(http.get(f"/reports/clients/{carol_record.pk}/logs.csv?kind=home").content)
    assert home[1][-1].startswith("'=HYPERLINK")  # shown as text, never run as a formula


def test_an_unknown_kind_is_a_clear_400(alice, carol_record, as_):
    response = as_(alice).get(f"/reports/clients/{carol_record.pk}/logs.csv?kind=everything")
    assert response.status_code == 400 and "sets" in response.content.decode()


def test_the_formula_guard():
    assert exports.safe_text("=1+1") == "'=1+1" and exports.safe_text("-2") == "'-2"
    assert exports.safe_text("田中") == "田中" and exports.safe_text(None) == ""


# --- permissions ---------------------------------------------------------------------------------

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


@pytest.mark.parametrize("path", ["", "logs.csv?kind=sleep", "logs.csv?kind=sets"])
def test_reports_by_persona(path, as_, world):
    url = f"/reports/clients/{world.carol_record.pk}/{path}"
    for name, status in EXPECTED.items():
        assert as_(getattr(world, name)).get(url).status_code == status, name
    anonymous = as_(None).get(url)
    assert anonymous.status_code == 302 and anonymous.url.startswith(LOGIN)


@pytest.mark.parametrize("which", ["summary.pdf", "physician.pdf"])
def test_pdfs_are_refused_to_the_wrong_people(which, as_, world):
    url = f"/reports/clients/{world.carol_record.pk}/{which}"
    for name in ("bob", "frank", "erin"):
        assert as_(getattr(world, name)).get(url).status_code == 403, name
    assert as_(world.oscar).get(url).status_code == 404
    assert as_(None).get(url).status_code == 302


def test_the_client_downloads_her_own_physician_summary(carol, carol_record, as_):
    response = as_(carol).get(f"/reports/clients/{carol_record.pk}/physician.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].endswith('-ja.pdf"')  # the page's language


def test_the_api_serves_the_downloads(alice, bob, carol_record, as_):
    ok = as_(alice).get(f"/api/reports/clients/{carol_record.pk}/logs.csv?kind=sleep")
    assert ok.status_code == 200 and ok.content.startswith(b"\xef\xbb\xbf")
    assert as_(bob).get(f"/api/reports/clients/{carol_record.pk}/logs.csv").status_code == 403
    bad = as_(alice).get(f"/api/reports/clients/{carol_record.pk}/summary.pdf?lang=fr")
    assert bad.status_code == 422
