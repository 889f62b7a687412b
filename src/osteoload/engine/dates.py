"""Dates in the engine's JSON: one strict form, YYYY-MM-DD, as the contract writes them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .errors import InputError

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_iso_date(value: Any, where: str) -> dt.date:
    """A calendar date written YYYY-MM-DD; InputError naming `where` otherwise (Python's
    `date.fromisoformat` alone would also take 20260105 or 2026-W02-1)."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:  # 2026-02-30
            pass
    raise InputError(where, f"must be a date YYYY-MM-DD, got {value!r}")
