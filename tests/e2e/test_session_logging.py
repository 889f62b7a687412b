"""A trainer logs a whole session on a phone: the engine's suggested loads accepted and edited, a
retry after a lost response and a reload that do not duplicate a set, pain and session RPE at the
end, and the session shown as done."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from osteoload.accounts.models import Membership
from osteoload.clients.models import Client, TrainerAssignment
from osteoload.workouts.models import LoggedSet, Workout, WorkoutStatus
from osteoload.workouts.today import session_page
from tests.e2e.conftest import sign_in


@pytest.fixture
def viewport() -> str:
    """On the gym floor: phone width (390×844) only."""
    return "phone"


def a_client_to_train() -> tuple[Client, object]:
    """A client of trainer@example.com whose session today has a load the engine suggests."""
    trainer = Membership.objects.get(user__email="trainer@example.com")
    today = timezone.localdate()
    for assignment in TrainerAssignment.objects.active().filter(trainer=trainer):
        client = assignment.client
        model = session_page(client, gym=trainer.gym, today=today)
        if model.choice is None or model.stopped:
            continue
        if any(r.suggestion and r.suggestion.load_kg and r.loadable for r in model.rows):
            return client, model
    raise AssertionError("the demo should give the trainer a client with loads to lift")


def test_trainer_logs_a_whole_session_at_phone_width(page, demo):
    client, model = a_client_to_train()
    before = LoggedSet.objects.count()
    sign_in(page, "trainer@example.com")
    page.get_by_role("link", name="トレーナーダッシュボード").click()
    page.wait_for_url("**/workouts/dashboard/")
    assert page.locator("h1").inner_text() == "トレーナーダッシュボード"

    page.goto(f"/workouts/clients/{client.pk}/today/")
    assert "本日のセッション" in page.locator("h1").inner_text()
    planned = {row.rx.pk: row for row in model.rows if not (row.suggestion and row.suggestion.stop)}
    first_loaded = next(
        pk
        for pk, row in planned.items()
        if row.suggestion and row.suggestion.load_kg is not None and row.loadable
    )

    # The first set's response is lost on its way back (bad Wi-Fi): the server stored it, the
    # phone saw a network error. Tapping again sends the same key.
    lost = {"count": 0}

    def lose_first_response(route):
        body = route.request.post_data or ""
        if lost["count"] == 0 and f"prescription={first_loaded}&" in body:
            lost["count"] += 1
            route.fetch()  # reaches the server
            route.abort()  # …but the answer never arrives
        else:
            route.continue_()

    page.route(re.compile(r"/sessions/\d+/sets/$"), lose_first_response)
    edited_load = None
    for pk, row in planned.items():
        section = page.locator(f"#ex-{pk}")
        for number in range(1, row.rx.sets + 1):
            form = page.locator(f"#ex-{pk} form.set-form")
            accept = form.locator("button.accept")
            if pk == first_loaded and number == 2:
                # Edited: one step heavier than suggested, typed by the trainer.
                edited_load = row.suggestion.load_kg + Decimal("2.5")
                form.locator("input[name=load_kg]").fill(str(edited_load))
                form.locator("button.save").click()
            elif accept.count():
                accept.click()
            else:
                form.locator("button.save").click()
            if pk == first_loaded and number == 1:
                page.wait_for_timeout(300)
                assert section.locator('li[data-set="1"]').count() == 0  # nothing swapped in
                page.locator(f"#ex-{pk} form.set-form button.accept").click()  # the retry
            page.locator(f'#ex-{pk} li[data-set="{number}"]').wait_for()
    assert lost["count"] == 1

    # A reload shows every set once, and nothing was stored twice.
    page.reload()
    expected = sum(row.rx.sets for row in planned.values())
    assert page.locator("li.set").count() == expected
    assert LoggedSet.objects.count() - before == expected
    workout = Workout.objects.get(client=client, date=timezone.localdate())
    first = LoggedSet.objects.filter(workout=workout, prescription_id=first_loaded)
    suggested = planned[first_loaded].suggestion.load_kg
    assert (
        first.get(set_number=1).load_kg == suggested and first.get(set_number=1).accepted_suggestion
    )
    assert first.get(set_number=2).load_kg == edited_load
    assert not first.get(set_number=2).accepted_suggestion

    # A typo noticed later: "修正" on set 2 reopens its slot; saving changes it in place.
    page.locator(f'#ex-{first_loaded} li[data-set="2"] a.fix').click()
    form = page.locator(f"#ex-{first_loaded} form.set-form")
    form.locator("p.set-label", has_text="セット 2 を修正").wait_for()
    assert Decimal(form.locator("input[name=load_kg]").input_value()) == edited_load
    form.locator("input[name=load_kg]").fill(str(suggested))
    form.locator("button.save").click()
    page.locator(f"#ex-{first_loaded} p.set-label", has_text="を修正").wait_for(state="detached")
    assert first.get(set_number=2).load_kg == suggested
    assert LoggedSet.objects.count() - before == expected

    # End of the session: pain and session RPE.
    page.fill("#f-pain", "2")
    page.fill("#f-rpe", "6.5")
    page.fill("#f-min", "55")
    page.locator("#finish button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/workouts/{workout.pk}/$"))
    assert "完了" in page.locator("h1").inner_text()
    assert page.locator("dd.rpe").inner_text() == "6.5"
    assert page.locator("dd.pain").inner_text().startswith("2")
    workout.refresh_from_db()
    assert workout.status == WorkoutStatus.DONE and workout.pain == 2
    assert workout.session_rpe == Decimal("6.5") and workout.duration_min == 55
    assert LoggedSet.objects.count() - before == expected
