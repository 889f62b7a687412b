"""Who may do what with money.

- owner: everything (products, settings, revenue, payments, refunds);
- front desk: sell products, take payments, refund, receipts, outstanding balances;
- trainer: nothing here (a session's credit shows on the booking page);
- client: their own purchases, credits and receipts;
- another gym: nothing.
"""

from __future__ import annotations

from osteoload.accounts.models import Membership, Role


def _role(membership: Membership | None) -> str | None:
    if membership is None or not membership.is_active:
        return None
    return membership.role


def can_take_payments(membership: Membership | None) -> bool:
    """Sell products, record payments and refunds, print receipts, see clients' accounts."""
    return _role(membership) in (Role.OWNER, Role.FRONT_DESK)


def can_view_outstanding(membership: Membership | None) -> bool:
    return can_take_payments(membership)


def can_view_revenue(membership: Membership | None) -> bool:
    return _role(membership) == Role.OWNER


def can_manage_products(membership: Membership | None) -> bool:
    """Products, prices and the billing profile (receipt details, accepted methods)."""
    return _role(membership) == Role.OWNER
