"""Daily nutrition and sleep targets for bone health (ENGINE.md §2 `targets`).

- Calcium 700–800 mg (JOS 2015 guideline), never below the recommended dietary allowance (推奨量)
  of the Dietary Reference Intakes for Japanese for the client's age and sex. The 2020 edition is
  used: the 2025 calcium table was not retrieved (docs/science.md).
- Vitamin D 10–20 µg and vitamin K 250–300 µg (JOS 2015 guideline; both above the DRI adequate
  intakes).
- Protein 1.0–1.2 g/kg body weight a day, at least 1.2 g/kg when training (PROT-AGE 2013), never
  below the DRI 2020 allowance. When the weight is unknown the target is the DRI allowance alone.
  With CKD stage 4–5 there is no protein target: protein may need limiting, so the client is
  referred to a physician or dietitian.
- Sleep at least 6 hours (MHLW sleep guide 2023).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .profile import ClientProfile
from .types import Condition, Sex

CALCIUM_SOURCE = "jos_2015_guideline"
DRI_SOURCE = "mhlw_dri_2020"
PROTEIN_SOURCE = "bauer_2013_protage"
SLEEP_SOURCE = "mhlw_sleep_guide_2023"

CALCIUM_JOS_MG = (700, 800)
VITAMIN_D_UG = (10, 20)
VITAMIN_K_UG = (250, 300)
PROTEIN_G_PER_KG = (1.0, 1.2)
PROTEIN_G_PER_KG_TRAINING = 1.2
SLEEP_H_MIN = 6

# DRI 2020 calcium RDA (mg/day): (lowest age of the band, men, women), adults only.
_CALCIUM_RDA_2020: tuple[tuple[int, int, int], ...] = (
    (18, 800, 650),
    (30, 750, 650),
    (50, 750, 650),
    (65, 750, 650),
    (75, 700, 600),
)
# DRI 2020 protein RDA (g/day): men 65 (18–64), 60 (65+); women 50 (18+).
_PROTEIN_RDA_2020: tuple[tuple[int, int, int], ...] = ((18, 65, 50), (65, 60, 50))


def _band(table: tuple[tuple[int, int, int], ...], age: float, sex: Sex) -> int:
    row = table[0]
    for candidate in table:
        if age >= candidate[0]:
            row = candidate
    return row[1] if sex is Sex.MALE else row[2]


def calcium_rda_mg(age: float, sex: Sex) -> int:
    """DRI 2020 recommended calcium intake for an adult of this age and sex."""
    return _band(_CALCIUM_RDA_2020, age, sex)


def protein_rda_g(age: float, sex: Sex) -> int:
    """DRI 2020 recommended protein intake (g/day) for an adult of this age and sex."""
    return _band(_PROTEIN_RDA_2020, age, sex)


@dataclass(frozen=True, slots=True)
class Targets:
    calcium_mg: tuple[int, int]
    vitamin_d_ug: tuple[int, int]
    vitamin_k_ug: tuple[int, int]
    protein_g: tuple[float, float] | None
    sleep_h_min: int
    protein_g_per_kg: tuple[float, float] | None
    protein_basis: str
    calcium_rda_mg: int
    protein_rda_g: int
    protein_referral: bool
    sources: dict[str, tuple[str, ...]]

    def to_dict(self) -> dict[str, Any]:
        """The `targets` object of `osteoload.assessment/1` (ranges as [low, high])."""
        return {
            "calcium_mg": list(self.calcium_mg),
            "vitamin_d_ug": list(self.vitamin_d_ug),
            "vitamin_k_ug": list(self.vitamin_k_ug),
            "protein_g": None if self.protein_g is None else [_number(g) for g in self.protein_g],
            "sleep_h_min": self.sleep_h_min,
            "protein_g_per_kg": None
            if self.protein_g_per_kg is None
            else list(self.protein_g_per_kg),
            "protein_basis": self.protein_basis,
            "calcium_rda_mg": self.calcium_rda_mg,
            "protein_rda_g": self.protein_rda_g,
            "protein_referral": self.protein_referral,
            "sources": {name: list(keys) for name, keys in self.sources.items()},
        }


def nutrition_targets(profile: ClientProfile, *, training: bool | None = None) -> Targets:
    """Daily targets for this client.

    `training`: the client does resistance training now; None means "as the profile says"
    (`physically_active` is true). Training raises the protein minimum to 1.2 g/kg, so the range
    becomes [1.2 g/kg, 1.2 g/kg] — read it as "at least".

    `protein_g` is in grams to one decimal, never below the DRI allowance.
    `protein_basis` says which rule set it: "per_kg", "dri" (weight unknown, or the allowance is
    higher than the per-kg target) or "referral" (CKD stage 4–5: `protein_g` is None).
    """
    rda_ca = calcium_rda_mg(profile.age, profile.sex)
    low_ca = max(CALCIUM_JOS_MG[0], rda_ca)
    calcium = (low_ca, max(CALCIUM_JOS_MG[1], low_ca))

    rda_protein = protein_rda_g(profile.age, profile.sex)
    is_training = profile.physically_active is True if training is None else training
    referral = profile.has(Condition.CKD_STAGE_4_5)
    per_kg: tuple[float, float] | None
    protein: tuple[float, float] | None
    if referral:
        protein, per_kg, basis = None, None, "referral"
    elif profile.weight_kg is None:
        protein, per_kg, basis = (float(rda_protein), float(rda_protein)), None, "dri"
    else:
        per_kg = (
            (PROTEIN_G_PER_KG_TRAINING, PROTEIN_G_PER_KG_TRAINING)
            if is_training
            else PROTEIN_G_PER_KG
        )
        low = max(float(rda_protein), round(per_kg[0] * profile.weight_kg, 1))
        high = max(low, round(per_kg[1] * profile.weight_kg, 1))
        protein = (low, high)
        basis = "dri" if low == rda_protein else "per_kg"
    return Targets(
        calcium_mg=calcium,
        vitamin_d_ug=VITAMIN_D_UG,
        vitamin_k_ug=VITAMIN_K_UG,
        protein_g=protein,
        sleep_h_min=SLEEP_H_MIN,
        protein_g_per_kg=per_kg,
        protein_basis=basis,
        calcium_rda_mg=rda_ca,
        protein_rda_g=rda_protein,
        protein_referral=referral,
        sources={
            "calcium_mg": (CALCIUM_SOURCE, DRI_SOURCE),
            "vitamin_d_ug": (CALCIUM_SOURCE,),
            "vitamin_k_ug": (CALCIUM_SOURCE,),
            "protein_g": (PROTEIN_SOURCE, DRI_SOURCE),
            "sleep_h_min": (SLEEP_SOURCE,),
        },
    )


def _number(value: float) -> float | int:
    """Whole grams as JSON integers (60, not 60.0)."""
    return int(value) if value.is_integer() else value
