"""Speed and weight of the gym application's pages (`make bench`).

Builds a throwaway database with the demo gym (migrate, collectstatic, seed_demo) under the
production settings (DEBUG off, compressed and hashed static files, the local-memory cache), then
requests each main page as the person who uses it, through the whole middleware stack in this
process (Django's test client: no network, no web server), and reports for each page:

- the median time of a request (wall clock, after three warm-up requests that fill the chart and
  forecast caches as a first visit would) and its ratio to a floor, timed alternately with the
  page: a signed-in view through the same middleware that reads the session, the user and the
  gym membership and renders one line (what every signed-in page pays; a bare view that answers
  a constant without reading the session is timed and shown too);
- the SQL queries of one request and how many of them write (the audit log of health-data reads);
- the same for logging a set on the session page (the htmx request a trainer's tablet sends
  after each set), after the pages;
- the weight: the page as sent (gzip) plus the stylesheets, scripts and icon it links, fetched
  as a first visit would (WhiteNoise's precompressed files), and the same uncompressed.

Goals (product policy, from the peer we measured: 10–25× a bare Django view, 3.7 MB to its
dashboard): every page at most 148 KB as sent with what it links (25× lighter), and every page
at most 10× the signed-in floor with a median over the pages of at most 5× (several times
faster).

    python benchmarks/pages.py              the report
    python benchmarks/pages.py --check      exit 1 when a goal is missed
    python benchmarks/pages.py --json       one JSON object instead of the text report
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import types
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

GOAL_PAGE_KB = 3.7 * 1000 / 25  # 148 KB: 25× lighter than the peer's 3.7 MB dashboard
GOAL_MAX_RATIO = 10.0
GOAL_MEDIAN_RATIO = 5.0
WARM_UP = 3
FLOOR_URL = "/__benchmark__/floor/"
BARE_URL = "/__benchmark__/bare/"

_ASSET = re.compile(r'<(?:link|script)\b[^>]*?\b(?:href|src)="(/static/[^"]+)"')


@dataclass
class PageResult:
    name: str
    who: str
    url: str
    status: int
    median_ms: float
    p90_ms: float
    ratio_to_floor: float
    queries: int
    writes: int
    html_kb_sent: float
    html_kb_raw: float
    total_kb_sent: float
    total_kb_raw: float


def configure(workdir: str) -> None:
    """Production settings on a throwaway SQLite database (set before Django is imported)."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="osteoload.config.settings",
        DEBUG="0",
        SECRET_KEY="benchmark-only-not-a-secret",
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{workdir}/bench.sqlite3",
        STATIC_ROOT=f"{workdir}/static",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        LOG_LEVEL="ERROR",
    )
    for name in ("CACHE_URL", "EMAIL_HOST"):
        os.environ.pop(name, None)


def setup_site() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.http import HttpRequest, HttpResponse
    from django.template import engines
    from django.urls import clear_url_caches, path

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("seed_demo", verbosity=0)

    line = engines["django"].from_string("{{ request.membership.gym.name }}")

    def signed_in_floor(request: HttpRequest) -> HttpResponse:
        return HttpResponse(line.render({}, request))

    def bare(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    from osteoload.config import urls as project_urls

    # The project's URLs with the two reference views in front, as a module Django can import.
    module = types.ModuleType("benchmark_urls")
    vars(module)["urlpatterns"] = [
        path(FLOOR_URL.lstrip("/"), signed_in_floor),
        path(BARE_URL.lstrip("/"), bare),
        *project_urls.urlpatterns,
    ]
    sys.modules["benchmark_urls"] = module
    settings.ROOT_URLCONF = "benchmark_urls"
    clear_url_caches()


def pages() -> list[tuple[str, str, str]]:
    """(name, who, url) of the pages each person uses most, on the demo gym's data."""
    from django.urls import reverse

    from osteoload.accounts.demo import DEMO_GYM_SLUG
    from osteoload.clients.models import Client
    from osteoload.training.models import Program, ProgramStatus

    client = Client.objects.get(user__email="client@example.com")
    program = Program.objects.get(client=client, status=ProgramStatus.ACTIVE)
    c = client.pk
    return [
        ("sign-in", "visitor", reverse("accounts:login")),
        ("gym page", "visitor", reverse("public:gym", args=[DEMO_GYM_SLUG])),
        ("counseling form", "visitor", reverse("public:counseling", args=[DEMO_GYM_SLUG])),
        ("home", "trainer", reverse("home")),
        ("dashboard", "trainer", reverse("workouts:dashboard")),
        ("client list", "trainer", reverse("clients:list")),
        ("client", "trainer", reverse("clients:detail", args=[c])),
        ("assessment", "trainer", reverse("clients:assessment", args=[c])),
        ("program outlook", "trainer", reverse("training:outlook", args=[program.pk])),
        ("program week", "trainer", reverse("training:week", args=[program.pk, 1])),
        ("session today", "trainer", reverse("workouts:today", args=[c])),
        ("client progress", "trainer", reverse("progress:client", args=[c])),
        ("schedule day", "trainer", reverse("scheduling:day")),
        ("schedule week", "trainer", reverse("scheduling:week")),
        ("home", "owner", reverse("home")),
        ("billing", "owner", reverse("billing:index")),
        ("revenue", "owner", reverse("billing:revenue")),
        ("home", "front desk", reverse("home")),
        ("home", "client", reverse("home")),
        ("my progress", "client", reverse("progress:mine")),
        ("my portal", "client", reverse("lifestyle:mine")),
        ("my bookings", "client", reverse("scheduling:my")),
        ("clients (API)", "trainer", "/api/clients/"),
    ]


def browsers() -> dict[str, Any]:
    from django.test import Client as Browser

    from osteoload.accounts.models import User

    who = {
        "trainer": "trainer@example.com",
        "owner": "owner@example.com",
        "front desk": "frontdesk@example.com",
        "client": "client@example.com",
    }
    found: dict[str, Any] = {"visitor": Browser(HTTP_ACCEPT_ENCODING="gzip")}
    for name, email in who.items():
        browser = Browser(HTTP_ACCEPT_ENCODING="gzip")
        browser.force_login(User.objects.get(email=email))
        found[name] = browser
    return found


def timed(
    get: Callable[[], Any], floor: Callable[[], Any], repeat: int
) -> tuple[float, float, float]:
    """(median ms, 90th percentile ms, median ms of the floor): the page and the floor are
    requested alternately, so that both see the same state of a shared machine."""
    for _ in range(WARM_UP):
        get()
        floor()
    times: list[float] = []
    floors: list[float] = []
    for _ in range(repeat):
        for call, into in ((get, times), (floor, floors)):
            start = time.perf_counter()
            call()
            into.append(time.perf_counter() - start)
    times.sort()
    p90 = times[int(0.9 * (len(times) - 1))]
    return statistics.median(times) * 1000, p90 * 1000, statistics.median(floors) * 1000


def queries_of(get: Callable[[], Any]) -> tuple[int, int, Any]:
    from django.db import connection

    statements: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = get()
    verbs = ("INSERT", "UPDATE", "DELETE", "REPLACE")
    writes = sum(1 for s in statements if s.lstrip().upper().startswith(verbs))
    return len(statements), writes, response


def body_of(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def plain_body(response: Any) -> bytes:
    """The body as the browser reads it, after undoing the gzip it travelled in."""
    sent = body_of(response)
    return gzip.decompress(sent) if response.get("Content-Encoding") == "gzip" else sent


def weight(response: Any, visitor: Any) -> tuple[float, float, float, float]:
    """(html sent, html raw, total sent, total raw) in KB: the page and the static files it links,
    each once, as a first visit fetches them."""
    sent, raw = body_of(response), plain_body(response)
    total_sent, total_raw = len(sent), len(raw)
    for url in dict.fromkeys(_ASSET.findall(raw.decode("utf-8", "replace"))):
        compressed = visitor.get(url, HTTP_ACCEPT_ENCODING="gzip")
        plain = visitor.get(url, HTTP_ACCEPT_ENCODING="identity")
        if compressed.status_code != 200 or plain.status_code != 200:
            raise RuntimeError(f"{url} answered {compressed.status_code}")
        total_sent += len(body_of(compressed))
        total_raw += len(body_of(plain))
    return len(sent) / 1024, len(raw) / 1024, total_sent / 1024, total_raw / 1024


_SET_FORM = re.compile(r'<form class="set-form" method="post" action="([^"]+)"(.*?)</form>', re.S)
_HIDDEN = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"')
SETS_LOGGED = 15  # timed; a set's number may go up to 20, and warm-up and counting take four


class SetLogger:
    """Logs one set after another on the first loaded exercise of the session page, as the
    trainer's tablet does (an htmx POST answered with the exercise's fragment, whose form carries
    the next set's number and a new idempotency key)."""

    def __init__(self, browser: Any, page_url: str) -> None:
        self.browser = browser
        self.url, self.fields = self._form(plain_body(browser.get(page_url)).decode())

    @staticmethod
    def _form(html: str) -> tuple[str, dict[str, str]]:
        for match in _SET_FORM.finditer(html):
            if 'name="load_kg"' in match.group(2):
                return match.group(1), dict(_HIDDEN.findall(match.group(2)))
        raise RuntimeError("no loaded exercise to log a set on")

    def __call__(self) -> Any:
        data = {**self.fields, "load_kg": "20", "reps": "8", "save": "1"}
        response = self.browser.post(self.url, data, HTTP_HX_REQUEST="true")
        if response.status_code != 200:
            raise RuntimeError(f"logging a set answered {response.status_code}")
        self.url, self.fields = self._form(plain_body(response).decode())
        return response


def measure(repeat: int) -> dict[str, Any]:
    found = browsers()
    results = []
    floors = []
    listed = pages()
    today_url = next(url for name, _who, url in listed if name == "session today")
    logger = SetLogger(found["trainer"], today_url)
    actions: list[tuple[str, str, str, Callable[[], Any], int]] = [
        (name, who, url, lambda b=found[who], u=url: b.get(u), repeat) for name, who, url in listed
    ]
    # Last: it adds sets to today's session.
    actions.append(("log a set (htmx)", "trainer", logger.url, logger, SETS_LOGGED))
    for name, who, url, call, times in actions:
        median_ms, p90_ms, floor_ms = timed(call, lambda: found["trainer"].get(FLOOR_URL), times)
        floors.append(floor_ms)
        queries, writes, response = queries_of(call)
        if response.status_code != 200:
            raise RuntimeError(f"{who} {url} answered {response.status_code}")
        html_sent, html_raw, total_sent, total_raw = weight(response, found["visitor"])
        results.append(
            PageResult(
                name=name,
                who=who,
                url=url,
                status=response.status_code,
                median_ms=median_ms,
                p90_ms=p90_ms,
                ratio_to_floor=median_ms / floor_ms,
                queries=queries,
                writes=writes,
                html_kb_sent=html_sent,
                html_kb_raw=html_raw,
                total_kb_sent=total_sent,
                total_kb_raw=total_raw,
            )
        )
    bare_ms, _p90, floor_ms = timed(
        lambda: found["trainer"].get(BARE_URL), lambda: found["trainer"].get(FLOOR_URL), repeat
    )
    ratios = [r.ratio_to_floor for r in results]
    heaviest = max(r.total_kb_sent for r in results)
    return {
        "floor_ms": statistics.median(floors),
        "bare_ms": bare_ms,
        "pages": [asdict(r) for r in results],
        "median_ratio": statistics.median(ratios),
        "max_ratio": max(ratios),
        "heaviest_kb_sent": heaviest,
        "goal_page_kb": GOAL_PAGE_KB,
        "goal_max_ratio": GOAL_MAX_RATIO,
        "goal_median_ratio": GOAL_MEDIAN_RATIO,
        "meets_weight_goal": heaviest <= GOAL_PAGE_KB,
        "meets_speed_goal": max(ratios) <= GOAL_MAX_RATIO
        and statistics.median(ratios) <= GOAL_MEDIAN_RATIO,
    }


def report(r: dict[str, Any]) -> None:
    ok = {True: "met", False: "MISSED"}
    print("gym application pages: demo gym, production settings, in process (no network)")
    print(
        f"  signed-in floor {r['floor_ms']:.2f} ms (session, user and membership read, one line "
        "rendered)"
    )
    print(f"  bare view {r['bare_ms']:.2f} ms (a constant answer, no session read)")
    print(
        f"  {'page':<18}{'as':<12}{'median':>9}{'p90':>8}{'× floor':>9}{'queries':>9}"
        f"{'writes':>8}{'html KB':>9}{'total KB':>10}{'raw KB':>8}"
    )
    for p in r["pages"]:
        print(
            f"  {p['name']:<18}{p['who']:<12}{p['median_ms']:7.1f}ms{p['p90_ms']:6.1f}ms"
            f"{p['ratio_to_floor']:8.1f}×{p['queries']:9d}{p['writes']:8d}"
            f"{p['html_kb_sent']:9.1f}{p['total_kb_sent']:10.1f}{p['total_kb_raw']:8.1f}"
        )
    print(
        f"  time: median {r['median_ratio']:.1f}× the floor (goal ≤ {GOAL_MEDIAN_RATIO:g}×), "
        f"slowest {r['max_ratio']:.1f}× (goal ≤ {GOAL_MAX_RATIO:g}×): {ok[r['meets_speed_goal']]}"
    )
    print(
        f"  weight: heaviest page {r['heaviest_kb_sent']:.1f} KB as sent with what it links "
        f"(goal ≤ {GOAL_PAGE_KB:.0f} KB): {ok[r['meets_weight_goal']]}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page (30)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    workdir = tempfile.mkdtemp(prefix="osteoload-bench-")
    try:
        configure(workdir)
        setup_site()
        r = measure(args.repeat)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        print(json.dumps(r))
    else:
        report(r)
    if args.check and not (r["meets_weight_goal"] and r["meets_speed_goal"]):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
