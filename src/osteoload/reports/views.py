"""Report downloads: the client summary and the physician summary as PDF (ja or en), and the
client's logs as CSV. For the owner, the assigned trainer and the client themself; every download
goes through the client gate (authorised and audited)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from osteoload.accounts.permissions import Access
from osteoload.clients.models import Client
from osteoload.clients.selectors import get_client_for

from . import exports
from .documents import build_report, physician_references
from .pdf import render_pdf

LANGS = ("ja", "en")


def _client(request: HttpRequest, client_id: int, purpose: str) -> Client:
    return get_client_for(
        user=request.user,  # type: ignore[arg-type]
        client_id=client_id,
        purpose=purpose,
        access=Access.HEALTH_READ,
        membership=request.membership,  # type: ignore[attr-defined]
    )


def _lang(request: HttpRequest) -> str:
    asked = request.GET.get("lang", "")
    if asked in LANGS:
        return asked
    current = translation.get_language() or "ja"
    return "ja" if current.startswith("ja") else "en"


def _filename(client: Client, what: str, lang: str, ext: str) -> str:
    # ASCII only (the client's name may be Japanese): client id, what, date, language.
    day = timezone.localdate().isoformat()
    return f"osteoload-{client.pk}-{slugify(what)}-{day}-{lang}.{ext}"


def _download(body: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def client_reports(request: HttpRequest, client_id: int) -> HttpResponse:
    client = _client(request, client_id, "reports.list")
    context = {
        "client": client,
        "is_self": client.user_id is not None and client.user_id == request.user.pk,
        "kinds": exports.KINDS,
    }
    return render(request, "reports/client.html", context)


def pdf_response(client: Client, which: str, lang: str) -> HttpResponse:
    """The client summary ("summary") or the physician summary ("physician") as a download."""
    with translation.override(lang):
        report = build_report(client, lang=lang)
        context: dict[str, object] = {"report": report, "lang": lang}
        if which == "physician":
            context["references"] = physician_references(report)
        pdf = render_pdf(f"reports/{which}.html", context)
    return _download(pdf, "application/pdf", _filename(client, which, lang, "pdf"))


def csv_response(client: Client, kind: str, lang: str) -> HttpResponse:
    text = exports.logs_csv(client, kind, lang)
    return _download(
        text.encode("utf-8"), "text/csv; charset=utf-8", _filename(client, kind, lang, "csv")
    )


@require_GET
@login_required
def summary_pdf(request: HttpRequest, client_id: int) -> HttpResponse:
    client = _client(request, client_id, "report.summary")
    return pdf_response(client, "summary", _lang(request))


@require_GET
@login_required
def physician_pdf(request: HttpRequest, client_id: int) -> HttpResponse:
    client = _client(request, client_id, "report.physician")
    return pdf_response(client, "physician", _lang(request))


@require_GET
@login_required
def logs_csv(request: HttpRequest, client_id: int) -> HttpResponse:
    kind = request.GET.get("kind", "sets")
    if kind not in exports.KINDS:
        return HttpResponse(
            f"kind must be one of: {', '.join(exports.KINDS)}",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    client = _client(request, client_id, "report.csv")
    return csv_response(client, kind, _lang(request))
