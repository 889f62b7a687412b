"""The exercise catalogue (ENGINE.md §3): exercises with the loading properties the safety envelope
checks, the skeletal sites they load, equipment, ja/en names and coaching cues.

The catalogue is data (``data/exercises.toml``); this module loads it once, validates it strictly
(a bad entry is a packaging bug, reported with the entry's id and field) and answers the questions
the program generator and the gym app ask: which exercises of a pattern fit this client's envelope
and this gym's equipment, easiest first, and what can replace an exercise.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any, TypeVar

from .envelope import Envelope
from .types import IMPACT_ORDER, Equipment, Impact, Pattern


class CatalogError(ValueError):
    """The catalogue data is malformed (a packaging bug, not user input)."""


class BoneSite(StrEnum):
    """Skeletal sites an exercise loads. `lumbar_spine` and `femoral_neck` match the forecast's
    DXA sites; the others name where the load goes for the trainer's information."""

    LUMBAR_SPINE = "lumbar_spine"
    THORACIC_SPINE = "thoracic_spine"
    FEMORAL_NECK = "femoral_neck"
    TIBIA = "tibia"
    CALCANEUS = "calcaneus"
    HUMERUS = "humerus"
    RADIUS = "radius"


class Muscle(StrEnum):
    QUADRICEPS = "quadriceps"
    GLUTEALS = "gluteals"
    HAMSTRINGS = "hamstrings"
    ADDUCTORS = "adductors"
    HIP_ABDUCTORS = "hip_abductors"
    HIP_FLEXORS = "hip_flexors"
    CALVES = "calves"
    ERECTOR_SPINAE = "erector_spinae"
    LATISSIMUS_DORSI = "latissimus_dorsi"
    TRAPEZIUS = "trapezius"
    RHOMBOIDS = "rhomboids"
    DELTOIDS = "deltoids"
    ROTATOR_CUFF = "rotator_cuff"
    SERRATUS_ANTERIOR = "serratus_anterior"
    PECTORALS = "pectorals"
    TRICEPS = "triceps"
    BICEPS = "biceps"
    FOREARMS = "forearms"
    RECTUS_ABDOMINIS = "rectus_abdominis"
    OBLIQUES = "obliques"
    TRANSVERSUS_ABDOMINIS = "transversus_abdominis"


class Dose(StrEnum):
    """How an exercise is dosed: repetitions, a held/continuous duration, or impact contacts."""

    REPS = "reps"
    DURATION = "duration"
    CONTACTS = "contacts"


# Display names (en, ja) for views: the CLI text view and the gym app.
PATTERN_NAMES: dict[Pattern, tuple[str, str]] = {
    Pattern.SQUAT: ("Squat", "スクワット"),
    Pattern.HINGE: ("Hip hinge", "ヒップヒンジ"),
    Pattern.LUNGE: ("Lunge and step-up", "ランジ・ステップアップ"),
    Pattern.PUSH_HORIZONTAL: ("Horizontal push", "水平方向に押す"),
    Pattern.PUSH_VERTICAL: ("Vertical push", "上方向に押す"),
    Pattern.PULL_HORIZONTAL: ("Horizontal pull", "水平方向に引く"),
    Pattern.PULL_VERTICAL: ("Vertical pull", "上から引く"),
    Pattern.CARRY: ("Carry", "運ぶ（キャリー）"),
    Pattern.BACK_EXTENSION: ("Back-extensor exercise", "背筋（脊柱伸展）運動"),
    Pattern.BALANCE: ("Balance training", "バランストレーニング"),
    Pattern.IMPACT: ("Impact loading", "衝撃負荷"),
    Pattern.CORE: ("Trunk (core)", "体幹"),
    Pattern.MOBILITY: ("Mobility", "柔軟性・可動性"),
}
IMPACT_NAMES: dict[Impact, tuple[str, str]] = {
    Impact.NONE: ("none", "なし"),
    Impact.LOW: ("low", "低"),
    Impact.MODERATE: ("moderate", "中"),
    Impact.HIGH: ("high", "高"),
}
SPINE_RULE_NAMES: dict[str, tuple[str, str]] = {
    "loaded_spinal_flexion": ("loaded spinal flexion", "負荷をかけた体幹前屈"),
    "spinal_rotation_under_load": ("twisting under load", "負荷をかけたひねり"),
    "overhead_heavy": ("heavy overhead lifting", "頭上への高重量"),
}
"""The exercise properties a tier's envelope may rule out, as the UI and the reasons name them
(the glossary's terms)."""
EQUIPMENT_NAMES: dict[Equipment, tuple[str, str]] = {
    Equipment.BARBELL: ("barbell", "バーベル"),
    Equipment.DUMBBELL: ("dumbbell", "ダンベル"),
    Equipment.KETTLEBELL: ("kettlebell", "ケトルベル"),
    Equipment.MACHINE: ("machine", "マシン"),
    Equipment.CABLE: ("cable", "ケーブル"),
    Equipment.BANDS: ("bands", "チューブ"),
    Equipment.BODYWEIGHT: ("bodyweight", "自重"),
    Equipment.STEP: ("step", "ステップ台"),
    Equipment.VEST: ("weighted vest", "加重ベスト"),
}
DOSE_NAMES: dict[Dose, tuple[str, str]] = {
    Dose.REPS: ("repetitions", "回数"),
    Dose.DURATION: ("time", "時間"),
    Dose.CONTACTS: ("contacts", "着地回数"),
}

MIN_LEVEL, MAX_LEVEL = 1, 5
VEST_PCT_MAX = 30  # osteoload_policy: the most a vest load may be entered at (input check)
_ID = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Exercise:
    """One catalogue entry. Satisfies `envelope.LoadingProperties`."""

    id: str
    name_ja: str
    name_en: str
    pattern: Pattern
    impact: Impact
    loaded_spinal_flexion: bool
    spinal_rotation_under_load: bool
    overhead_heavy: bool
    sites: tuple[BoneSite, ...]
    muscles: tuple[Muscle, ...]
    equipment: frozenset[Equipment]
    regression: str | None
    progression: str | None
    cues_ja: tuple[str, ...]
    cues_en: tuple[str, ...]
    dose: Dose
    loadable: bool
    main_lift: bool
    level: int
    unilateral: bool = False
    source: str | None = None
    note_ja: str = ""
    note_en: str = ""

    def name(self, lang: str) -> str:
        return self.name_ja if lang == "ja" else self.name_en

    def cues(self, lang: str) -> tuple[str, ...]:
        return self.cues_ja if lang == "ja" else self.cues_en

    def needs_only(self, equipment: Collection[Equipment] | None) -> bool:
        """True when the gym has everything this exercise needs (None: a fully equipped gym)."""
        if equipment is None:
            return True
        have = set(equipment) | {Equipment.BODYWEIGHT}
        return self.equipment <= have

    @property
    def uses_vest(self) -> bool:
        """Done in a weighted vest, in repetitions: its load is the vest's."""
        return Equipment.VEST in self.equipment and self.dose is Dose.REPS

    def difficulty_key(self) -> tuple[int, int]:
        """Sort key, easiest first: level, then impact."""
        return (self.level, IMPACT_ORDER[self.impact])

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name_ja": self.name_ja,
            "name_en": self.name_en,
            "pattern": self.pattern.value,
            "impact": self.impact.value,
            "loaded_spinal_flexion": self.loaded_spinal_flexion,
            "spinal_rotation_under_load": self.spinal_rotation_under_load,
            "overhead_heavy": self.overhead_heavy,
            "sites": [s.value for s in self.sites],
            "muscles": [m.value for m in self.muscles],
            "equipment": sorted(e.value for e in self.equipment),
            "regression": self.regression,
            "progression": self.progression,
            "cues_ja": list(self.cues_ja),
            "cues_en": list(self.cues_en),
            "dose": self.dose.value,
            "loadable": self.loadable,
            "main_lift": self.main_lift,
            "level": self.level,
            "unilateral": self.unilateral,
            "source": self.source,
            "note_ja": self.note_ja,
            "note_en": self.note_en,
        }


class Catalog:
    """The loaded catalogue, in file order. Lookups never mutate it."""

    __slots__ = ("_by_id", "_exercises")

    def __init__(self, exercises: Iterable[Exercise]) -> None:
        self._exercises = tuple(exercises)
        self._by_id = {e.id: e for e in self._exercises}

    def __len__(self) -> int:
        return len(self._exercises)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id

    def get(self, exercise_id: str) -> Exercise:
        try:
            return self._by_id[exercise_id]
        except KeyError:
            raise KeyError(f"unknown exercise id {exercise_id!r}") from None

    def all(self) -> tuple[Exercise, ...]:
        return self._exercises

    def by_pattern(self, pattern: Pattern | str) -> tuple[Exercise, ...]:
        wanted = Pattern(pattern)
        return tuple(e for e in self._exercises if e.pattern is wanted)

    def available(self, equipment: Collection[Equipment] | None = None) -> tuple[Exercise, ...]:
        """Exercises the gym can do: all their equipment is in `equipment` (bodyweight is always
        available; None means a fully equipped gym)."""
        return tuple(e for e in self._exercises if e.needs_only(equipment))

    def options(
        self,
        pattern: Pattern | str,
        envelope: Envelope | None = None,
        equipment: Collection[Equipment] | None = None,
    ) -> tuple[Exercise, ...]:
        """Exercises of `pattern` inside the envelope (None: no restriction) and available with the
        equipment, ordered from easiest to hardest (file order breaks ties)."""
        chosen = [
            e
            for e in self.by_pattern(pattern)
            if e.needs_only(equipment) and (envelope is None or envelope.allows(e))
        ]
        return tuple(sorted(chosen, key=Exercise.difficulty_key))

    def alternatives(
        self,
        exercise_id: str,
        envelope: Envelope | None = None,
        equipment: Collection[Equipment] | None = None,
    ) -> tuple[Exercise, ...]:
        """What can replace an exercise: the same pattern, allowed, available, not itself; easiest
        first."""
        exercise = self.get(exercise_id)
        return tuple(
            e for e in self.options(exercise.pattern, envelope, equipment) if e.id != exercise.id
        )

    def chain(self, exercise_id: str) -> tuple[Exercise, ...]:
        """The progression chain through an exercise, from its easiest regression to its hardest
        progression."""
        exercise = self.get(exercise_id)
        before: list[Exercise] = []
        current = exercise
        while current.regression is not None:
            current = self._by_id[current.regression]
            before.append(current)
        after: list[Exercise] = []
        current = exercise
        while current.progression is not None:
            current = self._by_id[current.progression]
            after.append(current)
        return (*reversed(before), exercise, *after)

    def to_list(self) -> list[dict[str, Any]]:
        return [e.to_dict() for e in self._exercises]


# --- loading and validation -------------------------------------------------------------------

_REQUIRED = (
    "id",
    "name_ja",
    "name_en",
    "pattern",
    "impact",
    "loaded_spinal_flexion",
    "spinal_rotation_under_load",
    "overhead_heavy",
    "sites",
    "muscles",
    "equipment",
    "cues_ja",
    "cues_en",
    "dose",
    "loadable",
    "main_lift",
    "level",
)
_OPTIONAL = ("regression", "progression", "unilateral", "source", "note_ja", "note_en")

_E = TypeVar("_E", bound=StrEnum)


def _fail(where: str, problem: str) -> CatalogError:
    return CatalogError(f"exercises.toml: {where}: {problem}")


def _enum(kind: type[_E], value: object, where: str) -> _E:
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        return kind(value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise _fail(where, f"unknown value {value!r} (expected one of: {allowed})") from None


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, "must be a non-empty string")
    return value.strip()


def _bool(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(where, "must be true or false")
    return value


def _list(value: object, where: str, *, min_len: int = 0, max_len: int | None = None) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(where, "must be a list")
    if len(value) < min_len or (max_len is not None and len(value) > max_len):
        bounds = f"{min_len}–{max_len}" if max_len is not None else f"at least {min_len}"
        raise _fail(where, f"must have {bounds} items, has {len(value)}")
    return value


def _link(value: object, where: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _ID.match(value):
        raise _fail(where, f"must be an exercise id or empty, got {value!r}")
    return value


def _parse_entry(raw: Mapping[str, Any], index: int) -> Exercise:
    if not isinstance(raw, Mapping):
        raise _fail(f"exercise[{index}]", "must be a table")
    ident = raw.get("id")
    if not isinstance(ident, str) or not _ID.match(ident):
        raise _fail(f"exercise[{index}].id", f"must be a snake_case id, got {ident!r}")
    at = f"exercise {ident!r}"
    missing = [k for k in _REQUIRED if k not in raw]
    if missing:
        raise _fail(at, f"missing field(s): {', '.join(missing)}")
    unknown = sorted(set(raw) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise _fail(at, f"unknown field(s): {', '.join(unknown)}")

    sites = tuple(_enum(BoneSite, s, f"{at}.sites") for s in _list(raw["sites"], f"{at}.sites"))
    muscles = tuple(
        _enum(Muscle, m, f"{at}.muscles") for m in _list(raw["muscles"], f"{at}.muscles", min_len=1)
    )
    equipment_list = [
        _enum(Equipment, q, f"{at}.equipment")
        for q in _list(raw["equipment"], f"{at}.equipment", min_len=1)
    ]
    for field in ("sites", "muscles", "equipment"):
        values = raw[field]
        if len(set(values)) != len(values):
            raise _fail(f"{at}.{field}", "has duplicates")
    if Equipment.BODYWEIGHT in equipment_list and len(equipment_list) > 1:
        raise _fail(f"{at}.equipment", "list bodyweight only when nothing else is needed")
    cues_ja = tuple(
        _text(c, f"{at}.cues_ja")
        for c in _list(raw["cues_ja"], f"{at}.cues_ja", min_len=2, max_len=4)
    )
    cues_en = tuple(
        _text(c, f"{at}.cues_en")
        for c in _list(raw["cues_en"], f"{at}.cues_en", min_len=2, max_len=4)
    )
    level = raw["level"]
    if isinstance(level, bool) or not isinstance(level, int) or not MIN_LEVEL <= level <= MAX_LEVEL:
        raise _fail(f"{at}.level", f"must be an integer {MIN_LEVEL}–{MAX_LEVEL}, got {level!r}")
    source = raw.get("source")
    if source is not None and (not isinstance(source, str) or not _ID.match(source)):
        raise _fail(f"{at}.source", f"must be a reference key, got {source!r}")
    note_ja, note_en = raw.get("note_ja", ""), raw.get("note_en", "")
    if not isinstance(note_ja, str) or not isinstance(note_en, str):
        raise _fail(at, "note_ja and note_en must be strings")
    if bool(note_ja.strip()) != bool(note_en.strip()):
        raise _fail(at, "note_ja and note_en must both be given or both be empty")
    exercise = Exercise(
        id=ident,
        name_ja=_text(raw["name_ja"], f"{at}.name_ja"),
        name_en=_text(raw["name_en"], f"{at}.name_en"),
        pattern=_enum(Pattern, raw["pattern"], f"{at}.pattern"),
        impact=_enum(Impact, raw["impact"], f"{at}.impact"),
        loaded_spinal_flexion=_bool(raw["loaded_spinal_flexion"], f"{at}.loaded_spinal_flexion"),
        spinal_rotation_under_load=_bool(
            raw["spinal_rotation_under_load"], f"{at}.spinal_rotation_under_load"
        ),
        overhead_heavy=_bool(raw["overhead_heavy"], f"{at}.overhead_heavy"),
        sites=sites,
        muscles=muscles,
        equipment=frozenset(equipment_list),
        regression=_link(raw.get("regression"), f"{at}.regression"),
        progression=_link(raw.get("progression"), f"{at}.progression"),
        cues_ja=cues_ja,
        cues_en=cues_en,
        dose=_enum(Dose, raw["dose"], f"{at}.dose"),
        loadable=_bool(raw["loadable"], f"{at}.loadable"),
        main_lift=_bool(raw["main_lift"], f"{at}.main_lift"),
        level=level,
        unilateral=_bool(raw.get("unilateral", False), f"{at}.unilateral"),
        source=source,
        note_ja=note_ja.strip(),
        note_en=note_en.strip(),
    )
    if exercise.main_lift and not exercise.loadable:
        raise _fail(f"{at}.main_lift", "a main lift must be loadable (prescribed in %1RM)")
    if exercise.loadable and exercise.dose is not Dose.REPS:
        raise _fail(f"{at}.loadable", "only exercises dosed in reps can be prescribed in %1RM")
    return exercise


def _check_links(exercises: list[Exercise]) -> None:
    by_id = {e.id: e for e in exercises}
    for e in exercises:
        for field in ("regression", "progression"):
            target_id = getattr(e, field)
            if target_id is None:
                continue
            target = by_id.get(target_id)
            if target is None:
                raise _fail(f"exercise {e.id!r}.{field}", f"unknown exercise id {target_id!r}")
            if target.id == e.id:
                raise _fail(f"exercise {e.id!r}.{field}", "cannot point to itself")
            if target.pattern is not e.pattern:
                raise _fail(
                    f"exercise {e.id!r}.{field}",
                    f"{target_id!r} has pattern {target.pattern.value}, not {e.pattern.value}",
                )
    for field in ("regression", "progression"):
        for start in exercises:
            seen = {start.id}
            current: Exercise | None = start
            while current is not None:
                nxt = getattr(current, field)
                if nxt is None:
                    break
                if nxt in seen:
                    raise _fail(f"exercise {start.id!r}.{field}", f"chain loops back to {nxt!r}")
                seen.add(nxt)
                current = by_id[nxt]


def parse_catalog(data: Mapping[str, Any]) -> Catalog:
    """Build a Catalog from the parsed TOML document (``{"exercise": [ {...}, ... ]}``)."""
    entries = data.get("exercise")
    if not isinstance(entries, list) or not entries:
        raise _fail("exercise", "expected a non-empty array of [[exercise]] tables")
    extra = sorted(set(data) - {"exercise"})
    if extra:
        raise _fail("top level", f"unknown key(s): {', '.join(extra)}")
    exercises: list[Exercise] = []
    seen: set[str] = set()
    for index, raw in enumerate(entries):
        exercise = _parse_entry(raw, index)
        if exercise.id in seen:
            raise _fail(f"exercise {exercise.id!r}", "duplicate id")
        seen.add(exercise.id)
        exercises.append(exercise)
    _check_links(exercises)
    return Catalog(exercises)


@cache
def load_catalog() -> Catalog:
    """The packaged catalogue, loaded and validated once."""
    text = (
        resources.files("osteoload.engine")
        .joinpath("data", "exercises.toml")
        .read_text(encoding="utf-8")
    )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(f"exercises.toml: invalid TOML: {error}") from None
    return parse_catalog(data)
