"""Browser tests: headless Chromium driven by Playwright's sync API against `live_server`.

Every test here is marked `e2e` and runs at two widths: desktop 1280×800 and phone 390×844.
`live_server` gives each test a transactional database (pytest-django); Playwright's sync API
runs an event loop in the test's thread, so Django's async-safety check is relaxed for these tests
(the ORM calls in a test are plain synchronous code).
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
HERE = Path(__file__).resolve().parent


def chromium_path() -> str:
    """Debian's chromium (installed by .ci/run); CHROMIUM overrides."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def page(browser: object, live_server: object, viewport: str) -> Iterator[object]:
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport=VIEWPORTS[viewport],
        base_url=live_server.url,  # type: ignore[attr-defined]
        locale="ja-JP",
        timezone_id="Asia/Tokyo",
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    # A test may end while a request it set off is still being served (the week page's outlook
    # arrives by htmx after the page). The database is emptied right after this teardown, and on
    # SQLite the live server shares the test's connection, so let those requests finish first.
    # Closing the context first ends the browser's keep-alive connections, whose threads would
    # otherwise wait for a next request.
    context.close()
    wait_for_live_server_requests()


def wait_for_live_server_requests(timeout: float = 30.0) -> None:
    """Join the live server's request threads (socketserver names them after their target)."""
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(max(0.0, deadline - time.monotonic()))


@pytest.fixture
def demo(transactional_db: None) -> None:
    """The demo gym of `make run`, for browser tests that want realistic data."""
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)


def sign_in(page: object, email: str, password: str = "osteoload-demo") -> None:
    page.goto("/accounts/login/")  # type: ignore[attr-defined]
    page.fill("input[name=username]", email)  # type: ignore[attr-defined]
    page.fill("input[name=password]", password)  # type: ignore[attr-defined]
    page.click("form button[type=submit].primary")  # type: ignore[attr-defined]
    page.wait_for_url("**/")  # type: ignore[attr-defined]
