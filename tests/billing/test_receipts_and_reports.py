"""Receipts as PDF (Japanese font, the gym's details) and the month's revenue and CSV exports."""

from __future__ import annotations

import csv
import io
import re
import zlib

import pytest
from django.urls import reverse
from django.utils import timezone

from osteoload.billing import selectors, services
from osteoload.billing.models import BillingProfile, PaymentMethod
from osteoload.billing.receipts import render_receipt_pdf, revenue_stamp
from osteoload.billing.reports import month_ledger_csv, outstanding_csv
from tests.scheduling.factories import product


def pdf_streams(pdf: bytes) -> list[bytes]:
    out = []
    for match in re.finditer(rb"stream\r?\n", pdf):
        end = pdf.find(b"endstream", match.end())
        try:
            out.append(zlib.decompress(pdf[match.end() : end]))
        except zlib.error:
            continue
    return out


def pdf_characters(pdf: bytes) -> set[str]:
    """The characters the PDF's fonts map to Unicode (ToUnicode CMaps): what the text says."""
    chars: set[str] = set()
    for stream in pdf_streams(pdf):
        if b"begincmap" not in stream:
            continue
        for hexes in re.findall(rb"<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]{4,})>", stream):
            data = bytes.fromhex(hexes.decode())
            chars.update(data.decode("utf-16-be", errors="ignore"))
    return chars


@pytest.fixture
def paid(frank, carol_record, gym):
    gym.address = "東京都渋谷区神南1-2-3"
    gym.phone = "03-0000-0000"
    gym.save()
    BillingProfile.objects.create(gym=gym, registration_number="T1234567890123")
    purchase = services.sell(
        actor=frank, client=carol_record, product=product(gym, name="月4回プラン", price=33_000)
    )
    return services.record_payment(
        actor=frank,
        client=carol_record,
        amount_yen=33_000,
        method=PaymentMethod.PAYPAY,
        purchase=purchase,
        confirmed_by_staff=True,
    )


def test_a_receipt_is_a_pdf_in_japanese_with_the_gyms_details(paid):
    from django.utils import translation

    with translation.override("ja"):
        pdf = render_receipt_pdf(paid)
    assert pdf.startswith(b"%PDF-")
    streams = b"".join(pdf_streams(pdf))
    assert b"NotoSansCJK" in streams or b"NotoSansCJKjp" in streams
    chars = pdf_characters(pdf)
    for text in ("領収書", "月4回プラン", "渋谷区", "T1234567890123", "33,000", "3,000", "様"):
        assert set(text) <= chars, text


def _payment(frank, client, amount, method):
    return services.record_payment(
        actor=frank, client=client, amount_yen=amount, method=method, confirmed_by_staff=True
    )


@pytest.mark.parametrize(
    ("amount", "method", "stamp"),
    [
        (54_998, PaymentMethod.CASH, None),  # tax ¥4,999 stated: ¥49,999 without it, not taxed
        (55_000, PaymentMethod.CASH, {"yen": 200}),  # ¥50,000 without tax
        (110_000, PaymentMethod.BANK_TRANSFER, {"yen": 200}),
        (110_000, PaymentMethod.CREDIT_CARD, None),  # paid by card: not a receipt of money
        (1_100_000, PaymentMethod.CASH, {"yen": 200}),  # ¥1,000,000 without tax: first tier
        (1_100_011, PaymentMethod.CASH, {"yen": None}),  # beyond it: the schedule
    ],
)
def test_receipts_of_50000_yen_or_more_get_a_revenue_stamp_box(
    frank, carol_record, amount, method, stamp
):
    assert revenue_stamp(_payment(frank, carol_record, amount, method)) == stamp


def test_the_stamp_box_is_printed_on_a_cash_receipt_only_when_due(frank, carol_record):
    from django.utils import translation

    with translation.override("ja"):
        big = render_receipt_pdf(_payment(frank, carol_record, 66_000, PaymentMethod.CASH))
        small = render_receipt_pdf(_payment(frank, carol_record, 33_000, PaymentMethod.CASH))
    assert set("収入印紙") <= pdf_characters(big)
    assert not set("収入印紙") <= pdf_characters(small)


RECEIPT = [
    ("olivia", 200),
    ("frank", 200),
    ("carol", 200),
    ("alice", 403),
    ("erin", 403),
    ("oscar", 404),
    (None, 302),
]


@pytest.mark.parametrize(("persona", "status"), RECEIPT)
def test_who_may_download_a_receipt(world, as_, paid, persona, status):
    http = as_(getattr(world, persona) if persona else None)
    response = http.get(reverse("billing:receipt", args=[paid.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert 'filename="receipt-000001.pdf"' in response["Content-Disposition"]


def test_the_month_report_counts_money_in_by_method_with_its_tax(frank, carol_record, paid):
    services.record_payment(
        actor=frank, client=carol_record, amount_yen=8_800, method="cash", confirmed_by_staff=True
    )
    services.refund(actor=frank, payment=paid, amount_yen=11_000, method="paypay", reason="x")
    today = timezone.localdate()
    report = selectors.month_report(gym=frank.gym_id, year=today.year, month=today.month)
    lines = {line.method: line for line in report.lines}
    assert (lines["paypay"].payments, lines["paypay"].refunds, lines["paypay"].net) == (
        33_000,
        -11_000,
        22_000,
    )
    assert lines["cash"].payments == 8_800 and lines["cash"].count == 1
    assert report.received == 30_800
    assert report.tax_received == 3_000 + 800 - 1_000
    assert report.charged == 33_000
    last_year = selectors.month_report(gym=frank.gym_id, year=today.year - 1, month=today.month)
    assert last_year.received == 0


def test_outstanding_balances_list_who_owes(frank, carol_record, dan_record, erin_record, gym):
    services.sell(actor=frank, client=dan_record, product=product(gym, price=8_800))
    services.sell(actor=frank, client=erin_record, product=product(gym, name="b", price=33_000))
    services.record_payment(
        actor=frank, client=erin_record, amount_yen=3_000, method="cash", confirmed_by_staff=True
    )
    owed = [(o.client, o.owed) for o in selectors.outstanding_balances(gym=gym)]
    assert owed == [(erin_record, 30_000), (dan_record, 8_800)]
    rows = list(
        csv.reader(
            io.StringIO(
                outstanding_csv(selectors.outstanding_balances(gym=gym)).decode("utf-8-sig")
            )
        )
    )
    assert rows[0][-1] == "owed_yen" and rows[1][1] == "Erin Evans" and rows[1][-1] == "30000"


def test_the_ledger_csv_has_every_entry_of_the_month(paid, gym):
    today = timezone.localdate()
    body = month_ledger_csv(gym_id=gym.pk, year=today.year, month=today.month)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [(r["kind"], r["amount_yen"], r["tax_yen"]) for r in rows] == [
        ("charge", "-33000", "-3000"),
        ("payment", "33000", "3000"),
    ]
    assert rows[1]["receipt_number"] == "000001" and rows[1]["method"] == "paypay"


def test_names_that_look_like_formulas_are_quoted_in_csv(frank, gym):
    from tests.conftest import make_client

    sneaky = make_client(gym, "=HYPERLINK(1)", "x")
    services.sell(actor=frank, client=sneaky, product=product(gym, price=100))
    text = outstanding_csv(selectors.outstanding_balances(gym=gym)).decode("utf-8-sig")
    assert "'=HYPERLINK(1) x" in text


@pytest.mark.parametrize(
    ("persona", "status"), [("olivia", 200), ("frank", 403), ("alice", 403), ("carol", 403)]
)
def test_revenue_is_for_the_owner(world, as_, persona, status):
    http = as_(getattr(world, persona))
    assert http.get(reverse("billing:revenue")).status_code == status
    assert http.get(reverse("billing:revenue_csv"), {"month": "2026-05"}).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"), [("olivia", 200), ("frank", 200), ("alice", 403), ("carol", 403)]
)
def test_outstanding_is_for_the_owner_and_the_front_desk(world, as_, persona, status):
    http = as_(getattr(world, persona))
    assert http.get(reverse("billing:outstanding")).status_code == status
    response = http.get(reverse("billing:outstanding"), {"format": "csv"})
    assert response.status_code == status


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "2026-13", "x"])
def test_a_month_out_of_range_shows_this_month_instead_of_failing(world, as_, month):
    http = as_(world.olivia)
    assert http.get(reverse("billing:revenue"), {"month": month}).status_code == 200
    assert http.get(reverse("billing:revenue_csv"), {"month": month}).status_code == 200
