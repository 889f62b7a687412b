"""Small helpers for the engine's English sentences (the Japanese ones need no plural forms)."""

from __future__ import annotations


def count_en(n: int, noun: str) -> str:
    """ "1 night", "3 nights": a count with its noun in the right number (regular plurals)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
