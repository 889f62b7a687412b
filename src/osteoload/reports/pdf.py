"""HTML to PDF with WeasyPrint.

Japanese text needs a Japanese font: the system's Noto Sans CJK JP (`fonts-noto-cjk`, installed
by `.ci/run`) first, then the IPAexGothic file that ships with matplotlib-fontja, so a PDF is never
printed with empty boxes even where the system has no CJK font.

WeasyPrint fetches only what the report needs: the bundled font file and inline `data:` URLs.
Any other URL is refused, so nothing in a report can make the server read a file or call a host.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib_fontja
from django.template.loader import render_to_string

FONT_PATH = Path(matplotlib_fontja.get_font_ttf_path()).resolve()
FONT_URL = FONT_PATH.as_uri()


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    class ReportFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url == FONT_URL or url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"reports fetch no external resources: {url[:80]}")

    return ReportFetcher(allowed_protocols=("file", "data"))


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    document = HTML(string=html, url_fetcher=_fetcher(), base_url=FONT_PATH.parent.as_uri() + "/")
    return document.write_pdf(font_config=FontConfiguration())  # type: ignore[no-any-return]


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    html = render_to_string(template, {**context, "font_url": FONT_URL})
    return html_to_pdf(html)
