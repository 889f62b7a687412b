"""Hypothesis strategies for valid client profiles (`osteoload.profile/1` dicts), for any test.

`profiles()` draws every field of ENGINE.md §1 independently within the plausibility ranges that
`parse_profile` accepts, leaving each optional field out about half of the time (missing is not
zero). `cleared=True` adds a physician's clearance, so that the tier is always A, B or C.

    from tests.engine.strategies import profiles

    @given(profiles())
    def test_something(profile): ...
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from osteoload.engine.types import (
    Condition,
    DxaSite,
    Equipment,
    Experience,
    FractureSite,
    Medication,
)


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """The value, or "missing" (the key is left out)."""
    return st.one_of(st.just(None), strategy)


def _number(lo: float, hi: float, *, places: int = 1) -> st.SearchStrategy[float]:
    return st.floats(min_value=lo, max_value=hi, allow_nan=False).map(lambda x: round(x, places))


def dxa_results() -> st.SearchStrategy[dict[str, Any]]:
    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        item: dict[str, Any] = {"site": draw(st.sampled_from([s.value for s in DxaSite]))}
        t = draw(_maybe(_number(-4.5, 2.5)))
        yam = draw(_maybe(st.integers(min_value=40, max_value=130)))
        if t is not None:
            item["t_score"] = t
        if yam is not None:
            item["yam_percent"] = yam
        return item

    return build()


def fractures() -> st.SearchStrategy[dict[str, Any]]:
    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        item: dict[str, Any] = {
            "site": draw(st.sampled_from([s.value for s in FractureSite])),
            "fragility": draw(st.booleans()),
        }
        months = draw(_maybe(st.integers(min_value=0, max_value=360)))
        if months is not None:
            item["months_ago"] = months
        return item

    return build()


_OPTIONAL_NUMBERS: dict[str, st.SearchStrategy[Any]] = {
    "height_cm": _number(135, 195),
    "weight_kg": _number(35, 130),
    "falls_past_year": st.integers(min_value=0, max_value=5),
    "fall_injury": st.booleans(),
    "grip_kg": _number(5, 60),
    "chair_stand_5x_s": _number(5, 30),
    "gait_speed_m_s": _number(0.3, 1.8, places=2),
    "sppb": st.integers(min_value=0, max_value=12),
    "tug_s": _number(5, 30),
    "single_leg_stance_s": _number(0, 60),
    "chair_stand_30s": st.integers(min_value=0, max_value=30),
    "calf_cm": _number(25, 45),
    "sarc_f": st.integers(min_value=0, max_value=10),
    "physically_active": st.booleans(),
}


@st.composite
def profiles(draw: st.DrawFn, *, cleared: bool | None = None) -> dict[str, Any]:
    """A valid profile dict. `cleared`: True adds a clearance, False leaves it out, None draws."""
    sex = draw(st.sampled_from(["female", "male"]))
    age = draw(st.integers(min_value=18, max_value=100))
    profile: dict[str, Any] = {"age": age, "sex": sex}
    if sex == "female":
        menopause = draw(_maybe(st.sampled_from(["pre", "peri", "post"])))
        if menopause is not None:
            profile["menopause"] = menopause
        if menopause == "post" and draw(st.booleans()):
            profile["years_since_menopause"] = draw(st.integers(min_value=0, max_value=age - 18))
    for key, strategy in _OPTIONAL_NUMBERS.items():
        value = draw(_maybe(strategy))
        if value is not None:
            profile[key] = value
    if profile.get("fall_injury") and not profile.get("falls_past_year"):
        profile["falls_past_year"] = draw(st.integers(min_value=1, max_value=5))
    if draw(st.booleans()):
        profile["asmi_kg_m2"] = draw(_number(4.0, 10.0, places=2))
        profile["asmi_method"] = draw(st.sampled_from(["dxa", "bia"]))
    profile["dxa"] = draw(st.lists(dxa_results(), max_size=3))
    profile["fractures"] = draw(st.lists(fractures(), max_size=2))
    profile["conditions"] = sorted(
        draw(st.sets(st.sampled_from([c.value for c in Condition]), max_size=3))
    )
    profile["medications"] = sorted(
        draw(st.sets(st.sampled_from([m.value for m in Medication]), max_size=2))
    )
    experience = draw(_maybe(st.sampled_from([e.value for e in Experience])))
    if experience is not None:
        profile["experience"] = experience
    if draw(st.booleans()):
        profile["equipment"] = sorted(
            draw(st.sets(st.sampled_from([e.value for e in Equipment]), max_size=6))
        )
    sessions = draw(_maybe(st.sampled_from([2, 3])))
    if sessions is not None:
        profile["sessions_per_week"] = sessions
    give = draw(st.booleans()) if cleared is None else cleared
    if give:
        profile["clearance"] = {"cleared": True, "by": "Dr. Sato", "date": "2026-01-15"}
    return profile


@st.composite
def bone_building_profiles(draw: st.DrawFn) -> dict[str, Any]:
    """Profiles that land in tier A or B more often than `profiles()`: no fractures, no falls,
    no deficits in the tests done, any bone density, any equipment and experience."""
    sex = draw(st.sampled_from(["female", "male"]))
    age = draw(st.integers(min_value=30, max_value=80))
    profile: dict[str, Any] = {"age": age, "sex": sex, "falls_past_year": 0}
    if sex == "female" and age >= 50:
        profile["menopause"] = "post"
    t_score = draw(_maybe(_number(-3.5, 1.5)))
    if t_score is not None:
        site = draw(st.sampled_from(["lumbar_spine", "femoral_neck", "total_hip"]))
        profile["dxa"] = [{"site": site, "t_score": t_score}]
    experience = draw(_maybe(st.sampled_from([e.value for e in Experience])))
    if experience is not None:
        profile["experience"] = experience
    if draw(st.booleans()):
        profile["equipment"] = sorted(
            draw(st.sets(st.sampled_from([e.value for e in Equipment]), max_size=6))
        )
    conditions = draw(
        st.sets(st.sampled_from(["knee_osteoarthritis", "hip_osteoarthritis"]), max_size=1)
    )
    if conditions:
        profile["conditions"] = sorted(conditions)
    sessions = draw(_maybe(st.sampled_from([2, 3])))
    if sessions is not None:
        profile["sessions_per_week"] = sessions
    return profile
