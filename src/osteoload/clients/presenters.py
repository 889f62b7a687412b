"""Rows for the assessment page, built from a stored `osteoload.assessment/1` document: the
envelope's limits and the daily targets, each with its label, value and source key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .templatetags.clients_tags import engine_name, number, span


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    source: str | None = None
    sources: tuple[str, ...] = ()


def _allowed(flag: bool) -> str:
    return _("allowed") if flag else _("not allowed")


def envelope_rows(envelope: dict[str, Any]) -> list[Row]:
    src = envelope.get("sources", {})
    rows = [
        Row(
            _("Highest intensity"),
            _("%(pct)s%% of 1RM") % {"pct": envelope["max_pct_1rm"]},
            src.get("max_pct_1rm"),
        ),
        Row(
            _("Impact"),
            _("up to %(level)s") % {"level": engine_name(envelope["max_impact"], "impact")},
            src.get("max_impact"),
        ),
    ]
    if "max_impact_contacts_per_session" in envelope and envelope["max_impact"] != "none":
        rows.append(
            Row(
                _("Impact contacts per session"),
                _("at most %(n)s") % {"n": envelope["max_impact_contacts_per_session"]},
                src.get("max_impact_contacts_per_session"),
            )
        )
    rows += [
        Row(
            _("Loaded spinal flexion"),
            _allowed(envelope["loaded_spinal_flexion"]),
            src.get("loaded_spinal_flexion"),
        ),
        Row(
            _("Twisting under load"),
            _allowed(envelope["spinal_rotation_under_load"]),
            src.get("spinal_rotation_under_load"),
        ),
    ]
    if "overhead_heavy" in envelope:
        rows.append(
            Row(
                _("Heavy overhead lifting"),
                _allowed(envelope["overhead_heavy"]),
                src.get("overhead_heavy"),
            )
        )
    rows.append(
        Row(
            _("Balance training"),
            _("at least %(n)s minutes a week") % {"n": envelope["min_balance_minutes_per_week"]},
            src.get("min_balance_minutes_per_week"),
        )
    )
    if envelope.get("min_back_extension_sessions_per_week"):
        rows.append(
            Row(
                _("Back-extensor exercise"),
                _("at least %(n)s times a week")
                % {"n": envelope["min_back_extension_sessions_per_week"]},
                src.get("min_back_extension_sessions_per_week"),
            )
        )
    rows.append(
        Row(
            _("Supervision"),
            _("required") if envelope["supervision_required"] else _("not required"),
            src.get("supervision_required"),
        )
    )
    if envelope.get("familiarisation_weeks"):
        rows.append(
            Row(
                _("Familiarisation"),
                _("%(weeks)s weeks, at most %(pct)s%% of 1RM or RPE %(rpe)s")
                % {
                    "weeks": envelope["familiarisation_weeks"],
                    "pct": envelope.get("familiarisation_max_pct_1rm", "—"),
                    "rpe": envelope.get("familiarisation_max_rpe", "—"),
                },
                src.get("familiarisation_weeks"),
            )
        )
    return rows


def target_rows(targets: dict[str, Any]) -> list[Row]:
    src = targets.get("sources", {})
    rows = [
        Row(
            _("Calcium"),
            f"{span(targets['calcium_mg'])} mg",
            sources=tuple(src.get("calcium_mg", ())),
        ),
        Row(
            _("Vitamin D"),
            f"{span(targets['vitamin_d_ug'])} µg",
            sources=tuple(src.get("vitamin_d_ug", ())),
        ),
        Row(
            _("Vitamin K"),
            f"{span(targets['vitamin_k_ug'])} µg",
            sources=tuple(src.get("vitamin_k_ug", ())),
        ),
    ]
    if targets.get("protein_referral") or targets.get("protein_g") is None:
        protein = _("no target: ask the physician or a dietitian (kidney disease)")
    else:
        protein = f"{span(targets['protein_g'])} g"
        if targets.get("protein_g_per_kg"):
            per_kg = targets["protein_g_per_kg"]
            per_kg_text = span(per_kg) if isinstance(per_kg, list) else number(per_kg)
            protein += " " + _("(%(per_kg)s g per kg of body weight)") % {"per_kg": per_kg_text}
    rows.append(Row(_("Protein"), protein, sources=tuple(src.get("protein_g", ()))))
    rows.append(
        Row(
            _("Sleep"),
            _("at least %(h)s hours") % {"h": number(targets["sleep_h_min"])},
            sources=tuple(src.get("sleep_h_min", ())),
        )
    )
    return rows
