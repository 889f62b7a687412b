"""API: the report downloads for programs that sign in with a token (the same gate as the pages:
HEALTH_READ through `get_client_for`, audited)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router
from ninja.errors import HttpError

from . import exports, views

router = Router()


def _lang(lang: str) -> str:
    if lang not in views.LANGS:
        raise HttpError(422, f"lang must be one of {', '.join(views.LANGS)}")
    return lang


@router.get("/clients/{client_id}/summary.pdf", summary="The client summary (PDF)")
def summary_pdf(request: HttpRequest, client_id: int, lang: str = "ja") -> HttpResponse:
    client = views._client(request, client_id, "api.report.summary")
    return views.pdf_response(client, "summary", _lang(lang))


@router.get("/clients/{client_id}/physician.pdf", summary="The one-page physician summary (PDF)")
def physician_pdf(request: HttpRequest, client_id: int, lang: str = "ja") -> HttpResponse:
    client = views._client(request, client_id, "api.report.physician")
    return views.pdf_response(client, "physician", _lang(lang))


@router.get("/clients/{client_id}/logs.csv", summary="A client's logs as CSV (UTF-8 with BOM)")
def logs_csv(
    request: HttpRequest, client_id: int, kind: str = "sets", lang: str = "ja"
) -> HttpResponse:
    if kind not in exports.KINDS:
        raise HttpError(422, f"kind must be one of {', '.join(exports.KINDS)}")
    client = views._client(request, client_id, "api.report.csv")
    return views.csv_response(client, kind, _lang(lang))
