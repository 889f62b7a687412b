"""Session pages for every persona; htmx and plain forms; retries that must not duplicate; the
dashboard's attention list and its constant query count."""

from __future__ import annotations

import datetime as dt
import re
import threading
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from osteoload.audit.models import AuditEvent
from osteoload.workouts.models import Flag, FlagKind, LoggedSet, Workout, WorkoutStatus
from tests.conftest import make_client
from tests.workouts.concurrency import at_once
from tests.workouts.conftest import give_facts, loaded_rx, open_on, session_of

PERSONAS = ["olivia", "alice", "bob", "frank", "carol", "erin", "oscar", "trent", "hank", None]
# Carol is alice's client. Reading her sessions: the owner, alice and Carol herself.
READ = {
    "olivia": 200,
    "alice": 200,
    "carol": 200,
    "bob": 403,
    "frank": 403,
    "erin": 403,
    "oscar": 404,
    "trent": 404,
    "hank": 404,
    None: 302,
}
# Logging supervised sets: not Carol herself.
WRITE = {**READ, "carol": 403}
DASHBOARD = {
    "olivia": 200,
    "alice": 200,
    "bob": 200,
    "frank": 403,
    "carol": 403,
    "erin": 403,
    "oscar": 200,
    "trent": 200,
    "hank": 403,
    None: 302,
}


def who(world, persona):
    return getattr(world, persona) if persona else None


def set_post(rx, number=1, load="20", reps="10", rir="2", key=None, **extra):
    return {
        "key": str(key or uuid.uuid4()),
        "prescription": rx.pk,
        "set_number": number,
        "load_kg": load,
        "reps": reps,
        "rir": rir,
        **extra,
    }


@pytest.fixture
def today_session(carol_program):
    """The session the page picks today: week 2 (the program started last Monday), day 1."""
    return session_of(carol_program, 2, 1)


@pytest.mark.parametrize("persona", PERSONAS)
def test_read_views(world, as_, carol_program, today_session, persona):
    workout = open_on(world.alice, world.carol_record, today_session, timezone.localdate())
    http = as_(who(world, persona))
    urls = [
        reverse("workouts:today", args=[world.carol_record.pk]),
        reverse("workouts:client_sessions", args=[world.carol_record.pk]),
        reverse("workouts:detail", args=[workout.pk]),
    ]
    for url in urls:
        response = http.get(url)
        assert response.status_code == READ[persona], url
        if READ[persona] == 302:
            assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_write_views(world, as_, carol_program, today_session, persona):
    http = as_(who(world, persona))
    client_id = world.carol_record.pk
    rx = loaded_rx(today_session)
    expected = WRITE[persona]
    ok = 302  # plain forms redirect after a write
    log = http.post(reverse("workouts:log_set", args=[client_id, today_session.pk]), set_post(rx))
    assert log.status_code == (ok if expected == 200 else expected)
    assert LoggedSet.objects.exists() == (expected == 200)
    pain = http.post(reverse("workouts:pain", args=[client_id, today_session.pk]), {"pain": "2"})
    assert pain.status_code == (ok if expected == 200 else expected)
    done = http.post(
        reverse("workouts:finish", args=[client_id, today_session.pk]),
        {"key": str(uuid.uuid4()), "pain": "1", "session_rpe": "6", "duration_min": "50"},
    )
    assert done.status_code == (ok if expected == 200 else expected)
    assert Workout.objects.filter(status=WorkoutStatus.DONE).exists() == (expected == 200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_resolving_a_flag(world, as_, carol_program, today_session, persona, finish):
    workout = open_on(world.alice, world.carol_record, today_session, timezone.localdate())
    finish(world.alice, workout, pain=8)
    flag = Flag.objects.get()
    response = as_(who(world, persona)).post(
        reverse("workouts:resolve_flag", args=[flag.pk]), {"resolution": "Physician: fine"}
    )
    assert response.status_code == (302 if WRITE[persona] == 200 else WRITE[persona])
    flag.refresh_from_db()
    assert (flag.resolved_at is not None) == (WRITE[persona] == 200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_dashboard_access(world, as_, persona):
    response = as_(who(world, persona)).get(reverse("workouts:dashboard"))
    assert response.status_code == DASHBOARD[persona]


def test_a_client_sees_her_session_without_forms(carol, as_, carol_program, today_session):
    html = as_(carol).get(reverse("workouts:today", args=[carol_program.client_id])).content
    text = html.decode()
    assert "set-form" not in text and "/finish/" not in text
    assert loaded_rx(today_session).name_ja in text


def test_every_access_is_audited(alice, as_, carol_program, today_session):
    AuditEvent.objects.all().delete()
    client_id = carol_program.client_id
    http = as_(alice)
    http.get(reverse("workouts:today", args=[client_id]))
    http.post(
        reverse("workouts:log_set", args=[client_id, today_session.pk]),
        set_post(loaded_rx(today_session)),
    )
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["workout.view", "workout.log_set", "workout.open"]


# --- the session page ----------------------------------------------------------------------------


def test_the_page_shows_the_plan_and_the_engines_suggestion(
    alice, as_, carol_program, today_session
):
    http = as_(alice)
    http.cookies["osteoload_language"] = "en"
    html = http.get(reverse("workouts:today", args=[carol_program.client_id])).content.decode()
    assert "Week 2, session 1" in html
    rx = loaded_rx(today_session)
    section = html[html.index(f'id="ex-{rx.pk}"') :]
    section = section[: section.index("</section>")]
    assert "Suggested" in section and "Accept" in section
    # No history: the engine's conservative start from the norms, as a number of kg.
    assert re.search(r'class="suggested-load">\d+(\.\d+)? kg', section)


def test_htmx_log_returns_the_exercise_with_the_set_and_a_fresh_form(
    alice, as_, carol_program, today_session
):
    http = as_(alice)
    rx = loaded_rx(today_session)
    url = reverse("workouts:log_set", args=[carol_program.client_id, today_session.pk])
    key = uuid.uuid4()
    response = http.post(url, set_post(rx, key=key, load="17.5"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card ex') and f'id="ex-{rx.pk}"' in html
    assert 'data-set="1"' in html and "17.5 kg × 10" in html
    assert 'name="set_number" value="2"' in html
    assert str(key) not in html  # the next set gets a new key
    assert "<html" not in html


def _card(html, rx):
    """The exercise's card, with the form's one-time key and CSRF token blanked (new per render)."""
    start = html.rindex("<section", 0, html.index(f'id="ex-{rx.pk}"'))
    card = html[start : html.index("</section>", start) + len("</section>")]
    return re.sub(r'name="(key|csrfmiddlewaretoken)" value="[^"]*"', r'name="\1" value=""', card)


def test_the_card_after_each_set_is_the_pages_card(alice, as_, carol_program, today_session):
    """After a set the form's answer is built for that exercise alone; it must show exactly what
    the whole page shows for it (sets, suggestion, next set's number, its form)."""
    http = as_(alice)
    rx = loaded_rx(today_session)
    log_url = reverse("workouts:log_set", args=[carol_program.client_id, today_session.pk])
    page_url = reverse("workouts:today", args=[carol_program.client_id])
    for number, load in ((1, "17.5"), (2, "20"), (3, "20")):
        post = set_post(rx, number=number, load=load, reps="10" if number < 3 else "7")
        fragment = http.post(log_url, post, HTTP_HX_REQUEST="true").content.decode()
        page = http.get(page_url, {"session": today_session.pk}).content.decode()
        assert _card(fragment, rx) == _card(page, rx)
    assert "17.5 kg × 10" in fragment and 'data-set="3"' in fragment


def test_a_cards_form_carries_a_working_csrf_token(alice, carol_program, today_session):
    """The plain form (no htmx, so no token header) posts with the token its card carries, and
    with CSRF checks on: the page's cards share one token, and a page's and a set's answer both
    carry one the server accepts."""
    http = HttpClient(enforce_csrf_checks=True)
    http.force_login(alice.user)
    rx = loaded_rx(today_session)
    log_url = reverse("workouts:log_set", args=[carol_program.client_id, today_session.pk])
    page = http.get(reverse("workouts:today", args=[carol_program.client_id])).content.decode()
    set_forms = re.findall(r'<form class="set-form".*?</form>', page, re.S)
    tokens = {re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', f)[1] for f in set_forms}
    assert len(set_forms) > 1 and len(tokens) == 1
    (token,) = tokens
    refused = http.post(log_url, set_post(rx, number=1))
    assert refused.status_code == 403
    saved = http.post(log_url, {**set_post(rx, number=1), "csrfmiddlewaretoken": token})
    assert saved.status_code == 302
    fragment = http.post(
        log_url,
        {**set_post(rx, number=2), "csrfmiddlewaretoken": token},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    (next_token,) = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', fragment)
    again = http.post(log_url, {**set_post(rx, number=3), "csrfmiddlewaretoken": next_token})
    assert again.status_code == 302
    assert LoggedSet.objects.filter(workout__program_session=today_session).count() == 3


def test_a_retry_of_the_same_post_does_not_duplicate(alice, as_, carol_program, today_session):
    http = as_(alice)
    rx = loaded_rx(today_session)
    url = reverse("workouts:log_set", args=[carol_program.client_id, today_session.pk])
    data = set_post(rx)
    for _ in range(3):  # double tap, then the browser re-posts after a reload
        http.post(url, data, HTTP_HX_REQUEST="true")
    http.post(url, data)
    assert LoggedSet.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_identical_posts_at_once_store_one_set(alice, carol_record, make_program):
    program = make_program(alice, carol_record)
    session = session_of(program, 2, 1)
    url = reverse("workouts:log_set", args=[carol_record.pk, session.pk])
    data = set_post(loaded_rx(session))

    from django.test import Client as HttpClient

    signed_in = []
    for _ in range(2):  # signed in beforehand: only the two POSTs race
        http = HttpClient()
        http.force_login(alice.user)
        signed_in.append(http)

    mine = threading.local()

    def post():
        if not hasattr(mine, "http"):
            mine.http = signed_in.pop()
        return mine.http.post(url, data, HTTP_HX_REQUEST="true").status_code

    results, retries = at_once(post)
    if connection.vendor == "postgresql":
        assert retries == 0
    assert results == [200, 200]
    assert LoggedSet.objects.count() == 1 and Workout.objects.count() == 1


def test_accepting_the_suggestion_logs_it(alice, as_, carol_program, today_session):
    http = as_(alice)
    rx = loaded_rx(today_session)
    url = reverse("workouts:log_set", args=[carol_program.client_id, today_session.pk])
    data = set_post(rx, load="99", reps="3", suggested_load_kg="22.5", accept="1")
    http.post(url, data, HTTP_HX_REQUEST="true")
    stored = LoggedSet.objects.get()
    assert stored.load_kg == Decimal("22.5") and stored.reps == rx.reps
    assert stored.accepted_suggestion and stored.suggested_load_kg == Decimal("22.5")


def test_an_edited_load_is_logged_as_typed(alice, as_, carol_program, today_session):
    http = as_(alice)
    rx = loaded_rx(today_session)
    url = reverse("workouts:log_set", args=[carol_program.client_id, today_session.pk])
    http.post(url, set_post(rx, load="25", suggested_load_kg="22.5", save="1"))
    stored = LoggedSet.objects.get()
    assert stored.load_kg == Decimal("25") and not stored.accepted_suggestion


def test_a_saved_set_can_be_corrected_in_place(alice, as_, carol_program, today_session):
    """A typo in a saved set: "Correct" reopens the form on that set's slot with what was
    saved; saving changes the set instead of adding one."""
    http = as_(alice)
    http.cookies["osteoload_language"] = "en"
    client_id = carol_program.client_id
    rx = loaded_rx(today_session)
    log_url = reverse("workouts:log_set", args=[client_id, today_session.pk])
    http.post(
        log_url, set_post(rx, number=1, load="20", reps="10", rir="3", suggested_load_kg="20")
    )
    http.post(log_url, set_post(rx, number=2, load="200", reps="10", rir="3"))  # the typo
    page = reverse("workouts:today", args=[client_id])
    fix = f"correct={rx.pk}-2"
    assert (
        f'class="fix" href="?session={today_session.pk}&amp;{fix}'
        in http.get(page).content.decode()
    )

    fragment = http.get(
        page, {"session": today_session.pk, "correct": f"{rx.pk}-2"}, HTTP_HX_REQUEST="true"
    )
    html = fragment.content.decode()
    assert html.lstrip().startswith('<section class="card ex') and "<html" not in html
    assert 'class="set-label">Correct set 2' in html and 'name="set_number" value="2"' in html
    assert 'value="200"' in html and '<option value="3" selected>' in html

    http.post(log_url, set_post(rx, number=2, load="20", reps="9", rir="2"), HTTP_HX_REQUEST="true")
    stored = {s.set_number: s for s in LoggedSet.objects.all()}
    assert sorted(stored) == [1, 2]
    assert stored[2].load_kg == Decimal("20") and stored[2].reps == 9 and stored[2].rir == 2
    # The correction form does not send today's suggestion: what was suggested then is kept.
    assert 'name="suggested_load_kg" value=""' in html
    # A stale link (no set 9): the exercise with its usual next-set form.
    stale = http.get(
        page, {"session": today_session.pk, "correct": f"{rx.pk}-9"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in stale and 'class="set-label">Correct set' not in stale
    assert 'name="set_number" value="3"' in stale
    # Without htmx the same address is the whole page with the correction form in place.
    whole = http.get(page, {"session": today_session.pk, "correct": f"{rx.pk}-1"}).content.decode()
    assert "<html" in whole and 'class="set-label">Correct set 1' in whole


def test_only_those_who_log_are_offered_a_correction(
    carol, as_, alice, carol_program, today_session
):
    rx = loaded_rx(today_session)
    client_id = carol_program.client_id
    as_(alice).post(reverse("workouts:log_set", args=[client_id, today_session.pk]), set_post(rx))
    page = reverse("workouts:today", args=[client_id])
    html = as_(carol).get(page, {"session": today_session.pk, "correct": f"{rx.pk}-1"})
    text = html.content.decode()
    assert html.status_code == 200
    assert 'class="fix"' not in text and "set-form" not in text


def test_an_invalid_set_keeps_the_key_and_what_was_typed(alice, as_, carol_program, today_session):
    http = as_(alice)
    http.cookies["osteoload_language"] = "en"
    rx = loaded_rx(today_session)
    url = reverse("workouts:log_set", args=[carol_program.client_id, today_session.pk])
    key = uuid.uuid4()
    response = http.post(url, set_post(rx, key=key, load="9000"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'role="alert"' in html and "500" in html
    assert f'value="{key}"' in html and 'value="9000"' in html
    assert not LoggedSet.objects.exists()


def test_pain_seven_stops_the_page(alice, as_, carol_program, today_session):
    http = as_(alice)
    http.cookies["osteoload_language"] = "en"
    client_id = carol_program.client_id
    response = http.post(
        reverse("workouts:pain", args=[client_id, today_session.pk]),
        {"pain": "7"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Stop: no more sets today" in html and "set-form" not in html
    assert Flag.objects.get().kind == FlagKind.PAIN_STOP
    page = http.get(reverse("workouts:today", args=[client_id])).content.decode()
    assert "Stop: no more sets today" in page and "set-form" not in page
    post = http.post(
        reverse("workouts:log_set", args=[client_id, today_session.pk]),
        set_post(loaded_rx(today_session)),
    )
    assert post.status_code == 302 and not LoggedSet.objects.exists()


def test_finishing_twice_with_one_key_saves_once(alice, as_, carol_program, today_session):
    http = as_(alice)
    url = reverse("workouts:finish", args=[carol_program.client_id, today_session.pk])
    data = {"key": str(uuid.uuid4()), "pain": "5", "session_rpe": "6.5", "duration_min": "55"}
    first = http.post(url, data, HTTP_HX_REQUEST="true")
    second = http.post(url, data, HTTP_HX_REQUEST="true")
    workout = Workout.objects.get()
    assert (
        first["HX-Redirect"]
        == second["HX-Redirect"]
        == reverse("workouts:detail", args=[workout.pk])
    )
    assert workout.status == WorkoutStatus.DONE and workout.session_rpe == Decimal("6.5")
    assert Flag.objects.filter(kind=FlagKind.PAIN_REVIEW).count() == 1


def test_the_detail_shows_planned_and_performed(alice, as_, carol_program, today_session, log):
    workout = open_on(alice, carol_program.client, today_session, timezone.localdate())
    rx = loaded_rx(today_session)
    log(alice, workout, rx, 1, "20", 10, rir=2)
    log(alice, workout, rx, 2, "22.5", 9, rir=1, completed=False)
    http = as_(alice)
    http.cookies["osteoload_language"] = "en"
    html = http.get(reverse("workouts:detail", args=[workout.pk])).content.decode()
    assert "Planned and performed" in html
    assert "20 kg × 10 (RIR 2)" in html and "22.5 kg × 9 (RIR 1)" in html
    assert "not done" in html  # the other exercises of the session


def test_the_session_page_query_count_does_not_grow_with_history(
    alice, as_, carol_program, today_session, log, finish, count_queries
):
    http = as_(alice)
    url = reverse("workouts:today", args=[carol_program.client_id])
    rx = loaded_rx(session_of(carol_program, 1, 1))

    def add_sessions(days):
        for offset in days:
            w = open_on(
                alice,
                carol_program.client,
                session_of(carol_program, 1, 1 + offset % 2),
                timezone.localdate() - dt.timedelta(days=offset + 1),
            )
            log(alice, w, rx, 1, "20", 10)
            finish(alice, w)

    add_sessions([0])
    few = count_queries(lambda: http.get(url))
    add_sessions([1, 2, 3, 4, 5])
    assert count_queries(lambda: http.get(url)) == few


# --- the dashboard -------------------------------------------------------------------------------


def _attention_of(html: str, client_id: int) -> str:
    start = html.find(f'id="attention-{client_id}"')
    return "" if start < 0 else html[start : html.index("</li>", start)]


def test_dashboard_lists_pain_flags_missed_sessions_and_spikes(
    alice, as_, carol_record, dan_record, make_program, log, finish
):
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    program = make_program(alice, carol_record, start=monday - dt.timedelta(days=21))
    # Two weeks ago: one short session; last week: two long ones (load up > 30 %).
    w = open_on(alice, carol_record, session_of(program, 2, 1), monday - dt.timedelta(days=14))
    finish(alice, w, rpe="5", minutes=40)
    for day, number in ((7, 1), (4, 2)):
        w = open_on(
            alice, carol_record, session_of(program, 3, number), monday - dt.timedelta(days=day)
        )
        finish(alice, w, rpe="6", minutes=60, pain=5 if day == 4 else 0)
    make_program(alice, dan_record, start=monday)  # no complete week yet: nothing missed
    http = as_(alice)
    http.cookies["osteoload_language"] = "en"
    html = http.get(reverse("workouts:dashboard")).content.decode()
    carol = _attention_of(html, carol_record.pk)
    assert "Pain 5 or more: review" in carol
    assert "missed 1 of 4 sessions" in carol  # weeks 2 and 3 planned 2 each, 3 done
    assert "load spike +260 %" in carol  # 200 → 720
    assert _attention_of(html, dan_record.pk) == ""


def test_dashboard_lists_overdue_reassessment_and_dxa(alice, as_, dan_record):
    from osteoload.clients.models import DxaResult, FunctionalTest

    give_facts(dan_record)
    today = timezone.localdate()
    FunctionalTest.objects.filter(client=dan_record).update(
        tested_on=today - dt.timedelta(days=200)
    )
    DxaResult.objects.filter(client=dan_record).update(measured_on=today - dt.timedelta(days=800))
    http = as_(alice)
    http.cookies["osteoload_language"] = "en"
    row = _attention_of(http.get(reverse("workouts:dashboard")).content.decode(), dan_record.pk)
    assert "re-assessment due" in row and "DXA due" in row


def test_a_trainer_sees_only_her_clients(bob, as_, carol_record, erin_record, make_program, alice):
    make_program(alice, carol_record)
    give_facts(erin_record)
    from osteoload.clients.models import DxaResult

    DxaResult.objects.filter(client=erin_record).update(measured_on=dt.date(2020, 1, 1))
    html = as_(bob).get(reverse("workouts:dashboard")).content.decode()
    assert carol_record.full_name not in html
    assert _attention_of(html, erin_record.pk) != ""


def test_dashboard_today_from_programs(alice, as_, carol_record, make_program):
    make_program(alice, carol_record)
    html = as_(alice).get(reverse("workouts:dashboard")).content.decode()
    assert reverse("workouts:today", args=[carol_record.pk]) in html


def test_dashboard_query_count_is_constant(
    alice, as_, gym, carol_record, make_program, log, finish, count_queries
):
    def add_clients(n):
        for i in range(n):
            record = make_client(gym, "Many", f"Client{i}", trainer=alice)
            program = make_program(alice, record)
            w = open_on(alice, record, session_of(program, 1, 1), timezone.localdate())
            finish(alice, w, pain=5)

    add_clients(2)
    http = as_(alice)
    url = reverse("workouts:dashboard")
    few = count_queries(lambda: http.get(url))
    add_clients(6)
    many = count_queries(lambda: http.get(url))
    assert many == few
    assert len(re.findall(r'id="attention-\d+"', http.get(url).content.decode())) == 8


def test_dashboard_today_from_bookings(alice, bob, as_, carol_record, erin_record, make_program):
    from osteoload.scheduling.models import Booking

    make_program(alice, carol_record)
    start = timezone.localtime().replace(hour=15, minute=0, second=0, microsecond=0)
    for trainer, record in ((alice, carol_record), (bob, erin_record)):
        Booking.objects.create(
            gym=record.gym,
            kind="session",
            trainer=trainer,
            client=record,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
        )
    html = as_(alice).get(reverse("workouts:dashboard")).content.decode()
    assert "15:00" in html and carol_record.full_name in html
    assert erin_record.full_name not in html  # bob's booking, bob's client
