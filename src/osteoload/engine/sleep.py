"""A week of sleep logs against the MHLW sleep guide 2023 (健康づくりのための睡眠ガイド2023,
`mhlw_sleep_guide_2023`): adults about 6 hours asleep or more, and feeling rested (睡眠休養感);
older adults should not spend 8 hours or more in bed (床上時間), since long time in bed worsens
sleep. "Older adult" is taken as 65 or over (product policy, the usual Japanese 高齢者 age).

Input (`osteoload.sleep-request/1`):

    {"profile": {"age": 70, "sex": "female"},        # or just "age": 70
     "nights": [{"hours_asleep": 6.5, "time_in_bed_h": 8.0, "rested": 3}, ...]}

`hours_asleep` 0–16, `time_in_bed_h` 0–24 and not less than hours asleep, `rested` 1 (not at all)
to 5 (fully rested), optional; 1 to 31 nights.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from typing import Any

from .errors import InputError
from .profile import parse_profile_in
from .values import finite_number
from .wording import count_en

SCHEMA = "osteoload.sleep/1"
SOURCE = "mhlw_sleep_guide_2023"
MIN_HOURS_ASLEEP = 6.0
MAX_TIME_IN_BED_OLDER = 8.0
OLDER_ADULT_AGE = 65  # policy
RESTED_LOW = 2  # policy: 1–2 on the 1–5 scale means "not rested"


def _num(
    obj: Mapping[str, Any], key: str, where: str, lo: float, hi: float, *, required: bool
) -> float | None:
    path = f"{where}.{key}" if where else key
    value = obj.get(key)
    if value is None:
        if required:
            raise InputError(path, "is required")
        return None
    number = finite_number(value)
    if number is None:
        raise InputError(path, f"must be a number, got {value!r}")
    if not lo <= number <= hi:
        raise InputError(path, f"must be between {lo:g} and {hi:g}, got {value!r}")
    return number


def summarise(data: Any) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise InputError("request", "must be an object")
    if data.get("profile") is not None:
        age = parse_profile_in(data).age
    else:
        given = _num(data, "age", "", 18, 110, required=True)
        assert given is not None
        age = given
    nights_raw = data.get("nights")
    if not isinstance(nights_raw, list) or not 1 <= len(nights_raw) <= 31:
        raise InputError("nights", "must be a list of 1 to 31 nights")
    asleep: list[float] = []
    in_bed: list[float] = []
    rested: list[float] = []
    for i, night in enumerate(nights_raw):
        where = f"nights[{i}]"
        if not isinstance(night, Mapping):
            raise InputError(where, "must be an object")
        hours = _num(night, "hours_asleep", where, 0, 16, required=True)
        bed = _num(night, "time_in_bed_h", where, 0, 24, required=True)
        feel = _num(night, "rested", where, 1, 5, required=False)
        assert hours is not None and bed is not None
        if bed < hours:
            raise InputError(
                f"{where}.time_in_bed_h", f"cannot be less than hours_asleep ({hours:g})"
            )
        if feel is not None and not feel.is_integer():
            raise InputError(f"{where}.rested", f"must be a whole number 1–5, got {feel:g}")
        asleep.append(hours)
        in_bed.append(bed)
        if feel is not None:
            rested.append(feel)

    older = age >= OLDER_ADULT_AGE
    short = sum(h < MIN_HOURS_ASLEEP for h in asleep)
    long_bed = sum(b >= MAX_TIME_IN_BED_OLDER for b in in_bed)
    low_rested = sum(r <= RESTED_LOW for r in rested)
    mean_asleep = statistics.fmean(asleep)
    mean_bed = statistics.fmean(in_bed)
    efficiency = sum(asleep) / sum(in_bed) if sum(in_bed) > 0 else None
    advice_en: list[str] = []
    advice_ja: list[str] = []
    if mean_asleep < MIN_HOURS_ASLEEP:
        advice_en.append(
            f"Average sleep {mean_asleep:.1f} h is under the guide's 6 hours: keep a regular "
            "bedtime and wake time and protect the time for sleep."
        )
        advice_ja.append(
            f"平均睡眠時間が{mean_asleep:.1f}時間で、ガイドの目安の6時間に届いていません。"
            "就寝・起床の時刻をそろえ、睡眠の時間を確保しましょう。"
        )
    if older and long_bed:
        advice_en.append(
            f"{count_en(long_bed, 'night')} with 8 hours or more in bed: "
            "the guide advises older adults not to stay in bed that long; go to bed when sleepy "
            "and get up at a set time."
        )
        advice_ja.append(
            f"床についている時間が8時間以上の夜が{long_bed}回ありました。ガイドでは高齢の方は"
            "床上時間が8時間以上にならないよう勧めています。眠くなってから床につき、"
            "決まった時刻に起きましょう。"
        )
    if rested and statistics.fmean(rested) <= RESTED_LOW + 0.5:
        advice_en.append(
            "You often wake up not feeling rested: daytime activity, morning light and less "
            "caffeine or alcohol in the evening help; if it persists, consult a physician."
        )
        advice_ja.append(
            "睡眠休養感が低い日が多いようです。日中の活動、朝の光、夕方以降のカフェインや"
            "お酒を控えることが役立ちます。続く場合は医師にご相談ください。"
        )
    if not advice_en:
        advice_en.append("Your sleep meets the guide's targets; keep the routine.")
        advice_ja.append("睡眠はガイドの目安を満たしています。この習慣を続けましょう。")
    return {
        "schema": SCHEMA,
        "nights": len(asleep),
        "older_adult": older,
        "mean_hours_asleep": round(mean_asleep, 2),
        "mean_time_in_bed_h": round(mean_bed, 2),
        "sleep_efficiency": None if efficiency is None else round(efficiency, 3),
        "mean_rested": None if not rested else round(statistics.fmean(rested), 2),
        "nights_under_6h": short,
        "nights_8h_or_more_in_bed": long_bed,
        "nights_not_rested": low_rested,
        "meets_hours": mean_asleep >= MIN_HOURS_ASLEEP,
        "meets_time_in_bed": (long_bed == 0) if older else None,
        "advice_en": advice_en,
        "advice_ja": advice_ja,
        "sources": [SOURCE, "osteoload_policy"],
    }
