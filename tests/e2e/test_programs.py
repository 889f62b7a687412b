"""A trainer opens a client, generates a program, swaps an exercise and adjusts a load."""

from __future__ import annotations

import pytest

from osteoload.training.models import Prescription, Program
from tests.e2e.conftest import sign_in


@pytest.fixture
def hanako_assessed(demo):
    """The demo client 田中 花子 with an intake (consent, no falls, post-menopause), assessed."""
    from osteoload.accounts.models import Membership
    from osteoload.clients.models import Client
    from osteoload.clients.services import save_intake
    from osteoload.training.demo import seed as seed_programs

    client = Client.objects.get(email="client@example.com")
    trainer = Membership.objects.get(user__email="trainer@example.com")
    if not client.assessments.exists():
        save_intake(
            actor=trainer,
            client=client,
            reason="basics",
            health_fields={
                "consent_given": True,
                "falls_past_year": 0,
                "menopause": "post",
                "experience": "novice",
            },
        )
    from osteoload.accounts.demo import DemoContext

    seed_programs(DemoContext(gym=client.gym))
    return client


def test_trainer_generates_a_program_and_swaps_an_exercise(page, hanako_assessed):
    sign_in(page, "trainer@example.com")
    page.get_by_role("link", name="田中 花子").click()
    page.get_by_role("link", name="プログラム").click()
    page.select_option("select[name=weeks]", "8")
    page.get_by_role("button", name="プログラムを作成").click()
    page.wait_for_url("**/weeks/*/")
    assert "8週中" in page.locator("h1").inner_text()
    program = Program.objects.get(status="active", client=hanako_assessed)
    assert program.length_weeks == 8

    first = page.locator("li.rx").filter(has=page.locator("text=スクワット")).first
    row_id = first.get_attribute("id")
    before = first.locator(".rx-name").inner_text()
    first.get_by_role("link", name="入れ替え").click()
    options = page.locator(f"#{row_id} button.option")
    options.first.wait_for()
    choice = options.first.locator(".name").inner_text()
    options.first.click()
    page.locator(f"#{row_id} a.rx-name").wait_for()
    after = page.locator(f"#{row_id} .rx-name").inner_text()
    assert after == choice and after != before
    assert page.locator(f"#{row_id} .pill.edited").is_visible()
    rx = Prescription.objects.get(pk=int(row_id.removeprefix("rx-")))
    assert rx.name_ja == choice and rx.original is not None


def _open_adjustment(page, program):
    """Week 6's first lift given in %1RM, its row opened for adjustment: (prescription, row)."""
    rx = (
        Prescription.objects.filter(program=program, session__week__number=6, pct_1rm__isnull=False)
        .order_by("session__day", "position")
        .first()
    )
    page.locator(f"#rx-{rx.pk}").get_by_role("link", name="調整").click()
    return rx, page.locator(f"#rx-{rx.pk}")


def test_an_adjustment_outside_the_envelope_is_refused_clearly(page, hanako_assessed):
    sign_in(page, "trainer@example.com")
    program = Program.objects.get(status="active", client=hanako_assessed)
    page.goto(f"/training/programs/{program.pk}/weeks/6/")
    rx, row = _open_adjustment(page, program)
    row.locator("input[name=pct_1rm]").fill("95")
    row.get_by_role("button", name="保存").click()
    page.locator(f"#rx-{rx.pk} [role=alert]").wait_for()
    assert "1RMの" in page.locator(f"#rx-{rx.pk} [role=alert]").inner_text()
    rx.refresh_from_db()
    assert rx.pct_1rm != 95


def test_the_week_page_loads_the_programs_bone_outlook(page, hanako_assessed):
    """The outlook arrives after the page (htmx) with a row per site, in Japanese."""
    sign_in(page, "trainer@example.com")
    program = Program.objects.get(status="active", client=hanako_assessed)
    page.goto(f"/training/programs/{program.pk}/weeks/3/")
    heading = page.locator("#outlook h2")
    heading.wait_for()
    assert heading.inner_text() == "このプログラムの骨密度の見込み"
    rows = page.locator("#outlook tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).locator("td").first.inner_text() == "腰椎"
    assert "%" in rows.nth(1).locator("td").nth(1).inner_text()


def test_the_outlook_reloads_after_an_edit_is_saved(page, hanako_assessed):
    """The card says it follows the trainer's edits: a saved adjustment asks for it again, with
    no reload of the page."""
    sign_in(page, "trainer@example.com")
    program = Program.objects.get(status="active", client=hanako_assessed)
    page.goto(f"/training/programs/{program.pk}/weeks/6/")
    page.locator("#outlook tbody tr").first.wait_for()
    assert "反映されます" in page.locator("#outlook").inner_text()
    rx, row = _open_adjustment(page, program)
    row.locator("input[name=pct_1rm]").fill(str(rx.pct_1rm - 5))
    with page.expect_response(lambda r: f"/programs/{program.pk}/outlook/" in r.url) as reload:
        row.get_by_role("button", name="保存").click()
    assert reload.value.status == 200
    page.locator("#outlook tbody tr").first.wait_for()
    rx.refresh_from_db()
    assert page.locator("#outlook tbody tr").count() == 2
