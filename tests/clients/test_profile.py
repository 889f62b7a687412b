"""The stored facts → the engine's profile, and the stored assessments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from osteoload.audit.models import AuditEvent
from osteoload.clients import services
from osteoload.clients.models import Assessment, DxaResult, HealthProfile
from osteoload.clients.selectors import latest_assessment
from osteoload.engine import ENGINE_VERSION
from osteoload.engine.assessment import assess
from osteoload.engine.types import DxaSite, Equipment, FractureSite, Tier

TODAY = dt.date(2026, 3, 1)


def consent(member, client, **health):
    return services.save_intake(
        actor=member,
        client=client,
        reason="basics",
        health_fields={"consent_given": True, **health},
        today=TODAY,
    )


def test_a_client_without_intake_has_age_and_sex_only(carol_record):
    profile = services.engine_profile_for(carol_record, today=TODAY)
    assert profile.age == 70 and profile.sex.value == "female"  # born 1955-06-01
    assert profile.dxa == () and profile.grip_kg is None and profile.equipment is None


def test_every_dxa_scan_and_the_latest_value_of_each_test(alice, carol_record):
    consent(alice, carol_record, weight_kg=Decimal("52.5"), menopause="post")
    add = services.add_dxa_result
    add(
        actor=alice,
        client=carol_record,
        measured_on=dt.date(2022, 5, 1),
        site="lumbar_spine",
        t_score=-1.2,
        today=TODAY,
    )
    add(
        actor=alice,
        client=carol_record,
        measured_on=dt.date(2025, 5, 1),
        site="lumbar_spine",
        t_score=-2.7,
        yam_percent=66,
        today=TODAY,
    )
    add(
        actor=alice,
        client=carol_record,
        measured_on=dt.date(2023, 1, 1),
        site="femoral_neck",
        t_score=-1.9,
        today=TODAY,
    )
    services.add_functional_test(
        actor=alice,
        client=carol_record,
        tested_on=dt.date(2025, 1, 10),
        values={"grip_kg": 17, "tug_s": 9.5, "asmi_kg_m2": 5.2},
        asmi_method="bia",
        today=TODAY,
    )
    services.add_functional_test(
        actor=alice,
        client=carol_record,
        tested_on=dt.date(2025, 6, 10),
        values={"grip_kg": 19.5},
        today=TODAY,
    )
    profile = services.engine_profile_for(carol_record, today=TODAY)
    # Every scan, oldest first (an earlier lower one would still decide the category).
    assert [(d.site, d.t_score, d.date) for d in profile.dxa] == [
        (DxaSite.LUMBAR_SPINE, -1.2, dt.date(2022, 5, 1)),
        (DxaSite.FEMORAL_NECK, -1.9, dt.date(2023, 1, 1)),
        (DxaSite.LUMBAR_SPINE, -2.7, dt.date(2025, 5, 1)),
    ]
    assert profile.dxa[-1].yam_percent == 66
    latest = services.latest_dxa_per_site(list(DxaResult.objects.filter(client=carol_record)))
    assert {d.site: d.t_score for d in latest} == {  # what the client's page marks as latest
        "lumbar_spine": Decimal("-2.7"),
        "femoral_neck": Decimal("-1.9"),
    }
    assert profile.grip_kg == 19.5  # the newer grip
    assert profile.tug_s == 9.5  # only measured in January: still the latest TUG
    assert profile.asmi_kg_m2 == 5.2 and profile.asmi_method.value == "bia"
    assert profile.weight_kg == 52.5 and profile.menopause.value == "post"


def test_fracture_dates_become_months_ago_and_clearance_the_latest(alice, carol_record):
    consent(alice, carol_record)
    services.add_fracture(
        actor=alice,
        client=carol_record,
        site="distal_radius",
        fragility=True,
        occurred_on=dt.date(2025, 10, 15),
        today=TODAY,
    )
    services.add_fracture(
        actor=alice, client=carol_record, site="other", fragility=False, today=TODAY
    )
    services.record_clearance(
        actor=alice,
        client=carol_record,
        cleared=False,
        decided_on=dt.date(2026, 1, 5),
        today=TODAY,
    )
    services.record_clearance(
        actor=alice,
        client=carol_record,
        cleared=True,
        decided_on=dt.date(2026, 2, 5),
        physician="Dr Ito",
        today=TODAY,
    )
    profile = services.engine_profile_for(carol_record, today=TODAY)
    months = {f.site: f.months_ago for f in profile.fractures}
    assert months == {FractureSite.DISTAL_RADIUS: 4, FractureSite.OTHER: None}
    assert profile.clearance.cleared and profile.clearance.by == "Dr Ito"
    # A fragility fracture 4 months ago needs clearance; the latest record gives it.
    stored = latest_assessment(carol_record)
    assert stored.result["medical_clearance_required"] is False
    assert stored.tier == assess(profile).tier.value


def test_months_between():
    assert services.months_between(dt.date(2025, 10, 15), dt.date(2026, 3, 1)) == 4
    assert services.months_between(dt.date(2025, 10, 1), dt.date(2026, 3, 1)) == 5
    assert services.months_between(dt.date(2026, 3, 2), dt.date(2026, 3, 1)) == 0


def test_every_change_stores_an_assessment_with_the_engine_version(alice, carol_record):
    assert latest_assessment(carol_record) is None
    first = consent(alice, carol_record, falls_past_year=0)
    assert first.engine_version == ENGINE_VERSION and first.tier == "A"
    assert first.profile["falls_past_year"] == 0 and first.reason == "intake.basics"
    services.add_dxa_result(
        actor=alice,
        client=carol_record,
        measured_on=dt.date(2025, 12, 1),
        site="femoral_neck",
        t_score=-2.8,
        today=TODAY,
    )
    second = latest_assessment(carol_record)
    assert second.pk != first.pk and second.tier == "B" and second.reason == "dxa.add"
    assert second.result["bone"]["who_category"] == "osteoporosis"
    assert Assessment.objects.filter(client=carol_record).count() == 2


def test_the_stored_result_is_the_engines_output_for_the_stored_profile(alice, carol_record):
    stored = consent(alice, carol_record, falls_past_year=2, weight_kg=48)
    from osteoload.engine.profile import parse_profile

    assert stored.result == assess(parse_profile(stored.profile)).to_dict()
    assert stored.tier == Tier.C.value  # two falls: high fall risk


def test_health_facts_need_consent_first(alice, carol_record):
    with pytest.raises(ValidationError) as info:
        services.save_intake(
            actor=alice, client=carol_record, reason="basics", health_fields={"weight_kg": 50}
        )
    assert "consent_given" in info.value.message_dict
    with pytest.raises(ValidationError):
        services.add_dxa_result(
            actor=alice, client=carol_record, measured_on=TODAY, site="radius", t_score=-1
        )
    assert not HealthProfile.objects.filter(client=carol_record, consent_given=True).exists()


def test_the_engine_refuses_inconsistent_facts_and_nothing_is_saved(alice, carol_record):
    consent(alice, carol_record)
    with pytest.raises(ValidationError) as info:
        services.save_intake(
            actor=alice,
            client=carol_record,
            reason="falls",
            health_fields={"falls_past_year": 0, "fall_injury": True},
            today=TODAY,
        )
    assert "fall_injury" in info.value.message_dict
    assert HealthProfile.objects.get(client=carol_record).falls_past_year is None


def test_men_have_no_menopause_facts(alice, dan_record):
    stored = consent(alice, dan_record, menopause="post", years_since_menopause=3)
    health = HealthProfile.objects.get(client=dan_record)
    assert health.menopause == "" and health.years_since_menopause is None
    assert "menopause" not in stored.profile


def test_equipment_override_reaches_the_profile(alice, carol_record):
    consent(alice, carol_record, equipment=["bands", "bodyweight"], sessions_per_week=3)
    profile = services.engine_profile_for(carol_record)
    assert profile.equipment == frozenset({Equipment.BANDS, Equipment.BODYWEIGHT})
    assert profile.sessions_per_week == 3


def test_only_writers_change_facts(bob, frank, carol, carol_record):
    for member in (bob, frank, carol):
        with pytest.raises(PermissionDenied):
            consent(member, carol_record)


def test_removing_a_mistake_reassesses_and_keeps_a_trace(alice, carol_record):
    consent(alice, carol_record)
    wrong = services.add_dxa_result(
        actor=alice,
        client=carol_record,
        measured_on=dt.date(2025, 1, 1),
        site="lumbar_spine",
        t_score=-3.5,
        today=TODAY,
    )
    assert latest_assessment(carol_record).tier == "B"
    after = services.remove_fact(actor=alice, client=carol_record, kind="dxa", fact_id=wrong.pk)
    assert after.tier == "A" and after.reason == "dxa.remove"
    event = AuditEvent.objects.get(action="dxa.remove")
    assert event.detail["removed"]["t_score"] == "-3.5"


def test_future_dates_and_empty_results_are_refused(alice, carol_record):
    consent(alice, carol_record)
    with pytest.raises(ValidationError) as info:
        services.add_dxa_result(
            actor=alice,
            client=carol_record,
            measured_on=dt.date(2030, 1, 1),
            site="radius",
            t_score=-1,
            today=TODAY,
        )
    assert "measured_on" in info.value.message_dict
    with pytest.raises(ValidationError):
        services.add_dxa_result(
            actor=alice, client=carol_record, measured_on=TODAY, site="radius", today=TODAY
        )
    with pytest.raises(ValidationError):
        services.add_functional_test(
            actor=alice, client=carol_record, tested_on=TODAY, values={}, today=TODAY
        )
