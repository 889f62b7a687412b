"""The client portal: who sees what, logging with htmx and without, retries, queries."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from osteoload.lifestyle import selectors
from osteoload.lifestyle.models import HomeSession, NutritionCheck, SleepLog
from osteoload.workouts.models import Flag
from tests.conftest import capture_queries, writes_in
from tests.lifestyle.factories import give_home_session, give_sleep

LOGIN = "/accounts/login/"


def english(http):
    http.cookies["osteoload_language"] = "en"
    return http


def urls(client_id: int) -> dict[str, str]:
    base = f"/portal/clients/{client_id}"
    return {
        "portal": f"{base}/",
        "home": f"{base}/home/",
        "sleep": f"{base}/sleep/",
        "nutrition": f"{base}/nutrition/",
    }


def sleep_post(night: dt.date | None = None) -> dict[str, str]:
    night = night or timezone.localdate() - dt.timedelta(days=1)
    return {
        "night_of": night.isoformat(),
        "hours_asleep": "6.5",
        "time_in_bed_h": "7.5",
        "rested": "4",
    }


def home_post(key: uuid.UUID | None = None, **values: str) -> dict[str, object]:
    data: dict[str, object] = {
        "key": str(key or uuid.uuid4()),
        "done_on": timezone.localdate().isoformat(),
        "balance_min": "15",
        "back_extension_sets": "0",
        "walk_min": "30",
        "pain": "",
    }
    data.update(values)
    return data


# --- permissions: every view, every persona ------------------------------------------------------


READS = ["portal", "home", "sleep", "nutrition"]


@pytest.mark.parametrize("view", READS)
def test_reads_by_persona(view, as_, world):
    carol_urls = urls(world.carol_record.pk)
    expected = {
        "olivia": 200,  # the owner
        "alice": 200,  # Carol's trainer
        "carol": 200,  # Carol herself
        "bob": 403,  # another trainer
        "frank": 403,  # the front desk: no health data
        "erin": 403,  # another client
        "oscar": 404,  # another gym: as if Carol did not exist
        "trent": 404,
    }
    for name, status in expected.items():
        response = as_(getattr(world, name)).get(carol_urls[view])
        assert response.status_code == status, (name, view, response.status_code)
    anonymous = as_(None).get(carol_urls[view])
    assert anonymous.status_code == 302 and anonymous.url.startswith(LOGIN)


WRITES = {
    "home": home_post,
    "sleep": sleep_post,
    "nutrition": lambda: {"food_milk": "1d"},
}


@pytest.mark.parametrize("view", list(WRITES))
def test_writes_by_persona(view, as_, world, carol_facts):
    carol_urls = urls(world.carol_record.pk)
    expected = {
        "olivia": 302,
        "alice": 302,
        "carol": 302,
        "bob": 403,
        "frank": 403,
        "erin": 403,
        "oscar": 404,
    }
    for name, status in expected.items():
        response = as_(getattr(world, name)).post(carol_urls[view], WRITES[view]())
        assert response.status_code == status, (name, view, response.status_code)
    anonymous = as_(None).post(carol_urls[view], WRITES[view]())
    assert anonymous.status_code == 302 and anonymous.url.startswith(LOGIN)
    stored = {"home": HomeSession, "sleep": SleepLog, "nutrition": NutritionCheck}[view]
    assert set(stored.objects.values_list("client_id", flat=True)) == {world.carol_record.pk}


def test_without_consent_staff_cannot_record_for_the_client(alice, carol_record, as_):
    response = english(as_(alice)).post(urls(carol_record.pk)["sleep"], sleep_post())
    assert response.status_code == 400
    assert "consent" in response.content.decode()
    assert not SleepLog.objects.exists()


def test_the_clients_home_is_her_portal_and_staff_have_none(carol, alice, carol_record, as_):
    html = english(as_(carol)).get("/").content.decode()
    assert "Welcome, Carol Clarke" in html and "Today at home" in html
    assert as_(carol).get("/portal/").status_code == 200
    response = as_(alice).get("/portal/")
    assert response.status_code == 302 and response.url == "/"


def test_the_portal_is_japanese_by_default(carol, carol_record, carol_program, as_):
    html = as_(carol).get("/").content.decode()
    assert "様、ようこそ" in html and "今日の自宅での練習" in html and "次のセッション" in html
    assert "1日に合わせて" in html


# --- the portal's content ------------------------------------------------------------------------


def test_the_portal_shows_the_plan_targets_and_next_session(
    carol, carol_record, carol_program, as_
):
    html = english(as_(carol)).get("/").content.decode()
    assert "Walking" in html and "30 minutes" in html
    # the balance minutes are the day's total, not how long to hold one stance
    balance = selectors.home_plan(
        selectors.program_today(carol_record, today=timezone.localdate())
    ).balance_minutes
    assert balance and f"{balance} minutes a day in all" in html
    week = (timezone.localdate() - carol_program.start_date).days // 7 + 1
    assert f"Week {week}, session 1 of your program" in html
    assert "Your daily targets" in html and "Calcium" in html and "700–800 mg a day" in html
    assert "Start the food check" in html


# --- logging -------------------------------------------------------------------------------------


def test_a_client_logs_a_home_session_with_htmx_and_a_retry_does_not_duplicate(
    carol, carol_record, carol_program, as_
):
    http = english(as_(carol))
    key = uuid.uuid4()
    plan = selectors.home_plan(selectors.program_today(carol_record, today=timezone.localdate()))
    ticked = [item.id for item in plan.items]  # everything on today's list
    first = http.post(
        urls(carol_record.pk)["home"], home_post(key, exercises=ticked), HTTP_HX_REQUEST="true"
    )
    assert first.status_code == 200
    html = first.content.decode()
    assert "<html" not in html and 'id="home-card"' in html and "Saved. Well done!" in html
    assert "balance 15 of" in html  # this week's total now counts it
    assert "practice on 1 day<" in html  # one day, not "1 days"
    assert str(key) not in html  # the next entry gets a new key
    retry = http.post(
        urls(carol_record.pk)["home"], home_post(key, exercises=ticked), HTTP_HX_REQUEST="true"
    )
    assert "This was already saved." in retry.content.decode()
    assert HomeSession.objects.filter(client=carol_record).count() == 1
    stored = HomeSession.objects.get()
    assert stored.exercises == sorted(ticked) and stored.balance_min == 15


def test_unticking_everything_on_the_list_is_nothing_done(carol, carol_record, carol_program, as_):
    response = english(as_(carol)).post(urls(carol_record.pk)["home"], home_post())
    assert response.status_code == 400 and "Enter what you did" in response.content.decode()
    assert not HomeSession.objects.exists()


def test_without_javascript_the_form_posts_and_redirects_back(carol, carol_record, as_):
    http = english(as_(carol))
    response = http.post(urls(carol_record.pk)["home"], home_post())
    assert response.status_code == 302 and response.url == "/portal/"
    response = http.post(urls(carol_record.pk)["sleep"], {**sleep_post(), "back": "portal"})
    assert response.status_code == 302 and response.url == "/portal/"
    response = http.post(urls(carol_record.pk)["sleep"], sleep_post())
    assert response.url == urls(carol_record.pk)["sleep"]
    assert SleepLog.objects.count() == 1


def test_a_bad_home_session_shows_the_errors(carol, carol_record, as_):
    http = english(as_(carol))
    response = http.post(urls(carol_record.pk)["home"], home_post(balance_min="0", walk_min="0"))
    assert response.status_code == 400
    assert "Enter what you did" in response.content.decode()
    card = http.post(
        urls(carol_record.pk)["home"], home_post(walk_min="-3"), HTTP_HX_REQUEST="true"
    )
    assert card.status_code == 200 and 'role="alert"' in card.content.decode()
    assert not HomeSession.objects.exists()


def test_pain_at_home_tells_the_client_to_stop_and_flags_the_trainer(carol, carol_record, as_):
    response = english(as_(carol)).post(
        urls(carol_record.pk)["home"], home_post(pain="8"), HTTP_HX_REQUEST="true"
    )
    assert "please stop the exercises and contact your trainer" in response.content.decode()
    assert Flag.objects.filter(client=carol_record, kind="pain_stop").count() == 1


def test_a_client_logs_last_nights_sleep_with_htmx(carol, carol_record, as_):
    response = english(as_(carol)).post(
        urls(carol_record.pk)["sleep"], sleep_post(), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="sleep-card"' in html
    assert "Last night: 6.5 h asleep, 7.5 h in bed" in html
    assert "1 night: 6.5 h asleep." in html and "1 nights" not in html
    log = SleepLog.objects.get()
    assert (log.night_of, log.rested) == (timezone.localdate() - dt.timedelta(days=1), 4)


def test_an_impossible_night_is_shown_as_an_error(carol, carol_record, as_):
    data = {**sleep_post(), "hours_asleep": "8.0", "time_in_bed_h": "7.0"}
    response = english(as_(carol)).post(
        urls(carol_record.pk)["sleep"], data, HTTP_HX_REQUEST="true"
    )
    assert "cannot be shorter than the time asleep" in response.content.decode()
    assert not SleepLog.objects.exists()


def test_the_food_check_shows_the_result_and_suggestions(carol, carol_record, as_):
    http = english(as_(carol))
    response = http.post(urls(carol_record.pk)["nutrition"], {"food_milk": "1d", "food_egg": "3w"})
    assert response.status_code == 302
    html = http.get(response.url).content.decode()
    assert "Result of" in html and "To close the gaps" in html
    # Nutrient names keep their capitals ("Vitamin D", not "Vitamin d").
    assert "Vitamin D" in html and "Vitamin K" in html
    assert "Vitamin d" not in html and "Vitamin k" not in html
    # The form starts from the last answers.
    assert '<option value="1d" selected>' in html and '<option value="3w" selected>' in html
    check = NutritionCheck.objects.get()
    assert check.foods == {
        "milk": {"servings": 1, "per": "day"},
        "egg": {"servings": 3, "per": "week"},
    }


def test_a_front_desk_member_sees_no_forms_and_staff_see_the_clients_page(
    alice, carol_record, carol_facts, as_
):
    html = english(as_(alice)).get(urls(carol_record.pk)["portal"]).content.decode()
    assert "Home practice, sleep and food" in html and "Welcome" not in html
    assert "Save what I did" in html  # with consent her trainer may record for her


# --- reads are cheap and write nothing -----------------------------------------------------------


def test_the_portal_makes_a_constant_number_of_queries(
    carol, carol_record, carol_program, as_, count_queries
):
    http = as_(carol)
    http.get("/")  # warm up: session, language
    few = count_queries(lambda: http.get("/"))
    give_sleep(carol, carol_record, nights=14)
    for _ in range(5):
        give_home_session(carol, carol_record)
    http.post(urls(carol_record.pk)["nutrition"], {"food_milk": "1d"})
    many = count_queries(lambda: http.get("/"))
    assert many == few, (few, many)


def test_a_portal_read_writes_only_the_audit_log(carol, carol_record, carol_program, as_):
    http = as_(carol)
    http.get("/")
    for url in (
        urls(carol_record.pk)["portal"],
        urls(carol_record.pk)["sleep"],
        urls(carol_record.pk)["nutrition"],
    ):
        with capture_queries() as ctx:
            assert http.get(url).status_code == 200
        writes = writes_in(ctx)
        assert len(writes) == 1 and "audit" in writes[0], writes


def test_pain_at_home_reaches_the_trainers_dashboard(carol, alice, carol_record, as_):
    english(as_(carol)).post(urls(carol_record.pk)["home"], home_post(pain="7"))
    board = english(as_(alice)).get("/workouts/dashboard/").content.decode()
    assert "Carol Clarke" in board and "Pain 7 or more" in board
