"""Receipts (領収書) as PDF, rendered by WeasyPrint from an HTML template.

A receipt shows what a simplified qualified invoice (適格簡易請求書, 消費税法 第57条の4 第2項)
must: the issuer's name and registration number (when the gym has one), the date, what was paid
for, the amount per tax rate and the consumption tax in it. Japanese text needs a Japanese font:
"Noto Sans CJK JP" (Debian's fonts-noto-cjk, installed by `.ci/run`), found through fontconfig.

Stamp duty: a receipt for sales proceeds (印紙税法 別表第一 第17号の1文書, 売上代金に係る金銭
又は有価証券の受取書) of ¥50,000 or more needs a revenue stamp (収入印紙), ¥200 up to ¥1,000,000;
below ¥50,000 it is not taxed. With the consumption tax stated separately, as here, the amount
without the tax counts. A credit-card payment is not a receipt of money when the receipt says it
was paid by card, so no stamp. The receipt shows a box for the stamp the gym affixes and cancels.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import EntryKind, LedgerEntry, PaymentMethod
from .selectors import profile_for

STAMP_DUTY_FROM_YEN = 50_000
"""印紙税法 別表第一 第17号の1: sales-proceeds receipts below ¥50,000 are not taxed."""
STAMP_DUTY_FIRST_TIER = (1_000_000, 200)
"""…and ¥200 of stamp duty for one of ¥50,000 up to ¥1,000,000 (larger amounts: the schedule)."""


def revenue_stamp(entry: LedgerEntry) -> dict[str, int | None] | None:
    """The stamp a paper receipt needs, or None: `{"yen": 200}`, or `{"yen": None}` when the
    amount is above the first tier (the gym reads the schedule)."""
    if entry.method == PaymentMethod.CREDIT_CARD:
        return None
    base = entry.amount_yen - entry.tax_yen
    if base < STAMP_DUTY_FROM_YEN:
        return None
    limit, duty = STAMP_DUTY_FIRST_TIER
    return {"yen": duty if base <= limit else None}


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
        "stamp": revenue_stamp(entry),
    }


def receipt_filename(entry: LedgerEntry) -> str:
    return f"receipt-{entry.receipt_label}.pdf"


def render_receipt_pdf(entry: LedgerEntry, *, base_url: str | None = None) -> bytes:
    from weasyprint import HTML  # imported here: loading it takes a moment

    html = render_to_string("billing/receipt_pdf.html", receipt_context(entry))
    pdf: bytes = HTML(string=html, base_url=base_url).write_pdf()
    return pdf
