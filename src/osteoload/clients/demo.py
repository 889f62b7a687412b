"""Demo data, clients: thirteen clients of the demo gym with their intake, DXA results, fractures,
function tests and clearances, chosen so that the engine puts them in tiers A, B, C and
"clearance required" (three of each), plus one new client whose intake has not started.

Idempotent: a client is found by name and date of birth; the facts of a demo client are written
only when she has no health profile yet (so nothing a trainer changed is overwritten), then one
assessment is stored. Dates are relative to the day of seeding (a fracture "3 months ago" stays
recent in a fresh demo).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from osteoload.accounts.demo import DemoContext
from osteoload.accounts.models import Membership

from .models import (
    Clearance,
    Client,
    DxaResult,
    Fracture,
    FunctionalTest,
    HealthProfile,
    TrainerAssignment,
)
from .services import reassess

TRAINER_1 = "trainer@example.com"
TRAINER_2 = "trainer2@example.com"
PORTAL = "client@example.com"


@dataclass
class DemoClient:
    family: str
    given: str
    family_kana: str
    given_kana: str
    sex: str
    birth: dt.date
    trainer: str | None
    expected_tier: str | None  # what the engine should say (checked by the tests)
    health: dict[str, Any] = field(default_factory=dict)
    # (days ago, site, T, %YAM)
    dxa: list[tuple[int, str, float | None, float | None]] = field(default_factory=list)
    # (site, fragility, days ago or None)
    fractures: list[tuple[str, bool, int | None]] = field(default_factory=list)
    # (days ago, {test: value}, asmi method)
    tests: list[tuple[int, dict[str, Any], str]] = field(default_factory=list)
    # (days ago, cleared, physician)
    clearances: list[tuple[int, bool, str]] = field(default_factory=list)
    email: str = ""


def _post(years: float) -> dict[str, Any]:
    return {"menopause": "post", "years_since_menopause": Decimal(str(years))}


DEMO_CLIENTS: list[DemoClient] = [
    # --- tier B: osteoporosis by %YAM (the client who signs in) ----------------------------------
    DemoClient(
        "田中", "花子", "タナカ", "ハナコ", "female", dt.date(1957, 4, 12), TRAINER_1, "B",
        health={"height_cm": 153, "weight_kg": 50, **_post(17), "falls_past_year": 0,
                "physically_active": True, "experience": "novice", "sessions_per_week": 2},
        dxa=[(400, "lumbar_spine", -2.6, 68), (400, "femoral_neck", -1.9, 74),
             (1200, "lumbar_spine", -2.3, 71)],
        tests=[(30, {"grip_kg": 19.5, "gait_speed_m_s": 1.15, "chair_stand_5x_s": 10.4,
                     "tug_s": 8.2, "single_leg_stance_s": 24, "chair_stand_30s": 13}, "")],
        email=PORTAL,
    ),
    # --- tier A -------------------------------------------------------------------------------
    DemoClient(
        "佐々木", "由美", "ササキ", "ユミ", "female", dt.date(1966, 8, 20), TRAINER_2, "A",
        health={"height_cm": 158, "weight_kg": 55, **_post(8), "falls_past_year": 0,
                "physically_active": True, "experience": "intermediate", "sessions_per_week": 3},
        dxa=[(200, "lumbar_spine", -1.4, 83), (200, "total_hip", -0.9, 88)],
        tests=[(20, {"grip_kg": 26, "gait_speed_m_s": 1.35, "chair_stand_5x_s": 8.1,
                     "tug_s": 6.4, "single_leg_stance_s": 60}, "")],
    ),
    DemoClient(
        "中村", "恵美", "ナカムラ", "エミ", "female", dt.date(1970, 1, 30), TRAINER_1, "A",
        health={"height_cm": 161, "weight_kg": 58, **_post(3), "falls_past_year": 0,
                "physically_active": False, "experience": "none"},
        # the last scan is more than two years old: "needs attention" in the list
        dxa=[(900, "lumbar_spine", -0.6, 93), (900, "femoral_neck", -0.4, 95)],
        tests=[(14, {"grip_kg": 27.5, "chair_stand_5x_s": 7.9, "single_leg_stance_s": 55}, "")],
    ),
    DemoClient(
        "加藤", "浩", "カトウ", "ヒロシ", "male", dt.date(1958, 11, 3), TRAINER_1, "A",
        health={"height_cm": 168, "weight_kg": 66, "falls_past_year": 0,
                "physically_active": True, "experience": "novice", "sessions_per_week": 2},
        dxa=[(300, "lumbar_spine", -1.1, 86), (300, "total_hip", -0.8, 89)],
        tests=[(10, {"grip_kg": 36, "gait_speed_m_s": 1.3, "tug_s": 7.1}, "")],
    ),
    # --- tier B ---------------------------------------------------------------------------------
    DemoClient(
        "吉田", "洋子", "ヨシダ", "ヨウコ", "female", dt.date(1960, 6, 5), TRAINER_2, "B",
        health={"height_cm": 150, "weight_kg": 47, **_post(12), "falls_past_year": 0,
                "conditions": ["acute_back_pain"], "physically_active": True,
                "medications": ["bisphosphonate"], "experience": "novice"},
        dxa=[(150, "lumbar_spine", -2.7, 66), (150, "femoral_neck", -2.0, 73)],
        tests=[(25, {"grip_kg": 18.5, "gait_speed_m_s": 1.1, "tug_s": 9.0,
                     "single_leg_stance_s": 20}, "")],
        # the back pain was checked: cleared (a clearance never lifts the tier above B)
        clearances=[(40, False, "整形外科 森田医師"), (20, True, "整形外科 森田医師")],
    ),
    DemoClient(
        "松本", "直美", "マツモト", "ナオミ", "female", dt.date(1963, 2, 14), TRAINER_2, "B",
        health={"height_cm": 156, "weight_kg": 52, **_post(10), "falls_past_year": 0,
                "physically_active": False, "experience": "none"},
        dxa=[(100, "lumbar_spine", -1.3, 84)],
        tests=[(12, {"tug_s": 12.6, "grip_kg": 21, "single_leg_stance_s": 18}, "")],
    ),
    # --- tier C ---------------------------------------------------------------------------------
    DemoClient(
        "伊藤", "和子", "イトウ", "カズコ", "female", dt.date(1949, 9, 9), TRAINER_1, "C",
        health={"height_cm": 148, "weight_kg": 45, **_post(27), "falls_past_year": 0,
                "physically_active": True, "medications": ["denosumab"], "experience": "none"},
        dxa=[(250, "lumbar_spine", -2.8, 64), (250, "femoral_neck", -2.4, 68)],
        fractures=[("vertebra", True, 900)],
        tests=[(15, {"grip_kg": 16, "gait_speed_m_s": 0.95, "chair_stand_5x_s": 12.8,
                     "tug_s": 11.2, "single_leg_stance_s": 9}, "")],
        clearances=[(800, True, "内科 高木医師")],
    ),
    DemoClient(
        "山口", "美智子", "ヤマグチ", "ミチコ", "female", dt.date(1952, 12, 1), TRAINER_2, "C",
        health={"height_cm": 151, "weight_kg": 49, **_post(22), "falls_past_year": 2,
                "fall_injury": False, "physically_active": True, "experience": "novice"},
        dxa=[(350, "femoral_neck", -2.0, 74), (350, "lumbar_spine", -1.7, 78)],
        tests=[(18, {"tug_s": 13.1, "gait_speed_m_s": 0.9, "single_leg_stance_s": 6,
                     "grip_kg": 17}, "")],
    ),
    DemoClient(
        "山田", "幸子", "ヤマダ", "サチコ", "female", dt.date(1948, 3, 21), TRAINER_1, "C",
        health={"height_cm": 146, "weight_kg": 44, **_post(28), "falls_past_year": 0,
                "conditions": ["hyperkyphosis", "knee_osteoarthritis"],
                "physically_active": True, "experience": "none"},
        dxa=[(500, "lumbar_spine", -2.3, 72), (500, "total_hip", -2.1, 73)],
        tests=[(21, {"grip_kg": 17.5, "calf_cm": 31, "sarc_f": 3, "asmi_kg_m2": 5.5},
                "bia")],
    ),
    # --- clearance required ---------------------------------------------------------------------
    DemoClient(
        "渡辺", "正男", "ワタナベ", "マサオ", "male", dt.date(1954, 5, 17), TRAINER_1,
        "clearance_required",
        health={"height_cm": 170, "weight_kg": 72, "falls_past_year": 0,
                "conditions": ["known_cardiovascular_disease"], "physically_active": False,
                "experience": "none"},
        dxa=[(60, "lumbar_spine", -1.2, 85)],
        tests=[(7, {"grip_kg": 31, "gait_speed_m_s": 1.2}, "")],
    ),
    DemoClient(
        "小林", "節子", "コバヤシ", "セツコ", "female", dt.date(1955, 10, 8), TRAINER_2,
        "clearance_required",
        health={"height_cm": 154, "weight_kg": 51, **_post(15), "falls_past_year": 1,
                "fall_injury": True, "physically_active": True, "experience": "novice"},
        dxa=[(80, "lumbar_spine", -2.2, 73), (80, "femoral_neck", -2.0, 75)],
        # a wrist fracture from a fall three months ago: the physician must agree first
        fractures=[("distal_radius", True, 90)],
        tests=[(10, {"grip_kg": 17, "tug_s": 10.5}, "")],
    ),
    DemoClient(
        "井上", "和夫", "イノウエ", "カズオ", "male", dt.date(1951, 7, 29), TRAINER_2,
        "clearance_required",
        health={"height_cm": 165, "weight_kg": 63, "falls_past_year": 0,
                "conditions": ["uncontrolled_hypertension"], "physically_active": True,
                "experience": "novice"},
        dxa=[(120, "femoral_neck", -1.6, 80)],
        tests=[(9, {"grip_kg": 29, "gait_speed_m_s": 1.05}, "")],
        # asked, and the physician wants the blood pressure treated first
        clearances=[(5, False, "内科 高木医師")],
    ),
    # --- a new client: intake not started ---------------------------------------------------------
    DemoClient(
        "木村", "真理子", "キムラ", "マリコ", "female", dt.date(1964, 4, 2), None, None
    ),
]  # fmt: skip


def _client(ctx: DemoContext, spec: DemoClient) -> Client:
    client = Client.objects.filter(
        gym=ctx.gym, family_name=spec.family, given_name=spec.given, birth_date=spec.birth
    ).first()
    if client is None and spec.email == PORTAL:
        # the portal client may exist from an earlier version of the demo: find her by login
        client = Client.objects.filter(gym=ctx.gym, user=ctx.member(PORTAL).user).first()
    if client is not None:
        return client
    return Client.objects.create(
        gym=ctx.gym,
        user=ctx.member(PORTAL).user if spec.email == PORTAL else None,
        family_name=spec.family,
        given_name=spec.given,
        family_name_kana=spec.family_kana,
        given_name_kana=spec.given_kana,
        sex=spec.sex,
        birth_date=spec.birth,
        email=spec.email,
    )


def _assign(ctx: DemoContext, client: Client, trainer: Membership) -> None:
    if not TrainerAssignment.objects.filter(client=client, until__isnull=True).exists():
        TrainerAssignment.objects.create(
            gym=ctx.gym,
            trainer=trainer,
            client=client,
            since=timezone.localdate() - dt.timedelta(days=180),
            assigned_by=ctx.member("owner@example.com").user,
        )


def _facts(ctx: DemoContext, client: Client, spec: DemoClient, by: Membership) -> None:
    today = timezone.localdate()
    ago = lambda days: today - dt.timedelta(days=days)  # noqa: E731
    base = {"gym": ctx.gym, "client": client, "recorded_by": by.user}
    health = HealthProfile(
        gym=ctx.gym,
        client=client,
        consent_given=True,
        consent_date=ago(200),
        updated_by=by.user,
        **spec.health,
    )
    health.full_clean()
    health.save()
    for days, site, t, yam in spec.dxa:
        DxaResult.objects.create(
            **base,
            measured_on=ago(days),
            site=site,
            t_score=None if t is None else Decimal(str(t)),
            yam_percent=None if yam is None else Decimal(str(yam)),
        )
    for site, fragility, days in spec.fractures:
        Fracture.objects.create(
            **base, site=site, fragility=fragility, occurred_on=None if days is None else ago(days)
        )
    for days, values, method in spec.tests:
        decimals = {k: Decimal(str(v)) if isinstance(v, float) else v for k, v in values.items()}
        FunctionalTest.objects.create(**base, tested_on=ago(days), asmi_method=method, **decimals)
    for days, cleared, physician in spec.clearances:
        Clearance.objects.create(**base, cleared=cleared, decided_on=ago(days), physician=physician)


def seed(ctx: DemoContext) -> None:
    made = 0
    for spec in DEMO_CLIENTS:
        client = _client(ctx, spec)
        if spec.trainer is not None:
            _assign(ctx, client, ctx.member(spec.trainer))
        if spec.expected_tier is None or HealthProfile.objects.filter(client=client).exists():
            continue
        by = ctx.member(spec.trainer or "owner@example.com")
        _facts(ctx, client, spec, by)
        reassess(client=client, actor=by.user, reason="demo")
        made += 1
    ctx.say(f"clients: {len(DEMO_CLIENTS)} ({made} assessed now)")
