"""CSV exports: a month's ledger and the outstanding balances. UTF-8 with a byte-order mark, so
that spreadsheet software in Japan opens the Japanese names correctly."""

from __future__ import annotations

import csv
import io

from django.utils import timezone

from .selectors import Outstanding, month_entries

BOM = "\ufeff"


def _cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula (=, +, -, @) is quoted with an apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv(rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([[_cell(v) for v in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


LEDGER_HEADER = [
    "date",
    "time",
    "entry_id",
    "client_id",
    "client",
    "kind",
    "amount_yen",
    "tax_rate_percent",
    "tax_yen",
    "method",
    "method_detail",
    "purchase",
    "receipt_number",
    "reverses_entry_id",
    "recorded_by",
    "note",
]


def month_ledger_csv(*, gym_id: int, year: int, month: int) -> bytes:
    rows: list[list[object]] = [LEDGER_HEADER]
    for entry in month_entries(gym=gym_id, year=year, month=month):
        local = timezone.localtime(entry.created_at)
        rows.append(
            [
                local.date().isoformat(),
                local.strftime("%H:%M"),
                entry.pk,
                entry.client_id,
                entry.client.full_name,
                entry.kind,
                entry.amount_yen,
                entry.tax_rate_percent,
                entry.tax_yen,
                entry.method,
                entry.method_detail,
                entry.purchase.name if entry.purchase else "",
                entry.receipt_label,
                entry.reverses_id or "",
                entry.created_by.email if entry.created_by else "",
                entry.note,
            ]
        )
    return _csv(rows)


def outstanding_csv(items: list[Outstanding]) -> bytes:
    rows: list[list[object]] = [["client_id", "client", "kana", "phone", "email", "owed_yen"]]
    for item in items:
        c = item.client
        rows.append([c.pk, c.full_name, c.full_name_kana, c.phone, c.email, item.owed])
    return _csv(rows)
