"""The assessment (ENGINE.md §2): bone category (WHO and Japanese criteria), OSTA, sarcopenia
(AWGS 2019), osteosarcopenia, fall risk, medical clearance, the safety tier and its envelope, and
the nutrition targets — each decided by a small named rule that names its source.

The gym flags and refers; it does not diagnose. Every category here is a screening result from the
numbers in the profile, and the findings say so in the client's language.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .envelope import Envelope, envelope_for
from .errors import InputError
from .profile import ClientProfile, DxaResult
from .targets import Targets, nutrition_targets
from .types import (
    AsmiMethod,
    Condition,
    DxaSite,
    Experience,
    FractureSite,
    Menopause,
    Sex,
    Tier,
)
from .wording import count_en

SCHEMA = "osteoload.assessment/1"

CENTRAL_SITES = (DxaSite.LUMBAR_SPINE, DxaSite.FEMORAL_NECK, DxaSite.TOTAL_HIP)


class WhoCategory(StrEnum):
    NORMAL = "normal"
    OSTEOPENIA = "osteopenia"
    OSTEOPOROSIS = "osteoporosis"
    SEVERE_OSTEOPOROSIS = "severe_osteoporosis"
    NOT_APPLICABLE = "not_applicable"
    UNKNOWN = "unknown"


class JpCategory(StrEnum):
    NORMAL = "normal"
    LOW_BONE_MASS = "low_bone_mass"
    OSTEOPOROSIS = "osteoporosis"
    UNKNOWN = "unknown"


class OstaRisk(StrEnum):
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


class SarcopeniaCategory(StrEnum):
    NONE = "none"
    POSSIBLE = "possible"
    SARCOPENIA = "sarcopenia"
    SEVERE = "severe"
    UNKNOWN = "unknown"


class FallRiskCategory(StrEnum):
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Finding:
    """One statement of the assessment, in English and Japanese, with the key of its source."""

    code: str
    en: str
    ja: str
    source: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "en": self.en, "ja": self.ja, "source": self.source}


# --- bone density: which measurements count ------------------------------------------------------


# Every scan counts, the earlier ones too: a diagnosis of osteoporosis by T-score stands when a
# later scan is better (camacho_2020_aace), and ENGINE.md asks for the lowest T-score. Keeping
# the other categories as cautiously is product policy; a scan entered by mistake is removed.
DXA_HISTORY_SOURCE = "camacho_2020_aace"


def earlier_lowest_scan(profile: ClientProfile) -> DxaResult | None:
    """The scan that gives the lowest T-score when a later scan of the same site is higher: the
    category then comes from an earlier scan, which the findings say."""
    found = lowest_t_score(profile)
    if found is None:
        return None
    value, site = found
    dated = [(d.date, d) for d in profile.dxa if d.site is site and d.date is not None]
    at_lowest = [(when, d) for when, d in dated if d.t_score == value]
    if not at_lowest:
        return None  # the lowest scan is undated
    when, lowest = max(at_lowest, key=lambda pair: pair[0])  # the latest at that value
    later = any(w > when and d.t_score is not None for w, d in dated)
    return lowest if later else None


def _lowest(
    dxa: Iterable[DxaResult], attribute: str, sites: tuple[DxaSite, ...]
) -> tuple[float, DxaSite] | None:
    values = [
        (getattr(d, attribute), d.site)
        for d in dxa
        if d.site in sites and getattr(d, attribute) is not None
    ]
    if not values:
        return None
    return min(values, key=lambda pair: (pair[0], sites.index(pair[1])))


def lowest_t_score(profile: ClientProfile) -> tuple[float, DxaSite] | None:
    """The lowest T-score of lumbar spine, femoral neck and total hip; the radius only when none of
    those has one (WHO 1994, as ENGINE.md §2 says)."""
    dxa = profile.dxa
    return _lowest(dxa, "t_score", CENTRAL_SITES) or _lowest(dxa, "t_score", (DxaSite.RADIUS,))


def lowest_central_t_score(profile: ClientProfile) -> float | None:
    """The lowest T-score of spine and hip only: the Japanese criteria judge the radius by %YAM only
    (Soen 2013)."""
    found = _lowest(profile.dxa, "t_score", CENTRAL_SITES)
    return None if found is None else found[0]


def lowest_yam(profile: ClientProfile) -> tuple[float, DxaSite] | None:
    """The lowest %YAM of spine and hip; the radius only when neither was measured, by %YAM or
    T-score (Soen 2013: the radius when neither site can be measured): a spine or hip T-score
    decides before a radius %YAM does."""
    dxa = profile.dxa
    central = _lowest(dxa, "yam_percent", CENTRAL_SITES)
    if central is not None or _lowest(dxa, "t_score", CENTRAL_SITES) is not None:
        return central
    return _lowest(dxa, "yam_percent", (DxaSite.RADIUS,))


def _fragility(profile: ClientProfile) -> list[FractureSite]:
    return [f.site for f in profile.fractures if f.fragility]


# --- WHO -----------------------------------------------------------------------------------------

WHO_SOURCE = "who_1994"
WHO_NORMAL_T = -1.0
WHO_OSTEOPOROSIS_T = -2.5


def who_applies(profile: ClientProfile) -> bool:
    """T-score categories are for postmenopausal women and men aged 50 or over (WHO 1994)."""
    if profile.sex is Sex.MALE:
        return profile.age >= 50
    if profile.menopause is Menopause.PRE:
        return False
    return not (profile.menopause is None and profile.age < 50)


def who_category(profile: ClientProfile) -> WhoCategory:
    """WHO 1994: normal T ≥ −1.0; osteopenia −2.5 < T < −1.0; osteoporosis T ≤ −2.5; severe
    osteoporosis T ≤ −2.5 with any fragility fracture."""
    if not who_applies(profile):
        return WhoCategory.NOT_APPLICABLE
    found = lowest_t_score(profile)
    if found is None:
        return WhoCategory.UNKNOWN
    t = found[0]
    if t <= WHO_OSTEOPOROSIS_T:
        return WhoCategory.SEVERE_OSTEOPOROSIS if _fragility(profile) else WhoCategory.OSTEOPOROSIS
    if t < WHO_NORMAL_T:
        return WhoCategory.OSTEOPENIA
    return WhoCategory.NORMAL


# --- Japan, 2012 criteria ------------------------------------------------------------------------

JP_SOURCE = "soen_2013_jp_criteria"
JP_OSTEOPOROSIS_YAM = 70.0
JP_NORMAL_YAM = 80.0
JP_MAJOR_FRACTURE_SITES = (FractureSite.VERTEBRA, FractureSite.HIP)


def jp_decision(profile: ClientProfile) -> tuple[JpCategory, str]:
    """Japanese diagnostic criteria for primary osteoporosis, 2012 revision (Soen 2013), with the
    code of the rule that decided.

    A vertebral or hip fragility fracture → osteoporosis whatever the density; another fragility
    fracture with lowest %YAM < 80 → osteoporosis; %YAM ≤ 70 or T ≤ −2.5 → osteoporosis;
    70 < %YAM < 80 → low bone mass; %YAM ≥ 80 → normal. Without %YAM the (spine or hip) T-score
    decides, with T < −1.0 standing for "< 80 % YAM" as the criteria equate them. Fractures with
    `fragility: false` never count.
    """
    fragile = _fragility(profile)
    if any(site in JP_MAJOR_FRACTURE_SITES for site in fragile):
        return JpCategory.OSTEOPOROSIS, "major_fragility_fracture"
    yam = lowest_yam(profile)
    t = lowest_central_t_score(profile)
    if yam is None and t is None:
        return JpCategory.UNKNOWN, "no_density"
    below_80 = yam[0] < JP_NORMAL_YAM if yam is not None else t is not None and t < WHO_NORMAL_T
    if fragile and below_80:
        return JpCategory.OSTEOPOROSIS, "fragility_fracture_low_density"
    if (yam is not None and yam[0] <= JP_OSTEOPOROSIS_YAM) or (
        t is not None and t <= WHO_OSTEOPOROSIS_T
    ):
        return JpCategory.OSTEOPOROSIS, "density"
    if below_80:
        return JpCategory.LOW_BONE_MASS, "density"
    return JpCategory.NORMAL, "density"


def jp_category(profile: ClientProfile) -> JpCategory:
    """The Japanese category (see `jp_decision`)."""
    return jp_decision(profile)[0]


# --- OSTA ----------------------------------------------------------------------------------------

OSTA_SOURCE = "koh_2001_osta"


def osta_index(weight_kg: float, age: float) -> int:
    """0.2 × (weight − age), truncated toward zero (Koh 2001; truncation as the Japanese sources
    do). Rounded to 1e-9 first so that binary fractions cannot push −5.0 to −4.999…"""
    return math.trunc(round(0.2 * (weight_kg - age), 9))


def osta_risk(index: int) -> OstaRisk:
    """High < −4, moderate −4 to −1, low > −1 (Koh 2001)."""
    if index < -4:
        return OstaRisk.HIGH
    if index <= -1:
        return OstaRisk.MODERATE
    return OstaRisk.LOW


@dataclass(frozen=True, slots=True)
class Osta:
    index: int
    risk: OstaRisk

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "risk": self.risk.value, "source": OSTA_SOURCE}


def osta(profile: ClientProfile) -> Osta | None:
    """OSTA for women whose weight is known; None otherwise."""
    if profile.sex is not Sex.FEMALE or profile.weight_kg is None:
        return None
    index = osta_index(profile.weight_kg, profile.age)
    return Osta(index, osta_risk(index))


# --- sarcopenia, AWGS 2019 -----------------------------------------------------------------------

AWGS_SOURCE = "chen_2020_awgs"
GRIP_LOW_KG = {Sex.MALE: 28.0, Sex.FEMALE: 18.0}
GAIT_LOW_M_S = 1.0
CHAIR_5X_LOW_S = 12.0
SPPB_LOW_MAX = 9
ASMI_LOW = {
    (Sex.MALE, AsmiMethod.DXA): 7.0,
    (Sex.MALE, AsmiMethod.BIA): 7.0,
    (Sex.FEMALE, AsmiMethod.DXA): 5.4,
    (Sex.FEMALE, AsmiMethod.BIA): 5.7,
}
CALF_LOW_CM = {Sex.MALE: 34.0, Sex.FEMALE: 33.0}
SARC_F_POSITIVE = 4


def low_strength(profile: ClientProfile) -> bool | None:
    """Grip < 28 kg (men) or < 18 kg (women); None when grip was not measured."""
    if profile.grip_kg is None:
        return None
    return profile.grip_kg < GRIP_LOW_KG[profile.sex]


def low_performance(profile: ClientProfile) -> bool | None:
    """Gait < 1.0 m/s, 5× chair stand ≥ 12 s or SPPB ≤ 9; None when none was measured."""
    checks = []
    if profile.gait_speed_m_s is not None:
        checks.append(profile.gait_speed_m_s < GAIT_LOW_M_S)
    if profile.chair_stand_5x_s is not None:
        checks.append(profile.chair_stand_5x_s >= CHAIR_5X_LOW_S)
    if profile.sppb is not None:
        checks.append(profile.sppb <= SPPB_LOW_MAX)
    return any(checks) if checks else None


def low_mass(profile: ClientProfile) -> bool | None:
    """ASMI < 7.0 (men, either method), < 5.4 (women, DXA) or < 5.7 (women, BIA). For a woman
    whose method is not recorded the result is used only when both cut-offs agree."""
    if profile.asmi_kg_m2 is None:
        return None
    methods = (profile.asmi_method,) if profile.asmi_method else (AsmiMethod.DXA, AsmiMethod.BIA)
    verdicts = {profile.asmi_kg_m2 < ASMI_LOW[(profile.sex, m)] for m in methods}
    return verdicts.pop() if len(verdicts) == 1 else None


def case_finding_positive(profile: ClientProfile) -> bool | None:
    """Calf < 34 cm (men) / < 33 cm (women) or SARC-F ≥ 4; None when neither was recorded."""
    checks = []
    if profile.calf_cm is not None:
        checks.append(profile.calf_cm < CALF_LOW_CM[profile.sex])
    if profile.sarc_f is not None:
        checks.append(profile.sarc_f >= SARC_F_POSITIVE)
    return any(checks) if checks else None


@dataclass(frozen=True, slots=True)
class Sarcopenia:
    category: SarcopeniaCategory
    case_finding_positive: bool | None
    low_strength: bool | None
    low_performance: bool | None
    low_mass: bool | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category.value,
            "case_finding_positive": self.case_finding_positive,
            "low_strength": self.low_strength,
            "low_performance": self.low_performance,
            "low_mass": self.low_mass,
            "criteria": "AWGS2019",
            "source": AWGS_SOURCE,
        }


def sarcopenia_category(profile: ClientProfile) -> SarcopeniaCategory:
    """AWGS 2019, as ENGINE.md §2 words it. Mass known: severe = low mass + low strength + low
    performance; sarcopenia = low mass + (low strength or low performance); otherwise none — also
    when low mass comes with neither test done (a missing test is not a low result; the findings
    then ask for the tests, `muscle_tests_needed`). Mass unknown: possible = low grip or 5× chair
    stand ≥ 12 s; none when grip or chair stand was measured and normal; unknown otherwise."""
    mass = low_mass(profile)
    strength = low_strength(profile)
    if mass is not None:
        performance = low_performance(profile)
        if not mass:
            return SarcopeniaCategory.NONE
        if strength and performance:
            return SarcopeniaCategory.SEVERE
        if strength or performance:
            return SarcopeniaCategory.SARCOPENIA
        return SarcopeniaCategory.NONE
    chair_low = (
        None if profile.chair_stand_5x_s is None else profile.chair_stand_5x_s >= CHAIR_5X_LOW_S
    )
    if strength or chair_low:
        return SarcopeniaCategory.POSSIBLE
    if strength is False or chair_low is False:
        return SarcopeniaCategory.NONE
    return SarcopeniaCategory.UNKNOWN


def sarcopenia(profile: ClientProfile) -> Sarcopenia:
    return Sarcopenia(
        category=sarcopenia_category(profile),
        case_finding_positive=case_finding_positive(profile),
        low_strength=low_strength(profile),
        low_performance=low_performance(profile),
        low_mass=low_mass(profile),
    )


# --- falls ---------------------------------------------------------------------------------------

TUG_SOURCE = "cdc_steadi_tug"
TUG_AT_RISK_S = 12.0
SINGLE_LEG_SOURCE = "joa_2006_locomotive_instability"
SINGLE_LEG_DEFICIT_S = 15.0
GAIT_SOURCE = AWGS_SOURCE
CHAIR_30S_SOURCE = "cdc_steadi_30s_chair_stand"
FALLS_SOURCE = "cdc_steadi_algorithm"

# STEADI 30-second chair stand: below-average scores, (first age of band, men <, women <).
CHAIR_30S_BELOW_AVERAGE: tuple[tuple[int, int, int], ...] = (
    (60, 14, 12),
    (65, 12, 11),
    (70, 12, 10),
    (75, 11, 10),
    (80, 10, 9),
    (85, 8, 8),
    (90, 7, 4),
)
CHAIR_30S_NORM_AGES = (60, 95)  # the norms cover ages 60–94


def chair_stand_30s_norm(age: float, sex: Sex) -> int | None:
    """The STEADI below-average threshold (a score below it is a deficit); None outside 60–94."""
    if not CHAIR_30S_NORM_AGES[0] <= age < CHAIR_30S_NORM_AGES[1]:
        return None
    threshold = None
    for first_age, men, women in CHAIR_30S_BELOW_AVERAGE:
        if age >= first_age:
            threshold = men if sex is Sex.MALE else women
    return threshold


def fall_deficits(profile: ClientProfile) -> list[Finding]:
    """Each test that shows a deficit: TUG ≥ 12 s, one-leg standing < 15 s, gait < 1.0 m/s, or a
    30-s chair stand below the STEADI norm for age and sex."""
    found: list[Finding] = []
    if profile.tug_s is not None and profile.tug_s >= TUG_AT_RISK_S:
        found.append(
            Finding(
                "deficit_tug",
                f"Timed Up and Go {profile.tug_s:g} s (12 s or more: at risk of falling).",
                f"TUG（タイムドアップアンドゴー）{profile.tug_s:g}秒（12秒以上は転倒リスクあり）。",
                TUG_SOURCE,
            )
        )
    if (
        profile.single_leg_stance_s is not None
        and profile.single_leg_stance_s < SINGLE_LEG_DEFICIT_S
    ):
        found.append(
            Finding(
                "deficit_single_leg_stance",
                f"One-leg standing with eyes open {profile.single_leg_stance_s:g} s (under 15 s).",
                f"開眼片脚起立時間 {profile.single_leg_stance_s:g}秒（15秒未満）。",
                SINGLE_LEG_SOURCE,
            )
        )
    if profile.gait_speed_m_s is not None and profile.gait_speed_m_s < GAIT_LOW_M_S:
        found.append(
            Finding(
                "deficit_gait_speed",
                f"Usual gait speed {profile.gait_speed_m_s:g} m/s (under 1.0 m/s).",
                f"通常歩行速度 {profile.gait_speed_m_s:g} m/秒（1.0 m/秒未満）。",
                GAIT_SOURCE,
            )
        )
    if profile.chair_stand_30s is not None:
        norm = chair_stand_30s_norm(profile.age, profile.sex)
        if norm is not None and profile.chair_stand_30s < norm:
            found.append(
                Finding(
                    "deficit_chair_stand_30s",
                    f"30-second chair stand {profile.chair_stand_30s} stands (below average for "
                    f"age and sex: fewer than {norm}).",
                    f"30秒椅子立ち上がりテスト {profile.chair_stand_30s}回（年齢・性別の平均未満："
                    f"{norm}回未満）。",
                    CHAIR_30S_SOURCE,
                )
            )
    return found


@dataclass(frozen=True, slots=True)
class FallRisk:
    category: FallRiskCategory
    reasons: tuple[Finding, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category.value,
            "reasons": [r.to_dict() for r in self.reasons],
            "source": FALLS_SOURCE,
        }


def fall_risk(profile: ClientProfile) -> FallRisk:
    """High: ≥ 2 falls, or 1 fall with injury, or 1 fall and a deficit. Moderate: 1 fall, or any
    deficit. Low: falls known to be 0 and no deficit in the tests done. Unknown: the falls question
    is unanswered and no test shows a deficit. An injurious fall implies at least one fall."""
    falls = profile.falls_past_year
    if falls == 0 and profile.fall_injury:
        raise InputError("fall_injury", "is true but falls_past_year is 0")
    if falls is None and profile.fall_injury:
        falls = 1
    deficits = fall_deficits(profile)
    reasons: list[Finding] = []
    if falls is not None and falls >= 1:
        injured = " with an injury" if profile.fall_injury else ""
        injured_ja = "（けがあり）" if profile.fall_injury else ""
        times = count_en(falls, "fall")
        reasons.append(
            Finding(
                "falls_past_year",
                f"{times} in the past year{injured}.",
                f"過去1年間の転倒 {falls}回{injured_ja}。",
                FALLS_SOURCE,
            )
        )
    reasons.extend(deficits)
    if falls is not None and (falls >= 2 or (falls == 1 and (profile.fall_injury or deficits))):
        category = FallRiskCategory.HIGH
    elif (falls is not None and falls == 1) or deficits:
        category = FallRiskCategory.MODERATE
    elif falls == 0:
        category = FallRiskCategory.LOW
    else:
        category = FallRiskCategory.UNKNOWN
    return FallRisk(category, tuple(reasons))


# --- medical clearance (ACSM 2015 and the bone-specific red flags) -------------------------------

ACSM_SOURCE = "riebe_2015_acsm"
RED_FLAG_SOURCE = "giangregorio_2015_delphi"
RECENT_FRACTURE_MONTHS = 6.0
_CLEARANCE_CONDITIONS: dict[Condition, tuple[str, str, str]] = {
    Condition.ACUTE_BACK_PAIN: (
        "Acute back pain (a new vertebral fracture must be ruled out).",
        "急性の腰背部痛（新しい椎体骨折の可能性を確認する必要があります）。",
        RED_FLAG_SOURCE,
    ),
    Condition.UNEXPLAINED_PAIN: (
        "Unexplained pain.",
        "原因のわからない痛み。",
        RED_FLAG_SOURCE,
    ),
    Condition.RECENT_JOINT_REPLACEMENT: (
        "Recent joint replacement.",
        "最近の人工関節置換術。",
        RED_FLAG_SOURCE,
    ),
    Condition.UNCONTROLLED_HYPERTENSION: (
        "Uncontrolled high blood pressure.",
        "コントロールされていない高血圧。",
        ACSM_SOURCE,
    ),
    Condition.CARDIOVASCULAR_SYMPTOMS: (
        "Signs or symptoms of cardiovascular disease.",
        "心血管疾患を疑う症状。",
        ACSM_SOURCE,
    ),
}
_KNOWN_DISEASE = {
    Condition.KNOWN_CARDIOVASCULAR_DISEASE: ("cardiovascular", "心血管"),
    Condition.KNOWN_METABOLIC_DISEASE: ("metabolic", "代謝"),
    Condition.KNOWN_RENAL_DISEASE: ("renal", "腎"),
    Condition.CKD_STAGE_4_5: ("renal (CKD stage 4-5)", "腎（CKDステージ4〜5）"),
}


def clearance_reasons(profile: ClientProfile) -> list[Finding]:
    """Why a physician's clearance is needed before training (whether or not it has been given):
    a fragility fracture within 6 months; 2 or more vertebral fractures; acute back pain,
    unexplained pain, recent joint replacement, uncontrolled hypertension or cardiovascular
    symptoms; known cardiovascular, metabolic or renal disease in someone not physically active
    (ACSM 2015; unknown activity counts as not active, to stay on the safe side)."""
    reasons: list[Finding] = []
    recent = [
        f
        for f in profile.fractures
        if f.fragility and f.months_ago is not None and f.months_ago <= RECENT_FRACTURE_MONTHS
    ]
    if recent:
        reasons.append(
            Finding(
                "clearance_recent_fracture",
                "A fragility fracture within the last 6 months.",
                "6か月以内の脆弱性骨折。",
                RED_FLAG_SOURCE,
            )
        )
    # Any vertebral fracture counts here and for tier C, whatever its cause: the spine is
    # fractured either way (the "fragility" distinction belongs to the diagnostic criteria).
    vertebral = sum(1 for f in profile.fractures if f.site is FractureSite.VERTEBRA)
    if vertebral >= 2:
        reasons.append(
            Finding(
                "clearance_multiple_vertebral_fractures",
                f"{vertebral} vertebral fractures.",
                f"椎体骨折 {vertebral}か所。",
                RED_FLAG_SOURCE,
            )
        )
    for condition, (en, ja, source) in _CLEARANCE_CONDITIONS.items():
        if profile.has(condition):
            reasons.append(Finding(f"clearance_{condition.value}", en, ja, source))
    if profile.physically_active is not True:
        diseases = [names for c, names in _KNOWN_DISEASE.items() if profile.has(c)]
        if diseases:
            en_names = ", ".join(n[0] for n in diseases)
            ja_names = "・".join(n[1] for n in diseases)
            activity = "not" if profile.physically_active is False else "not known to be"
            activity_ja = (
                "現在運動習慣がない" if profile.physically_active is False else "運動習慣が不明"
            )
            reasons.append(
                Finding(
                    "clearance_known_disease_inactive",
                    f"Known {en_names} disease in someone {activity} physically active.",
                    f"{ja_names}疾患があり、{activity_ja}ため。",
                    ACSM_SOURCE,
                )
            )
    return reasons


# --- tier ----------------------------------------------------------------------------------------

TIER_C_SOURCE = "giangregorio_2014_too_fit"
TIER_B_SOURCE = "beck_2017_essa"
TIER_A_SOURCE = "watson_2018_liftmor"


def tier_c_reasons(
    profile: ClientProfile, who: WhoCategory, falls: FallRiskCategory, sarc: SarcopeniaCategory
) -> list[Finding]:
    """Spine-protective tier C: any vertebral fracture, WHO severe osteoporosis, hyperkyphosis,
    high fall risk or severe sarcopenia (Too Fit To Fracture 2014)."""
    checks = [
        (
            any(f.site is FractureSite.VERTEBRA for f in profile.fractures),
            "tier_c_vertebral_fracture",
            "a vertebral fracture",
            "椎体骨折",
        ),
        (
            who is WhoCategory.SEVERE_OSTEOPOROSIS,
            "tier_c_severe_osteoporosis",
            "severe osteoporosis",
            "重症骨粗鬆症",
        ),
        (
            profile.has(Condition.HYPERKYPHOSIS),
            "tier_c_hyperkyphosis",
            "hyperkyphosis",
            "円背（脊柱後弯）",
        ),
        (
            falls is FallRiskCategory.HIGH,
            "tier_c_high_fall_risk",
            "high fall risk",
            "高い転倒リスク",
        ),
        (
            sarc is SarcopeniaCategory.SEVERE,
            "tier_c_severe_sarcopenia",
            "severe sarcopenia",
            "重度サルコペニア",
        ),
    ]
    return [
        Finding(
            code,
            f"Tier C (spine-protective) because of {en}.",
            f"{ja}があるため、運動区分C（脊椎保護）とします。",
            TIER_C_SOURCE,
        )
        for applies, code, en, ja in checks
        if applies
    ]


def tier_b_reasons(who: WhoCategory, jp: JpCategory, falls: FallRiskCategory) -> list[Finding]:
    """Supervised bone-building tier B: osteoporosis by either system, or moderate fall risk."""
    reasons = []
    if who in (WhoCategory.OSTEOPOROSIS, WhoCategory.SEVERE_OSTEOPOROSIS) or (
        jp is JpCategory.OSTEOPOROSIS
    ):
        reasons.append(
            Finding(
                "tier_b_osteoporosis",
                "Tier B (supervised bone-building) because of osteoporosis.",
                "骨粗鬆症の範囲のため、運動区分B（指導者の監督下での骨強化）とします。",
                TIER_B_SOURCE,
            )
        )
    if falls is FallRiskCategory.MODERATE:
        reasons.append(
            Finding(
                "tier_b_moderate_fall_risk",
                "Tier B (supervised bone-building) because of moderate fall risk.",
                "中等度の転倒リスクのため、運動区分B（指導者の監督下での骨強化）とします。",
                TIER_B_SOURCE,
            )
        )
    return reasons


# --- the rule index ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of the assessment: its function name, its source key and what it says."""

    name: str
    source: str
    summary: str


RULES: tuple[Rule, ...] = (
    Rule("who_category", WHO_SOURCE, "T >= -1.0 normal; -2.5 < T < -1.0 osteopenia; T <= -2.5 "
         "osteoporosis; with a fragility fracture severe osteoporosis"),
    Rule("who_applies", WHO_SOURCE, "postmenopausal women and men aged 50 or over"),
    Rule("lowest_t_score", WHO_SOURCE, "lowest of spine and hip; the radius only without them"),
    Rule("dxa_history", DXA_HISTORY_SOURCE, "every scan counts; an earlier lower one decides"),
    Rule("jp_decision", JP_SOURCE, "Japanese 2012 criteria: fractures, %YAM 70/80, T -2.5"),
    Rule("lowest_yam", JP_SOURCE, "lowest %YAM of spine and hip; the radius if neither measured"),
    Rule("osta_index", OSTA_SOURCE, "0.2 x (weight - age), truncated toward zero"),
    Rule("osta_risk", OSTA_SOURCE, "high < -4, moderate -4 to -1, low > -1"),
    Rule("low_strength", AWGS_SOURCE, "grip < 28 kg men, < 18 kg women"),
    Rule("low_performance", AWGS_SOURCE, "gait < 1.0 m/s, 5x chair stand >= 12 s, SPPB <= 9"),
    Rule("low_mass", AWGS_SOURCE, "ASMI < 7.0 men; women < 5.4 DXA, < 5.7 BIA"),
    Rule("sarcopenia_category", AWGS_SOURCE, "severe / sarcopenia / possible / none"),
    Rule("case_finding_positive", AWGS_SOURCE, "calf < 34 cm men, < 33 cm women, SARC-F >= 4"),
    Rule("osteosarcopenia", "binkley_2009_osteosarcopenia", "low bone and AWGS sarcopenia"),
    Rule("deficit_tug", TUG_SOURCE, "TUG >= 12 s"),
    Rule("deficit_single_leg_stance", SINGLE_LEG_SOURCE, "one-leg standing < 15 s"),
    Rule("deficit_gait_speed", GAIT_SOURCE, "gait < 1.0 m/s"),
    Rule("chair_stand_30s_norm", CHAIR_30S_SOURCE, "below the STEADI norm for age and sex"),
    Rule("fall_risk", FALLS_SOURCE, "falls, injury and deficits → low/moderate/high/unknown"),
    Rule("clearance_reasons", ACSM_SOURCE, "known disease when inactive, symptoms (ACSM 2015)"),
    Rule("clearance_red_flags", RED_FLAG_SOURCE, "recent fracture, >= 2 vertebral fractures, "
         "acute back pain, unexplained pain, recent joint replacement"),
    Rule("tier_c_reasons", TIER_C_SOURCE, "vertebral fracture, severe osteoporosis, "
         "hyperkyphosis, high fall risk, severe sarcopenia"),
    Rule("tier_b_reasons", TIER_B_SOURCE, "osteoporosis by either system, moderate fall risk"),
    Rule("tier_a", TIER_A_SOURCE, "everyone else: heavy resistance and impact training"),
)  # fmt: skip


# --- the assessment ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bone:
    who_category: WhoCategory
    jp_category: JpCategory
    lowest_t_score: float | None
    lowest_site: DxaSite | None
    lowest_yam_percent: float | None
    lowest_yam_site: DxaSite | None

    @property
    def categories_that_apply(self) -> list[str]:
        out = []
        if self.who_category not in (WhoCategory.NOT_APPLICABLE, WhoCategory.UNKNOWN):
            out.append(self.who_category.value)
        if self.jp_category is not JpCategory.UNKNOWN:
            out.append(self.jp_category.value)
        return out

    @property
    def normal(self) -> bool:
        """The worse of the WHO and Japanese results that apply is normal (an unknown result is
        not a result; with no result at all the bone is not known to be normal)."""
        known = self.categories_that_apply
        return bool(known) and all(c == "normal" for c in known)

    @property
    def low(self) -> bool:
        """Osteopenia/low bone mass or osteoporosis by either system."""
        return self.who_category in (
            WhoCategory.OSTEOPENIA,
            WhoCategory.OSTEOPOROSIS,
            WhoCategory.SEVERE_OSTEOPOROSIS,
        ) or self.jp_category in (JpCategory.LOW_BONE_MASS, JpCategory.OSTEOPOROSIS)

    @property
    def osteoporosis(self) -> bool:
        return (
            self.who_category
            in (
                WhoCategory.OSTEOPOROSIS,
                WhoCategory.SEVERE_OSTEOPOROSIS,
            )
            or self.jp_category is JpCategory.OSTEOPOROSIS
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "who_category": self.who_category.value,
            "jp_category": self.jp_category.value,
            "lowest_t_score": _number(self.lowest_t_score),
            "lowest_site": None if self.lowest_site is None else self.lowest_site.value,
            "lowest_yam_percent": _number(self.lowest_yam_percent),
            "lowest_yam_site": None if self.lowest_yam_site is None else self.lowest_yam_site.value,
            "category_normal": self.normal,
            "sources": {"who_category": WHO_SOURCE, "jp_category": JP_SOURCE},
        }


def _number(value: float | None) -> float | int | None:
    """Whole numbers as JSON integers (68, not 68.0), as the client wrote them."""
    return int(value) if value is not None and value.is_integer() else value


def bone(profile: ClientProfile) -> Bone:
    t = lowest_t_score(profile)
    yam = lowest_yam(profile)
    site = t[1] if t is not None else (yam[1] if yam is not None else None)
    return Bone(
        who_category=who_category(profile),
        jp_category=jp_category(profile),
        lowest_t_score=None if t is None else t[0],
        lowest_site=site,
        lowest_yam_percent=None if yam is None else yam[0],
        lowest_yam_site=None if yam is None else yam[1],
    )


@dataclass(frozen=True, slots=True)
class Assessment:
    bone: Bone
    osta: Osta | None
    sarcopenia: Sarcopenia
    osteosarcopenia: bool
    fall_risk: FallRisk
    medical_clearance_required: bool
    clearance_reasons: tuple[Finding, ...]
    tier: Tier
    envelope: Envelope
    targets: Targets
    findings: tuple[Finding, ...] = field(default=())

    @property
    def bone_category_normal(self) -> bool:
        return self.bone.normal

    @property
    def fall_risk_category(self) -> FallRiskCategory:
        return self.fall_risk.category

    @property
    def sarcopenia_category(self) -> SarcopeniaCategory:
        return self.sarcopenia.category

    @property
    def cleared(self) -> bool:
        """Clearance was needed and has been given."""
        return bool(self.clearance_reasons) and not self.medical_clearance_required

    def sources(self) -> list[str]:
        """Every reference key this assessment relies on, in order of first use."""
        keys = [f.source for f in self.findings] + [self.envelope.source]
        keys += list(self.envelope.sources().values())
        keys += [k for ks in self.targets.sources.values() for k in ks]
        return list(dict.fromkeys(keys))

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "bone": self.bone.to_dict(),
            "osta": None if self.osta is None else self.osta.to_dict(),
            "sarcopenia": self.sarcopenia.to_dict(),
            "osteosarcopenia": self.osteosarcopenia,
            "fall_risk": self.fall_risk.to_dict(),
            "medical_clearance_required": self.medical_clearance_required,
            "clearance_reasons": [r.to_dict() for r in self.clearance_reasons],
            "tier": self.tier.value,
            "envelope": self.envelope.to_dict(),
            "targets": self.targets.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
            "sources": self.sources(),
        }


def assess(profile: ClientProfile) -> Assessment:
    """Assess a client: every rule of ENGINE.md §2, with findings in English and Japanese."""
    bone_result = bone(profile)
    osta_result = osta(profile)
    sarc = sarcopenia(profile)
    osteosarcopenia = bone_result.low and sarc.category in (
        SarcopeniaCategory.SARCOPENIA,
        SarcopeniaCategory.SEVERE,
    )
    falls = fall_risk(profile)
    reasons = clearance_reasons(profile)
    clearance_required = bool(reasons) and not profile.cleared

    c_reasons = tier_c_reasons(profile, bone_result.who_category, falls.category, sarc.category)
    b_reasons = tier_b_reasons(bone_result.who_category, bone_result.jp_category, falls.category)
    # A clearance lets training start; it never lifts tier C to A or B.
    if clearance_required:
        tier = Tier.CLEARANCE_REQUIRED
    elif c_reasons:
        tier = Tier.C
    elif b_reasons:
        tier = Tier.B
    else:
        tier = Tier.A
    novice = profile.experience in (None, Experience.NONE, Experience.NOVICE)
    envelope = envelope_for(tier, bone_category_normal=bone_result.normal, novice=novice)
    targets = nutrition_targets(profile)

    findings = _findings(
        profile,
        bone=bone_result,
        osta=osta_result,
        sarcopenia=sarc,
        osteosarcopenia=osteosarcopenia,
        falls=falls,
        clearance=reasons,
        clearance_required=clearance_required,
        tier=tier,
        tier_reasons=c_reasons if tier is Tier.C else b_reasons if tier is Tier.B else [],
        envelope=envelope,
        targets=targets,
    )
    return Assessment(
        bone=bone_result,
        osta=osta_result,
        sarcopenia=sarc,
        osteosarcopenia=osteosarcopenia,
        fall_risk=falls,
        medical_clearance_required=clearance_required,
        clearance_reasons=tuple(reasons),
        tier=tier,
        envelope=envelope,
        targets=targets,
        findings=tuple(findings),
    )


# --- findings: the wording (English and Japanese; client-facing Japanese addresses お客様) --------

REFERRAL_SOURCE = "jos_2015_guideline"
SITE_NAMES = {
    DxaSite.LUMBAR_SPINE: ("lumbar spine", "腰椎"),
    DxaSite.FEMORAL_NECK: ("femoral neck", "大腿骨頸部"),
    DxaSite.TOTAL_HIP: ("total hip", "大腿骨近位部（全体）"),
    DxaSite.RADIUS: ("radius", "橈骨"),
}
WHO_NAMES = {
    WhoCategory.NORMAL: ("normal", "正常"),
    WhoCategory.OSTEOPENIA: ("osteopenia (low bone mass)", "骨量減少"),
    WhoCategory.OSTEOPOROSIS: ("osteoporosis", "骨粗鬆症"),
    WhoCategory.SEVERE_OSTEOPOROSIS: ("severe osteoporosis", "重症骨粗鬆症"),
    WhoCategory.NOT_APPLICABLE: ("not applicable", "適用外"),
    WhoCategory.UNKNOWN: ("unknown", "不明"),
}
JP_NAMES = {
    JpCategory.NORMAL: ("normal", "正常"),
    JpCategory.LOW_BONE_MASS: ("low bone mass", "骨量減少"),
    JpCategory.OSTEOPOROSIS: ("osteoporosis", "骨粗鬆症"),
    JpCategory.UNKNOWN: ("unknown", "不明"),
}
SARCOPENIA_NAMES = {
    SarcopeniaCategory.NONE: ("no sarcopenia", "サルコペニアなし"),
    SarcopeniaCategory.POSSIBLE: ("possible sarcopenia", "サルコペニアの可能性"),
    SarcopeniaCategory.SARCOPENIA: ("sarcopenia", "サルコペニア"),
    SarcopeniaCategory.SEVERE: ("severe sarcopenia", "重度サルコペニア"),
    SarcopeniaCategory.UNKNOWN: ("unknown", "不明"),
}
FALL_NAMES = {
    FallRiskCategory.LOW: ("low", "低い"),
    FallRiskCategory.MODERATE: ("moderate", "中等度"),
    FallRiskCategory.HIGH: ("high", "高い"),
    FallRiskCategory.UNKNOWN: ("unknown", "不明"),
}
OSTA_NAMES = {
    OstaRisk.LOW: ("low", "低リスク"),
    OstaRisk.MODERATE: ("moderate", "中リスク"),
    OstaRisk.HIGH: ("high", "高リスク"),
}
TIER_NAMES = {
    Tier.A: ("A (bone-building)", "A（骨強化）"),
    Tier.B: ("B (supervised bone-building)", "B（指導者の監督下での骨強化）"),
    Tier.C: ("C (spine-protective)", "C（脊椎保護）"),
    Tier.CLEARANCE_REQUIRED: ("clearance required", "医師の許可（運動許可）待ち"),
}


def _bone_findings(profile: ClientProfile, b: Bone) -> list[Finding]:
    out: list[Finding] = []
    who = b.who_category
    if who is WhoCategory.NOT_APPLICABLE:
        out.append(
            Finding(
                "who_not_applicable",
                "WHO T-score categories apply to postmenopausal women and men aged 50 or over; "
                "for this client the physician reads the Z-score instead.",
                "WHOのTスコア分類は閉経後の女性と50歳以上の男性が対象です。お客様の場合は"
                "医師がZスコアで判断します。",
                WHO_SOURCE,
            )
        )
    elif who is WhoCategory.UNKNOWN:
        out.append(
            Finding(
                "who_unknown",
                "No T-score recorded: the WHO category is unknown.",
                "Tスコアの記録がないため、WHO分類は不明です。",
                WHO_SOURCE,
            )
        )
    else:
        assert b.lowest_t_score is not None and b.lowest_site is not None
        site_en, site_ja = SITE_NAMES[b.lowest_site]
        name_en, name_ja = WHO_NAMES[who]
        severe = who is WhoCategory.SEVERE_OSTEOPOROSIS
        extra_en = "; with a fragility fracture" if severe else ""
        extra_ja = "、脆弱性骨折あり" if severe else ""
        out.append(
            Finding(
                f"who_{who.value}",
                f"WHO category: {name_en} (lowest T-score {b.lowest_t_score:g} at the {site_en}"
                f"{extra_en}).",
                f"WHO分類：{name_ja}"
                f"（最も低いTスコア {b.lowest_t_score:g}：{site_ja}{extra_ja}）。",
                WHO_SOURCE,
            )
        )
        earlier = earlier_lowest_scan(profile)
        if earlier is not None and earlier.date is not None:
            when = earlier.date.isoformat()
            out.append(
                Finding(
                    "dxa_earlier_scan_decides",
                    f"The lowest T-score is from the scan of {when}; a later scan of the {site_en} "
                    "is higher. Every scan counts: a diagnosis of osteoporosis stands when later "
                    "scans improve, and the other categories are kept as cautiously.",
                    f"最も低いTスコアは{when}の測定です。{site_ja}のその後の測定はこれより高い値"
                    "です。すべての測定を用います：骨粗鬆症の診断はその後の測定が改善しても変わら"
                    "ず、ほかの分類も同じく慎重に扱います。",
                    DXA_HISTORY_SOURCE,
                )
            )
        if b.lowest_site is DxaSite.RADIUS:
            out.append(
                Finding(
                    "who_radius_only",
                    "Only the radius was measured; a spine and hip DXA scan gives the reference "
                    "result.",
                    "橈骨のみの測定です。腰椎と大腿骨のDXA測定が基準になります。",
                    WHO_SOURCE,
                )
            )
    jp, rule = jp_decision(profile)
    name_en, name_ja = JP_NAMES[jp]
    if jp is JpCategory.UNKNOWN:
        # A radius T-score alone decides nothing here (the radius is judged by %YAM only), so
        # do not tell the trainer that no T-score was recorded.
        lowest = lowest_t_score(profile)
        if lowest is not None and lowest[1] is DxaSite.RADIUS:
            why_en = "the radius is judged by %YAM only, and none was recorded"
            why_ja = (
                "橈骨は若年成人平均値（YAM）に対する割合でのみ判定します。%YAMの記録がありません"
            )
        else:
            why_en = "no %YAM or T-score recorded"
            why_ja = "若年成人平均値（YAM）やTスコアの記録がありません"
        out.append(
            Finding(
                "jp_unknown",
                f"Japanese criteria: unknown ({why_en}).",
                f"日本の診断基準：不明（{why_ja}）。",
                JP_SOURCE,
            )
        )
    else:
        why_en, why_ja = {
            "major_fragility_fracture": (
                "a vertebral or hip fragility fracture",
                "椎体または大腿骨近位部の脆弱性骨折",
            ),
            "fragility_fracture_low_density": (
                "a fragility fracture with bone density below 80 % YAM",
                "脆弱性骨折があり骨密度がYAMの80%未満",
            ),
        }.get(rule, ("bone density", "骨密度"))
        detail = []
        if b.lowest_yam_percent is not None:
            detail.append(f"YAM {b.lowest_yam_percent:g}%")
        elif b.lowest_t_score is not None and b.lowest_site is not DxaSite.RADIUS:
            detail.append(f"T {b.lowest_t_score:g}")
        suffix = f", {detail[0]}" if detail else ""
        suffix_ja = f"、{detail[0]}" if detail else ""
        out.append(
            Finding(
                f"jp_{jp.value}",
                f"Japanese criteria: {name_en} (by {why_en}{suffix}).",
                f"日本の診断基準：{name_ja}（{why_ja}{suffix_ja}）。",
                JP_SOURCE,
            )
        )
    if b.low:
        out.append(
            Finding(
                "refer_physician_bone",
                "The bone density is below normal: please share these results with your "
                "physician. Diagnosis and treatment are the physician's decision.",
                "骨密度が正常より低い範囲です。お客様の主治医にこの結果をお伝えください。"
                "診断と治療は医師が判断します。",
                REFERRAL_SOURCE,
            )
        )
    no_result = jp is JpCategory.UNKNOWN and who in (
        WhoCategory.UNKNOWN,
        WhoCategory.NOT_APPLICABLE,
    )
    if no_result and not any(f.fragility for f in profile.fractures):
        out.append(
            Finding(
                "dxa_recommended",
                "No bone density result: a DXA scan of spine and hip at a clinic is recommended.",
                "骨密度の結果がありません。医療機関での腰椎・大腿骨のDXA測定をおすすめします。",
                JP_SOURCE,
            )
        )
    return out


def _osta_findings(o: Osta | None, b: Bone) -> list[Finding]:
    if o is None:
        return []
    en, ja = OSTA_NAMES[o.risk]
    out = [
        Finding(
            f"osta_{o.risk.value}",
            f"OSTA screening index {o.index}: {en} risk of osteoporosis (a screening result, not "
            "a diagnosis).",
            f"OSTA指数 {o.index}：骨粗鬆症の{ja}（スクリーニング結果であり、診断ではありません）。",
            OSTA_SOURCE,
        )
    ]
    if o.risk is not OstaRisk.LOW and not b.categories_that_apply:
        out.append(
            Finding(
                "osta_dxa_referral",
                "With this OSTA result and no bone density on record, a DXA scan is recommended.",
                "このOSTA結果で骨密度の記録がないため、DXA測定をおすすめします。",
                OSTA_SOURCE,
            )
        )
    return out


def _sarcopenia_findings(profile: ClientProfile, s: Sarcopenia, osteo: bool) -> list[Finding]:
    en, ja = SARCOPENIA_NAMES[s.category]
    out = [
        Finding(
            f"sarcopenia_{s.category.value}",
            f"Sarcopenia (AWGS 2019): {en}.",
            f"サルコペニア（AWGS 2019）：{ja}。",
            AWGS_SOURCE,
        )
    ]
    if s.category is SarcopeniaCategory.POSSIBLE:
        out.append(
            Finding(
                "sarcopenia_possible_referral",
                "Low grip strength or a slow chair stand: start strength training and consider "
                "a medical check of muscle mass.",
                "握力または5回椅子立ち上がりテストの結果が低めです。筋力トレーニングを始め、"
                "医療機関での筋肉量の確認もご検討ください。",
                AWGS_SOURCE,
            )
        )
    if s.low_mass and low_strength(profile) is None and low_performance(profile) is None:
        out.append(
            Finding(
                "muscle_tests_needed",
                "Low muscle mass, but neither grip strength nor a performance test (gait speed, "
                "5-times chair stand, SPPB) was recorded: sarcopenia cannot be confirmed or ruled "
                "out until they are measured.",
                "筋肉量は低めですが、握力も身体機能テスト（歩行速度、5回椅子立ち上がり、SPPB）も"
                "記録されていません。測定するまでサルコペニアかどうかは判断できません。",
                AWGS_SOURCE,
            )
        )
    if s.case_finding_positive:
        out.append(
            Finding(
                "sarcopenia_case_finding_positive",
                "Calf circumference or SARC-F suggests sarcopenia: measure grip strength and "
                "the 5-times chair stand test.",
                "下腿周囲長またはSARC-Fがサルコペニアを示唆しています。握力と5回椅子立ち上がり"
                "テストを測定しましょう。",
                AWGS_SOURCE,
            )
        )
    if profile.asmi_kg_m2 is not None and s.low_mass is None:
        out.append(
            Finding(
                "asmi_method_needed",
                "The muscle-mass cut-off for women depends on the method (DXA 5.4, BIA 5.7 "
                "kg/m²): record asmi_method.",
                "女性の筋肉量の基準値は測定法で異なります（DXA 5.4、BIA 5.7 kg/m²）。"
                "測定法を記録してください。",
                AWGS_SOURCE,
            )
        )
    if osteo:
        out.append(
            Finding(
                "osteosarcopenia",
                "Osteosarcopenia: low bone density together with sarcopenia.",
                "オステオサルコペニア：骨密度の低下とサルコペニアが併存しています。",
                "binkley_2009_osteosarcopenia",
            )
        )
    return out


def _fall_findings(profile: ClientProfile, f: FallRisk) -> list[Finding]:
    en, ja = FALL_NAMES[f.category]
    out = [
        Finding(
            f"fall_risk_{f.category.value}",
            f"Fall risk: {en}.",
            f"転倒リスク：{ja}。",
            FALLS_SOURCE,
        )
    ]
    out.extend(f.reasons)
    if (
        profile.chair_stand_30s is not None
        and chair_stand_30s_norm(profile.age, profile.sex) is None
    ):
        out.append(
            Finding(
                "chair_stand_30s_no_norm",
                "The 30-second chair stand norms cover ages 60-94; the result was recorded but "
                "not graded.",
                "30秒椅子立ち上がりテストの基準は60〜94歳です。結果は記録しましたが判定していません。",
                CHAIR_30S_SOURCE,
            )
        )
    if f.category is FallRiskCategory.UNKNOWN:
        out.append(
            Finding(
                "fall_risk_ask",
                "Ask about falls in the past year and test TUG, one-leg standing or the "
                "30-second chair stand.",
                "過去1年間の転倒の有無を確認し、TUG・開眼片脚起立時間・30秒椅子立ち上がりテストを"
                "測定しましょう。",
                FALLS_SOURCE,
            )
        )
    return out


def _findings(
    profile: ClientProfile,
    *,
    bone: Bone,
    osta: Osta | None,
    sarcopenia: Sarcopenia,
    osteosarcopenia: bool,
    falls: FallRisk,
    clearance: list[Finding],
    clearance_required: bool,
    tier: Tier,
    tier_reasons: list[Finding],
    envelope: Envelope,
    targets: Targets,
) -> list[Finding]:
    out = _bone_findings(profile, bone)
    out += _osta_findings(osta, bone)
    out += _sarcopenia_findings(profile, sarcopenia, osteosarcopenia)
    out += _fall_findings(profile, falls)
    out += clearance
    if any(f.fragility and f.months_ago is None for f in profile.fractures):
        out.append(
            Finding(
                "fracture_date_unknown",
                "Ask when the fragility fracture happened: within 6 months a physician's "
                "clearance is needed before training.",
                "脆弱性骨折の時期を確認してください。6か月以内の場合は、トレーニング前に"
                "医師の許可（運動許可）が必要です。",
                RED_FLAG_SOURCE,
            )
        )
    if clearance and not clearance_required:
        by = profile.clearance.by if profile.clearance and profile.clearance.by else None
        out.append(
            Finding(
                "clearance_given",
                f"Medical clearance recorded{f' ({by})' if by else ''}: training may start inside "
                "the tier's limits.",
                f"医師の許可（運動許可）を確認済みです{f'（{by}）' if by else ''}。"
                "運動区分の範囲内で開始できます。",
                ACSM_SOURCE,
            )
        )
    if clearance_required:
        out.append(
            Finding(
                "tier_clearance_required",
                "Training waits for a physician's clearance; please consult your physician.",
                "医師の許可（運動許可）が得られるまでトレーニングは開始しません。"
                "お客様の主治医にご相談ください。",
                ACSM_SOURCE,
            )
        )
    elif tier is Tier.A:
        out.append(
            Finding(
                "tier_a",
                "Tier A (bone-building): progressive heavy resistance and impact training "
                "after familiarisation.",
                "運動区分A（骨強化）：導入期の後、漸進的な高強度レジスタンストレーニングと衝撃負荷を"
                "行います。",
                TIER_A_SOURCE,
            )
        )
    else:
        out += tier_reasons
    if tier is Tier.A and not envelope.loaded_spinal_flexion:
        out.append(
            Finding(
                "no_loaded_spinal_flexion",
                "Loaded spinal flexion stays out of the program until the bone category is "
                "known to be normal.",
                "骨密度が正常と確認できるまで、負荷をかけた体幹前屈は行いません。",
                "beck_2017_essa",
            )
        )
    if profile.has(Condition.KNEE_OSTEOARTHRITIS) or profile.has(Condition.HIP_OSTEOARTHRITIS):
        out.append(
            Finding(
                "osteoarthritis_modify_impact",
                "Knee or hip osteoarthritis: impact exercises may need modifying.",
                "膝または股関節の変形性関節症があるため、衝撃負荷の運動は調整が必要な場合があります。",
                "beck_2017_essa",
            )
        )
    if targets.protein_referral:
        out.append(
            Finding(
                "protein_referral_ckd",
                "Chronic kidney disease stage 4-5: no protein target; protein intake is set by "
                "the physician or dietitian.",
                "慢性腎臓病ステージ4〜5のため、たんぱく質の目標は設定しません。摂取量は医師・"
                "管理栄養士にご相談ください。",
                "bauer_2013_protage",
            )
        )
    elif targets.protein_basis == "dri" and profile.weight_kg is None:
        out.append(
            Finding(
                "protein_target_dri",
                "Weight unknown: the protein target is the recommended intake of the Dietary "
                "Reference Intakes for Japanese.",
                "体重が不明のため、たんぱく質の目標は日本人の食事摂取基準の推奨量としました。",
                "mhlw_dri_2020",
            )
        )
    return out
