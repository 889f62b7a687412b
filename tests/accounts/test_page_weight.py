"""The first page a visitor loads weighs at most 150 KB (HTML + CSS + JS)."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders
from django.test import Client as HttpClient

LIMIT_BYTES = 150 * 1024


def assets_of(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)


def test_first_page_weighs_at_most_150_kb(db):
    response = HttpClient().get("/accounts/login/")
    html = response.content
    assets = assets_of(html.decode())
    assert any(a.endswith(".css") for a in assets) and any(a.endswith(".js") for a in assets)
    total = len(html)
    for url in assets:
        path = finders.find(url.removeprefix("/static/"))
        assert path, url
        with open(path, "rb") as f:
            total += len(f.read())
    assert total <= LIMIT_BYTES, f"{total} bytes"
