"""The client profile (`osteoload.profile/1`): parsed and validated from JSON, written back to JSON.

Only `age` and `sex` are required. Missing is not zero: every other field is `None` (or an empty
list) when the client has not answered or the test was not done, and the rules treat it as unknown.
The plausibility ranges below are product policy: they catch typing errors (a weight of 6.5 kg, a
T-score of 25), not clinical judgements.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from .dates import parse_iso_date
from .errors import InputError
from .types import (
    AsmiMethod,
    Condition,
    DxaSite,
    Equipment,
    Experience,
    FractureSite,
    Medication,
    Menopause,
    Sex,
)
from .values import finite_number

SCHEMA = "osteoload.profile/1"

E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class DxaResult:
    site: DxaSite
    t_score: float | None = None
    z_score: float | None = None
    yam_percent: float | None = None
    bmd_g_cm2: float | None = None
    date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Fracture:
    site: FractureSite
    fragility: bool
    months_ago: float | None = None


@dataclass(frozen=True, slots=True)
class Clearance:
    cleared: bool
    by: str | None = None
    date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class ClientProfile:
    age: float
    sex: Sex
    height_cm: float | None = None
    weight_kg: float | None = None
    menopause: Menopause | None = None
    years_since_menopause: float | None = None
    dxa: tuple[DxaResult, ...] = ()
    fractures: tuple[Fracture, ...] = ()
    falls_past_year: int | None = None
    fall_injury: bool | None = None
    grip_kg: float | None = None
    chair_stand_5x_s: float | None = None
    gait_speed_m_s: float | None = None
    sppb: int | None = None
    tug_s: float | None = None
    single_leg_stance_s: float | None = None
    chair_stand_30s: int | None = None
    asmi_kg_m2: float | None = None
    asmi_method: AsmiMethod | None = None
    calf_cm: float | None = None
    sarc_f: int | None = None
    conditions: frozenset[Condition] = field(default_factory=frozenset)
    medications: frozenset[Medication] = field(default_factory=frozenset)
    physically_active: bool | None = None
    clearance: Clearance | None = None
    experience: Experience | None = None
    equipment: frozenset[Equipment] | None = None
    sessions_per_week: int | None = None

    @property
    def is_female(self) -> bool:
        return self.sex is Sex.FEMALE

    @property
    def cleared(self) -> bool:
        return self.clearance is not None and self.clearance.cleared

    @property
    def bmi(self) -> float | None:
        if self.height_cm is None or self.weight_kg is None:
            return None
        return self.weight_kg / (self.height_cm / 100.0) ** 2

    def has(self, condition: Condition) -> bool:
        return condition in self.conditions

    def takes(self, medication: Medication) -> bool:
        return medication in self.medications

    def to_dict(self) -> dict[str, Any]:
        return profile_to_dict(self)


# --- parsing -------------------------------------------------------------------------------------


def _is_missing(data: Mapping[str, Any], key: str) -> bool:
    return key not in data or data[key] is None


def _number(
    data: Mapping[str, Any], key: str, path: str, lo: float, hi: float, *, required: bool = False
) -> float | None:
    if _is_missing(data, key):
        if required:
            raise InputError(path + key, "is required")
        return None
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(path + key, f"must be a number, got {type(value).__name__}")
    number = finite_number(value)
    if number is None or not lo <= number <= hi:
        raise InputError(path + key, f"must be between {lo:g} and {hi:g}, got {value!r}")
    return number


def _integer(data: Mapping[str, Any], key: str, path: str, lo: int, hi: int) -> int | None:
    number = _number(data, key, path, lo, hi)
    if number is None:
        return None
    if not number.is_integer():
        raise InputError(path + key, f"must be a whole number, got {data[key]!r}")
    return int(number)


def _boolean(
    data: Mapping[str, Any], key: str, path: str, *, required: bool = False
) -> bool | None:
    if _is_missing(data, key):
        if required:
            raise InputError(path + key, "is required")
        return None
    value = data[key]
    if not isinstance(value, bool):
        raise InputError(path + key, f"must be true or false, got {value!r}")
    return value


def _choice(
    data: Mapping[str, Any], key: str, path: str, enum: type[E], *, required: bool = False
) -> E | None:
    if _is_missing(data, key):
        if required:
            raise InputError(path + key, "is required")
        return None
    return _enum_value(data[key], path + key, enum)


def _enum_value(value: Any, where: str, enum: type[E]) -> E:
    allowed = ", ".join(f'"{m.value}"' for m in enum)
    if not isinstance(value, str):
        raise InputError(where, f"must be one of {allowed}, got {value!r}")
    try:
        return enum(value)
    except ValueError:
        raise InputError(where, f"must be one of {allowed}, got {value!r}") from None


def _text(data: Mapping[str, Any], key: str, path: str) -> str | None:
    if _is_missing(data, key):
        return None
    value = data[key]
    if not isinstance(value, str):
        raise InputError(path + key, f"must be a string, got {value!r}")
    return value


def _date(data: Mapping[str, Any], key: str, path: str) -> dt.date | None:
    text = _text(data, key, path)
    if text is None:
        return None
    return parse_iso_date(text, path + key)


def _list(data: Mapping[str, Any], key: str, path: str) -> list[Any]:
    if _is_missing(data, key):
        return []
    value = data[key]
    if not isinstance(value, list):
        raise InputError(path + key, f"must be a list, got {type(value).__name__}")
    return value


def _object(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InputError(where, f"must be an object, got {type(value).__name__}")
    return value


def _enum_set(data: Mapping[str, Any], key: str, path: str, enum: type[E]) -> frozenset[E]:
    return frozenset(
        _enum_value(item, f"{path}{key}[{i}]", enum)
        for i, item in enumerate(_list(data, key, path))
    )


def _parse_dxa(item: Any, where: str) -> DxaResult:
    obj = _object(item, where)
    p = where + "."
    result = DxaResult(
        site=_choice(obj, "site", p, DxaSite, required=True),  # type: ignore[arg-type]
        t_score=_number(obj, "t_score", p, -8.0, 8.0),
        z_score=_number(obj, "z_score", p, -8.0, 8.0),
        yam_percent=_number(obj, "yam_percent", p, 20.0, 200.0),
        bmd_g_cm2=_number(obj, "bmd_g_cm2", p, 0.1, 3.0),
        date=_date(obj, "date", p),
    )
    return result


def _parse_fracture(item: Any, where: str) -> Fracture:
    obj = _object(item, where)
    p = where + "."
    return Fracture(
        site=_choice(obj, "site", p, FractureSite, required=True),  # type: ignore[arg-type]
        fragility=_boolean(obj, "fragility", p, required=True),  # type: ignore[arg-type]
        months_ago=_number(obj, "months_ago", p, 0.0, 1200.0),
    )


def _parse_clearance(data: Mapping[str, Any]) -> Clearance | None:
    if _is_missing(data, "clearance"):
        return None
    obj = _object(data["clearance"], "clearance")
    return Clearance(
        cleared=_boolean(obj, "cleared", "clearance.", required=True),  # type: ignore[arg-type]
        by=_text(obj, "by", "clearance."),
        date=_date(obj, "date", "clearance."),
    )


def parse_profile_in(request: Mapping[str, Any], key: str = "profile") -> ClientProfile:
    """The profile a request carries under `key`: required, and its errors named from the
    request (``profile.age``, not ``age``)."""
    raw = request.get(key)
    if raw is None:
        raise InputError(key, "is required")
    if not isinstance(raw, Mapping):
        raise InputError(key, f"must be an object, got {type(raw).__name__}")
    try:
        return parse_profile(raw)
    except InputError as error:
        raise error.within(key) from None


def parse_profile(data: Any) -> ClientProfile:
    """Validate a JSON object into a ClientProfile; raise InputError naming the first bad field."""
    obj = _object(data, "profile")
    p = ""
    schema = obj.get("schema")
    if schema is not None and schema != SCHEMA:
        raise InputError("schema", f'must be "{SCHEMA}" (or left out), got {schema!r}')
    sex = _choice(obj, "sex", p, Sex, required=True)
    age = _number(obj, "age", p, 18, 110, required=True)
    assert sex is not None and age is not None
    menopause = _choice(obj, "menopause", p, Menopause)
    if menopause is not None and sex is Sex.MALE:
        raise InputError("menopause", 'applies to women only (sex is "male")')
    years_since = _number(obj, "years_since_menopause", p, 0, 80)
    if years_since is not None:
        if sex is Sex.MALE:
            raise InputError("years_since_menopause", 'applies to women only (sex is "male")')
        if menopause in (Menopause.PRE, Menopause.PERI):
            raise InputError(
                "years_since_menopause", f'is only meaningful after menopause, not "{menopause}"'
            )
        if years_since > age:
            raise InputError("years_since_menopause", f"cannot exceed age ({age:g})")
    asmi = _number(obj, "asmi_kg_m2", p, 2.0, 15.0)
    asmi_method = _choice(obj, "asmi_method", p, AsmiMethod)
    equipment = None if _is_missing(obj, "equipment") else _enum_set(obj, "equipment", p, Equipment)
    sessions = _integer(obj, "sessions_per_week", p, 1, 7)
    if sessions is not None and sessions not in (2, 3):
        raise InputError("sessions_per_week", f"must be 2 or 3, got {obj['sessions_per_week']!r}")
    return ClientProfile(
        age=age,
        sex=sex,
        height_cm=_number(obj, "height_cm", p, 100, 250),
        weight_kg=_number(obj, "weight_kg", p, 25, 300),
        menopause=menopause,
        years_since_menopause=years_since,
        dxa=tuple(_parse_dxa(x, f"dxa[{i}]") for i, x in enumerate(_list(obj, "dxa", p))),
        fractures=tuple(
            _parse_fracture(x, f"fractures[{i}]") for i, x in enumerate(_list(obj, "fractures", p))
        ),
        falls_past_year=_integer(obj, "falls_past_year", p, 0, 365),
        fall_injury=_boolean(obj, "fall_injury", p),
        grip_kg=_number(obj, "grip_kg", p, 0, 120),
        chair_stand_5x_s=_number(obj, "chair_stand_5x_s", p, 1, 300),
        gait_speed_m_s=_number(obj, "gait_speed_m_s", p, 0.05, 4.0),
        sppb=_integer(obj, "sppb", p, 0, 12),
        tug_s=_number(obj, "tug_s", p, 2, 600),
        single_leg_stance_s=_number(obj, "single_leg_stance_s", p, 0, 600),
        chair_stand_30s=_integer(obj, "chair_stand_30s", p, 0, 80),
        asmi_kg_m2=asmi,
        asmi_method=asmi_method,
        calf_cm=_number(obj, "calf_cm", p, 10, 80),
        sarc_f=_integer(obj, "sarc_f", p, 0, 10),
        conditions=_enum_set(obj, "conditions", p, Condition),
        medications=_enum_set(obj, "medications", p, Medication),
        physically_active=_boolean(obj, "physically_active", p),
        clearance=_parse_clearance(obj),
        experience=_choice(obj, "experience", p, Experience),
        equipment=equipment,
        sessions_per_week=sessions,
    )


# --- writing -------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _compact(pairs: dict[str, Any]) -> dict[str, Any]:
    return {k: _plain(v) for k, v in pairs.items() if v is not None}


def profile_to_dict(profile: ClientProfile) -> dict[str, Any]:
    """The profile as `osteoload.profile/1` JSON, leaving out what is unknown."""
    out: dict[str, Any] = _compact(
        {
            "age": profile.age,
            "sex": profile.sex,
            "height_cm": profile.height_cm,
            "weight_kg": profile.weight_kg,
            "menopause": profile.menopause,
            "years_since_menopause": profile.years_since_menopause,
            "falls_past_year": profile.falls_past_year,
            "fall_injury": profile.fall_injury,
            "grip_kg": profile.grip_kg,
            "chair_stand_5x_s": profile.chair_stand_5x_s,
            "gait_speed_m_s": profile.gait_speed_m_s,
            "sppb": profile.sppb,
            "tug_s": profile.tug_s,
            "single_leg_stance_s": profile.single_leg_stance_s,
            "chair_stand_30s": profile.chair_stand_30s,
            "asmi_kg_m2": profile.asmi_kg_m2,
            "asmi_method": profile.asmi_method,
            "calf_cm": profile.calf_cm,
            "sarc_f": profile.sarc_f,
            "physically_active": profile.physically_active,
            "experience": profile.experience,
            "sessions_per_week": profile.sessions_per_week,
        }
    )
    if profile.dxa:
        out["dxa"] = [
            _compact(
                {
                    "site": d.site,
                    "t_score": d.t_score,
                    "z_score": d.z_score,
                    "yam_percent": d.yam_percent,
                    "bmd_g_cm2": d.bmd_g_cm2,
                    "date": d.date,
                }
            )
            for d in profile.dxa
        ]
    if profile.fractures:
        out["fractures"] = [
            _compact({"site": f.site, "fragility": f.fragility, "months_ago": f.months_ago})
            for f in profile.fractures
        ]
    if profile.conditions:
        out["conditions"] = sorted(c.value for c in profile.conditions)
    if profile.medications:
        out["medications"] = sorted(m.value for m in profile.medications)
    if profile.equipment is not None:
        out["equipment"] = sorted(e.value for e in profile.equipment)
    if profile.clearance is not None:
        out["clearance"] = _compact(
            {
                "cleared": profile.clearance.cleared,
                "by": profile.clearance.by,
                "date": profile.clearance.date,
            }
        )
    return out
