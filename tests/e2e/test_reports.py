"""A trainer opens a client's progress and downloads her reports as PDFs."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.e2e.conftest import sign_in


def pdf_text(path: str) -> str:
    with open(path, "rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_a_trainer_downloads_the_physician_summary_and_the_progress_report(page, demo):
    page.set_default_timeout(90_000)  # a report takes a few seconds to draw
    sign_in(page, "trainer@example.com")
    page.get_by_role("link", name="田中 花子").click()
    page.get_by_role("link", name="経過").click()
    page.wait_for_url("**/progress/clients/*/")
    assert "田中 花子 様の経過" in page.locator("h1").inner_text()
    assert page.locator("figure.chart svg").count() >= 6
    page.get_by_role("link", name="レポートとダウンロード").click()

    physician = page.locator("section").filter(has_text="医師向けサマリー")
    with page.expect_download() as info:
        physician.get_by_role("link", name="日本語のPDF").click()
    download = info.value
    assert download.suggested_filename.endswith("-ja.pdf")
    text = pdf_text(download.path())
    assert "田中 花子" in text and "医師向けサマリー" in text and "アセスメント" in text

    report = page.locator("section").filter(has_text="経過レポート")
    with page.expect_download() as info:
        report.get_by_role("link", name="日本語のPDF").click()
    text = pdf_text(info.value.path())
    assert "田中 花子" in text and "経過レポート" in text and "参考文献" in text
