"""The registry of sources. Every rule, threshold and coefficient in the engine names a key here.

The registry is data: one TOML file per domain under ``data/references/`` (assessment, training,
bone model, nutrition ...), merged at import. A key defined twice is an error.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class Reference:
    key: str
    authors: str
    year: int
    title: str
    published_in: str = ""
    doi: str = ""
    url: str = ""
    note: str = ""

    @property
    def link(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else self.url

    def citation(self) -> str:
        """A one-line citation: authors (year). Title. Journal. link"""
        parts = [f"{self.authors} ({self.year}). {self.title}."]
        if self.published_in:
            parts.append(f"{self.published_in}.")
        if self.link:
            parts.append(self.link)
        return " ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "authors": self.authors,
            "year": self.year,
            "title": self.title,
            "published_in": self.published_in,
            "doi": self.doi,
            "url": self.url,
            "note": self.note,
        }


@cache
def registry() -> dict[str, Reference]:
    merged: dict[str, Reference] = {}
    folder = resources.files("osteoload.engine").joinpath("data", "references")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        table = tomllib.loads(entry.read_text(encoding="utf-8"))
        for key, fields in table.items():
            if key in merged:
                raise ValueError(f"reference {key!r} is defined twice ({entry.name})")
            merged[key] = Reference(key=key, **fields)
    return merged


def get(key: str) -> Reference:
    try:
        return registry()[key]
    except KeyError:
        raise KeyError(f"unknown reference key {key!r}") from None


def exists(key: str) -> bool:
    return key in registry()


def bibliography(keys: list[str] | None = None) -> list[Reference]:
    """The references for `keys` (all when None), sorted by author and year."""
    chosen = registry().values() if keys is None else [get(k) for k in dict.fromkeys(keys)]
    return sorted(chosen, key=lambda r: (r.authors.lower(), r.year, r.key))
