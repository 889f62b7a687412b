"""The osteogenic stimulus: site loads, normalised strain, saturation within a session, gain."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osteoload.engine import references
from osteoload.engine import stimulus as S
from osteoload.engine.stimulus import Dose, StimulusParams, Tempo
from osteoload.engine.types import Experience, Impact, Pattern, Sex, Site

PARAMS = StimulusParams(nu_lift_fn=2.0, impact_ls_per_grf=0.5, log_rate_explosive=0.2)


def strain(
    pattern: Pattern, x: float = 0.0, impact: Impact = Impact.NONE, tempo: Tempo = Tempo.NORMAL
):
    rows = S.dose_rows([Dose(pattern, 1.0, x, impact, tempo)])
    return S.normalised_strain(rows[0], rows[1], rows[2], rows[3], PARAMS)[0]


def test_squat_line_runs_through_cappozzo_endpoints():
    loads = S.SITE_LOADS[Pattern.SQUAT].lumbar_spine
    assert loads.a + loads.b * 0.8 == pytest.approx(6.0)
    assert loads.a + loads.b * 1.6 == pytest.approx(10.0)


def test_deadlift_line_matches_cholewicki_powerlifters():
    # A 100 kg lifter pulling 250 kg: about 17 kN at L4/L5 was measured; the line gives ~16 kN.
    loads = S.SITE_LOADS[Pattern.HINGE].lumbar_spine
    compression_kn = (loads.a + loads.b * 2.5) * 100 * 9.81 / 1000
    assert 14.0 < compression_kn < 18.0


def test_walking_like_load_is_the_reference():
    # A carry without load is a walking step: ε = 1 at both sites.
    assert strain(Pattern.CARRY) == pytest.approx([1.0, 1.0])


def test_heavier_lift_strains_more():
    light, heavy = strain(Pattern.SQUAT, 0.3), strain(Pattern.SQUAT, 0.8)
    assert np.all(heavy > light)


def test_femoral_neck_multiplier_only_for_hip_extensor_lifts():
    squat = strain(Pattern.SQUAT, 0.5)
    plain = S.SITE_LOADS[Pattern.SQUAT].femoral_neck
    assert squat[1] == pytest.approx(PARAMS.nu_lift_fn * (plain.a + plain.b * 0.5) / 2.4)
    press = strain(Pattern.PUSH_VERTICAL, 0.5)
    p = S.SITE_LOADS[Pattern.PUSH_VERTICAL].femoral_neck
    assert press[1] == pytest.approx((p.a + p.b * 0.5) / 2.4)


def test_tempo_orders_lifts_but_not_impacts():
    fast, normal, slow = (
        strain(Pattern.HINGE, 0.6, tempo=t) for t in (Tempo.EXPLOSIVE, Tempo.NORMAL, Tempo.SLOW)
    )
    assert np.all(fast > normal) and np.all(normal > slow)
    assert strain(Pattern.HINGE, 0.6, tempo=Tempo.EXPLOSIVE)[0] / normal[0] == pytest.approx(
        math.exp(0.2)
    )
    jump = strain(Pattern.IMPACT, impact=Impact.HIGH)
    assert np.all(strain(Pattern.IMPACT, impact=Impact.HIGH, tempo=Tempo.SLOW) == jump)


def test_impact_levels_are_ordered_and_low_is_about_walking():
    low, mod, high = (
        strain(Pattern.IMPACT, impact=i) for i in (Impact.LOW, Impact.MODERATE, Impact.HIGH)
    )
    assert np.all(low < mod) and np.all(mod < high)
    assert low[1] == pytest.approx(1.15 * 2.0 / 2.4)  # ≈ a walking step at the hip


def test_loaded_jump_counts_as_an_impact():
    jump_squat = strain(Pattern.SQUAT, 0.1, impact=Impact.MODERATE)
    assert np.all(jump_squat >= strain(Pattern.IMPACT, impact=Impact.MODERATE))


def session(*doses: Dose) -> S.SessionStimulus:
    return S.session_stimulus(list(doses), PARAMS)


def test_within_session_saturation():
    few = session(Dose(Pattern.HINGE, 30, 0.7)).stimulus[Site.LUMBAR_SPINE]
    many = session(Dose(Pattern.HINGE, 300, 0.7)).stimulus[Site.LUMBAR_SPINE]
    bound = strain(Pattern.HINGE, 0.7)[0] ** 4 * S.SATURATION_CYCLES
    assert few < many <= bound * (1 + 1e-12)
    assert many / few < 1.7  # ten times the reps, well under twice the stimulus


def test_walking_day_equivalent_session_gains_little():
    # A session of walking-strength cycles adds at most one more saturated walking bout.
    gain = session(Dose(Pattern.CARRY, 3000)).gain
    assert gain[Site.LUMBAR_SPINE] == pytest.approx(
        math.log1p(1 / S.WALK_BOUTS_PER_DAY) / 4, rel=1e-6
    )


def test_heavy_session_beats_light_session():
    heavy = session(Dose(Pattern.HINGE, 25, 0.75), Dose(Pattern.SQUAT, 25, 0.6)).gain
    light = session(Dose(Pattern.HINGE, 60, 0.35), Dose(Pattern.SQUAT, 60, 0.25)).gain
    assert all(heavy[s] > light[s] for s in S.SITES)


def test_session_report_shape():
    doc = session(Dose(Pattern.IMPACT, 50, impact=Impact.HIGH)).to_dict()
    assert set(doc) == {"lumbar_spine", "femoral_neck"}
    assert set(doc["femoral_neck"]) == {"stimulus", "gain", "osteogenic_index"}
    assert doc["femoral_neck"]["gain"] > 0


doses = st.builds(
    Dose,
    pattern=st.sampled_from(list(Pattern)),
    cycles=st.floats(0, 200),
    load_bw=st.floats(0, 2.0),
    impact=st.sampled_from(list(Impact)),
    tempo=st.sampled_from(list(Tempo)),
)


@given(st.lists(doses, min_size=1, max_size=6), doses)
@settings(max_examples=150, deadline=None)
def test_adding_an_exercise_never_lowers_the_session_stimulus(base, extra):
    before = S.session_stimulus(base, PARAMS).stimulus
    after = S.session_stimulus([*base, extra], PARAMS).stimulus
    assert all(after[s] >= before[s] * (1 - 1e-12) for s in S.SITES)


@given(st.lists(doses, min_size=1, max_size=6), st.integers(0, 5), st.floats(0.01, 1.0))
@settings(max_examples=150, deadline=None)
def test_more_load_or_reps_never_lowers_the_session_stimulus(base, pick, more):
    i = pick % len(base)
    d = base[i]
    heavier = [
        *base[:i],
        Dose(d.pattern, d.cycles, d.load_bw + more, d.impact, d.tempo),
        *base[i + 1 :],
    ]
    longer = [
        *base[:i],
        Dose(d.pattern, d.cycles + 10 * more, d.load_bw, d.impact, d.tempo),
        *base[i + 1 :],
    ]
    before = S.session_stimulus(base, PARAMS).stimulus
    for variant in (heavier, longer):
        after = S.session_stimulus(variant, PARAMS).stimulus
        assert all(after[s] >= before[s] * (1 - 1e-12) for s in S.SITES)


def test_row_order_and_layout_do_not_matter():
    rng = np.random.default_rng(3)
    n, k = 50, 5
    pattern = rng.integers(0, len(S.PATTERNS), (n, k))
    impact = rng.integers(0, len(S.IMPACTS), (n, k))
    tempo = rng.integers(0, len(S.TEMPOS), (n, k))
    load = rng.uniform(0, 1.2, (n, k))
    cycles = rng.integers(0, 60, (n, k)).astype(float)
    eps = S.normalised_strain(pattern.ravel(), load.ravel(), impact.ravel(), tempo.ravel(), PARAMS)
    group = np.repeat(np.arange(n), k)
    sparse = S.bout_stimulus(eps, cycles.ravel(), group, n, PARAMS)
    dense = S.bout_stimulus_dense(eps.reshape(n, k, 2), cycles, PARAMS)
    shuffle = rng.permutation(n * k)
    shuffled = S.bout_stimulus(eps[shuffle], cycles.ravel()[shuffle], group[shuffle], n, PARAMS)
    assert np.allclose(sparse, dense) and np.allclose(sparse, shuffled)


def test_percent_1rm_uses_the_typical_1rm_norms():
    ratio = S.load_ratio_for_pct(
        Pattern.HINGE, 85, sex=Sex.FEMALE, age=65, experience=Experience.NONE
    )
    from osteoload.engine import norms

    expected = 0.85 * norms.ratio_to_body_mass(
        Pattern.HINGE, sex=Sex.FEMALE, age=65, experience=Experience.NONE
    )
    assert ratio == pytest.approx(expected)
    assert (
        S.load_ratio_for_pct(Pattern.BACK_EXTENSION, 80, sex=Sex.FEMALE, age=65, experience=None)
        is None
    )
    assert S.load_ratio_for_pct(Pattern.SQUAT, None, sex=Sex.MALE, age=40, experience=None) is None


def test_every_source_is_in_the_registry():
    keys = set(S.SOURCES) | {
        load.source for p in S.SITE_LOADS.values() for load in (p.lumbar_spine, p.femoral_neck)
    }
    for key in keys:
        assert references.exists(key), key
