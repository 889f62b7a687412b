"""The bone-density forecast of one client, with and without training (ENGINE.md §5).

With a current program the request is `{"kind": "program"}` at the client's adherence so far (the
share of planned sessions done in completed program weeks); before any complete week it is the
plan itself (adherence 1.0, the engine's default), and the page says so. The engine's answer
carries the counterfactual (`no_training_*`), so one run gives both bands. Without a program only
the no-training band is shown.

Answers are cached by a hash of the request, the model version, the parameter file and the engine's
code: the same facts and program give the same forecast without running the model again, an
upgrade never serves an old answer, and nothing is stored in the database.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache

from osteoload.engine import forecast as fc
from osteoload.engine.errors import InputError

FORECAST_MONTHS = 12
"""Product policy (osteoload_policy): one year ahead, the usual interval between DXA scans."""
SITES = ("lumbar_spine", "femoral_neck")
CACHE_SECONDS = 60 * 60 * 24


@dataclass
class ForecastResult:
    months: int
    adherence: float | None  # used for "with training"; None without a program
    measured: bool  # adherence measured from the logs (else the plan as written)
    response: dict[str, Any] | None = None  # osteoload.forecast/1
    error: str = ""
    sources: list[str] = field(default_factory=list)

    @property
    def with_training(self) -> bool:
        return self.response is not None and self.adherence is not None

    def site(self, name: str) -> dict[str, Any]:
        assert self.response is not None
        return dict(self.response[name])

    def final(self, name: str) -> dict[str, Any]:
        return dict(self.site(name)["final"])

    def chart_data(self) -> dict[str, Any]:
        """Plain data for the forecast chart: months and (mean, low, high) per site."""
        if self.response is None:
            return {}
        sites: dict[str, Any] = {}
        for name in SITES:
            s = self.response[name]
            entry = {
                "without": [
                    s["no_training_pct_change"],
                    s["no_training_lower95"],
                    s["no_training_upper95"],
                ]
            }
            if self.with_training:
                entry["with"] = [s["pct_change"], s["lower95"], s["upper95"]]
            sites[name] = entry
        return {"months": self.response[SITES[0]]["months"], "sites": sites}

    def assumptions(self, lang: str) -> list[str]:
        if self.response is None:
            return []
        return [a["ja" if lang == "ja" else "en"] for a in self.response.get("assumptions", [])]


def forecast_request(
    profile: dict[str, Any], program: dict[str, Any] | None, adherence: float | None
) -> dict[str, Any]:
    training: dict[str, Any] = {"kind": "none"}
    if program:
        training = {"kind": "program", "program": program, "adherence": adherence}
    return {
        "schema": fc.REQUEST_SCHEMA,
        "profile": profile,
        "months": FORECAST_MONTHS,
        "training": training,
    }


def forecast_for(
    *, profile: dict[str, Any], program: dict[str, Any] | None, adherence: float | None
) -> ForecastResult:
    measured = adherence is not None
    used = None if not program else round(adherence if adherence is not None else 1.0, 3)
    request = forecast_request(profile, program, used)
    digest = hashlib.sha256(
        json.dumps(
            [fc.MODEL_VERSION, fc.params_digest(), fc.code_digest(), request],
            sort_keys=True,
            default=str,
        ).encode("utf-8")
    ).hexdigest()
    key = f"osteoload:forecast:{digest}"
    response = cache.get(key)
    if response is None:
        try:
            response = fc.forecast(request)
        except InputError as error:
            return ForecastResult(
                FORECAST_MONTHS, used, measured, error=f"{error.field}: {error.problem}"
            )
        cache.set(key, response, CACHE_SECONDS)
    sources = list(response.get("model", {}).get("sources", []))
    return ForecastResult(
        FORECAST_MONTHS, used, measured and used is not None, response, sources=sources
    )
