"""Receipts (領収書) as PDF, rendered by WeasyPrint from an HTML template.

A receipt shows what a simplified qualified invoice (適格簡易請求書, 消費税法 第57条の4 第2項)
must: the issuer's name and registration number (when the gym has one), the date, what was paid
for, the amount per tax rate and the consumption tax in it. Japanese text needs a Japanese font:
"Noto Sans CJK JP" (Debian's fonts-noto-cjk, installed by `.ci/run`), found through fontconfig.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import EntryKind, LedgerEntry
from .selectors import profile_for


def receipt_context(entry: LedgerEntry) -> dict[str, Any]:
    if entry.kind != EntryKind.PAYMENT or not entry.receipt_number:
        raise ValueError("receipts are issued for payments only")
    profile = profile_for(gym=entry.gym)
    refunded = -sum(r.amount_yen for r in entry.reversals.all())
    return {
        "entry": entry,
        "gym": entry.gym,
        "profile": profile,
        "client": entry.client,
        "paid_on": timezone.localtime(entry.created_at).date(),
        "purpose": entry.purchase.name if entry.purchase else _("Personal training"),
        "refunded": refunded,
    }


def receipt_filename(entry: LedgerEntry) -> str:
    return f"receipt-{entry.receipt_label}.pdf"


def render_receipt_pdf(entry: LedgerEntry, *, base_url: str | None = None) -> bytes:
    from weasyprint import HTML  # imported here: loading it takes a moment

    html = render_to_string("billing/receipt_pdf.html", receipt_context(entry))
    pdf: bytes = HTML(string=html, base_url=base_url).write_pdf()
    return pdf
