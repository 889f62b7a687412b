"""A trainer signs in, adds a client, takes her through the intake and sees her assessment with its
tier; at desktop and phone widths."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import sign_in


@pytest.fixture
def people(transactional_db: None) -> None:
    """The demo gym's people only (the clients are made in the test)."""
    from osteoload.accounts import demo
    from osteoload.accounts.demo import DemoContext, demo_gym

    demo.seed(DemoContext(gym=demo_gym()))


def no_horizontal_scroll(page) -> bool:
    return (
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        <= 0
    )


def test_trainer_takes_a_new_client_through_intake(page, people):
    sign_in(page, "trainer@example.com")
    page.goto("/clients/")
    page.get_by_role("link", name="新しいお客様").click()
    page.fill("#id_family_name", "岡田")
    page.fill("#id_given_name", "静香")
    page.fill("#id_family_name_kana", "オカダ")
    page.fill("#id_given_name_kana", "シズカ")
    page.get_by_role("radio", name="女性", exact=True).check()
    page.fill("#id_birth_date", "1952-05-06")
    page.get_by_role("button", name="お客様を登録").click()

    # 1. basic facts (a mistake first: the message says what is wrong, next to the field)
    page.wait_for_url("**/intake/basics/")
    assert page.locator("h1").inner_text() == "基本情報"
    page.fill("#id_basics-height_cm", "151")
    page.fill("#id_basics-weight_kg", "5")
    page.get_by_role("radio", name="閉経後", exact=True).check()
    page.fill("#id_basics-years_since_menopause", "20")
    page.get_by_label(
        "お客様から、健康情報をジムで保管することへの書面による同意をいただきました。"
    ).check()
    page.get_by_role("button", name="保存して次へ").click()
    assert "25〜300の値を入力してください。" in page.locator(".has-error").inner_text()
    page.fill("#id_basics-weight_kg", "48")
    page.get_by_role("button", name="保存して次へ").click()

    # 2. bone: a DXA result added in place (htmx), the summary's tier follows
    page.wait_for_url("**/intake/bone/")
    assert no_horizontal_scroll(page)
    summary = page.locator("#assessment-summary")
    assert summary.locator("[data-tier]").get_attribute("data-tier") == "A"
    page.fill("#id_dxa-measured_on", "2025-09-01")
    page.get_by_role("radio", name="腰椎", exact=True).check()
    page.fill("#id_dxa-t_score", "-2.7")
    page.fill("#id_dxa-yam_percent", "67")
    page.get_by_role("button", name="DXA測定結果を保存").click()
    page.locator("#card-bone td", has_text="−2.7").wait_for()
    assert summary.locator("[data-tier]").get_attribute("data-tier") == "B"
    page.get_by_role("link", name="次へ", exact=True).click()

    # 3. falls and function tests
    page.wait_for_url("**/intake/falls/")
    page.fill("#id_falls-falls_past_year", "0")
    page.get_by_role("button", name="保存して次へ").click()

    # 4. health
    page.wait_for_url("**/intake/health/")
    page.get_by_label("変形性膝関節症").check()
    page.locator("#group-id_health-physically_active").get_by_label("はい").check()
    page.get_by_role("button", name="保存して次へ").click()

    # 5. training background, then the assessment
    page.wait_for_url("**/intake/training/")
    page.get_by_label("初心者（6か月未満）").check()
    page.get_by_role("button", name="保存してアセスメントを見る").click()
    page.wait_for_url("**/assessment/")
    assert "アセスメント" in page.locator("h1").inner_text()
    tier = page.locator(".tier-big [data-tier]")
    assert tier.get_attribute("data-tier") == "B"
    assert tier.inner_text() == "B（指導者の監督下での骨強化）"
    assert "骨粗鬆症" in page.locator("#h-bone + dl").inner_text()
    assert page.locator("ol.findings li").count() >= 3
    assert no_horizontal_scroll(page)

    # the client is in the list with her tier
    page.goto("/clients/?tier=B")
    assert page.get_by_role("link", name="岡田 静香 オカダ シズカ").is_visible()
