"""Reads of money: a client's account (balance, credits, entries), revenue, outstanding balances."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from osteoload.accounts.models import Gym
from osteoload.clients.models import Client
from osteoload.scheduling.models import Booking

from .models import (
    BillingProfile,
    CreditUse,
    EntryKind,
    LedgerEntry,
    PaymentMethod,
    Product,
    Purchase,
)


def profile_for(*, gym: Gym) -> BillingProfile:
    """The gym's saved billing profile, or the defaults (unsaved: reading never writes)."""
    found = BillingProfile.objects.filter(gym=gym).select_related("gym").first()
    return found or BillingProfile(gym=gym)


def products(*, gym: Gym | int, active_only: bool = True) -> QuerySet[Product]:
    gym_id = gym if isinstance(gym, int) else gym.pk
    found = Product.objects.filter(gym_id=gym_id)
    return found.filter(is_active=True) if active_only else found


def balance(*, client: Client) -> int:
    """The client's balance: the sum of their ledger entries (negative: they owe)."""
    return LedgerEntry.objects.filter(client=client).balance()


def usable_purchases(*, client: Client, on: dt.date) -> QuerySet[Purchase]:
    """Purchases whose credits can be used for a session on `on`, soonest to expire first."""
    return (
        Purchase.objects.filter(client=client, cancelled_at__isnull=True, valid_from__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        # Never-expiring credits last (SQLite and PostgreSQL sort NULL differently by default).
        .order_by(F("valid_until").asc(nulls_last=True), "created_at", "id")
    )


@dataclass
class Account:
    client: Client
    balance: int
    entries: list[LedgerEntry]
    purchases: list[Purchase]
    credits_left: int
    unsettled: list[Booking] = field(default_factory=list)

    @property
    def outstanding(self) -> int:
        return max(0, -self.balance)


def account(*, client: Client, today: dt.date | None = None) -> Account:
    today = today or timezone.localdate()
    entries = list(
        LedgerEntry.objects.filter(client=client)
        .select_related("purchase", "created_by")
        .annotate(refunded=Sum("reversals__amount_yen"))
        .order_by("-created_at", "-id")
    )
    purchases = list(
        Purchase.objects.filter(client=client).annotate(used=Count("uses")).order_by("-created_at")
    )
    credits = 0
    for purchase in purchases:
        purchase.remaining = purchase.sessions_total - purchase.used  # type: ignore[attr-defined]
        purchase.usable = (  # type: ignore[attr-defined]
            purchase.cancelled_at is None
            and purchase.valid_from <= today
            and (purchase.valid_until is None or purchase.valid_until >= today)
        )
        if purchase.usable:  # type: ignore[attr-defined]
            credits += purchase.remaining  # type: ignore[attr-defined]
    return Account(
        client=client,
        balance=sum(e.amount_yen for e in entries),
        entries=entries,
        purchases=purchases,
        credits_left=credits,
        unsettled=list(unsettled_bookings(client=client)),
    )


def unsettled_bookings(*, client: Client) -> QuerySet[Booking]:
    """Sessions that used up a session (attended, missed, cancelled late) without a credit."""
    return (
        Booking.objects.filter(client=client, kind="session", credit_use__isnull=True)
        .filter(
            Q(status__in=["attended", "no_show"]) | Q(status="cancelled", late_cancellation=True)
        )
        .order_by("starts_at")
    )


def credit_use_for(*, booking: Booking) -> CreditUse | None:
    return CreditUse.objects.filter(booking=booking).select_related("purchase").first()


def month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_default_timezone()
    start = dt.datetime(year, month, 1, tzinfo=tz)
    end = dt.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return start, end


def month_entries(*, gym: Gym | int, year: int, month: int) -> QuerySet[LedgerEntry]:
    gym_id = gym if isinstance(gym, int) else gym.pk
    start, end = month_bounds(year, month)
    return (
        LedgerEntry.objects.filter(gym_id=gym_id, created_at__gte=start, created_at__lt=end)
        .select_related("client", "purchase", "created_by")
        .order_by("created_at", "id")
    )


@dataclass
class MethodLine:
    method: str
    label: str
    payments: int = 0
    count: int = 0
    refunds: int = 0

    @property
    def net(self) -> int:
        return self.payments + self.refunds


@dataclass
class MonthReport:
    year: int
    month: int
    lines: list[MethodLine]
    charged: int  # sales: what was sold this month (charges less cancellations), positive
    received: int  # money in, net of refunds
    tax_received: int  # the consumption tax inside `received`


def month_report(*, gym: Gym | int, year: int, month: int) -> MonthReport:
    """Revenue of a month (cash basis: money received less money refunded, by method), and the
    sales of the month (charges). One aggregate query."""
    rows = (
        month_entries(gym=gym, year=year, month=month)
        .order_by()
        .values("kind", "method")
        .annotate(total=Sum("amount_yen"), tax=Sum("tax_yen"), n=Count("id"))
    )
    lines = {m: MethodLine(m, str(label)) for m, label in PaymentMethod.choices}
    charged = received = tax = 0
    for row in rows:
        kind, total = row["kind"], int(row["total"] or 0)
        if kind in (EntryKind.CHARGE, EntryKind.CHARGE_CANCEL):
            charged -= total
            continue
        line = lines[row["method"]]
        if kind == EntryKind.PAYMENT:
            line.payments += total
            line.count += row["n"]
        else:
            line.refunds += total
        received += total
        tax += int(row["tax"] or 0)
    return MonthReport(year, month, list(lines.values()), charged, received, tax)


@dataclass
class Outstanding:
    client: Client
    owed: int


def outstanding_balances(*, gym: Gym | int) -> list[Outstanding]:
    """Clients who owe money, most owed first (one query)."""
    gym_id = gym if isinstance(gym, int) else gym.pk
    rows = (
        Client.objects.filter(gym_id=gym_id)
        .annotate(balance=Sum("ledger_entries__amount_yen"))
        .filter(balance__lt=0)
        .order_by("balance", "family_name_kana", "id")
    )
    return [Outstanding(client=c, owed=-int(c.balance)) for c in rows]  # type: ignore[attr-defined]


def client_receipts(*, client: Client) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(client=client, kind=EntryKind.PAYMENT).order_by("-created_at")
