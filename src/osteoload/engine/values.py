"""JSON numbers as the engine accepts them: finite, and not a bool (JSON's true is no number)."""

from __future__ import annotations

import math
from typing import Any


def finite_number(value: Any) -> float | None:
    """`value` as a finite float; None for anything else: a bool, a string, NaN, ±infinity, or
    an integer too large for a float (Python reads 1e400 written as digits into an int, and
    converting it would raise OverflowError instead of a clear input error)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None
