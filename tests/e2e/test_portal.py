"""The client on her phone (and at a desk): her portal, last night's sleep and a home session."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from osteoload.clients.models import Client
from osteoload.lifestyle.models import HomeSession, SleepLog
from tests.e2e.conftest import sign_in


def test_a_client_logs_sleep_and_a_home_session(page, demo):
    sign_in(page, "client@example.com")
    assert "田中 花子 様、ようこそ" in page.locator("h1").inner_text()
    client = Client.objects.get(email="client@example.com")
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    sleep = page.locator("#sleep-card")
    sleep.locator("select[name=night_of]").select_option(yesterday.isoformat())
    sleep.locator("select[name=hours_asleep]").select_option("7.0")
    sleep.locator("select[name=time_in_bed_h]").select_option("8.0")
    sleep.get_by_label("4 – 休めた").check()
    sleep.get_by_role("button", name="睡眠を記録する").click()
    page.locator("#sleep-card [role=status]").wait_for()
    assert "の夜の睡眠を記録しました" in page.locator("#sleep-card [role=status]").inner_text()
    assert "昨夜：睡眠7時間、床上8時間" in page.locator("#sleep-card").inner_text()
    log = SleepLog.objects.get(client=client, night_of=yesterday)
    assert (float(log.hours_asleep), float(log.time_in_bed_h), log.rested) == (7.0, 8.0, 4)

    before = HomeSession.objects.filter(client=client).count()
    home = page.locator("#home-card")
    assert "ウォーキング" in home.inner_text() and "背すじを伸ばし" in home.inner_text()
    home.locator("input[name=walk_min]").fill("25")
    home.locator("select[name=pain]").select_option("0")
    # A double tap on a slow connection: one session, never two.
    home.get_by_role("button", name="記録する").dblclick()
    page.locator("#home-card [role=status]").wait_for()
    assert "記録しました" in page.locator("#home-card [role=status]").inner_text()
    page.wait_for_timeout(500)
    assert HomeSession.objects.filter(client=client).count() == before + 1
    today = HomeSession.objects.filter(client=client, done_on=timezone.localdate()).get()
    assert today.walk_min == 25 and today.pain == 0 and "walking" in today.exercises

    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_the_portal_buttons_and_text_are_large_enough(page, demo):
    sign_in(page, "client@example.com")
    sizes = page.eval_on_selector_all(
        "main button, main select, main input[type=number], main .button",
        "els => els.map(e => [e.name || e.textContent.trim(), e.getBoundingClientRect().height])",
    )
    small = [(name, h) for name, h in sizes if h < 44]
    assert sizes and not small, small
    font_px = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.portal')).fontSize)"
    )
    assert font_px >= 19


def test_the_client_does_the_food_check(page, demo):
    sign_in(page, "client@example.com")
    page.get_by_role("link", name="もう一度チェックする").click()
    page.get_by_label("牛乳").select_option("2d")
    page.get_by_role("button", name="結果を見る").click()
    page.wait_for_url("**/nutrition/#result")
    assert "食事チェックを保存しました" in page.locator("main").inner_text()
    assert "カルシウム" in page.locator("#result").inner_text()
