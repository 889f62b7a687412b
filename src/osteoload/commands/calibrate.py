"""`osteoload calibrate`: fit the bone model to the calibration trials and report.

    osteoload calibrate                       fit (seeded multi-start), print the summary as JSON
    osteoload calibrate --write-params FILE   also write the versioned parameter file
    osteoload calibrate --report              also write docs/forecast-validation.md and the
                                              predicted-vs-observed plot (SVG) next to it
    osteoload calibrate --fast                start from the shipped parameters, one start, no
                                              leave-one-trial-out (quick reproducibility check)
    osteoload calibrate --check               exit 1 unless the fit reproduces the shipped
                                              parameters (relative tolerance --tolerance)

Exit status: 0 success, 1 `--check` found a difference, 2 bad input (e.g. an unreadable trials
file).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

from osteoload.commands._io import write_json
from osteoload.engine import calibration as cal
from osteoload.engine import forecast as fc
from osteoload.engine import references
from osteoload.engine.errors import InputError


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--trials", metavar="TRIALS.json", help="calibration arms (default: shipped copy)"
    )
    parser.add_argument(
        "--seed", type=int, default=cal.DEFAULT_SEED, help="seed of the multi-start"
    )
    parser.add_argument("--fast", action="store_true", help="one start from the shipped parameters")
    parser.add_argument("--no-loto", action="store_true", help="skip leave-one-trial-out")
    parser.add_argument(
        "--slope-table",
        action="store_true",
        help="recompute the saturation slope's sensitivity table (fits for each slope: minutes)",
    )
    parser.add_argument("--write-params", metavar="FILE", help="write the fitted parameter file")
    parser.add_argument(
        "--report", action="store_true", help="write the validation report and plot"
    )
    parser.add_argument(
        "--docs", metavar="DIR", default="docs", help="where --report writes (docs)"
    )
    parser.add_argument("--check", action="store_true", help="compare with the shipped parameters")
    parser.add_argument(
        "--tolerance", type=float, default=0.1, help="relative tolerance of --check (0.1)"
    )


def run(args: argparse.Namespace) -> int:
    if args.trials:
        try:
            cal.trials_document(args.trials)
        except FileNotFoundError:
            raise InputError("--trials", f"file not found: {args.trials}") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise InputError("--trials", f"not a JSON file: {error}") from None
    result = cal.run(
        trials_path=args.trials,
        seed=args.seed,
        fast=args.fast,
        loto=not (args.no_loto or args.fast),
        slope_table=args.slope_table,
    )
    if args.write_params:
        cal.write_params(args.write_params, result.params, result.result)
    if args.report:
        docs = Path(args.docs)
        docs.mkdir(parents=True, exist_ok=True)
        plot_path = docs / "forecast-validation.svg"
        write_plot(result, plot_path)
        (docs / "forecast-validation.md").write_text(
            report_markdown(result, plot_path.name), "utf-8"
        )
    summary = summarise(result)
    status = 0
    if args.check:
        diffs = compare(result.params, fc.load_params(), args.tolerance)
        summary["check"] = {"tolerance": args.tolerance, "differences": diffs, "passed": not diffs}
        status = 0 if not diffs else 1
    write_json(summary)
    if status:
        sys.stderr.write("osteoload calibrate: the fit differs from the shipped parameters\n")
    return status


def compare(
    fitted: fc.ModelParams, shipped: fc.ModelParams, tolerance: float
) -> list[dict[str, Any]]:
    out = []
    for name in fc.PARAMETER_NAMES:
        a, b = fitted.values[name], shipped.values[name]
        if abs(a - b) > tolerance * max(abs(b), 1e-3):
            out.append({"parameter": name, "fitted": round(a, 6), "shipped": round(b, 6)})
    return out


def summarise(c: cal.Calibration) -> dict[str, Any]:
    return {
        "schema": "osteoload.calibration/1",
        "parameters": {n: round(v, 6) for n, v in c.params.values.items()},
        "between_trial_sd_points": {s.value: round(v, 3) for s, v in c.result.tau.items()},
        "cross_validated_sd_points": None
        if c.result.tau_cv is None
        else {s.value: round(v, 3) for s, v in c.result.tau_cv.items()},
        "objective": round(c.result.cost, 6),
        "fit": c.fit_rows,
        "leave_one_trial_out": c.loto,
        "leave_one_trial_out_mae": _mae(c.loto),
        "qualitative_checks": c.checks,
        "holdout": c.holdout,
        "holdout_summary": cal.holdout_summary(c.holdout),
    }


def _mae(rows: list[dict[str, Any]]) -> float | None:
    if not rows:
        return None
    return round(sum(abs(r["error"]) for r in rows) / len(rows), 3)


# --- the plot -------------------------------------------------------------------------------------


def write_plot(c: cal.Calibration, path: Path) -> None:
    """Predicted vs observed exercise-minus-control differences: calibration fit, leave one trial
    out, and the hold-out trials."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = (
        "osteoload"  # stable ids: the file only changes with the data
    )
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 6.0))
    series = [
        ("calibration fit", [r for r in c.fit_rows if r["kind"] != "control"], "o", "#1f77b4"),
        ("leave one trial out", c.loto, "s", "#ff7f0e"),
        ("hold-out trials (never fitted)", [r for r in c.holdout if r["scored"]], "^", "#2ca02c"),
        ("hold-out, not scored", [r for r in c.holdout if not r["scored"]], "x", "#7f7f7f"),
    ]
    values: list[float] = []
    for label, rows, marker, colour in series:
        if not rows:
            continue
        obs = [r["observed"] for r in rows]
        pred = [r["predicted"] for r in rows]
        values += obs + pred
        ax.scatter(obs, pred, marker=marker, color=colour, label=label, alpha=0.85)
    lo = math.floor(min([*values, 0.0]) - 0.5)
    hi = math.ceil(max([*values, 0.0]) + 0.5)
    ax.plot([lo, hi], [lo, hi], color="black", linewidth=1)
    ax.fill_between(
        [lo, hi],
        [lo - 2, hi - 2],
        [lo + 2, hi + 2],
        color="#cccccc",
        alpha=0.35,
        label="±2 percentage points",
    )
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_xlabel("observed exercise − control (% BMD)")
    ax.set_ylabel("predicted exercise − control (% BMD)")
    ax.set_title("Bone-density forecast: predicted vs observed")
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)


# --- the report -----------------------------------------------------------------------------------


def _table(rows: list[dict[str, Any]], columns: list[tuple[str, str]]) -> str:
    head = "| " + " | ".join(title for _, title in columns) + " |"
    rule = "|" + "|".join("---" for _ in columns) + "|"
    body = []
    for r in rows:
        cells = []
        for key, _ in columns:
            v = r.get(key, "")
            if isinstance(v, bool):
                v = "yes" if v else "**no**"
            elif isinstance(v, float):
                v = f"{v:+.2f}" if key in ("observed", "predicted", "error") else f"{v:.2f}"
            cells.append(str(v))
        body.append("| " + " | ".join(cells) + " |")
    return "\n".join([head, rule, *body])


def _error_range(rows: list[dict[str, Any]], trial: str, label_start: str) -> str:
    """'a–b': the smallest and largest error of a trial's hold-out rows whose label starts so."""
    errors = [r["error"] for r in rows if r["trial"] == trial and r["arm"].startswith(label_start)]
    return f"{min(errors):.1f}–{max(errors):.1f}" if errors else "(none)"


def _row(rows: list[dict[str, Any]], trial: str, arm: str) -> dict[str, Any]:
    """The first row of `trial` and `arm` (the spine's, where both sites are listed)."""
    return next(r for r in rows if r["trial"] == trial and r["arm"] == arm)


def _slope_table(rows: list[dict[str, Any]] | None) -> str:
    if not rows:
        return "(not run)"
    shown = [
        {
            "slope": f"{r['slope']:g}",
            "objective": f"{r['objective']:.3f}",
            "loto": f"{r['loto_mae']:.3f}",
            "checks": r["checks_passed"],
            "shipped": "**shipped** (p = m)" if r["shipped"] else "",
        }
        for r in rows
    ]
    return _table(
        shown,
        [
            ("slope", "p"),
            ("objective", "objective (in sample)"),
            ("loto", "leave-one-trial-out error (points)"),
            ("checks", "qualitative checks pass"),
            ("shipped", ""),
        ],
    )


def _param_rows(params: fc.ModelParams, result: cal.FitResult) -> list[dict[str, Any]]:
    doc = cal.params_document(params, result)["parameters"]
    rows = []
    for name, entry in doc.items():
        rows.append(
            {
                "name": f"`{name}`",
                "value": f"{entry['value']:.4g}",
                "tag": entry["tag"],
                "sd": f"{entry['posterior_sd']:.3g}" if "posterior_sd" in entry else "",
                "source": f"`{entry['source']}`",
                "note": entry["note"],
            }
        )
    return rows


def report_markdown(c: cal.Calibration, plot_name: str) -> str:
    """docs/forecast-validation.md: generated by `osteoload calibrate --report`."""
    fit_cols = [
        ("trial", "trial"),
        ("arm", "arm"),
        ("site", "site"),
        ("kind", "target"),
        ("months", "months"),
        ("observed", "observed"),
        ("predicted", "predicted"),
        ("se", "SE"),
        ("within_sd", "within 1 SD"),
    ]
    loto_cols = [
        ("trial", "trial"),
        ("arm", "arm"),
        ("site", "site"),
        ("months", "months"),
        ("observed", "observed"),
        ("predicted", "predicted"),
        ("error", "error"),
    ]
    hold_cols = [
        ("trial", "trial"),
        ("arm", "comparison"),
        ("site", "site"),
        ("months", "months"),
        ("observed", "observed"),
        ("predicted", "predicted"),
        ("error", "error"),
        ("right_sign", "right sign"),
        ("within_2", "within 2 points"),
        ("band95", "95 % band ±"),
        ("in_band", "inside the band"),
        ("scored", "scored"),
    ]
    hs = cal.holdout_summary(c.holdout)
    checks = "\n".join(
        f"| {ch['en']} | {ch['criterion']} | `{json.dumps(ch['values'], ensure_ascii=False)}` | "
        f"{'passed' if ch['passed'] else '**failed**'} |"
        for ch in c.checks
    )
    hold_notes = "\n".join(
        f"- **{r['trial']}, {r['arm']}** ({r['site']}): {r['note']} Source `{r['source']}`."
        for r in c.holdout
    )
    keys = sorted(
        set(fc.MODEL_SOURCES)
        | {r["source"] for r in c.holdout}
        | {p.source for p in cal.PRIORS.values()}
        | {v[2] for v in cal.FIXED.values()}
        | set(WEAKNESS_SOURCES)
        | {e.source for e in cal.POOLED_EFFECTS}
    )
    bib = "\n".join(
        f"- `{k}`: {references.get(k).citation()}" for k in keys if references.exists(k)
    )
    tau = c.result.tau
    cv = c.result.tau_cv
    actlife = _row(c.holdout, "ACTLIFE", "exercise vs attention control")
    stengel = _row(
        c.fit_rows, "von Stengel 2007", "power training (explosive) vs strength training (slow)"
    )
    iwamoto = [r for r in c.holdout if r["trial"] == "Iwamoto 1998"]
    encoding = cal.encoding_sensitivity(c.params)
    warren_fn = next(
        r for r in c.holdout if r["trial"] == "Warren 2008" and r["site"] == "femoral_neck"
    )
    return TEMPLATE.format(
        plot=plot_name,
        version=fc.MODEL_VERSION,
        seed=c.params.meta.get("seed"),
        sha=c.params.meta.get("data_sha256"),
        objective=f"{c.result.cost:.3f}",
        tau_ls=f"{tau[cal.Site.LUMBAR_SPINE]:.2f}",
        tau_fn=f"{tau[cal.Site.FEMORAL_NECK]:.2f}",
        cv_ls=f"{cv[cal.Site.LUMBAR_SPINE]:.2f}" if cv else "(not run)",
        cv_fn=f"{cv[cal.Site.FEMORAL_NECK]:.2f}" if cv else "(not run)",
        tau_pooled=f"{c.result.tau_rel_pooled or 0.0:.2f}",
        warren_fn_band=f"{warren_fn['band95']:.2f}",
        rel_ls=f"{c.params.uncertainty.between_trial_rel[0]:.2f}",
        rel_fn=f"{c.params.uncertainty.between_trial_rel[1]:.2f}",
        bg_ls=f"{c.params.uncertainty.background_sd[0]:.2f}",
        bg_fn=f"{c.params.uncertainty.background_sd[1]:.2f}",
        params=_table(
            _param_rows(c.params, c.result),
            [
                ("name", "parameter"),
                ("value", "value"),
                ("tag", "kind"),
                ("sd", "posterior SD"),
                ("source", "source"),
                ("note", "meaning"),
            ],
        ),
        fit=_table(c.fit_rows, fit_cols),
        loto=_table(c.loto, loto_cols) if c.loto else "(not run)",
        slope_table=_slope_table(c.params.meta.get("saturation_slope_table")),
        loto_mae=_mae(c.loto),
        checks=checks,
        holdout=_table(c.holdout, hold_cols),
        hold_cases=hs["cases"],
        hold_mae=hs["mean_absolute_error"],
        hold_within=hs["within_2_points"],
        hold_sign=hs["right_sign"],
        **{
            f"{case}_{key}": value
            for case, summary in encoding.items()
            for key, value in (
                ("mae", summary["mean_absolute_error"]),
                ("out", summary["cases"] - summary["within_2_points"]),
            )
        },
        load_shift=f"{cal.ENCODING_LOAD_SHIFT:.0f}",
        typical_pct=f"{fc.TYPICAL_ADHERENCE * 100:.0f} %",
        efops_designed=_error_range(c.holdout, "EFOPS 16 years", "exercise vs control"),
        efops_one_client=_error_range(c.holdout, "EFOPS 16 years", "one client"),
        hold_band=hs["inside_95_band"],
        actlife=f"{actlife['predicted']:+.2f}",
        iwamoto_6=f"{iwamoto[0]['observed']:+.1f}",
        iwamoto_12=f"{iwamoto[-1]['observed']:+.1f}",
        iwamoto_pred="nothing"
        if all(abs(r["predicted"]) < 0.05 for r in iwamoto)
        else " and ".join(f"{r['predicted']:+.1f}" for r in iwamoto),
        kerr_heavy=f"{_row(c.holdout, 'Kerr 1996', cal.KERR_STRENGTH)['predicted']:+.1f}",
        kerr_light=f"{_row(c.holdout, 'Kerr 1996', cal.KERR_ENDURANCE)['predicted']:+.1f}",
        actlife_error=f"{actlife['error']:.1f}",
        actlife_full=f"{_row(c.holdout, 'ACTLIFE', cal.ACTLIFE_SENSITIVITY)['error']:.1f}",
        stengel_fit=f"{stengel['predicted']:.2f}",
        slow_factor=f"{math.exp(c.params.values['log_rate_slow']):.2f}",
        hold_notes=hold_notes,
        **_pooled_fields(c.params),
        bibliography=bib,
        options="\n".join(
            ["| field | meaning |", "|---|---|"] + [f"| {a} | {b} |" for a, b in REQUEST_OPTIONS]
        ),
    )


def _pooled_fields(params: fc.ModelParams) -> dict[str, str]:
    """The "Against the pooled trials" section: both tables and the ratios of the model's
    effect to the pooled resistance-training effect in points (lowest to highest)."""
    effects = cal.pooled_effect_rows()
    programmes = cal.pooled_comparison(params)
    resistance = cal.RESISTANCE_POOLED.source

    def ratio(site: str) -> str:
        pooled = [e for e in effects if e["source"] == resistance and e["site"] == site]
        points = [r["points"] for r in programmes if r["site"] == site]
        low = min(points) / max(e["points_high"] for e in pooled)
        high = max(points) / min(e["points_low"] for e in pooled)
        return f"{low:.1f}–{high:.1f}"

    effect_rows = [
        {
            **e,
            "points": f"{e['points_low']:+.1f} to {e['points_high']:+.1f}",
            "source": f"`{e['source']}`",
        }
        for e in effects
    ]

    def rows_of(comparison: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {
                **r,
                "points": f"{r['points']:+.2f}",
                "smd": f"{r['smd_low']:.2f}–{r['smd_high']:.2f}",
            }
            for r in comparison
        ]

    programme_columns = [
        ("programme", "programme"),
        ("site", "site"),
        ("points", "points"),
        ("smd", "as an SMD"),
    ]
    weight_bearing = {
        e["site"]: f"{e['points_low']:+.1f} to {e['points_high']:+.1f}"
        for e in effects
        if e["source"] == cal.WEIGHT_BEARING_POOLED.source
    }
    low, high = cal.TRIAL_SD_POINTS
    return {
        "sd_low": f"{low:g}",
        "sd_high": f"{high:g}",
        "pooled_months": str(cal.POOLED_MONTHS),
        "pooled_effects": _table(
            effect_rows,
            [
                ("pooled", "pooled"),
                ("site", "site"),
                ("smd", "SMD"),
                ("points", "points"),
                ("source", "source"),
            ],
        ),
        "pooled_programmes": _table(rows_of(programmes), programme_columns),
        "ratio_ls": ratio("lumbar_spine"),
        "ratio_fn": ratio("femoral_neck"),
        "wb_ls": weight_bearing["lumbar_spine"],
        "wb_fn": weight_bearing["femoral_neck"],
        "weight_bearing_programmes": _table(
            rows_of(cal.pooled_comparison(params, cal.WEIGHT_BEARING_PROGRAMMES)),
            programme_columns,
        ),
    }


WEAKNESS_SOURCES = (
    "bemben_2011_rt_frequency",
    "mohebbi_2023_meta",
    "shojaa_2020_meta",
    "shojaa_2020_drt_meta",
    "martyn_st_james_2009_impact",
    "kast_2022_intensity",
    "cussler_2003_weight_lifted",
    "iwamoto_2001_training_detraining",
)
"""Sources the template's "Where the model is weak" cites by key."""

REQUEST_OPTIONS: list[tuple[str, str]] = [
    ("`months`", "horizon, 1–240 (default 12)"),
    (
        "`training.exercises[].tempo`",
        "`explosive`, `normal` (default) or `slow` (protocol); slow lifts count less, explosive "
        "ones as normal ones (`explosive_as_normal` in `assumptions`)",
    ),
    (
        "`training.exercises[].exercise_id`",
        "a protocol exercise named by its catalogue id instead of a `pattern` (an impact "
        "exercise brings its level); an id the catalogue does not know is classed by its name, "
        "as in a log (`exercise_guessed` in `assumptions`)",
    ),
    (
        "`training.exercises[].load_kg`",
        "a protocol lift's load in kg instead of `pct_1rm`",
    ),
    (
        "`training.exercises[].duration_s`",
        "a protocol hold (plank, balance) given by its duration instead of sets and reps",
    ),
    (
        "`training.stop_after_months`",
        "protocol: training stops after this many months (detraining afterwards)",
    ),
    (
        "`training.after_program`",
        "`continue` (default: the program's last 4 weeks repeat) or `stop`",
    ),
    (
        "`training.start_date`",
        "log: the forecast's month 1, YYYY-MM-DD (default: the first session; `null` in the "
        "output for an empty log without one)",
    ),
    (
        "`training.after_log`",
        "log: training goes on after the last session at its recent rate (`continue`, default) "
        "or `stop`",
    ),
    ("`sets[].pattern` (log)", "the pattern when an `exercise_id` is not in the catalogue"),
    (
        "`impacts[].pattern`, `impacts[].impact` (log)",
        'an impact the catalogue does not know: `"pattern": "impact"` with its level '
        "(`low`, `moderate`, `high`; required); up to 20 000 contacts an entry (a day's steps)",
    ),
    ("`id` (batch)", "echoed in the output line"),
]


TEMPLATE = """# Bone-density forecast: model, calibration and validation

*Generated by `osteoload calibrate --report` (seed {seed}, calibration data sha256 `{sha}`).
Edit the template in `src/osteoload/commands/calibrate.py`, not this file.*

![Predicted vs observed exercise-minus-control differences]({plot})

## What the forecast does

`osteoload forecast` (ENGINE.md §5) predicts the percentage change of areal BMD at the lumbar
spine and the femoral neck, month by month, with the client's training and without it (the
counterfactual). Two parts are added on the log scale:

1. **Background change** from cohort data: menopausal loss around the final menstrual period
   (SWAN: a Gaussian bump of 8.0 % LS / 6.4 % FN plus a 1 %/y tail fading over 5 years), age-related
   loss (SOF for women's hips, MrOS for men, Miyama for the Japanese spine), a BMI modifier (SWAN),
   a third less loss with hormone therapy (SOF) and no loss on bisphosphonates or denosumab. Two
   scale factors (LS, FN) are fitted to the calibration trials' control arms.
2. **Training excess** from a monthly mechanostat with accommodation, driven by the session
   stimulus of `stimulus.py` (site loads per repetition and impact relative to walking, strain
   exponent m = 4, a tempo factor by which slow lifts count less; within-session saturation:
   about 30 cycles use up a bout at high strain, more at lower strains,
   N(ε) = 30·(5/ε)^m, so that a bout saturates at a fixed
   stimulus Σ n·ε^m whatever mixture of cycles makes it up, and cycles no larger than a walking
   step add nothing):
   formation when a session's stimulus exceeds an accommodating reference by more than a
   threshold (Frost's modelling threshold, raised as estrogen falls: reduced responsiveness
   after menopause, and raised further in proportion to the menopausal loss rate, so that the
   first years after the final period, when remodelling is fastest, respond least); formation
   that slows as the gain approaches the part of the remodelling space a programme can refill
   (the remodelling transient: a change in remodelling moves BMD by at most the space it holds
   open), a space that grows with the activation frequency after menopause (Recker 2004: it
   doubles within a year of the final period and triples by 13 years), so a gain levels off
   within months, lower before menopause than after; a share φ
   of the background loss prevented while loading stays above the
   threshold; a frequency response h(f) on scheduled sessions per week (missed sessions scale the
   drive down); a two-stage remodelling lag; gains above what the time-averaged stimulus
   supports (Carter: ln ρ = ½ ln ψ) resorbed with a 6-month time constant, so detraining
   reverses gains within about a year, while reduced training keeps them.

**Loads relative to typical strength; men.** Bone strength is adapted to the largest forces
the muscles habitually apply (the muscle–bone unit), so a lift's load counts relative to the
client's typical strength for age and sex, expressed for a reference woman of 60 (the typical age
of the calibration trials): a 35-year-old woman's lift counts about 0.75–0.8 of its load, a
60-year-old man's about 0.65–0.7, an 80-year-old woman's about 1.2–1.3 (the ratio of typical 1RM
per body mass; impacts count with body weight). The calibration trials are all in women; a man's
responsiveness is that of a woman of his age with a final period at 50.5 (the set-point rise of
estrogen loss, without the transition), because trials in older men found effects no larger than
in postmenopausal women. LIFTMOR-M, the men's version of a calibration trial, is in the hold-out
table below.

The response's `pct_change`, `lower95`, `upper95` and `no_training_pct_change` per site are
**monthly series** (month 1 … N, listed in `months`); the value at the horizon is repeated under
`final`, together with `training_effect_pct` (the excess alone). `assumptions` lists every
assumption the forecast had to make (in English and Japanese, with a source key).

**Uncertainty.** The 95 % band is mean ± 1.96 SD on the log scale, where the variance adds
(1) parameter uncertainty: the forecast is re-run at sigma points θ ± δ, one posterior standard
deviation along the directions of the fitted parameters' covariance (Laplace approximation of the
MAP fit) that carry most of the variance of the forecast (a reduced-rank delta method: the
Jacobian of typical forecasts times the covariance's square root, decomposed by SVD; the axes
covering 90 % of that variance, at most two, are kept), (2) the
between-trial spread of the training effect (a random trial effect, applied in proportion to the
predicted effect: the largest of the in-sample estimate by the method of moments,
DerSimonian–Laird style, SD {tau_ls} points at the spine and {tau_fn} at the femoral neck, the
out-of-sample one from the leave-one-trial-out errors, their variance beyond the trials' own
standard errors, {cv_ls} and {cv_fn} points, and the same pooled over both sites, relative to
the predicted effect, {tau_pooled}; the fit reproduces its own trials within their errors, so
only the out-of-sample estimates say how far a trial it has not seen may fall, and the femoral
neck's few arms cannot show that spread on their own; the bands use {rel_ls} of the effect at
the spine and {rel_fn} at the femoral neck), and (3) the spread of the background
path: the control arms' departures from the cohort background beyond their own standard errors,
as a variance growing in proportion to time, SD {bg_ls} points at the spine and {bg_fn} at the
femoral neck after one year (× √years after that). The departures do not scale with the
predicted loss (the smallest predicted losses are missed by the most, and a 12-year control arm
departs no further than 8-month ones), so this spread is absolute; v4 at first took it as a
share of the predicted loss, which gave a perimenopausal client a femoral-neck band of about
−22 … +16 % over two years. The band is for the mean of clients like this one, not for one
person's next scan (DXA precision alone is 1–2 %).

**Antiresorptives** (bisphosphonate, denosumab) remove the background loss; the drugs' own gains
are not added because the start of treatment is not known, so both paths are conservative, and
training effects are assumed additive. Glucocorticoids, aromatase inhibitors and anabolic drugs
are not modelled and are flagged in `assumptions`.

## Request options

Beyond ENGINE.md §5 (all optional; the contract's fields keep their meaning):

{options}

Loads: %1RM becomes kilograms with the typical 1RM for age, sex and experience
(`norms.ratio_to_body_mass`); patterns without a 1RM norm (back extension, core, carry) count with
body weight only, and so do lifts given without a load (`no_load_given` in `assumptions`).
Loads in kg are divided by `profile.weight_kg`; without it, by the median weight of Japanese
adults of the client's sex and age group (`norms.median_body_mass_kg`,
`mhlw_dri_2025_body_size`; `weight_assumed` in `assumptions`). Exercise ids the catalogue
does not know are classed by words in their name (`deadlift` → hinge, `jump` → moderate impact,
…; listed in `assumptions`), or rejected when the name says nothing. Duration-dosed holds add
nothing (static loading is not osteogenic). Impact levels take their GRF from the catalogue's
bands (low 2, moderate 4.5, high 5.5 body weights). A protocol or program without an
`adherence` counts {typical_pct} of the planned sessions as done, the median attendance of the
calibration trials' exercise arms (70–100 %; `adherence_assumed_typical` in `assumptions`):
a forecast is the expected outcome, and the trials that calibrate the model were attended at
that rate; give `"adherence": 1.0` for every session.

**Batch mode.** `osteoload forecast --batch FILE.jsonl` reads one request per line and writes one
JSON line per non-blank input line, in order, each with `line` (and `id` when given). A bad line
becomes `{{"line": n, "error": {{"field": ..., "problem": ...}}}}` and a line on stderr; the other
lines are still forecast, and the exit status is 2 when any line failed, 0 otherwise.

## Calibration

Fitted only to `src/osteoload/engine/data/calibration/trials.json` (a copy of the project's
shared calibration file). Stage 1 fits the background scales to the control arms, with a
between-trial SD (random effects) so that one trial's fast-losing controls do not set everyone's
background. For stage 2
each trial's background is scaled so its own control arm is reproduced; the mechanical
parameters are then fitted by maximum a posteriori (scipy `least_squares`, seeded multi-start,
weak priors from the science notes) to the exercise-minus-control differences, each standardised
by its standard error combined with the between-trial SD (re-estimated twice). Objective
{objective}.
The seed fixes the starts, not the last digits: the objective is flat along some parameter
combinations, so on another machine (floating-point results differ in their last digits
between CPUs and numpy builds, and a relative change of 1e-13 in the residuals is enough) the
same command ends within about 2 % of these values, with every prediction below within
0.01 point (leave-one-trial-out 0.04). `osteoload calibrate --check` compares a refit
with the shipped file at a 10 % tolerance.

### Parameters (`data/bone_model/params-{version}.json`)

{params}

### Saturation slope

How many more cycles a bout takes to saturate at lower strains, N(ε) = 30·(5/ε)^p, is set to
p = m = 4: then a bout saturates at a fixed stimulus Σ n·ε^m, so cycles and magnitude trade off
as in Carter's daily stress stimulus (a session of many moderate landings can do what a few
heavy lifts do), and p cannot exceed m without a saturated bout of heavier loading counting
less. The calibration trials cannot choose p: neither the in-sample objective nor the
leave-one-trial-out error separates the slopes from 1.5 to 4 (table, from `osteoload calibrate
--slope-table`, which refits for each p). v4 chose p = 1.5 by the lowest leave-one-trial-out
error among the slopes that passed the qualitative checks; steeper slopes failed only the
check's absolute bound on a high-impact program after menopause, which no trial supports (see
Model versions).

{slope_table}

### Fit per arm

Differences use each trial's own background; control arms are compared with the cohort
background a client's forecast uses. "Within 1 SD" compares the error with the arms' reported
(or default) standard deviation.

{fit}

### Leave one trial out

Each trial's differences predicted by a refit without that trial. Mean absolute error
{loto_mae} points.

{loto}

## Qualitative checks

| check | criterion | values (% effect) | result |
|---|---|---|---|
{checks}

## Validation on trials that were never fitted

Exercise-minus-control differences of published trials that are not in the calibration file,
predicted with the shipped parameters. Scored cases: {hold_cases}; mean absolute error
{hold_mae} points; within 2 points: {hold_within}; right sign: {hold_sign} (a difference below
0.5 point counts as "no effect", and then the sign is right when the prediction is within
2 points of zero); inside the forecast's 95 % band of the training effect (parameter and
between-trial uncertainty): {hold_band}. A case is shown but not scored when it is not
independent of the fit, when its values are approximate, or when its comparison was neither
randomised nor measured by DXA.

{holdout}

How each case was encoded:

{hold_notes}

### Against the pooled trials

The notes also ask for a comparison with the meta-analyses' pooled effects. These are
standardised mean differences (SMD); with the SD of a year's % change within these trials'
groups ({sd_low}–{sd_high} %, LIFTMOR and Nelson 1994) an SMD becomes percentage points:

{pooled_effects}

The model's effect of two common resistance programmes over {pooled_months} months, for a
woman of 62, 12 years after menopause (`osteoload calibrate --report` computes it with the
shipped parameters):

{pooled_programmes}

At the spine the model gives these programmes {ratio_ls} times the pooled effect of resistance
training, at the femoral neck {ratio_fn} times. The model is calibrated on trials with large
effects (LIFTMOR, Nelson 1994, EFOPS: supervised, progressive, mostly heavy, well attended); the
pooled trials vary widely in programme, length and attendance. A forecast with loaded
lifts after menopause says so in its `assumptions` (`pooled_trials_smaller`).

Weight-bearing exercise is a different picture. Pooled by type of exercise, weight-bearing
programmes (walking, jogging, stepping, jumping) gained {wb_ls} points at the spine and
{wb_fn} at the femoral neck; the model gives three kinds of them, over the same year and for
the same woman:

{weight_bearing_programmes}

Walking alone counts for nothing and a few jumps for little, while a mix with jogging comes out
about at the pooled effect: for weight-bearing programmes the model is not larger than the
pooled trials, and for walking and jumps it is smaller (see "Walking, jogging and stair
programs" under Where the model is weak).

## Speed

`make bench` (`benchmarks/run.py`) forecasts 100 000 clients × 60 months on protocol training
with the bands and reports client-months per second of CPU time, next to a numpy floor (one
log(exp(x)) pass over clients × days) and the ratio. Everything is float64 arrays; the only Python
loop is over months, in chunks of clients that fit the CPU cache. Only the results span the whole
cohort, and the loop's arrays are laid out as (sites, clients), so that every operation runs along
contiguous memory. Each sigma-point pair costs two extra runs of the monthly recurrence.

## Model versions

- **v7** (this file). The bands' between-trial spread at the femoral neck. v6
  estimated it per site, and the femoral neck's six calibration arms, whose standard errors
  are as large as their leave-one-trial-out errors, gave 0: its bands carried parameter
  uncertainty alone and could be a tenth of a point wide or less (a premenopausal two-year
  programme: +1.78 ± 0.12 at the neck, where Warren 2008 found no difference; v7:
  ± {warren_fn_band}). v7 also estimates the spread from both sites' leave-one-trial-out
  errors together, relative to the predicted effect (by the method of moments, each
  error's variance being its trial's SE² plus (τ_rel · predicted)²: τ_rel =
  {tau_pooled}), and a site takes the largest of its own estimates and this one. The spine
  keeps its own, larger estimate; the fitted values and every forecast's mean are v6's.
- **v6**. Where a normal tempo lies between explosive and slow lifting. The one
  calibration trial of tempo, von Stengel 2007, compares explosive with slow lifts (4 s up,
  4 s down) at the same loads and volume, so it fixes the contrast between the two (fitted
  +{stengel_fit} points against +2.1 observed) but not where the normal tempo of every other
  trial lies between them. v5 put normal halfway (a strain factor of 1.2 each side); v6 counts
  explosive lifts as normal ones and puts the whole contrast on slow lifts, whose strain is
  divided by {slow_factor} (`log_rate_slow`; its prior is v5's on the contrast). The fit does
  not move (objective {objective}). The hold-out informed the change, as it informed v2's, v4's
  and v5's forms: ACTLIFE, the hold-out's controlled trial of an explosive programme after
  menopause, gained +1.25 points at the spine in 13 months, half of what EFOPS's
  normal-tempo programme gained in its first 14 months in women of the same age and
  menopausal stage, while v5 gave ACTLIFE +3.7 (v6: {actlife}). If explosive lifting does
  add to the bone stimulus, forecasts of explosive programmes are now conservative. On the
  same 34 scored hold-out cases v5 erred by 1.07 points (32 within 2 points, 34 right sign,
  17 inside the band). Two hold-out rows are new: ACTLIFE's total-hip result (shown, not
  scored: the femoral neck was not reported) and Allison 2013, daily single-leg hopping in
  men of 70 (the exercised leg against the other), where the model gives a small gain of the
  right sign, smaller than observed.
- **v5**. The saturation slope is p = m = 4 instead of 1.5 (see Saturation slope):
  a session of many moderate landings (jogging, stairs) now counts for more than a few jumps, as
  pooled trials found at the hip after menopause (Martyn-St James & Carroll 2009), while
  Bassey's daily jumps and walking still count nothing. The fitted parameters barely move
  (objective 5.716). Kohrt 1997's walking, jogging and stair program gains +1.6 % at the
  femoral neck and +1.0 % at the spine (v4: +0.3 and +0.1; observed +3.5 and +1.8). The
  hold-out informed the change (Kohrt's miss), as it informed v2's and v4's forms; the value
  comes from the model's own stimulus, not from a fit. The qualitative check "jumping alone does
  little after menopause" lost a bound that v4 had added without a trial behind it: v4 also
  required Heinonen 1996's high-impact program to gain under 0.5 % after menopause, a dose no
  postmenopausal trial in the notes tested; v5 gives it +0.8 % at the femoral neck, half the
  premenopausal effect, and Bassey's program still nothing. On the same 34 hold-out cases v4
  erred by 1.10 points (31 within 2 points, 34 right sign, 16 inside the band);
  leave-one-trial-out error v4 0.78 points.
- **v4**. Two changes. (1) Formation is limited by the remodelling space a
  programme can refill (`remodelling_space`, fitted, C_pre ≈ 1.6 % before menopause; three
  times as much once estrogen is lost, `remodelling_space_ratio` from Recker 2004's activation
  frequencies): each month's formation fills what is left of the space, counting what the lag
  stages will still deliver, so no program's gain exceeds it, while the background loss
  prevented (φ) is not limited. v3 let a premenopausal woman's spine gain keep growing for a
  year on weight training (Lohman 1995: +7.2 % predicted at 12 months against +2.3 % observed,
  +8.2 against +1.9 at 18) and gave a young man more than an older one from the same heavy
  program; now a young client responds to lighter loads (the lower threshold) but levels off
  lower. (2) A bout saturates after more cycles at lower strains (Cullen 2001: N(ε) =
  30·(5/ε)^p, p = 1.5 chosen by leave-one-trial-out, see above), and cycles no larger than a
  walking step add nothing; 300 jogging-like landings now count for more than Bassey's 50 jumps,
  while walking still counts nothing. The form (2) was tried because of the hold-out's
  walking-and-jogging miss (as v2's transition term was), so the hold-out informed it; its slope
  was then chosen on the calibration trials alone. With (1) alone: objective 5.18 → 5.33,
  leave-one-trial-out error 1.00 → 0.96 points, hold-out error on v3's 25 cases 1.44 → 1.09;
  with (2) as well: objective 5.76 (the in-sample fit is worse), leave-one-trial-out error 0.78
  points. Mosti 2014 (squat training in women of 22) and Warren 2008 (two years of twice-weekly
  strength training before menopause, no difference at either site) were added to the hold-out;
  on those 28 cases v4 errs by 1.16 points, 25 within 2, 28 of the right sign (with (1)
  alone: 1.22 points, 23 within 2, 24 right sign). Beavers 2017 (weight training against
  treadmill walking in older adults losing weight), Snow-Harter 1992 (jogging or weight
  training in college women), Gleeson 1990 and Rockwell 1990 (weight training before menopause,
  shown only) were added afterwards without refitting; the table's numbers above include them.
- **v3**. (1) The frequency response is full from 2 sessions a week and steep below
  (Bemben & Bemben 2011; EFOPS), replacing a smooth curve that gave 3 sessions about 40 % more
  than 2. (2) Lift loads count relative to typical strength for age and sex (the muscle–bone
  unit), which also carries the model to men with a second rule (a man responds like a woman of
  his age). Calibration objective 7.36 → 5.18, leave-one-trial-out error 1.21 → 1.00 points.
  The hold-out now scores the EFOPS long-term series with the calibration file's own encoding
  of the program (4 a week, 75 % attended) and adds Kohrt 1997's two other differences, Bemben
  2000's hip, LIFTMOR-M, Lohman 1995 and Bassey 1998's premenopausal arm. On the 20 cases
  without the last three the error is 1.09 points (18 within 2); with them, the table's numbers
  above. On v2's own 17 cases and encodings the error rose from 0.96 to 1.37 points: scoring the
  EFOPS series as one client at the group's mean frequency (2.2 a week, all attended) over-predicts
  by 1.1–1.8 points once 2 sessions a week count in full, so the EFOPS result depends on the
  encoding (both are in the table).
- **v2**: the formation threshold rises further in the menopausal transition.
- **v1**: the first calibrated model.

## Where the model is weak

- **Trial heterogeneity is large.** ACTLIFE (3 sessions a week of explosive lifting and
  jumps in early-postmenopausal women) is still over-predicted by {actlife_error} points as
  encoded here, and by {actlife_full} points with 3 sets at 85 % 1RM and every session
  attended; moderate whole-body resistance programmes of 5–11 months (Bemben 2000, Beavers
  2017, Humphries 2000, Kohrt 1997's lifting arm) by 1.7–1.9 points at the spine, where
  these trials found no difference, and how close that comes to 2 points depends on the
  encoding (Humphries 2000: +1.5 at 5 months, +1.9 at 6, +2.1 with every session attended);
  while LIFTMOR's spine gain in 8 months is under-predicted: with pattern-level loads the model
  cannot tell a deadlift from a hip-extension machine, and it does not know who trained under
  supervision. Treat a single client's forecast as a plausible range for the average of
  similar clients, not a promise.
- **Larger than the pooled trials.** A common resistance programme after menopause gets
  {ratio_ls} times the pooled effect of resistance training at the spine and {ratio_fn} times at
  the femoral neck (see Against the pooled trials). The forecast is what training run like the
  calibration trials can do, not what an average trial found. Weight-bearing programmes are
  the exception: walking alone and a few jumps get less than their pooled effect, a mix with
  jogging about as much.
- **The menopausal transition.** The threshold's extra rise in the first postmenopausal years
  (fitted: EFOPS 14 months and Bassey 1998 against LIFTMOR and Nelson 1994) was added after the
  first hold-out comparison showed early-postmenopausal programs over-predicted; the hold-out
  trials thus informed the model's form (not its fitted values). Meta-analyses (Mohebbi 2023,
  `mohebbi_2023_meta`) found no difference between early and late postmenopausal women, so
  this term may stand for something else the trials differ in.
- **Frequency.** The response is full from 2 sessions a week (Bemben & Bemben 2011: 2 and 3
  days a week gained alike) and falls steeply below (EFOPS: under 2 a week ≈ nothing over
  12 years). Even so the 1.75-sessions EFOPS arm is over-predicted (a smooth fall cannot drop to
  nothing at 1.75 while Nelson and LIFTMOR gain at 2 a week with ~90 % adherence), and the
  result depends on how a trial's attendance is encoded: the EFOPS long-term series encoded as
  one client at the group's mean frequency (2.2 a week, all attended) is over-predicted by
  {efops_one_client} points, against {efops_designed} with the program as designed (4 a week, 75 %
  attended).
- **Attendance.** The effect grows with the sessions attended, and few trial abstracts report
  attendance. Every hold-out case above states one (from the trial, or assumed at 80–85 %);
  with every case at full attendance instead, the scored cases would be missed by
  {full_mae:.2f} points on average, {full_out} of them by more than 2 points; with every case
  at {typical_pct} attended, by {typical_mae:.2f}, {typical_out} of them by more than 2. A
  request without an `adherence` is therefore forecast at {typical_pct}, the calibration
  trials' median.
- **Loads as encoded.** Several hold-out trials give no loads (assumed, see the notes above).
  With every lift {load_shift} points of %1RM heavier, the scored cases would be missed by
  {heavier_mae:.2f} points on average, {heavier_out} of them by more than 2 points;
  {load_shift} points lighter, by {lighter_mae:.2f}, {lighter_out} of them by more than 2. Like
  the pooled trials, this says the model's resistance-training effect is on the large side.
- **Intensity.** The model counts a heavier repetition for much more (strain to the fourth
  power), but it counts repetitions too, and at the femoral neck a lift's strain rises little
  with the load on the bar, since the hip also carries the body. So sets taken to the same
  effort come out alike, or the lighter ones ahead: over a year 3 × 20RM (60 % 1RM) gives the
  femoral neck about half a point more than 3 × 8RM (79 %), and a programme of one lift gives
  the lighter sets more at the spine as well. Only much lighter loads (3 × 20 at 40 % 1RM, the
  qualitative check) count clearly less. The trials disagree with each other: Kerr 1996 found
  a gain at the trochanter with 8RM and none with 20RM (the model gives the femoral neck
  {kerr_heavy} and {kerr_light}: shown in the table, not scored, as the trochanter is not the
  neck); Bemben & Bemben 2011 found 80 % and 40 % 1RM alike over 40 weeks (the model gives
  the heavier programme +0.9 points more at the spine); pooled, heavier programmes gained
  slightly more, not significantly (Kast 2022, `kast_2022_intensity`: SMD 0.19 at the spine,
  0.17 at the hip); and within one trial the trochanter's gain rose with the total weight
  lifted over the year, most with squats (Cussler 2003, `cussler_2003_weight_lifted`), as a
  sum over repetitions like the model's would have it. A forecast thus does not show the hip
  gaining more from heavier loads at the same effort; one with sets of 15 or more repetitions
  of a hip lift says in its `assumptions` that its hip value may be high
  (`high_rep_sets_hip_high`). The stress exponent m = 4 (the notes: explore 3 to 6) does not
  settle it either. Refitted at other values, the saturation slope kept equal to m, a larger
  m counts repetitions for less against load: a year of 3 × 5 at 87 % 1RM against 3 × 20 at
  60 % (squat and hinge, twice a week, a woman of 60) gives the femoral neck +1.1 against +2.6
  at m = 3, +1.4 against +2.4 at m = 4, +1.8 against +2.0 at m = 6 and +2.0 against +1.7 at
  m = 8, where Kerr's 20RM arm falls to +1.6. But many moderate landings then count for less
  as well: Kohrt 1997's jogging arm falls to +1.2 at m = 6 and +1.0 at m = 8 (+3.5 observed),
  so from m = 5 on the hold-out has 37 differences within 2 points instead of 38, and the
  larger m is, the worse the calibration trials are fitted (objective 5.62, 5.71, 5.88, 6.01
  and 6.14 at m = 3, 4, 5, 6 and 8; leave-one-trial-out error 0.77, 0.78, 0.80, 0.82 and 0.84
  points). These refits were run once for this report (v6's fit, which v7 keeps, on this
  calibration file) and are not recomputed with it.
- **Walking, jogging and stair programs** are still under-predicted, less than in v4. Pooled,
  jogging mixed with walking and stair climbing raised the femoral neck by 0.022 g/cm² (about
  3 %) in postmenopausal women, while high-impact-only programs did nothing (Martyn-St James &
  Carroll 2009, `martyn_st_james_2009_impact`). With p = m the model has that pattern's
  direction (many moderate landings count, a few daily jumps do not) but not its size: Kohrt
  1997's program, encoded as 300 jogging-like landings
  and 2000 walking steps a session, gains +1.6 % at the neck and +1.0 % at the spine against
  +3.5 and +1.8 (within 2 points, low); how a trial's "walking, jogging and stairs" maps to
  landings is itself an assumption, and the answer depends on it (1000 landings a session give
  about +3 %). Walking-level cycles count nothing however many: Dalsky 1988's lumbar BMC gain is
  not reproduced, nor Iwamoto 1998's, where daily outdoor walking and gymnastics gained
  Japanese women with osteoporosis {iwamoto_6} points at the spine by 6 months and
  {iwamoto_12} by 12 (the model gives {iwamoto_pred} at 6 and 12 months; scored, as its follow-up
  reports random assignment, `iwamoto_2001_training_detraining`). That trial had 15
  exercisers, all on active vitamin D like its controls, and it stands against the
  qualitative check that walking alone gains about nothing and against Humphries 2000's
  walking group, which lost 1.3 % at the spine in 24 weeks. Low impacts count nothing as
  well (the catalogue's 1–3 BW band, taken at 2 BW with a
  two-footed landing's hip load, which is no more than a walking step's): jogging entered as
  low impacts gains nothing, so a forecast with low impacts says in its `assumptions` that
  they count as walking and that jogging is entered as moderate impacts
  (`low_impacts_as_walking`). After menopause a forecast with 100 to 999 moderate landings a
  session says in its `assumptions` that its hip value may be low
  (`repeated_landings_hip_low`); from about a thousand the model gives about the pooled gain,
  and it does not.
  Bassey 1998's premenopausal arm (+2.8 % in 5 months with 50 small jumps a day, against
  Heinonen 1996's +1.0 % in 18 months with high-impact jumps) is missed (+0.5 %).
  Vainionpää 2005's year of high-impact classes before menopause is met at the femoral neck
  (+1.5 %), but the model gives the spine as much where the trial found nothing: how much of
  a landing reaches the spine (`impact_ls_per_grf`) is assumed, since no calibration arm has
  impacts alone measured at the spine.
- **Premenopausal weight training.** The remodelling-space limit holds Lohman 1995 within
  2 points, but the shape is still wrong: the trial gained +2.8 % at the spine by 5 months and
  fell back to +1.9 % at 18, while the model rises slowly (+0.9 % at 5 months) and levels off
  near +1.6 %; Mosti 2014's young women gained +2.2 % in 12 weeks of heavy squats, the model
  +0.5 %; Warren 2008's premenopausal women showed no difference after two years of
  twice-weekly strength training, the model +1.7 % at both sites; Snow-Harter 1992's college
  women gained at the spine as the model says (+1.2–1.3 %) but not at the hip (the model
  +1.2–1.3 %), and Rockwell 1990's lost 4 % at the spine in 9 months of weight training, which
  no loading model can give. Premenopausal trials disagree with each other as much as with the
  model. The limit's size before menopause is
  fitted to two jumping trials measured at the hip (Winters & Snow 2000, with light vest-loaded
  squats; Heinonen 1996); no premenopausal spine arm is in the calibration file.
  Forecasts for clients before menopause and for men under 50 are the least supported.
- **The first months.** Formation reaches BMD through two lag stages of 3 months each (the
  remodelling cycle, then mineralisation), a mean delay of 6 months, so at 5 months a programme
  has delivered about half of what it will: before menopause no programme gains more than about
  0.9 % by then, whatever its load. The premenopausal trials with large early gains are missed
  or near the 2-point edge: Bassey 1998's jumps (+2.8 % in 5 months, the model +0.5 %), Lohman
  1995 at 5 months, Mosti 2014 at 3. Fast early gains are not only premenopausal: the same
  12 weeks of heavy squats after menopause (Mosti 2013, 8 women a group) raised bone mineral
  content by 2.9 % at the spine and 4.9 % at the femoral neck, where the model gives +0.5 % and
  nothing (shown, not scored: content, not density, with no control change in the abstract),
  while trials of 5–6 months in older women found no difference at the spine (below). Stages
  of 1.5 months (a mean delay of 3 months, the notes' start value for a one-stage lag) were
  tried: they fit the calibration trials more closely in sample (objective 5.71 → 4.73) but not
  out of sample (leave-one-trial-out error 0.78 points either way); they lift Bassey to +0.7 %,
  Lohman's 5 months to +1.2 % and Mosti 2014 to +0.8 %, and over-predict the trials of 5–6
  months in older women that found no difference at the spine (Bemben 2000 +2.6, Humphries 2000
  +2.5, Beavers 2017 +2.3), so 34 hold-out cases instead of 38 lie within 2 points. A lower
  formation threshold (0.15 or 0.22 instead of 0.30, the rest refitted), under which young
  women would respond to lighter jumps, does not help by 5 months either (Bassey +0.8 or +0.7 %)
  and fits worse (objective 6.09 or 5.89, leave-one-trial-out 0.84 or 0.81 points). The lag
  stays at 3 months a stage and the threshold as fitted; why some trials gain fast and others
  not at all in their first months the model does not say.
- **Bands.** The 95 % bands carry parameter uncertainty and the between-trial spread estimated
  from the leave-one-trial-out errors; they held {hold_band} of the {hold_cases} hold-out
  differences, fewer than 95 %, because the structural misses above are not spread but bias.
- **Site loads** for the overhead press, lunge, rows, core work and every hip line are
  assumptions or derivations from simple static models; the femoral-neck multiplier for
  hip-extensor lifts is fitted and absorbs their errors. It multiplies the whole hip load, the
  body's share included, so a body-weight lunge counts at the femoral neck for more than a
  two-footed jump landing. Applying it to the load on the bar only (the notes tie it to heavy
  hip-extension moments) was tried after v6 and not adopted: on the hold-out it helped (mean
  error 1.05 → 0.97 points; Kohrt 1997's hip results within 1.4 points, Allison 2013 +1.3
  against +1.6; heavy lifting clearly ahead of light at the hip), but the calibration fit
  worsened (objective 5.71 → 6.85, leave-one-trial-out 0.78 → 0.86 points, mostly Nelson
  1994's femoral neck), and a high-impact jumping programme after menopause then gained
  +1.6 % at the femoral neck, more than before menopause. The calibration trials decide the
  model's form, so the multiplier stays on the whole load.
- **Background.** Trial control arms lose femoral-neck bone faster than the cohort rates
  (SOF-based), so the fitted FN scale is high; the lumbar spine after 70 may rise on DXA through
  degenerative change, which the model does not add.
- **Men** are extrapolated from trials in women through two product-policy rules (loads relative
  to typical strength; responsiveness of a woman of the same age): two hold-out trials in men
  test them, LIFTMOR-M at the spine (close) and Allison 2013's daily hopping at the hip (the
  right sign, a quarter of the observed gain); FrOST's men of 72 or more (shown, not scored:
  its effect is an SMD) are also close at the spine; and a man under 50 is forecast with a
  premenopausal woman's responsiveness (see above). Antiresorptive and anabolic drug effects are
  not forecast.
- **Typical 1RM.** %1RM prescriptions are turned into loads with population norms (±30–50 %).
  Logged loads (`training.kind = "log"`) avoid that error.

## Sources

{bibliography}
"""
