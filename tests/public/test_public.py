"""The gym's public pages: no sign-in, Japanese first, no writes on a visit; the counseling and
contact forms with their honeypot, rate limit, consent and e-mails."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache, caches
from django.test import Client as HttpClient
from django.test import override_settings
from django.urls import reverse

from osteoload.config.caches import cache_from_url
from osteoload.public.models import ContactMessage, PublicPage
from osteoload.scheduling.models import Booking, CounselingRequest, RequestStatus
from tests.conftest import capture_queries, redis_running, writes_in
from tests.scheduling.factories import every_day, local, product


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def hours(alice, gym):
    gym.email = "desk@riverside.example"
    gym.phone = "03-1234-5678"
    gym.save()
    every_day(alice, 9, 12)


def url(name, gym, *args):
    return reverse(f"public:{name}", args=[gym.slug, *args])


@pytest.mark.parametrize("name", ["gym", "counseling", "contact", "payments", "counseling_done"])
def test_a_visit_needs_no_sign_in_and_writes_nothing(gym, hours, name):
    product(gym, price=33_000)
    http = HttpClient()
    with capture_queries() as ctx:
        response = http.get(url(name, gym))
    assert response.status_code == 200
    assert writes_in(ctx) == []
    assert "sessionid" not in response.cookies and not Session.objects.exists()
    assert '<html lang="ja">' in response.content.decode()


def test_the_gym_page_speaks_about_bone_and_strength_and_shows_prices(gym, hours):
    product(gym, name="月4回プラン", price=33_000)
    html = HttpClient().get(url("gym", gym)).content.decode()
    assert "無料カウンセリング" in html and "骨" in html
    assert "月4回プラン" in html and "¥33,000" in html and "税込" in html
    assert 'href="tel:0312345678"' in html


def test_an_unpublished_or_unknown_gym_is_not_found(gym):
    PublicPage.objects.create(gym=gym, published=False)
    assert HttpClient().get(url("gym", gym)).status_code == 404
    assert HttpClient().get(reverse("public:gym", args=["nowhere"])).status_code == 404


def test_the_payments_page_lists_the_accepted_methods(gym):
    from osteoload.billing.models import BillingProfile

    BillingProfile.objects.create(
        gym=gym, accepted_methods=["cash", "paypay", "other_qr"], qr_brands="d払い, 楽天ペイ"
    )
    http = HttpClient()
    http.cookies["osteoload_language"] = "en"
    html = http.get(url("payments", gym)).content.decode()
    assert "PayPay" in html and "d払い, 楽天ペイ" in html and "Cash" in html
    assert "Credit card" not in html and "Bank transfer" not in html


def counseling_form(when, **extra):
    return {
        "slot": when.isoformat(),
        "full_name": "山田 和子",
        "email": "kazuko@example.com",
        "phone": "090-1111-2222",
        "concerns": "手首を骨折したことがあります",
        "consent": "on",
        **extra,
    }


def test_the_form_lists_free_times(gym, hours):
    html = HttpClient().get(url("counseling", gym)).content.decode()
    assert f'value="{local(2, 9).isoformat()}"' in html


def test_the_free_times_are_grouped_by_day_with_their_count(gym, hours):
    """Each day's group says how many times it holds (in Japanese and in English), the first two
    days are open, and a time chosen before a failed send stays chosen."""
    import re

    for language, count in (("ja", r"(\d+) 枠"), ("en", r"(\d+) times?")):
        http = HttpClient()
        http.cookies["osteoload_language"] = language
        html = http.get(url("counseling", gym)).content.decode()
        groups = re.findall(r'<details class="day-group"( open)?>(.*?)</details>', html, re.S)
        days = [(opened, body) for opened, body in groups if 'name="slot"' in body]
        assert len(days) > 2
        assert [bool(opened) for opened, _body in days[:3]] == [True, True, False]
        for _opened, body in days:
            (shown,) = re.findall(count, body)
            assert int(shown) == body.count('name="slot"')
    chosen = local(2, 9).isoformat()
    response = HttpClient().post(url("counseling", gym), counseling_form(local(2, 9), consent=""))
    assert response.status_code == 422
    assert f'value="{chosen}" checked' in response.content.decode()


def test_a_visitor_books_a_free_time_and_gets_a_confirmation(
    gym, hours, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = HttpClient().post(url("counseling", gym), counseling_form(local(2, 9)))
    assert response.status_code == 302 and "/counseling/done/?ref=" in response.url
    assert "sessionid" not in response.cookies and not Session.objects.exists()
    request = CounselingRequest.objects.get()
    assert request.status == RequestStatus.SCHEDULED and request.booking.trainer == alice
    assert request.consent_at is not None
    to_visitor, to_gym = mail.outbox
    assert to_visitor.to == ["kazuko@example.com"] and "09:00" in to_visitor.body
    assert to_gym.to == ["desk@riverside.example"] and "山田 和子" in to_gym.body
    for message in (to_visitor, to_gym):
        assert "骨折" not in message.body  # health data stays in the application
    done = HttpClient().get(response.url).content.decode()
    assert "09:00" in done


def test_a_visitor_may_propose_times_instead(gym, hours):
    form = counseling_form(local(2, 9), slot="", proposed_1=local(5, 18).strftime("%Y-%m-%dT%H:%M"))
    response = HttpClient().post(url("counseling", gym), form)
    assert response.status_code == 302
    request = CounselingRequest.objects.get()
    assert request.booking is None and request.proposed_datetimes == [local(5, 18)]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"consent": ""}, "Please agree, or call us instead."),
        ({"email": "", "phone": ""}, "Please give an e-mail address or a phone number."),
        ({"slot": ""}, "Please choose a time, or tell us times that suit you."),
        ({"slot": "2001-01-01T10:00:00+09:00"}, "That time is no longer free."),
        ({"slot": "", "proposed_1": "2001-01-01T10:00"}, "Please choose a time in the future."),
    ],
)
def test_the_form_explains_what_is_missing(gym, hours, change, message):
    http = HttpClient()
    http.cookies["osteoload_language"] = "en"
    response = http.post(url("counseling", gym), counseling_form(local(2, 9), **change))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not CounselingRequest.objects.exists()


def test_a_time_taken_meanwhile_gives_a_clear_message(gym, hours, alice, frank, dan_record):
    from osteoload.scheduling.services import book_session

    book_session(actor=frank, trainer=alice, client=dan_record, starts_at=local(2, 9))
    http = HttpClient()
    http.cookies["osteoload_language"] = "en"
    response = http.post(url("counseling", gym), counseling_form(local(2, 9)))
    assert response.status_code == 422
    assert "That time is no longer free. Please choose another." in response.content.decode()
    assert Booking.objects.count() == 1


@pytest.mark.parametrize("name", ["counseling", "contact"])
def test_a_filled_honeypot_looks_like_success_and_stores_nothing(gym, hours, name):
    form = {**counseling_form(local(2, 9)), "message": "hello", "website": "http://spam"}
    response = HttpClient().post(url(name, gym), form)
    assert response.status_code == 302 and "ref=" not in response.url
    assert not CounselingRequest.objects.exists() and not ContactMessage.objects.exists()
    assert mail.outbox == []


@override_settings(OSTEOLOAD_PUBLIC_FORM_RATE="3/h")
@pytest.mark.parametrize("name", ["counseling", "contact"])
def test_too_many_posts_from_one_address_are_refused(gym, hours, name):
    http = HttpClient(REMOTE_ADDR="203.0.113.7")
    statuses = [http.post(url(name, gym), {"full_name": "x"}).status_code for _ in range(4)]
    assert statuses == [422, 422, 422, 429]
    other = HttpClient(REMOTE_ADDR="203.0.113.8")
    assert other.post(url(name, gym), {"full_name": "x"}).status_code == 422
    assert http.get(url(name, gym)).status_code == 200  # reading is never limited


@pytest.mark.skipif(not redis_running(), reason="no Redis server on 127.0.0.1:6379")
def test_the_limit_holds_with_the_shared_redis_cache(gym, hours):
    """CACHE_URL=redis://…: the same limit, counted where every server process sees it."""
    shared = {**cache_from_url("redis://127.0.0.1:6379/15"), "KEY_PREFIX": f"t-{uuid.uuid4()}"}
    with override_settings(CACHES={"default": shared}, OSTEOLOAD_PUBLIC_FORM_RATE="2/h"):
        http = HttpClient(REMOTE_ADDR="203.0.113.9")
        statuses = [
            http.post(url("contact", gym), {"full_name": "x"}).status_code for _ in range(3)
        ]
        assert statuses == [422, 422, 429]
        assert caches["default"].__class__.__name__ == "RedisCache"


def test_a_contact_message_is_stored_and_the_gym_told(gym, hours):
    response = HttpClient().post(
        url("contact", gym),
        {"full_name": "木村", "phone": "090", "message": "駐車場はありますか", "consent": "on"},
    )
    assert response.status_code == 302
    item = ContactMessage.objects.get()
    assert item.message == "駐車場はありますか" and item.consent_at is not None
    assert mail.outbox[0].to == ["desk@riverside.example"]


INBOX = [("olivia", 200), ("frank", 200), ("alice", 403), ("carol", 403), (None, 302)]


@pytest.mark.parametrize(("persona", "status"), INBOX)
def test_the_inbox_is_for_the_owner_and_the_front_desk(world, as_, persona, status):
    ContactMessage.objects.create(
        gym=world.gym, name="V", phone="1", message="hi", consent_at="2026-01-01T00:00Z"
    )
    ContactMessage.objects.create(
        gym=world.other_gym,
        name="Other gym visitor",
        phone="1",
        message="x",
        consent_at="2026-01-01T00:00Z",
    )
    response = as_(getattr(world, persona) if persona else None).get(reverse("site:inbox"))
    assert response.status_code == status
    if status == 200:
        assert "Other gym visitor" not in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"), [("olivia", 200), ("alice", 403), ("frank", 403), ("carol", 403)]
)
def test_the_public_page_text_is_the_owners(world, as_, persona, status):
    assert as_(getattr(world, persona)).get(reverse("site:page")).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"), [("olivia", 200), ("alice", 200), ("frank", 200), ("carol", 403)]
)
def test_the_gym_menu(world, as_, persona, status):
    assert as_(getattr(world, persona)).get(reverse("site:index")).status_code == status


def test_the_owner_edits_the_public_page(world, as_):
    as_(world.olivia).post(
        reverse("site:page"),
        {"published": "on", "headline": "骨から元気に", "message": "", "hours": "", "access": ""},
    )
    assert "骨から元気に" in HttpClient().get(url("gym", world.gym)).content.decode()
