"""Small enums shared by the engine. Values are the JSON spellings of ENGINE.md."""

from __future__ import annotations

from enum import StrEnum


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


class Menopause(StrEnum):
    PRE = "pre"
    PERI = "peri"
    POST = "post"


class DxaSite(StrEnum):
    LUMBAR_SPINE = "lumbar_spine"
    FEMORAL_NECK = "femoral_neck"
    TOTAL_HIP = "total_hip"
    RADIUS = "radius"


class FractureSite(StrEnum):
    VERTEBRA = "vertebra"
    HIP = "hip"
    RIB = "rib"
    PELVIS = "pelvis"
    PROXIMAL_HUMERUS = "proximal_humerus"
    DISTAL_RADIUS = "distal_radius"
    LOWER_LEG = "lower_leg"
    OTHER = "other"


class Condition(StrEnum):
    ACUTE_BACK_PAIN = "acute_back_pain"
    UNEXPLAINED_PAIN = "unexplained_pain"
    RECENT_JOINT_REPLACEMENT = "recent_joint_replacement"
    UNCONTROLLED_HYPERTENSION = "uncontrolled_hypertension"
    CARDIOVASCULAR_SYMPTOMS = "cardiovascular_symptoms"
    KNOWN_CARDIOVASCULAR_DISEASE = "known_cardiovascular_disease"
    KNOWN_METABOLIC_DISEASE = "known_metabolic_disease"
    KNOWN_RENAL_DISEASE = "known_renal_disease"
    CKD_STAGE_4_5 = "ckd_stage_4_5"
    HYPERKYPHOSIS = "hyperkyphosis"
    KNEE_OSTEOARTHRITIS = "knee_osteoarthritis"
    HIP_OSTEOARTHRITIS = "hip_osteoarthritis"


class Medication(StrEnum):
    GLUCOCORTICOIDS = "glucocorticoids"
    BISPHOSPHONATE = "bisphosphonate"
    DENOSUMAB = "denosumab"
    ROMOSOZUMAB = "romosozumab"
    TERIPARATIDE = "teriparatide"
    HORMONE_THERAPY = "hormone_therapy"
    AROMATASE_INHIBITOR = "aromatase_inhibitor"


class Experience(StrEnum):
    NONE = "none"
    NOVICE = "novice"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Equipment(StrEnum):
    BARBELL = "barbell"
    DUMBBELL = "dumbbell"
    KETTLEBELL = "kettlebell"
    MACHINE = "machine"
    CABLE = "cable"
    BANDS = "bands"
    BODYWEIGHT = "bodyweight"
    STEP = "step"
    VEST = "vest"


class AsmiMethod(StrEnum):
    DXA = "dxa"
    BIA = "bia"


class Pattern(StrEnum):
    SQUAT = "squat"
    HINGE = "hinge"
    LUNGE = "lunge"
    PUSH_HORIZONTAL = "push_horizontal"
    PUSH_VERTICAL = "push_vertical"
    PULL_HORIZONTAL = "pull_horizontal"
    PULL_VERTICAL = "pull_vertical"
    CARRY = "carry"
    BACK_EXTENSION = "back_extension"
    BALANCE = "balance"
    IMPACT = "impact"
    CORE = "core"
    MOBILITY = "mobility"


class Impact(StrEnum):
    """Ordered impact levels; compare with `IMPACT_ORDER`."""

    NONE = "none"
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


IMPACT_ORDER: dict[Impact, int] = {
    Impact.NONE: 0,
    Impact.LOW: 1,
    Impact.MODERATE: 2,
    Impact.HIGH: 3,
}


class Tier(StrEnum):
    A = "A"
    B = "B"
    C = "C"
    CLEARANCE_REQUIRED = "clearance_required"


class Site(StrEnum):
    """Skeletal sites the bone model forecasts."""

    LUMBAR_SPINE = "lumbar_spine"
    FEMORAL_NECK = "femoral_neck"


class Lang(StrEnum):
    JA = "ja"
    EN = "en"
