"""A visitor books a free counseling on a phone; the front desk sees it and makes her a client."""

from __future__ import annotations

import pytest
from django.core import mail

from osteoload.clients.models import Client
from osteoload.scheduling.models import CounselingRequest, RequestStatus
from tests.e2e.conftest import sign_in


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_visitor_books_on_a_phone_and_the_front_desk_converts_her(page, demo):
    mail.outbox.clear()
    page.goto("/g/demo/")
    assert "骨" in page.locator("main").inner_text()  # the message about bone and strength
    page.get_by_role("link", name="無料カウンセリングを予約する").first.click()
    page.wait_for_url("**/g/demo/counseling/")

    chosen = page.locator("label.chip").first
    time_text = chosen.inner_text().strip()
    chosen.click()
    page.fill("#id_full_name", "山田 花江")
    page.fill("#id_full_name_kana", "ヤマダ ハナエ")
    page.fill("#id_email", "hanae@example.com")
    page.fill("#id_phone", "090-1234-5678")
    page.fill("#id_concerns", "昨年、手首を骨折しました。")
    page.check("#id_consent")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    page.get_by_role("button", name="予約を送信する").click()
    page.wait_for_url("**/counseling/done/**")
    assert time_text in page.locator("main").inner_text()

    request = CounselingRequest.objects.get(full_name="山田 花江")
    assert request.status == RequestStatus.SCHEDULED and request.booking is not None
    assert [m.to for m in mail.outbox if "hanae@example.com" in m.to] == [["hanae@example.com"]]

    sign_in(page, "frontdesk@example.com")
    page.goto("/schedule/requests/")
    page.get_by_role("link", name="山田 花江").click()
    page.wait_for_url(f"**/schedule/requests/{request.pk}/")
    assert "骨折" not in page.locator("main").inner_text()  # the front desk sees no health data
    assert page.locator("#id_convert-family_name").input_value() == "山田"
    assert page.locator("#id_convert-given_name").input_value() == "花江"
    page.select_option("#id_convert-sex", "female")
    page.fill("#id_convert-birth_date", "1961-04-01")
    page.get_by_role("button", name="お客様として登録する").click()
    page.wait_for_url("**/schedule/requests/")
    assert "山田 花江" in page.locator(".messages").inner_text()

    client = Client.objects.get(family_name="山田", given_name="花江")
    assert client.email == "hanae@example.com" and client.phone == "090-1234-5678"
    request.refresh_from_db()
    assert request.client == client and request.booking.client == client
