"""Calibration: the data, the fit of the shipped parameters, the qualitative checks, the hold-out
validation table, and reproducibility of the fit."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest

from osteoload.engine import calibration as C
from osteoload.engine import forecast as F
from osteoload.engine import references
from osteoload.engine import stimulus as S


@pytest.fixture(scope="module")
def data():
    return C.build_arms_and_targets(C.trials_document())


@pytest.fixture(scope="module")
def shipped():
    return F.load_params()


def test_shipped_parameters_were_fitted_to_the_packaged_trials(shipped):
    assert shipped.meta["data_sha256"] == C.trials_sha256()


def test_targets_are_the_published_differences(data):
    arms, targets = data
    by = {(t.trial, t.site.value, t.kind, t.label): t for t in targets}
    liftmor = by[("LIFTMOR", "lumbar_spine", "difference", "HiRIT")]
    assert liftmor.observed == pytest.approx(2.9 - (-1.2))
    assert liftmor.se == pytest.approx(np.hypot(2.8 / np.sqrt(49), 2.8 / np.sqrt(52)))
    bassey = by[("Bassey 1998", "femoral_neck", "difference", "jumping, postmenopausal")]
    assert bassey.observed == 0.0 and arms[bassey.minus].request["training"] == {"kind": "none"}
    contrast = [t for t in targets if t.kind == "contrast"]
    assert len(contrast) == 1 and contrast[0].observed == pytest.approx(2.1)
    assert sum(t.kind == "difference" for t in targets) == 12


def test_fit_reproduces_the_data_within_their_spread(data, shipped):
    arms, targets = data
    rows = C.fit_table(arms, targets, shipped)
    misses = [r for r in rows if not r["within_sd"]]
    assert not misses, misses


def test_qualitative_checks_pass(shipped):
    checks = C.qualitative_checks(shipped)
    assert {c["code"] for c in checks} == {
        "walking_only",
        "under_two_sessions",
        "heavy_beats_light",
        "detraining",
        "jumping_after_menopause",
    }
    failed = [c for c in checks if not c["passed"]]
    assert not failed, failed


def test_parameter_file_documents_every_parameter(shipped):
    doc = C.params_document(shipped)
    for name, entry in doc["parameters"].items():
        assert entry["tag"] in {"fitted", "derived", "literature", "assumed"}, name
        assert references.exists(entry["source"]), name
        if "bounds" in entry:
            lo, hi = entry["bounds"]
            assert lo <= entry["value"] <= hi, name
    for plus, minus in shipped.uncertainty.sigma_points:
        for name, value in {**plus, **minus}.items():
            prior = C.PRIORS[name]
            assert prior.lo <= value <= prior.hi


def test_holdout_validation_table(shipped):
    """Trials never used for fitting. The table is reported in docs/forecast-validation.md; here
    the cases the model claims to get right are held to the 2-point criterion."""
    rows = C.validate_holdout(shipped)
    summary = C.holdout_summary(rows)
    assert summary["cases"] == sum(r["scored"] for r in rows) >= 10
    by = {(r["trial"], r["arm"], r["site"]): r for r in rows}
    for years in (4, 8, 12, 16):
        r = by[("EFOPS 16 years", f"exercise vs control, {years} y", "lumbar_spine")]
        assert r["within_2"] and r["right_sign"], r
    for key in (
        ("Bassey & Ramsdale 1995", "heel drops, postmenopausal", "femoral_neck"),
        ("Winters & Snow 2000", "6 months after stopping", "femoral_neck"),
        ("Bemben 2000", "high repetition vs control", "lumbar_spine"),
        # a short heavy whole-body program after menopause: no difference observed, the model
        # close to the edge (+1.9)
        (
            "Humphries 2000",
            "weight training vs walking (women of 45–65 without HRT)",
            "lumbar_spine",
        ),
        # v4's remodelling space: premenopausal weight training no longer keeps gaining
        ("Lohman 1995", "weight training vs control (premenopausal), 12 months", "lumbar_spine"),
        ("Lohman 1995", "weight training vs control (premenopausal), 18 months", "lumbar_spine"),
        ("LIFTMOR-M", "HiRIT vs control (men)", "lumbar_spine"),
        # single-set machine training in men of 72 or more (an SMD turned into points; shown)
        (
            "FrOST (Kemmler 2020)",
            "high-intensity resistance training vs control (men of 72 or more), 18 months",
            "lumbar_spine",
        ),
        # one-sided 8RM hip work for a year (Kerr 1996, trochanter; shown, not scored)
        ("Kerr 1996", C.KERR_STRENGTH, "femoral_neck"),
        # v5's saturation slope p = m: many moderate landings count (v4 gave +0.3 against +3.5)
        ("Kohrt 1997", "walking, jogging, stairs (GRF)", "femoral_neck"),
        ("Kohrt 1997", "walking, jogging, stairs (GRF)", "lumbar_spine"),
        # v6's tempo: explosive lifts count as normal ones (v5 gave +3.7 against +1.25)
        ("ACTLIFE", "exercise vs attention control", "lumbar_spine"),
        # moderate whole-body lifting three times a week for 24 weeks after menopause
        (
            "Bocalini 2010",
            "resistance training at 60–70 % 1RM vs none (women without HRT), 24 weeks",
            "lumbar_spine",
        ),
        (
            "Bocalini 2010",
            "resistance training at 60–70 % 1RM vs none (women without HRT), 24 weeks",
            "femoral_neck",
        ),
        # premenopausal high-impact classes: the gain the remodelling space allows at a year
        (
            "Vainionpää 2005",
            "high-impact exercise vs control (premenopausal), 12 months",
            "femoral_neck",
        ),
    ):
        assert by[key]["within_2"], by[key]
    # daily single-leg hopping in older men: a gain, though smaller than observed
    hops = by[
        ("Allison 2013", "unilateral hopping, exercised vs control leg (men)", "femoral_neck")
    ]
    assert hops["right_sign"] and hops["within_2"] and hops["predicted"] > 0, hops
    # daily walking and body-weight gymnastics (Japan): walking is the customary load, so the
    # model gives nothing where the trial gained at the spine; scored, as the report says
    for months in (6, 12):
        arm = f"daily walking and gymnastics (osteoporosis, Japan), {months} months"
        r = by[("Iwamoto 1998", arm, "lumbar_spine")]
        assert r["scored"] and r["observed"] > 2 and abs(r["predicted"]) < 0.1, r
    # the bound on the mean error, on the cases this repo holds out
    assert summary["mean_absolute_error"] <= 1.25, summary
    # Each case also says whether the observed difference fell inside the forecast's 95 % band.
    assert all(r["band95"] >= 0 and r["in_band"] == (abs(r["error"]) <= r["band95"]) for r in rows)
    assert 0 < summary["inside_95_band"] <= summary["cases"]
    calibration_trials = {a["trial"] for a in C.trials_document()["arms"]}
    for case in C.HOLDOUT:
        assert references.exists(case.source), case.source
        # Of calibration trials only parts that were never fitted are reused: Winters & Snow's
        # detraining follow-up and Bassey 1998's premenopausal arm (the file has the other arm).
        assert case.trial not in calibration_trials or case.label in (
            "6 months after stopping",
            "jumping, premenopausal",
        )


def test_pooled_effects_turn_into_points_with_the_trials_sd():
    rows = {(r["source"], r["site"]): r for r in C.pooled_effect_rows()}
    spine = rows[("shojaa_2020_drt_meta", "lumbar_spine")]
    assert spine["smd"] == 0.54
    assert (spine["points_low"], spine["points_high"]) == (1.4, 2.4)  # 0.54 × 2.6 … × 4.5
    assert len(rows) == 2 * len(C.POOLED_EFFECTS)
    assert all(references.exists(e.source) for e in C.POOLED_EFFECTS)


def test_the_model_against_the_pooled_trials(shipped):
    """The model's one-year effect of common resistance programmes, as the report compares it
    with the meta-analyses: larger than the pooled effect of resistance training at both sites,
    and the forecast's assumption quotes these very numbers."""
    rows = C.pooled_comparison(shipped)
    assert len(rows) == 2 * len(C.POOLED_PROGRAMMES)
    pooled = {(r["source"], r["site"]): r for r in C.pooled_effect_rows()}
    for r in rows:
        lo, hi = C.TRIAL_SD_POINTS
        assert r["smd_low"] == pytest.approx(r["points"] / hi, abs=0.01)
        assert r["smd_high"] == pytest.approx(r["points"] / lo, abs=0.01)
        assert r["points"] > pooled[("shojaa_2020_drt_meta", r["site"])]["points_high"], r
    common = {r["site"]: r["points"] for r in rows if r["programme"] == C.POOLED_PROGRAMMES[0][0]}
    quoted = re.search(r"twice a week\) \+([\d.]+) and \+([\d.]+) %", F.POOLED_NOTE.en)
    assert quoted, F.POOLED_NOTE.en
    # the note gives one decimal of the effect the table gives to two
    for site, text in zip(("lumbar_spine", "femoral_neck"), quoted.groups(), strict=True):
        assert abs(float(text) - common[site]) <= 0.055, (site, text)
    assert f"+{quoted[1]}％と+{quoted[2]}％" in F.POOLED_NOTE.ja
    for site in ("lumbar_spine", "femoral_neck"):
        p = pooled[("shojaa_2020_drt_meta", site)]
        assert f"+{p['points_low']:.1f} to +{p['points_high']:.1f} %" in F.POOLED_NOTE.en
        assert f"+{p['points_low']:.1f}〜+{p['points_high']:.1f}％" in F.POOLED_NOTE.ja


def test_weight_bearing_programmes_against_their_pooled_effect(shipped):
    """What the report says of weight-bearing exercise: walking alone gains nothing and a few
    jumps less than the pooled weight-bearing effect at either site, while a walking-jogging
    mix falls inside its range (the model is not larger than the pooled trials here)."""
    pooled = {
        r["site"]: (r["points_low"], r["points_high"])
        for r in C.pooled_effect_rows()
        if r["source"] == C.WEIGHT_BEARING_POOLED.source
    }
    walking, jogging, jumps = (label for label, _ in C.WEIGHT_BEARING_PROGRAMMES)
    rows = C.pooled_comparison(shipped, C.WEIGHT_BEARING_PROGRAMMES)
    assert len(rows) == 2 * len(C.WEIGHT_BEARING_PROGRAMMES)
    for r in rows:
        low, high = pooled[r["site"]]
        if r["programme"] == walking:
            assert r["points"] == 0.0, r
        elif r["programme"] == jumps:
            assert 0.0 <= r["points"] < low, r
        else:
            assert r["programme"] == jogging and low <= r["points"] <= high, r


def test_refit_reproduces_the_shipped_parameters(data, shipped):
    """Reproducibility (the slow check, ~10–60 s): a fit started from the shipped parameters
    returns the same model. The MAP objective is flat along some parameter combinations, so the
    check is on what the model predicts (every calibration target within 0.15 point) and on the
    parameters within 10 %. `osteoload calibrate` (seeded multi-start) produced the file."""
    result = C.run(fast=True, loto=False)
    arms, targets = data
    refit = {(r["trial"], r["arm"], r["site"]): r["predicted"] for r in result.fit_rows}
    for r in C.fit_table(arms, targets, shipped):
        assert refit[(r["trial"], r["arm"], r["site"])] == pytest.approx(r["predicted"], abs=0.15)
    for name in C.MECHANICAL + tuple(C.BACKGROUND_PRIORS):
        assert result.params.values[name] == pytest.approx(shipped.values[name], rel=0.1), name
    assert [c["passed"] for c in result.checks] == [
        c["passed"] for c in C.qualitative_checks(shipped)
    ]


def test_leave_one_trial_out_predicts_each_trial(data, shipped):
    arms, targets = data
    subset = [
        t for t in targets if t.trial in ("Heinonen 1996", "Bassey 1998") or t.kind == "control"
    ]
    rows = C.leave_one_trial_out(arms, subset, shipped, max_nfev=30)
    assert {r["trial"] for r in rows} == {"Heinonen 1996", "Bassey 1998"}
    for r in rows:
        assert r["error"] == pytest.approx(r["predicted"] - r["observed"], abs=0.011)
    json.dumps(rows)


def test_the_bands_between_trial_spread_is_estimated_out_of_sample(shipped):
    """τ² = mean(err²) − mean(SE²) over the leave-one-trial-out errors, never below 0; the
    shipped file records it and the bands use the larger of it and the in-sample estimate."""
    ls, fn = C.Site.LUMBAR_SPINE, C.Site.FEMORAL_NECK
    targets = [
        C.Target("A", "a", ls, "difference", 0, None, 2.0, 1.0, 12),
        C.Target("B", "b", ls, "difference", 1, None, 3.0, 1.0, 12),
        C.Target("C", "c", fn, "difference", 2, None, 1.0, 2.0, 12),
    ]
    rows = [
        {"trial": "A", "arm": "a", "site": "lumbar_spine", "error": 2.0},
        {"trial": "B", "arm": "b", "site": "lumbar_spine", "error": -2.0},
        {"trial": "C", "arm": "c", "site": "femoral_neck", "error": 1.0},
    ]
    tau = C.cross_validated_tau(rows, targets)
    assert tau[ls] == pytest.approx(math.sqrt(4.0 - 1.0))
    assert tau[fn] == 0.0  # errors within the trial's own SE
    cv = C.shipped_cross_validated_tau()
    assert cv is not None and cv[ls] > 0.5
    document = json.loads(F.params_path().read_text(encoding="utf-8"))
    in_sample = document["uncertainty"]["between_trial_sd_points"]
    rel = shipped.uncertainty.between_trial_rel
    for i, site in enumerate((ls, fn)):
        assert rel[i] > 0 or max(cv[site], in_sample[site.value]) == 0
    # Pooled over both sites, relative to the predicted effect: Σ(err² − SE²) / Σ predicted².
    for row, predicted in zip(rows, (4.0, 2.0, 1.0), strict=True):
        row["predicted"] = predicted
    assert C.pooled_relative_tau(rows, targets) == pytest.approx(math.sqrt((3 + 3 - 3) / 21))
    assert C.pooled_relative_tau(rows[2:], targets) == 0.0  # within the trial's own SE
    # v6's femoral neck had no between-trial spread at all (its arms' errors are within their
    # SEs); the shipped bands give each site at least the pooled estimate
    pooled = C.shipped_pooled_relative_tau()
    assert 0.1 < pooled < 1.0
    assert cv[fn] == 0.0 and rel[1] == pytest.approx(pooled)
    assert rel[0] >= pooled


def test_the_saturation_slope_is_the_stress_exponent(shipped):
    """p = m (derived, not chosen), and the shipped sensitivity table backs the report's claim
    that the calibration trials cannot choose it: the shipped slope passes every check and its
    leave-one-trial-out error is within 0.01 points of the best slope that does (the table
    itself takes minutes: `osteoload calibrate --slope-table`)."""
    assert shipped.values["saturation_slope"] == S.STRESS_EXPONENT
    assert C.FIXED["saturation_slope"][:2] == (S.STRESS_EXPONENT, "derived")
    rows = shipped.meta["saturation_slope_table"]
    assert [r["slope"] for r in rows] == list(C.SLOPE_GRID)
    assert max(C.SLOPE_GRID) == S.STRESS_EXPONENT  # p > m: a heavier saturated bout counts less
    (mine,) = [r for r in rows if r["shipped"]]
    assert mine["slope"] == S.STRESS_EXPONENT and mine["checks_passed"]
    best = min(r["loto_mae"] for r in rows if r["checks_passed"])
    assert mine["loto_mae"] <= best + 0.01


def test_a_saturated_bout_never_counts_less_for_heavier_loading(shipped):
    """With p = m a bout saturates at a fixed Σ n·ε^m up to the strain of Rubin and Lanyon's
    36 cycles (beyond it N_sat cycles, no extrapolation): many cycles at any strain above walking
    approach the same ceiling, and heavier cycles reach it sooner."""
    sp = shipped.stimulus
    eps = np.array([1.5, 2.0, 3.0, 5.0, 8.0])
    many = np.array(
        [S.bout_stimulus_dense(np.array([[[e, e]]]), np.array([[1e6]]), sp)[0, 0] for e in eps]
    )
    assert np.all(np.diff(many) >= 0)
    ceiling = sp.saturation_cycles * S.SATURATION_STRAIN**sp.exponent
    assert many[:4] == pytest.approx(ceiling * (1 - eps[:4] ** -sp.exponent), rel=1e-9)
    few = np.array(
        [S.bout_stimulus_dense(np.array([[[e, e]]]), np.array([[20.0]]), sp)[0, 0] for e in eps]
    )
    assert np.all(np.diff(few) > 0)


def _control(site: F.Site, observed: float, se: float, months: int) -> C.Target:
    return C.Target("t", "control", site, "control", 0, None, observed, se, months)


def test_background_spread_is_the_control_arms_excess_variance_per_year():
    ls, fn = F.Site.LUMBAR_SPINE, F.Site.FEMORAL_NECK
    controls = [
        _control(ls, -2.0, 0.5, 12),
        _control(ls, 1.0, 0.5, 36),
        _control(fn, -0.1, 0.3, 12),
    ]
    pred = np.array([-1.0, -1.0, 0.0])
    spread = C.background_spread(controls, pred)
    # (1² − 0.25 + 2² − 0.25) / (1 + 3 years)
    assert spread[ls] == pytest.approx(math.sqrt(4.5 / 4.0))
    # an arm reproduced within its own standard error adds no spread
    assert spread[fn] == 0.0


def test_shipped_background_spread_comes_from_the_control_arms(data, shipped):
    arms, targets = data
    controls = [t for t in targets if t.kind == "control"]
    model = C.ArmModel(arms)
    model.arm_scale = np.ones((len(arms), 2))  # the cohort background, as stage 1 compares it
    pred = C.predict_targets(model, shipped, controls)
    spread = C.background_spread(controls, pred)
    for i, site in enumerate(C.SITES):
        assert shipped.uncertainty.background_sd[i] == pytest.approx(spread[site], abs=1e-5)


def test_the_low_impacts_note_quotes_the_walking_trial_it_misses():
    """The forecast's note on low impacts names the held-out Japanese walking trial the model
    misses, with its 12-month spine difference as the hold-out table has it."""
    (case,) = [c for c in C.HOLDOUT if c.trial == "Iwamoto 1998" and c.months == 12]
    note = F.LOW_IMPACTS_NOTE
    assert f"about {case.observed:.1f} %" in note.en
    assert f"約{case.observed:.1f}%" in note.ja
    assert "nothing" in note.en


def test_the_holdout_with_more_attendance_or_load_never_predicts_less(shipped):
    """The report's encoding sensitivity: overriding every exercise arm's attendance, or moving
    its lifts' %1RM, moves each prediction with it (and leaves the control arms alone)."""
    low = C.validate_holdout(shipped, adherence=0.5)
    high = C.validate_holdout(shipped, adherence=1.0)
    assert [r["observed"] for r in low] == [r["observed"] for r in high]
    assert all(h["predicted"] >= lo["predicted"] - 1e-9 for lo, h in zip(low, high, strict=True))
    assert sum(h["predicted"] > lo["predicted"] + 0.1 for lo, h in zip(low, high, strict=True)) > 30
    lighter = C.validate_holdout(shipped, pct_1rm_shift=-10)
    heavier = C.validate_holdout(shipped, pct_1rm_shift=10)
    assert all(
        h["predicted"] >= lo["predicted"] - 1e-9 for lo, h in zip(lighter, heavier, strict=True)
    )
    moved = zip(lighter, heavier, strict=True)
    assert sum(h["predicted"] > lo["predicted"] + 0.1 for lo, h in moved) > 15
    summary = C.encoding_sensitivity(shipped)
    assert set(summary) == {"full", "typical", "heavier", "lighter"}
    assert (
        summary["full"]["cases"]
        == summary["typical"]["cases"]
        == len([r for r in high if r["scored"]])
    )
