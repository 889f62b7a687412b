"""The exercise catalogue: schema, links, honest tags, and coverage of every pattern for every tier
and for a bodyweight-only gym."""

from __future__ import annotations

import copy
import tomllib
from importlib import resources
from typing import Any

import pytest

from osteoload.engine import references
from osteoload.engine.catalog import (
    SPINE_RULE_NAMES,
    BoneSite,
    Catalog,
    CatalogError,
    Dose,
    Exercise,
    load_catalog,
    parse_catalog,
)
from osteoload.engine.envelope import SPINE_RULES, LoadingProperties, envelope_for
from osteoload.engine.types import IMPACT_ORDER, Equipment, Impact, Pattern, Tier

TIERS = (Tier.A, Tier.B, Tier.C)
BODYWEIGHT_ONLY = {Equipment.BODYWEIGHT}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def raw_data() -> dict[str, Any]:
    text = resources.files("osteoload.engine").joinpath("data", "exercises.toml").read_text("utf-8")
    return tomllib.loads(text)


# --- size and schema --------------------------------------------------------------------------


def test_catalogue_has_at_least_60_exercises(catalog: Catalog) -> None:
    assert len(catalog) >= 60
    assert len({e.id for e in catalog.all()}) == len(catalog)


def test_load_is_cached(catalog: Catalog) -> None:
    assert load_catalog() is catalog


def test_every_pattern_is_present(catalog: Catalog) -> None:
    assert {e.pattern for e in catalog.all()} == set(Pattern)


def test_exercise_satisfies_the_envelope_protocol(catalog: Catalog) -> None:
    exercise: LoadingProperties = catalog.get("barbell_deadlift")
    assert envelope_for(Tier.A).allows(exercise)


def test_to_dict_has_every_contract_field(catalog: Catalog) -> None:
    contract = {
        "id", "name_ja", "name_en", "pattern", "impact", "loaded_spinal_flexion",
        "spinal_rotation_under_load", "overhead_heavy", "sites", "equipment", "regression",
        "progression", "cues_ja", "cues_en",
    }  # fmt: skip
    for exercise in catalog.all():
        data = exercise.to_dict()
        assert contract <= set(data), exercise.id
        assert data["pattern"] in {p.value for p in Pattern}
        assert data["impact"] in {i.value for i in Impact}
        assert all(
            isinstance(data[k], bool)
            for k in ("loaded_spinal_flexion", "spinal_rotation_under_load", "overhead_heavy")
        )
        assert data["equipment"] and set(data["equipment"]) <= {q.value for q in Equipment}
        assert set(data["sites"]) <= {s.value for s in BoneSite}


def test_names_and_cues_in_both_languages(catalog: Catalog) -> None:
    for e in catalog.all():
        assert e.name_ja and e.name_en and e.name_ja != e.name_en, e.id
        assert 2 <= len(e.cues_ja) <= 4 and 2 <= len(e.cues_en) <= 4, e.id
        # Japanese text really is Japanese (contains kana or kanji).
        assert any("\u3040" <= ch <= "\u9fff" for ch in e.name_ja + "".join(e.cues_ja)), e.id


def test_every_cited_source_is_in_the_registry(catalog: Catalog) -> None:
    for e in catalog.all():
        if e.source is not None:
            assert references.exists(e.source), f"{e.id}: unknown source {e.source}"


def test_every_impact_exercise_names_its_source(catalog: Catalog) -> None:
    for e in catalog.by_pattern(Pattern.IMPACT):
        assert e.source, e.id
        assert e.dose is Dose.CONTACTS, e.id


def test_main_lifts_are_loadable_and_cover_the_big_patterns(catalog: Catalog) -> None:
    mains = [e for e in catalog.all() if e.main_lift]
    assert all(e.loadable and e.dose is Dose.REPS for e in mains)
    for pattern in (Pattern.SQUAT, Pattern.HINGE, Pattern.PUSH_HORIZONTAL, Pattern.PUSH_VERTICAL):
        assert any(e.pattern is pattern for e in mains), pattern


def test_liftmor_lifts_are_there(catalog: Catalog) -> None:
    for lift in ("barbell_deadlift", "barbell_back_squat", "barbell_overhead_press"):
        assert catalog.get(lift).main_lift
        assert catalog.get(lift).source == "watson_2018_liftmor"


# --- links ------------------------------------------------------------------------------------


def test_links_resolve_within_the_same_pattern(catalog: Catalog) -> None:
    for e in catalog.all():
        for link in (e.regression, e.progression):
            if link is not None:
                target = catalog.get(link)
                assert target.pattern is e.pattern, (e.id, link)


def test_progressions_do_not_get_easier(catalog: Catalog) -> None:
    for e in catalog.all():
        if e.progression is not None:
            assert catalog.get(e.progression).level >= e.level, e.id
        if e.regression is not None:
            assert catalog.get(e.regression).level <= e.level, e.id


def test_no_cycles_in_progression_chains(catalog: Catalog) -> None:
    for e in catalog.all():
        for field in ("progression", "regression"):
            seen = [e.id]
            current: Exercise = e
            while (nxt := getattr(current, field)) is not None:
                assert nxt not in seen, f"{field} cycle {[*seen, nxt]}"
                seen.append(nxt)
                current = catalog.get(nxt)


def test_chain_runs_easiest_to_hardest(catalog: Catalog) -> None:
    chain = catalog.chain("tandem_stance")
    ids = [e.id for e in chain]
    assert ids.index("feet_together_stance") < ids.index("tandem_stance")
    assert ids.index("tandem_stance") < ids.index("single_leg_stance")
    levels = [e.level for e in chain]
    assert levels == sorted(levels)


# --- honest tags ------------------------------------------------------------------------------


def test_impact_tags_follow_the_measured_forces(catalog: Catalog) -> None:
    assert catalog.get("heel_drop").impact is Impact.LOW
    assert catalog.get("countermovement_jump").impact is Impact.MODERATE
    assert catalog.get("drop_landing").impact is Impact.HIGH
    # Lifting is not impact loading.
    for lift in ("barbell_deadlift", "barbell_back_squat", "leg_press"):
        assert catalog.get(lift).impact is Impact.NONE


def test_neutral_spine_lifts_are_not_loaded_flexion(catalog: Catalog) -> None:
    for lift in (
        "barbell_deadlift",
        "barbell_romanian_deadlift",
        "kettlebell_deadlift",
        "goblet_squat",
    ):
        assert not catalog.get(lift).loaded_spinal_flexion, lift


def test_the_envelope_has_real_exercises_to_exclude(catalog: Catalog) -> None:
    assert catalog.get("weighted_sit_up").loaded_spinal_flexion
    assert catalog.get("russian_twist").spinal_rotation_under_load
    assert catalog.get("barbell_overhead_press").overhead_heavy
    assert catalog.get("standing_toe_touch").loaded_spinal_flexion


# --- coverage per tier and equipment ----------------------------------------------------------


@pytest.mark.parametrize("tier", TIERS, ids=lambda t: t.value)
@pytest.mark.parametrize("pattern", list(Pattern), ids=lambda p: p.value)
def test_every_pattern_has_an_option_for_every_tier(
    catalog: Catalog, tier: Tier, pattern: Pattern
) -> None:
    envelope = envelope_for(tier)
    assert catalog.options(pattern, envelope, None), f"no {pattern} for tier {tier} in a full gym"
    assert catalog.options(pattern, envelope, BODYWEIGHT_ONLY), (
        f"no {pattern} for tier {tier} in a bodyweight-only gym"
    )


def test_tier_c_excludes_every_flexion_rotation_and_heavy_overhead_exercise(
    catalog: Catalog,
) -> None:
    envelope = envelope_for(Tier.C)
    risky = [
        e
        for e in catalog.all()
        if e.loaded_spinal_flexion or e.spinal_rotation_under_load or e.overhead_heavy
    ]
    assert risky, "the catalogue should contain exercises the envelope must exclude"
    allowed = {e.id for p in Pattern for e in catalog.options(p, envelope)}
    assert not allowed & {e.id for e in risky}


def test_tier_c_impact_options_are_none_or_low(catalog: Catalog) -> None:
    options = catalog.options(Pattern.IMPACT, envelope_for(Tier.C))
    assert options
    assert {e.impact for e in options} <= {Impact.NONE, Impact.LOW}


def test_tier_b_impact_stops_at_moderate_and_tier_a_reaches_high(catalog: Catalog) -> None:
    tier_b = catalog.options(Pattern.IMPACT, envelope_for(Tier.B))
    tier_a = catalog.options(Pattern.IMPACT, envelope_for(Tier.A))
    assert max(IMPACT_ORDER[e.impact] for e in tier_b) == IMPACT_ORDER[Impact.MODERATE]
    assert Impact.HIGH in {e.impact for e in tier_a}


def test_loaded_flexion_needs_a_normal_bone_category(catalog: Catalog) -> None:
    ids = lambda env: {e.id for e in catalog.options(Pattern.CORE, env)}  # noqa: E731
    assert "weighted_sit_up" not in ids(envelope_for(Tier.A))
    assert "weighted_sit_up" in ids(envelope_for(Tier.A, bone_category_normal=True))


# --- queries ----------------------------------------------------------------------------------


def test_available_needs_all_equipment_and_bodyweight_is_free(catalog: Catalog) -> None:
    only_dumbbells = catalog.available({Equipment.DUMBBELL})
    ids = {e.id for e in only_dumbbells}
    assert "goblet_squat" in ids and "bodyweight_squat" in ids
    assert "dumbbell_step_up" not in ids  # needs a step as well
    assert "barbell_deadlift" not in ids
    assert all(e.equipment <= {Equipment.DUMBBELL, Equipment.BODYWEIGHT} for e in only_dumbbells)
    assert len(catalog.available(None)) == len(catalog)
    assert {e.id for e in catalog.available(set())} == {
        e.id for e in catalog.available(BODYWEIGHT_ONLY)
    }


def test_options_are_ordered_easiest_first(catalog: Catalog) -> None:
    for pattern in Pattern:
        options = catalog.options(pattern)
        keys = [(e.level, IMPACT_ORDER[e.impact]) for e in options]
        assert keys == sorted(keys), pattern
        assert {e.id for e in options} == {e.id for e in catalog.by_pattern(pattern)}


def test_alternatives_are_same_pattern_allowed_available_and_not_itself(catalog: Catalog) -> None:
    envelope = envelope_for(Tier.C)
    swaps = catalog.alternatives("barbell_deadlift", envelope, {Equipment.DUMBBELL})
    assert swaps
    assert "barbell_deadlift" not in {e.id for e in swaps}
    for e in swaps:
        assert (
            e.pattern is Pattern.HINGE and envelope.allows(e) and e.needs_only({Equipment.DUMBBELL})
        )


def test_alternatives_of_an_excluded_exercise_are_the_safe_ones(catalog: Catalog) -> None:
    swaps = catalog.alternatives("barbell_overhead_press", envelope_for(Tier.C))
    assert swaps and not any(e.overhead_heavy for e in swaps)


def test_unknown_id_is_a_clear_key_error(catalog: Catalog) -> None:
    with pytest.raises(KeyError, match="no_such_lift"):
        catalog.get("no_such_lift")


# --- strict validation of the data file -------------------------------------------------------


def _break(mutate: Any) -> dict[str, Any]:
    data = copy.deepcopy(raw_data())
    mutate(data["exercise"])
    return data


def test_the_packaged_file_parses_the_same_as_load(catalog: Catalog) -> None:
    assert [e.id for e in parse_catalog(raw_data()).all()] == [e.id for e in catalog.all()]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda ex: ex[0].update(pattern="twist"), "unknown value 'twist'"),
        (lambda ex: ex[0].update(equipment=["trampoline"]), "unknown value 'trampoline'"),
        (
            lambda ex: ex[0].update(progression="no_such_exercise"),
            "unknown exercise id 'no_such_exercise'",
        ),
        (lambda ex: ex.append(copy.deepcopy(ex[0])), "duplicate id"),
        (lambda ex: ex[0].pop("name_ja"), "missing field"),
        (lambda ex: ex[0].update(cues_en=[]), "cues_en"),
        (lambda ex: ex[0].update(name_en="  "), "name_en"),
        (lambda ex: ex[0].update(level=9), "level"),
        (lambda ex: ex[0].update(impact="extreme"), "unknown value 'extreme'"),
        (lambda ex: ex[0].update(loaded_spinal_flexion="no"), "true or false"),
        (lambda ex: ex[0].update(colour="red"), "unknown field"),
        (lambda ex: ex[0].update(id="Sit To Stand"), "snake_case"),
    ],
)
def test_bad_data_is_rejected_with_a_clear_error(mutate: Any, message: str) -> None:
    with pytest.raises(CatalogError, match=message):
        parse_catalog(_break(mutate))


def test_links_to_another_pattern_are_rejected() -> None:
    def mutate(ex: list[dict[str, Any]]) -> None:
        squat = next(e for e in ex if e["id"] == "bodyweight_squat")
        squat["progression"] = "push_up"

    with pytest.raises(CatalogError, match="pattern"):
        parse_catalog(_break(mutate))


def test_cycles_are_rejected() -> None:
    def mutate(ex: list[dict[str, Any]]) -> None:
        by_id = {e["id"]: e for e in ex}
        by_id["goblet_squat"]["progression"] = (
            "bodyweight_squat"  # which leads back to goblet_squat
        )

    with pytest.raises(CatalogError, match="loops"):
        parse_catalog(_break(mutate))


@pytest.mark.parametrize(
    "equipment",
    [None, {Equipment.DUMBBELL}, {Equipment.MACHINE, Equipment.CABLE}],
    ids=["full_gym", "dumbbells", "machines_and_cables"],
)
def test_common_gyms_have_a_main_lift_for_the_big_patterns(
    catalog: Catalog, equipment: Any
) -> None:
    envelope = envelope_for(Tier.C)
    for pattern in (Pattern.SQUAT, Pattern.HINGE, Pattern.PUSH_HORIZONTAL, Pattern.PULL_HORIZONTAL):
        if pattern is Pattern.HINGE and equipment == {Equipment.MACHINE, Equipment.CABLE}:
            continue  # hinge with machines and cables: the pull-through, not a %1RM main lift
        mains = [e for e in catalog.options(pattern, envelope, equipment) if e.main_lift]
        assert mains, f"no main lift for {pattern} with {equipment}"


def test_bone_loading_exercises_name_the_hip(catalog: Catalog) -> None:
    for e in catalog.by_pattern(Pattern.IMPACT):
        assert BoneSite.FEMORAL_NECK in e.sites, e.id
    for e in catalog.all():
        if e.main_lift and e.pattern in (Pattern.SQUAT, Pattern.HINGE):
            assert BoneSite.FEMORAL_NECK in e.sites, e.id


def test_every_spine_rule_of_the_envelope_has_its_names():
    assert set(SPINE_RULE_NAMES) == set(SPINE_RULES)
    assert all(en and ja for en, ja in SPINE_RULE_NAMES.values())
