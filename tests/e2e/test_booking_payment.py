"""The front desk books a session, sells a plan paid at the counter, and downloads the receipt."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from osteoload.billing.models import LedgerEntry
from osteoload.scheduling.models import Booking
from tests.e2e.conftest import sign_in


def test_a_session_is_booked_and_paid_and_the_receipt_downloads(page, demo, tmp_path):
    sign_in(page, "frontdesk@example.com")
    page.get_by_role("link", name="予約表").first.click()
    page.wait_for_url("**/schedule/")
    page.get_by_role("link", name="新しい予約").click()
    page.wait_for_url("**/schedule/bookings/new/**")

    day = timezone.localdate() + dt.timedelta(days=2)
    page.select_option("#id_client", label="田中 花子（タナカ ハナコ）")
    page.select_option("#id_trainer", label="佐藤 健太")
    page.fill("#id_date", day.isoformat())
    page.fill("#id_time", "15:00")
    page.get_by_role("button", name="予約する").click()
    page.wait_for_url("**/schedule/bookings/*/")
    booking = Booking.objects.filter(starts_at__date=day).get(client__family_name="田中")
    assert timezone.localtime(booking.starts_at).hour == 15

    # Booking the same time again is refused with a clear message, and nothing is added.
    page.goto("/schedule/bookings/new/")
    page.select_option("#id_client", label="田中 花子（タナカ ハナコ）")
    page.select_option("#id_trainer", label="佐藤 健太")
    page.fill("#id_date", day.isoformat())
    page.fill("#id_time", "15:30")
    page.get_by_role("button", name="予約する").click()
    assert "既に予約があります" in page.locator("[role=alert]").first.inner_text()
    assert Booking.objects.filter(starts_at__date=day, client__family_name="田中").count() == 1

    page.goto(f"/schedule/bookings/{booking.pk}/")
    page.get_by_role("link", name="このお客様のお支払いとセッション残数").click()
    page.wait_for_url("**/billing/clients/*/")
    page.select_option("#id_sell-product", label="月8回プラン ¥61,600")
    page.select_option("#id_sell-method", "cash")
    page.check("#id_sell-confirmed")
    page.get_by_role("button", name="販売する").click()
    page.wait_for_url("**/billing/clients/*/")
    payment = LedgerEntry.objects.filter(kind="payment", amount_yen=61_600).get()
    assert payment.method == "cash"

    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"領収書 {payment.receipt_label}").click()
    download = download_info.value
    assert download.suggested_filename == f"receipt-{payment.receipt_label}.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
