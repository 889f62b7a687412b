"""Generating, adjusting and swapping: stored faithfully, always inside the envelope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from osteoload.audit.models import AuditEvent
from osteoload.engine.catalog import load_catalog
from osteoload.training import engine_io
from osteoload.training.models import Prescription, Program, ProgramStatus
from osteoload.training.services import (
    EDITABLE,
    max_reps_at,
    swap_exercise,
    update_prescription,
)
from tests.training.conftest import CLEARANCE, TIER_C


def rx_of(program: Program, *, week: int, pattern: str, day: int = 1) -> Prescription:
    return Prescription.objects.select_related("program__client", "session__week").get(
        program=program, session__week__number=week, session__day=day, pattern=pattern
    )


def values_of(rx: Prescription, **changes) -> dict:
    data = {f: getattr(rx, f) for f in EDITABLE}
    data.update(changes)
    return data


# --- generating ----------------------------------------------------------------------------------


def test_the_stored_program_is_the_engine_program(carol_program):
    doc = carol_program.generated.document
    assert doc["schema"] == "osteoload.program/1" and carol_program.tier == doc["tier"] == "B"
    assert carol_program.weeks.count() == len(doc["weeks"]) == 12
    for week in doc["weeks"]:
        for session in week["sessions"]:
            stored = list(
                Prescription.objects.filter(
                    program=carol_program,
                    session__week__number=week["week"],
                    session__day=session["day"],
                ).order_by("position")
            )
            assert [(p.exercise_id, p.sets, p.reps, p.pct_1rm) for p in stored] == [
                (e["id"], e["sets"], e["reps"], e["intensity"]["pct_1rm"])
                for e in session["exercises"]
            ]
    assert carol_program.engine_version and carol_program.start_date.isoformat() == "2026-01-05"


def test_generating_again_archives_the_previous_program(
    alice, carol_record, carol_program, make_program
):
    second = make_program(alice, carol_record, sessions=3)
    carol_program.refresh_from_db()
    assert carol_program.status == ProgramStatus.ARCHIVED and second.status == ProgramStatus.ACTIVE
    assert second.sessions.filter(week__number=1).count() == 3
    assert list(
        AuditEvent.objects.filter(action="program.generate").values_list("client_id", flat=True)
    ) == [carol_record.pk, carol_record.pk]


def test_equipment_is_respected(alice, carol_record, make_program):
    program = make_program(alice, carol_record, equipment=["bands"])
    catalog = load_catalog()
    for rx in Prescription.objects.filter(program=program):
        needed = {e.value for e in catalog.get(rx.exercise_id).equipment}
        assert needed <= {"bands", "bodyweight"}, rx.exercise_id


def test_no_program_without_clearance(alice, carol_record, make_program):
    with pytest.raises(ValidationError) as info:
        make_program(alice, carol_record, profile=CLEARANCE)
    assert info.value.code == "clearance_required"
    assert not Program.objects.exists()


def test_no_program_before_the_intake(alice, dan_record, profiles):
    from osteoload.training.services import GenerateRequest, generate_for_client

    request = GenerateRequest(
        weeks=12, sessions_per_week=2, equipment=["dumbbell"], start_date=dt.date(2026, 1, 5)
    )
    with pytest.raises(ValidationError) as info:
        generate_for_client(actor=alice, client=dan_record, request=request)
    assert info.value.code == "no_assessment" and not Program.objects.exists()


def test_the_program_records_the_assessment_it_followed(carol_program):
    from osteoload.clients.models import Assessment

    assert carol_program.based_on == Assessment.objects.get(client=carol_program.client)


def test_only_writers_generate(bob, carol, frank, carol_record, make_program):
    for actor in (bob, carol, frank):
        with pytest.raises(PermissionDenied):
            make_program(actor, carol_record)


# --- adjusting -----------------------------------------------------------------------------------


def test_a_valid_adjustment_is_saved_with_the_original_and_audited(alice, carol_program):
    rx = rx_of(carol_program, week=6, pattern="squat")
    before = (rx.sets, rx.reps, rx.pct_1rm)
    update_prescription(
        actor=alice, prescription=rx, values=values_of(rx, sets=rx.sets + 1, pct_1rm=rx.pct_1rm - 5)
    )
    rx.refresh_from_db()
    assert (rx.sets, rx.pct_1rm) == (before[0] + 1, before[2] - 5)
    assert (rx.original["sets"], rx.original["pct_1rm"]) == (before[0], before[2])
    assert rx.edited_by == alice.user and rx.edited
    event = AuditEvent.objects.get(action="program.edit")
    assert event.detail["before"]["sets"] == before[0] and event.detail["after"]["sets"] == rx.sets


def test_load_above_the_tier_maximum_is_refused(alice, carol_program):
    rx = rx_of(carol_program, week=12, pattern="squat")
    with pytest.raises(ValidationError) as info:
        update_prescription(actor=alice, prescription=rx, values=values_of(rx, pct_1rm=90, reps=3))
    assert "at most 85 % of 1RM" in info.value.message_dict["pct_1rm"][0]


def test_familiarisation_caps_load_and_effort(alice, carol_program):
    rx = rx_of(carol_program, week=2, pattern="squat")
    assert rx.session.week.phase == "familiarisation"
    with pytest.raises(ValidationError) as info:
        update_prescription(
            actor=alice, prescription=rx, values=values_of(rx, pct_1rm=75, reps=5, rpe=Decimal("7"))
        )
    errors = info.value.message_dict
    assert "70 % of 1RM or less" in errors["pct_1rm"][0]
    assert "RPE 6 or less" in errors["rpe"][0]


def test_load_may_rise_at_most_five_points_over_last_week(alice, carol_program):
    rx = rx_of(carol_program, week=6, pattern="squat")
    last_week = rx_of(carol_program, week=5, pattern="squat").pct_1rm
    with pytest.raises(ValidationError) as info:
        update_prescription(
            actor=alice, prescription=rx, values=values_of(rx, pct_1rm=last_week + 10, reps=5)
        )
    assert f"at most {last_week + 5} %" in info.value.message_dict["pct_1rm"][0]
    update_prescription(
        actor=alice, prescription=rx, values=values_of(rx, pct_1rm=last_week + 5, reps=5)
    )


def test_lowering_warns_when_next_week_jumps(alice, carol_program):
    rx = rx_of(carol_program, week=6, pattern="squat")
    warnings = update_prescription(
        actor=alice, prescription=rx, values=values_of(rx, pct_1rm=rx.pct_1rm - 15)
    )
    assert warnings and "adjust next week too" in warnings[0]


def test_repetitions_must_be_possible_at_the_load(alice, carol_program):
    rx = rx_of(carol_program, week=12, pattern="squat")
    with pytest.raises(ValidationError) as info:
        update_prescription(actor=alice, prescription=rx, values=values_of(rx, reps=12))
    assert "lifting to failure" in info.value.message_dict["reps"][0]


def test_max_reps_follow_epley():
    assert max_reps_at(100) == 1
    assert max_reps_at(85) == 5  # 100 / (1 + 5/30) = 85.7
    assert max_reps_at(70) == 12


def test_impact_contacts_stay_under_the_cap(alice, carol_program):
    rx = rx_of(carol_program, week=3, pattern="impact")
    with pytest.raises(ValidationError) as info:
        update_prescription(actor=alice, prescription=rx, values=values_of(rx, contacts=80))
    assert "50 impact contacts" in info.value.message_dict["contacts"][0]


def test_nonsense_is_refused_with_clear_messages(alice, carol_program):
    rx = rx_of(carol_program, week=6, pattern="squat")
    with pytest.raises(ValidationError) as info:
        update_prescription(
            actor=alice,
            prescription=rx,
            values=values_of(rx, sets=None, reps=None, rpe=Decimal("6.3")),
        )
    errors = info.value.message_dict
    assert set(errors) == {"sets", "reps", "rpe"}


def test_stricter_current_facts_apply_to_old_programs(alice, carol_program, assessed, carol_record):
    # After a vertebral fracture the client is tier C (max 80 %): the tier-B program's 85 % week
    # can no longer be raised to 85 % anywhere.
    assessed(carol_record, TIER_C)
    rx = rx_of(carol_program, week=11, pattern="squat")
    with pytest.raises(ValidationError) as info:
        update_prescription(actor=alice, prescription=rx, values=values_of(rx, pct_1rm=85, reps=5))
    assert "at most 80 %" in info.value.message_dict["pct_1rm"][0]


def test_only_writers_adjust(bob, carol, carol_program):
    rx = rx_of(carol_program, week=6, pattern="squat")
    for actor in (bob, carol):
        with pytest.raises(PermissionDenied):
            update_prescription(actor=actor, prescription=rx, values=values_of(rx))


# --- swapping ------------------------------------------------------------------------------------


def test_alternatives_fit_envelope_equipment_and_dose(carol_program):
    rx = rx_of(carol_program, week=3, pattern="impact")
    envelope = engine_io.stored_envelope(carol_program.tier, carol_program.envelope)
    options = engine_io.alternatives_for(
        rx.exercise_id, envelope=envelope, equipment=carol_program.equipment
    )
    assert options
    current = load_catalog().get(rx.exercise_id)
    for e in options:
        assert envelope.allows(e) and e.pattern is current.pattern and e.dose is current.dose
        assert e.impact.value in ("none", "low", "moderate")


def test_swap_to_an_offered_alternative(alice, carol_program):
    rx = rx_of(carol_program, week=3, pattern="squat")
    assert rx.exercise_id != "leg_press"
    chosen = swap_exercise(actor=alice, prescription=rx, exercise_id="leg_press")
    rx.refresh_from_db()
    assert rx.exercise_id == "leg_press" == chosen.id and rx.name_en == chosen.name_en
    assert rx.original["exercise_id"] != "leg_press"
    event = AuditEvent.objects.get(action="program.swap")
    assert event.detail["to"] == "leg_press"


@pytest.mark.parametrize(
    ("pattern", "bad", "why"),
    [
        ("impact", "single_leg_hop", "high impact is outside tier B"),
        ("impact", "drop_jump", "high impact is outside tier B"),
        ("squat", "crunch", "another movement pattern"),
        ("squat", "wall_sit", "a timed hold, not repetitions"),
        ("squat", "no_such_exercise", "not in the catalogue"),
    ],
)
def test_the_server_rechecks_every_swap(alice, carol_program, pattern, bad, why):
    rx = rx_of(carol_program, week=3, pattern=pattern)
    with pytest.raises(ValidationError):
        swap_exercise(actor=alice, prescription=rx, exercise_id=bad)
    rx.refresh_from_db()
    assert rx.exercise_id != bad and rx.original is None, why


def test_swap_respects_the_programs_equipment(alice, carol_record, make_program):
    program = make_program(alice, carol_record, equipment=["dumbbell", "machine"])
    rx = rx_of(program, week=3, pattern="squat")
    with pytest.raises(ValidationError):
        swap_exercise(actor=alice, prescription=rx, exercise_id="barbell_back_squat")


def test_a_loadable_exercise_swapped_for_bodyweight_loses_its_percentage(alice, carol_program):
    rx = rx_of(carol_program, week=6, pattern="squat")
    assert rx.pct_1rm is not None
    swap_exercise(actor=alice, prescription=rx, exercise_id="bodyweight_squat")
    rx.refresh_from_db()
    assert rx.pct_1rm is None


# --- weighted vests ------------------------------------------------------------------------------


def test_a_vest_programs_load_is_stored_shown_and_forecast(alice, carol_record, make_program):
    from django.template.loader import render_to_string

    from osteoload.training.selectors import forecast_document

    program = make_program(alice, carol_record, equipment=["bodyweight", "vest"])
    vests = Prescription.objects.filter(program=program, exercise_id="weighted_vest_squat")
    assert vests.exists()
    by_week = dict(vests.values_list("session__week__phase", "vest_pct_body_mass").distinct())
    assert by_week["familiarisation"] == 5 and by_week["build"] == 8  # as the engine planned
    assert (
        not Prescription.objects.filter(program=program, vest_pct_body_mass__isnull=False)
        .exclude(exercise_id="weighted_vest_squat")
        .exists()
    )
    rx = vests.filter(session__week__phase="build").first()
    assert "vest 8 % of body weight" in render_to_string("training/_dose.html", {"rx": rx})
    doc = forecast_document(program=program)
    loads = [
        e.get("vest_pct_body_mass")
        for w in doc["weeks"]
        for s in w["sessions"]
        for e in s["exercises"]
        if e["id"] == "weighted_vest_squat"
    ]
    stored = vests.order_by("session__week__number", "session__day", "position")
    assert loads == list(stored.values_list("vest_pct_body_mass", flat=True))
    assert {5, 8, 10} <= set(loads)


def test_a_vest_load_is_checked_when_adjusted(alice, carol_record, make_program):
    program = make_program(alice, carol_record, equipment=["bodyweight", "vest"])
    rx = Prescription.objects.select_related("program__client", "session__week").filter(
        program=program, exercise_id="weighted_vest_squat", session__week__number=6
    )[0]
    with pytest.raises(ValidationError) as error:
        update_prescription(
            actor=alice, prescription=rx, values=values_of(rx, vest_pct_body_mass=45)
        )
    assert "vest_pct_body_mass" in error.value.message_dict
    update_prescription(actor=alice, prescription=rx, values=values_of(rx, vest_pct_body_mass=12))
    rx.refresh_from_db()
    assert rx.vest_pct_body_mass == 12
    # An exercise not done in a vest never carries a vest load.
    other = rx_of(program, week=6, pattern="hinge")
    update_prescription(
        actor=alice, prescription=other, values=values_of(other, vest_pct_body_mass=10)
    )
    other.refresh_from_db()
    assert other.vest_pct_body_mass is None


def test_tier_c_keeps_the_vest_light(alice, carol_record, make_program):
    program = make_program(
        alice,
        carol_record,
        equipment=["bodyweight", "vest"],
        profile={**TIER_C, "clearance": {"cleared": True}},
    )
    assert program.tier == "C"
    rx = Prescription.objects.select_related("program__client", "session__week").filter(
        program=program, exercise_id="weighted_vest_squat"
    )[0]
    assert rx.vest_pct_body_mass <= 5
    with pytest.raises(ValidationError) as error:
        update_prescription(
            actor=alice, prescription=rx, values=values_of(rx, vest_pct_body_mass=8)
        )
    assert "5 % of body weight or less" in " ".join(error.value.message_dict["vest_pct_body_mass"])


def test_a_swap_into_a_vest_sets_the_weeks_load_and_out_of_one_clears_it(
    alice, carol_record, make_program
):
    program = make_program(alice, carol_record, equipment=["bodyweight", "vest", "dumbbell"])
    rx = rx_of(program, week=6, pattern="squat")
    swap_exercise(actor=alice, prescription=rx, exercise_id="weighted_vest_squat")
    rx.refresh_from_db()
    assert rx.session.week.phase == "build" and rx.vest_pct_body_mass == 8
    swap_exercise(actor=alice, prescription=rx, exercise_id="bodyweight_squat")
    rx.refresh_from_db()
    assert rx.vest_pct_body_mass is None
