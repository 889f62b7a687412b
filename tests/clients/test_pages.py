"""Client pages: the permission matrix of every view, the intake flow, validation messages, htmx
partials, the list's filters and its constant query count, and the assessment page."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from osteoload.audit.models import AuditEvent
from osteoload.clients import services
from osteoload.clients.models import (
    Assessment,
    Clearance,
    Client,
    DxaResult,
    Fracture,
    FunctionalTest,
    HealthProfile,
    TrainerAssignment,
)
from tests.conftest import capture_queries, make_client, writes_in

PERSONAS = ["olivia", "alice", "bob", "frank", "carol", "erin", "oscar", "trent", "hank", None]
# Carol is Alice's client; she may read her own record but not change it.
READ = {
    "olivia": 200,
    "alice": 200,
    "bob": 403,
    "frank": 403,
    "carol": 200,
    "erin": 403,
    "oscar": 404,
    "trent": 404,
    "hank": 404,
    None: 302,
}
WRITE = {**READ, "carol": 403}
WRITE_OK = {"olivia", "alice"}


@pytest.fixture
def carol_intake(alice, carol_record):
    """Carol's intake: consent, weight, one DXA result; two assessments stored."""
    services.save_intake(
        actor=alice,
        client=carol_record,
        reason="basics",
        health_fields={"consent_given": True, "weight_kg": 55, "menopause": "post"},
    )
    return services.add_dxa_result(
        actor=alice,
        client=carol_record,
        measured_on=dt.date(2025, 4, 1),
        site="femoral_neck",
        t_score=-1.6,
        yam_percent=76,
    )


def who(world, persona):
    return getattr(world, persona) if persona else None


def check(response, status):
    """The status; a redirect of an anonymous visitor goes to the sign-in page."""
    assert response.status_code == status, response.content[:500]
    if status == 302 and response.wsgi_request.user.is_anonymous:
        assert response["Location"].startswith(reverse("accounts:login"))


# --- every view, every persona -------------------------------------------------------------------

READ_PAGES = ["clients:detail", "clients:assessment"]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", READ_PAGES)
def test_reading_pages(world, as_, carol_intake, persona, page):
    response = as_(who(world, persona)).get(reverse(page, args=[world.carol_record.pk]))
    check(response, READ[persona])
    if READ[persona] == 200:
        html = response.content.decode()
        assert "Carol" in html and 'data-tier="A"' in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_an_earlier_assessment(world, as_, carol_intake, persona):
    first = Assessment.objects.filter(client=world.carol_record).order_by("id").first()
    url = reverse("clients:assessment_detail", args=[world.carol_record.pk, first.pk])
    check(as_(who(world, persona)).get(url), READ[persona])


def test_an_assessment_of_another_client_is_not_found(world, as_, carol_intake, alice, dan_record):
    carols = Assessment.objects.filter(client=world.carol_record).first()
    url = reverse("clients:assessment_detail", args=[dan_record.pk, carols.pk])
    assert as_(alice).get(url).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("section", ["basics", "bone", "falls", "health", "training"])
def test_intake_sections(world, as_, persona, section):
    url = reverse("clients:intake", args=[world.carol_record.pk, section])
    check(as_(who(world, persona)).get(url), WRITE[persona])


FACT_POSTS = {
    "dxa": {"dxa-measured_on": "2025-06-01", "dxa-site": "lumbar_spine", "dxa-t_score": "-2.6"},
    "fracture": {"fracture-site": "distal_radius", "fracture-fragility": "true"},
    "test": {"test-tested_on": "2025-06-01", "test-grip_kg": "17.5"},
    "clearance": {"clearance-cleared": "true", "clearance-decided_on": "2025-06-01"},
}
FACT_MODELS = {
    "dxa": DxaResult,
    "fracture": Fracture,
    "test": FunctionalTest,
    "clearance": Clearance,
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("kind", list(FACT_POSTS))
def test_adding_facts(world, as_, carol_intake, persona, kind):
    model = FACT_MODELS[kind]
    before = model.objects.count()
    url = reverse("clients:fact_add", args=[world.carol_record.pk, kind])
    response = as_(who(world, persona)).post(url, FACT_POSTS[kind])
    check(response, 302 if persona in WRITE_OK else WRITE[persona])
    assert model.objects.count() == before + (1 if persona in WRITE_OK else 0)
    if persona in WRITE_OK:
        assert response["Location"] == reverse("clients:detail", args=[world.carol_record.pk])


@pytest.mark.parametrize("persona", PERSONAS)
def test_removing_facts(world, as_, carol_intake, persona):
    url = reverse("clients:fact_remove", args=[world.carol_record.pk, "dxa", carol_intake.pk])
    check_status = 302 if persona in WRITE_OK else WRITE[persona]
    check(as_(who(world, persona)).post(url), check_status)
    assert DxaResult.objects.filter(pk=carol_intake.pk).exists() == (persona not in WRITE_OK)


@pytest.mark.parametrize("persona", PERSONAS)
def test_saving_an_intake_section(world, as_, carol_intake, persona):
    url = reverse("clients:intake", args=[world.carol_record.pk, "falls"])
    response = as_(who(world, persona)).post(url, {"falls-falls_past_year": "3"})
    check(response, 302 if persona in WRITE_OK else WRITE[persona])
    health = HealthProfile.objects.get(client=world.carol_record)
    assert health.falls_past_year == (3 if persona in WRITE_OK else None)


@pytest.mark.parametrize("persona", PERSONAS)
def test_assessing_again(world, as_, carol_intake, persona):
    before = Assessment.objects.count()
    url = reverse("clients:reassess", args=[world.carol_record.pk])
    check(as_(who(world, persona)).post(url), 302 if persona in WRITE_OK else WRITE[persona])
    assert Assessment.objects.count() == before + (1 if persona in WRITE_OK else 0)


NEW = {
    "olivia": 200,
    "alice": 200,
    "bob": 200,
    "frank": 200,
    "carol": 403,
    "erin": 403,
    "oscar": 200,
    "trent": 200,
    "hank": 403,
    None: 302,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_new_client_page(world, as_, persona):
    check(as_(who(world, persona)).get(reverse("clients:new")), NEW[persona])


def test_denied_health_access_is_audited(world, as_, bob):
    as_(bob).get(reverse("clients:intake", args=[world.carol_record.pk, "basics"]))
    event = AuditEvent.objects.get(actor=bob.user)
    assert event.action == "denied" and event.detail["purpose"] == "intake.basics"


# --- creating a client and the intake -------------------------------------------------------------

BASICS = {
    "basics-family_name": "山田",
    "basics-given_name": "花子",
    "basics-family_name_kana": "ヤマダ",
    "basics-given_name_kana": "ハナコ",
    "basics-sex": "female",
    "basics-birth_date": "1951-03-04",
    "basics-height_cm": "152.5",
    "basics-weight_kg": "49",
    "basics-menopause": "post",
    "basics-years_since_menopause": "22",
    "basics-consent_given": "on",
}


def new_client(http, **extra):
    data = {
        "family_name": "山田",
        "given_name": "花子",
        "family_name_kana": "ヤマダ",
        "given_name_kana": "ハナコ",
        "sex": "female",
        "birth_date": "1951-03-04",
        **extra,
    }
    return http.post(reverse("clients:new"), data)


def test_a_trainer_creates_a_client_and_becomes_her_trainer(alice, as_):
    response = new_client(as_(alice))
    client = Client.objects.get(family_name="山田")
    assert response["Location"] == reverse("clients:intake", args=[client.pk, "basics"])
    assert TrainerAssignment.objects.filter(client=client, trainer=alice).exists()


def test_the_front_desk_creates_a_client_without_health_access(frank, as_):
    response = new_client(as_(frank))
    client = Client.objects.get(family_name="山田")
    assert response["Location"] == reverse("clients:list")
    assert not TrainerAssignment.objects.filter(client=client).exists()


def test_the_owner_assigns_a_trainer_when_creating(olivia, bob, as_):
    new_client(as_(olivia), trainer=str(bob.pk))
    client = Client.objects.get(family_name="山田")
    assert list(TrainerAssignment.objects.filter(client=client).values_list("trainer", flat=True))
    assert TrainerAssignment.objects.get(client=client).trainer == bob


def test_a_trainer_cannot_assign_someone_else(alice, bob, as_):
    new_client(as_(alice), trainer=str(bob.pk))  # the field is not offered: ignored
    client = Client.objects.get(family_name="山田")
    assert [a.trainer for a in TrainerAssignment.objects.filter(client=client)] == [alice]


def test_the_whole_intake_ends_on_the_assessment(alice, as_):
    http = as_(alice)
    new_client(http)
    client = Client.objects.get(family_name="山田")
    url = lambda section: reverse("clients:intake", args=[client.pk, section])  # noqa: E731
    response = http.post(url("basics"), BASICS)
    assert response["Location"] == url("bone")
    http.post(
        reverse("clients:fact_add", args=[client.pk, "dxa"]),
        {
            "dxa-measured_on": "2025-10-01",
            "dxa-site": "lumbar_spine",
            "dxa-t_score": "-2.9",
            "dxa-yam_percent": "65",
            "next": url("bone"),
        },
    )
    assert http.post(url("falls"), {"falls-falls_past_year": "0"})["Location"] == url("health")
    response = http.post(
        url("health"),
        {"health-conditions": ["knee_osteoarthritis"], "health-physically_active": "true"},
    )
    assert response["Location"] == url("training")
    response = http.post(
        url("training"), {"training-experience": "novice", "training-sessions_per_week": "2"}
    )
    assert response["Location"] == reverse("clients:assessment", args=[client.pk])
    stored = Assessment.objects.filter(client=client).first()
    assert stored.tier == "B" and stored.result["bone"]["who_category"] == "osteoporosis"
    assert stored.profile["conditions"] == ["knee_osteoarthritis"]
    assert stored.profile["height_cm"] == 152.5 and stored.profile["experience"] == "novice"
    page = http.get(reverse("clients:assessment", args=[client.pk])).content.decode()
    assert 'data-tier="B"' in page and "B（指導者の監督下での骨強化）" in page
    assert "WHO分類" in page and "骨粗鬆症" in page


def test_save_and_see_the_assessment_jumps_ahead(alice, carol_record, as_):
    url = reverse("clients:intake", args=[carol_record.pk, "basics"])
    response = as_(alice).post(url, {**BASICS, "then": "assessment"})
    assert response["Location"] == reverse("clients:assessment", args=[carol_record.pk])


def errors_of(response):
    found = re.findall(r'class="error-text" role="alert">([^<]*)<', response.content.decode())
    return [html.unescape(text) for text in found]


AGE = Client(birth_date=dt.date(1950, 6, 1)).age  # the age of the form data below, today


@pytest.mark.parametrize(
    ("field", "value", "ja", "en"),
    [
        (
            "basics-weight_kg",
            "6.5",
            "25〜300の値を入力してください。",
            "Enter a value from 25 to 300.",
        ),
        ("basics-height_cm", "1500", None, None),  # too many digits for the field: Django says so
        (
            "basics-birth_date",
            "2015-01-01",
            "お客様の年齢は18〜110歳である必要があります。",
            "The client must be 18 to 110 years old.",
        ),
        (
            "basics-years_since_menopause",
            "79.5",
            f"お客様の年齢（{AGE}歳）を超えることはできません。",
            f"This cannot be more than the client's age ({AGE}).",
        ),
        (
            "basics-consent_given",
            "",
            "健康情報は、お客様の同意がある場合のみ保管できます。",
            "Health data can only be stored with the client's consent.",
        ),
    ],
)
def test_basic_facts_explain_what_is_wrong(alice, carol_record, as_, field, value, ja, en):
    http = as_(alice)
    url = reverse("clients:intake", args=[carol_record.pk, "basics"])
    data = {**BASICS, "basics-birth_date": "1950-06-01", field: value}
    response = http.post(url, data)
    assert response.status_code == 422
    assert errors_of(response), "a message next to the field"
    if ja:
        assert ja in errors_of(response)
        http.cookies["osteoload_language"] = "en"
        assert en in errors_of(http.post(url, data))
    assert not Assessment.objects.filter(client=carol_record).exists()


def test_a_fall_injury_needs_a_fall(alice, carol_intake, carol_record, as_):
    url = reverse("clients:intake", args=[carol_record.pk, "falls"])
    response = as_(alice).post(url, {"falls-falls_past_year": "0", "falls-fall_injury": "true"})
    assert "転倒によるけががある場合、過去1年間の転倒回数は1回以上です。" in errors_of(response)


def test_dxa_values_use_the_engines_ranges(alice, carol_intake, carol_record, as_):
    url = reverse("clients:fact_add", args=[carol_record.pk, "dxa"])
    data = {"dxa-measured_on": "2025-06-01", "dxa-site": "radius", "dxa-t_score": "-9.5"}
    response = as_(alice).post(url, data)
    assert response.status_code == 422
    assert "-8〜8の値を入力してください。" in errors_of(response)
    empty = as_(alice).post(url, {"dxa-measured_on": "2025-06-01", "dxa-site": "radius"})
    assert "Tスコア、Zスコア、%YAM、骨密度のいずれか1つ以上を入力してください。" in (
        empty.content.decode()
    )


def test_a_test_needs_the_asmi_method(alice, carol_intake, carol_record, as_):
    url = reverse("clients:fact_add", args=[carol_record.pk, "test"])
    response = as_(alice).post(url, {"test-tested_on": "2025-06-01", "test-asmi_kg_m2": "5.1"})
    assert "筋肉量の測定方法（DXAまたはBIA）を選んでください。" in errors_of(response)


def test_facts_before_consent_are_refused_with_a_message(alice, carol_record, as_):
    url = reverse("clients:fact_add", args=[carol_record.pk, "dxa"])
    response = as_(alice).post(url, FACT_POSTS["dxa"])
    assert response.status_code == 422
    assert "先に、健康情報の保管へのお客様の同意を記録してください（基本情報）。" in (
        response.content.decode()
    )
    assert not DxaResult.objects.exists()


# --- htmx partials --------------------------------------------------------------------------------


def test_adding_with_htmx_returns_the_card_and_the_new_summary(alice, carol_intake, as_):
    client = carol_intake.client
    url = reverse("clients:fact_add", args=[client.pk, "dxa"])
    data = {"dxa-measured_on": "2025-09-01", "dxa-site": "lumbar_spine", "dxa-t_score": "-2.7"}
    response = as_(alice).post(url, data, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.startswith('<section class="card" id="card-bone">')
    assert 'id="assessment-summary" hx-swap-oob="true"' in html
    assert 'data-tier="B"' in html  # T −2.7: osteoporosis, tier B


def test_htmx_errors_come_back_in_the_card(alice, carol_intake, as_):
    client = carol_intake.client
    url = reverse("clients:fact_add", args=[client.pk, "clearance"])
    response = as_(alice).post(url, {"clearance-cleared": "true"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="card-clearance"' in html
    assert '<details class="add" open>' in html and "error-text" in html


# --- reading never recomputes ---------------------------------------------------------------------


def test_reading_the_assessment_writes_only_the_audit_log(alice, carol_intake, as_):
    http = as_(alice)
    url = reverse("clients:assessment", args=[carol_intake.client_id])
    http.get(url)
    with capture_queries() as ctx:
        response = http.get(url)
    writes = writes_in(ctx)
    assert response.status_code == 200
    assert len(writes) == 1 and "audit_auditevent" in writes[0]


def test_the_assessment_page_shows_findings_sources_targets_and_limits(alice, carol_intake, as_):
    http = as_(alice)
    http.cookies["osteoload_language"] = "en"
    html = http.get(reverse("clients:assessment", args=[carol_intake.client_id])).content.decode()
    stored = Assessment.objects.filter(client=carol_intake.client).first()
    for finding in stored.result["findings"]:
        assert f'data-code="{finding["code"]}"' in html
        assert f'href="#ref-{finding["source"]}"' in html
    assert "Japanese criteria: low bone mass" in html  # YAM 76 %
    assert 'id="ref-soen_2013_jp_criteria"' in html and "doi.org/10.1007/s00774-013-0447-8" in html
    assert "Calcium" in html and "700–800 mg" in html
    assert "Highest intensity" in html and "85% of 1RM" in html
    assert f"rules version {stored.engine_version}" in html


def test_an_older_engine_version_is_flagged(alice, carol_intake, as_):
    Assessment.objects.filter(client=carol_intake.client).update(engine_version="0.0.1")
    html = as_(alice).get(reverse("clients:assessment", args=[carol_intake.client_id]))
    assert "再評価すると現在のルールが適用されます" in html.content.decode()


def test_a_birthday_since_the_assessment_is_pointed_out_not_silently_recomputed(
    alice, carol_intake, as_
):
    latest = Assessment.objects.filter(client=carol_intake.client).first()
    age = latest.profile["age"]
    latest.profile = {**latest.profile, "age": age - 1}  # assessed before her birthday
    latest.save()
    http = as_(alice)
    http.cookies["osteoload_language"] = "en"
    url = reverse("clients:assessment", args=[carol_intake.client_id])
    html = http.get(url).content.decode()
    assert "Time has moved on since this assessment" in html and f"age {age - 1} → {age}" in html
    assert Assessment.objects.filter(client=carol_intake.client).count() == 2  # nothing stored
    http.post(reverse("clients:reassess", args=[carol_intake.client_id]))
    assert "Time has moved on" not in http.get(url).content.decode()


def test_no_drift_notice_when_nothing_moved(alice, carol_intake, as_):
    http = as_(alice)
    http.cookies["osteoload_language"] = "en"
    html = http.get(reverse("clients:assessment", args=[carol_intake.client_id])).content.decode()
    assert "Time has moved on" not in html


# --- the list ------------------------------------------------------------------------------------


def tiers_in(html):
    return re.findall(r'<a href="/clients/(\d+)/">.*?data-tier="([^"]+)"', html, re.S)


@pytest.fixture
def assessed(world, olivia):
    """Carol tier A (with DXA), Dan clearance required, Erin tier C; Dan has no DXA."""
    services.save_intake(
        actor=olivia,
        client=world.carol_record,
        reason="basics",
        health_fields={"consent_given": True, "falls_past_year": 0},
    )
    services.add_dxa_result(
        actor=olivia,
        client=world.carol_record,
        measured_on=dt.date.today() - dt.timedelta(days=30),
        site="total_hip",
        t_score=-0.5,
    )
    services.save_intake(
        actor=olivia,
        client=world.dan_record,
        reason="basics",
        health_fields={"consent_given": True, "conditions": ["acute_back_pain"]},
    )
    services.save_intake(
        actor=olivia,
        client=world.erin_record,
        reason="basics",
        health_fields={"consent_given": True, "falls_past_year": 2},
    )
    services.add_dxa_result(
        actor=olivia,
        client=world.erin_record,
        measured_on=dt.date(2020, 1, 1),
        site="lumbar_spine",
        t_score=-1.5,
    )
    return world


def listed(http, **params):
    html = http.get(reverse("clients:list"), params).content.decode()
    return sorted(re.findall(r'<span class="name">([^<]+)</span>', html)), html


def test_list_filters_by_tier_trainer_and_attention(assessed, as_):
    w = assessed
    owner = as_(w.olivia)
    assert listed(owner, tier="A")[0] == ["Carol Clarke"]
    assert listed(owner, tier="clearance_required")[0] == ["Dan Doe"]
    assert listed(owner, tier="C")[0] == ["Erin Evans"]
    assert listed(owner, trainer=w.bob.pk)[0] == ["Erin Evans"]
    # Dan: clearance and no DXA; Erin: DXA from 2020. Carol: recent DXA, tier A.
    names, html = listed(owner, attention="1")
    assert names == ["Dan Doe", "Erin Evans"]
    assert 'data-attention="clearance"' in html and 'data-attention="dxa_due"' in html
    assert listed(owner, q="ダン")[0] == [] and listed(owner, q="Dan")[0] == ["Dan Doe"]
    assert listed(owner, q="Dan", trainer="999999")[0] == ["Dan Doe"]  # a bad filter is dropped


def test_health_filters_only_reach_clients_whose_health_data_one_may_see(assessed, as_):
    w = assessed
    # Bob does not train Carol: filtering by her tier must not reveal it.
    assert listed(as_(w.bob), tier="A")[0] == []
    assert listed(as_(w.bob), tier="C")[0] == ["Erin Evans"]
    # The front desk sees everyone, no tier, and health filters are ignored.
    names, html = listed(as_(w.frank), tier="C")
    assert names == ["Carol Clarke", "Dan Doe", "Erin Evans"]
    assert "data-tier" not in html and 'data-attention="clearance"' not in html
    # Alice sees the tiers of her clients only.
    _, html = listed(as_(w.alice))
    assert 'data-tier="A"' in html and 'data-tier="C"' not in html


def test_a_birthday_since_the_assessment_asks_for_a_new_one(assessed, as_):
    """Carol's assessment was stored when she was a year younger: the list flags her (and the
    attention filter finds her) until she is assessed again; reading the list writes nothing."""
    w = assessed
    carol = w.carol_record
    today = dt.date.today()
    stored = Assessment.objects.filter(client=carol).latest("created_at", "id")
    stored.profile = {**stored.profile, "age": carol.age_on(today) - 1}
    stored.save(update_fields=["profile"])
    count = Assessment.objects.count()
    names, html = listed(as_(w.olivia), attention="1")
    assert "Carol Clarke" in names and 'data-attention="age_moved"' in html
    assert Assessment.objects.count() == count
    services.reassess_now(actor=w.olivia, client=carol)
    names, html = listed(as_(w.olivia), attention="1")
    assert "Carol Clarke" not in names and 'data-attention="age_moved"' not in html


@pytest.mark.parametrize(
    ("birth", "today", "age"),
    [
        (dt.date(1960, 5, 10), dt.date(2026, 5, 9), 65),
        (dt.date(1960, 5, 10), dt.date(2026, 5, 10), 66),
        (dt.date(1960, 5, 10), dt.date(2026, 4, 30), 65),
        (dt.date(1960, 5, 10), dt.date(2026, 6, 1), 66),
        (dt.date(1960, 2, 29), dt.date(2026, 2, 28), 65),
        (dt.date(1960, 2, 29), dt.date(2026, 3, 1), 66),
    ],
)
def test_the_lists_age_in_sql_matches_the_models(world, birth, today, age):
    from osteoload.clients.selectors import _age_on

    client = make_client(world.gym, "Age", "Check")
    Client.objects.filter(pk=client.pk).update(birth_date=birth)
    client.refresh_from_db()
    sql_age = Client.objects.annotate(a=_age_on(today)).get(pk=client.pk).a
    assert sql_age == client.age_on(today) == age


def test_a_client_without_a_trainer_needs_attention(olivia, world, as_):
    make_client(world.gym, "Zoe", "Zed")
    names, html = listed(as_(olivia), attention="1")
    assert "Zoe Zed" in names and 'data-attention="no_trainer"' in html


@pytest.mark.parametrize("persona", ["olivia", "alice", "frank"])
def test_the_list_costs_the_same_queries_for_5_and_50_clients(world, as_, persona):
    http = as_(getattr(world, persona))

    def grow_to(n):
        # Rows made directly (not through the services): only their number matters here.
        while Client.objects.filter(gym=world.gym).count() < n:
            i = Client.objects.count()
            client = make_client(world.gym, f"New{i}", "Client", trainer=world.alice)
            Assessment.objects.create(
                gym=world.gym, client=client, engine_version="0", tier="A", result={}, profile={}
            )
            DxaResult.objects.create(
                gym=world.gym, client=client, measured_on=dt.date(2024, 1, 1), site="radius"
            )

    counts = []
    for n in (5, 50):
        grow_to(n)
        for params in ({}, {"attention": "1"}, {"tier": "A", "trainer": world.alice.pk}):
            with capture_queries() as ctx:
                assert http.get(reverse("clients:list"), params).status_code == 200
            counts.append(len(ctx.captured_queries))
    assert counts[:3] == counts[3:]
    assert max(counts) <= 9


def test_the_list_pages_beyond_fifty(olivia, world, as_):
    for i in range(52):
        make_client(world.gym, f"P{i:02d}", "Client", trainer=world.alice)
    first = as_(olivia).get(reverse("clients:list")).content.decode()
    assert "55 名" in first and "page=2" in first
    second = as_(olivia).get(reverse("clients:list"), {"page": 2}).content.decode()
    assert second.count('class="client-row"') == 5


@pytest.mark.parametrize("page", ["clients:detail", "clients:assessment"])
def test_a_clients_pages_cost_the_same_queries_however_long_her_history(
    alice, carol_intake, as_, page
):
    http = as_(alice)
    url = reverse(page, args=[carol_intake.client_id])
    http.get(url)
    with capture_queries() as before:
        http.get(url)
    for year in range(2010, 2020):
        services.add_dxa_result(
            actor=alice,
            client=carol_intake.client,
            measured_on=dt.date(year, 1, 1),
            site="radius",
            t_score=-1.0,
        )
        services.add_functional_test(
            actor=alice,
            client=carol_intake.client,
            tested_on=dt.date(year, 1, 1),
            values={"grip_kg": 20},
        )
    with capture_queries() as after:
        http.get(url)
    assert len(before.captured_queries) == len(after.captured_queries) <= 16
