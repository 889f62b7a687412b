"""A trainer signs in, sees her clients, opens one, switches to English; at both widths."""

from __future__ import annotations

from tests.e2e.conftest import sign_in


def test_trainer_signs_in_and_opens_a_client(page, demo):
    sign_in(page, "trainer@example.com")
    assert page.locator("h1").inner_text() == "担当のお客様"
    page.get_by_role("link", name="田中 花子").click()
    page.wait_for_url("**/clients/*/")
    assert "田中 花子" in page.locator("h1").inner_text()


def test_language_switch_to_english_and_back(page, demo):
    sign_in(page, "trainer@example.com")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "My clients"
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("button", name="日本語").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "担当のお客様"


def test_wrong_password_shows_a_clear_message(page, demo):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "trainer@example.com")
    page.fill("input[name=password]", "not-the-password")
    page.click("form button[type=submit].primary")
    assert (
        "メールアドレスまたはパスワードが正しくありません"
        in page.locator("[role=alert]").inner_text()
    )


def test_tap_targets_and_text_are_large_enough(page, demo):
    sign_in(page, "frontdesk@example.com")
    sizes = page.eval_on_selector_all(
        "header a, header button, main button, main input",
        "els => els.map(e => [e.textContent.trim() || e.name, e.getBoundingClientRect().height])",
    )
    small = [(name, h) for name, h in sizes if h < 44]
    assert sizes and not small, small
    font_px = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font_px >= 18


def test_no_horizontal_scroll(page, demo):
    sign_in(page, "owner@example.com")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
