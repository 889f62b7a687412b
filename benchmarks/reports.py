"""Speed of progress charts and PDF reports.

Draws each progress chart from a year of synthetic data (no cache), then renders a report page
with all of them to PDF with WeasyPrint, and reports CPU seconds (best of --repeat runs).

Goals (product policy: a progress page and a report should feel immediate on the gym's server):
every chart drawn in at most 1 s (then cached), a seven-chart report in at most 4 s of CPU.

    python benchmarks/reports.py            the report
    python benchmarks/reports.py --check    exit 1 when a goal is missed
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import sys
import time
from collections.abc import Callable
from typing import Any

GOAL_CHART_S = 1.0
GOAL_PDF_S = 4.0


def synthetic() -> dict[str, Any]:
    start = dt.date(2025, 1, 6)
    weeks = [start + dt.timedelta(weeks=i) for i in range(52)]
    return {
        "e1rm": {
            "series": [
                {
                    "name_ja": name_ja,
                    "name_en": name_en,
                    "points": [[d.isoformat(), base + 0.3 * i] for i, d in enumerate(weeks)],
                }
                for name_ja, name_en, base in (
                    ("ゴブレットスクワット", "Goblet squat", 20.0),
                    ("デッドリフト", "Deadlift", 30.0),
                    ("ダンベルプレス", "Dumbbell press", 10.0),
                )
            ]
        },
        "load": {
            "weeks": [[d.isoformat(), 300 + 10 * (i % 7), i % 11 == 0] for i, d in enumerate(weeks)]
        },
        "adherence": {"weeks": [[i + 1, 2, 2 - (i % 5 == 0)] for i in range(12)]},
        "dxa": {
            "metric": "t_score",
            "series": {
                "lumbar_spine": [["2024-01-10", -2.6], ["2025-01-12", -2.7]],
                "femoral_neck": [["2024-01-10", -2.1], ["2025-01-12", -2.2]],
            },
            "lines": [[-1.0, "normal", "正常"], [-2.5, "osteoporosis", "骨粗鬆症"]],
        },
        "forecast": {
            "months": list(range(1, 13)),
            "sites": {
                site: {
                    "with": [
                        [0.1 * m for m in range(1, 13)],
                        [0.05 * m for m in range(1, 13)],
                        [0.15 * m for m in range(1, 13)],
                    ],
                    "without": [
                        [-0.03 * m for m in range(1, 13)],
                        [-0.05 * m for m in range(1, 13)],
                        [-0.01 * m for m in range(1, 13)],
                    ],
                }
                for site in ("lumbar_spine", "femoral_neck")
            },
        },
        "tests": {
            "tests": [
                {
                    "key": k,
                    "name_en": k,
                    "name_ja": k,
                    "unit": "s",
                    "cutoff": 12.0,
                    "points": [["2024-01-10", 11.0], ["2024-07-10", 10.5], ["2025-01-10", 10.0]],
                }
                for k in ("tug_s", "chair_stand_5x_s", "single_leg_stance_s", "grip_kg")
            ]
        },
        "sleep": {
            "nights": [
                [(start + dt.timedelta(days=i)).isoformat(), 6 + (i % 3) * 0.5] for i in range(28)
            ],
            "guide_h": 6.0,
        },
    }


def best_cpu(call: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        call()
        best = min(best, time.process_time() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()

    from osteoload.progress import charts
    from osteoload.reports.pdf import html_to_pdf

    data = synthetic()
    svgs: list[str] = []
    worst = 0.0
    for kind, payload in data.items():
        seconds = best_cpu(lambda k=kind, p=payload: charts.draw(k, p, "ja"), args.repeat)
        worst = max(worst, seconds)
        svgs.append(charts.draw(kind, payload, "ja"))
        print(f"chart {kind:<10} {seconds:6.3f} s")
    images = "".join(
        f'<h2>グラフ {i}</h2><img style="width:100%" '
        f'src="data:image/svg+xml;base64,{base64.b64encode(s.encode()).decode()}">'
        for i, s in enumerate(svgs)
    )
    html = (
        '<html lang="ja"><body style="font-family: \'Noto Sans CJK JP\', sans-serif">'
        f"<h1>経過レポート</h1>{images}</body></html>"
    )
    html_to_pdf(html)  # the first run loads WeasyPrint and the fonts
    pdf_seconds = best_cpu(lambda: html_to_pdf(html), args.repeat)
    print(f"pdf with {len(svgs)} charts {pdf_seconds:6.3f} s")
    ok = worst <= GOAL_CHART_S and pdf_seconds <= GOAL_PDF_S
    print(f"goals: chart ≤ {GOAL_CHART_S} s, pdf ≤ {GOAL_PDF_S} s: {'met' if ok else 'MISSED'}")
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
