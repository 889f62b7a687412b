"""Products, purchases and their session credits, and the append-only ledger of money.

Money is in integer yen, prices include the consumption tax (10 %), as Japanese price display to
consumers requires (消費税法 第63条, 総額表示).

The ledger is a client's account. Every entry is signed from the client's side, so the balance is
simply the sum of the entries:
- charge (a purchase): negative;            - payment: positive;
- refund (money given back): negative;      - charge_cancel (a purchase taken back): positive.
A negative balance is what the client still owes; a positive one is paid in advance.
Entries are never changed or deleted (model and queryset guards here; a trigger on PostgreSQL,
migration 0002): a mistake is corrected by a new entry.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osteoload.accounts.models import Gym
from osteoload.clients.models import Client
from osteoload.scheduling.models import Booking

CONSUMPTION_TAX_PERCENT = 10


MAX_AMOUNT_YEN = 10_000_000
"""The largest price or single payment (product policy: far above any package a personal gym
sells, and it keeps typing slips such as an extra zero out of the ledger)."""


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    CREDIT_CARD = "credit_card", _("Credit card")
    PAYPAY = "paypay", _("PayPay")
    OTHER_QR = "other_qr", _("Other QR code payment")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    E_MONEY = "e_money", _("E-money")


def all_methods() -> list[str]:
    return list(PaymentMethod.values)


registration_number_validator = RegexValidator(
    r"^T\d{13}$", _("A registration number is T followed by 13 digits.")
)


class BillingProfile(models.Model):
    """What receipts say about the gym, and which payment methods it accepts."""

    gym = models.OneToOneField(Gym, on_delete=models.CASCADE, related_name="billing_profile")
    issuer_name = models.CharField(
        _("name on receipts"), max_length=200, blank=True, help_text=_("Empty: the gym's name.")
    )
    # 適格請求書発行事業者の登録番号 (qualified invoice issuer), when the gym is registered.
    registration_number = models.CharField(
        _("invoice registration number"),
        max_length=14,
        blank=True,
        validators=[registration_number_validator],
    )
    accepted_methods = models.JSONField(_("accepted payment methods"), default=all_methods)
    card_brands = models.CharField(_("card brands"), max_length=200, blank=True)
    qr_brands = models.CharField(_("QR code payments"), max_length=200, blank=True)
    emoney_brands = models.CharField(_("e-money"), max_length=200, blank=True)
    bank_details = models.TextField(_("bank account for transfers"), max_length=500, blank=True)
    payment_note = models.TextField(_("note on payments"), max_length=1000, blank=True)
    next_receipt_number = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("billing profile")
        verbose_name_plural = _("billing profiles")

    def __str__(self) -> str:
        return f"{self.gym} billing"

    @property
    def issuer(self) -> str:
        return self.issuer_name or self.gym.name

    def accepts(self, method: str) -> bool:
        return method in self.accepted_methods


class ProductKind(models.TextChoices):
    SINGLE = "single", _("Single session")
    MONTHLY = "monthly", _("Monthly plan")
    COUNSELING = "counseling", _("Free counseling")
    OTHER = "other", _("Other")


class Product(models.Model):
    """Something the gym sells. `price_yen` includes the consumption tax."""

    gym = models.ForeignKey(Gym, on_delete=models.CASCADE, related_name="products")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=ProductKind.choices)
    price_yen = models.PositiveIntegerField(
        _("price (yen, tax included)"), validators=[MaxValueValidator(MAX_AMOUNT_YEN)]
    )
    sessions = models.PositiveSmallIntegerField(
        _("sessions"), default=0, help_text=_("Session credits a purchase gives.")
    )
    validity_days = models.PositiveSmallIntegerField(
        _("valid for (days)"),
        null=True,
        blank=True,
        help_text=_("Unused credits expire after this many days. Empty: they do not expire."),
    )
    tax_rate_percent = models.PositiveSmallIntegerField(
        _("consumption tax (%)"),
        default=CONSUMPTION_TAX_PERCENT,
        validators=[MaxValueValidator(100)],
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_active = models.BooleanField(_("on sale"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["sort_order", "price_yen", "id"]
        constraints = [
            models.UniqueConstraint(fields=["gym", "name"], name="product_name_unique_in_gym")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tax_yen(self) -> int:
        return tax_included(self.price_yen, self.tax_rate_percent)


def tax_included(amount_yen: int, rate_percent: int) -> int:
    """The consumption tax inside a tax-inclusive amount: amount × rate / (100 + rate), fractions
    of a yen dropped toward zero (切り捨て; the issuer chooses the rounding: product policy)."""
    tax = abs(amount_yen) * rate_percent // (100 + rate_percent)
    return -tax if amount_yen < 0 else tax


class Purchase(models.Model):
    """A product sold to a client: its price is charged on the ledger, its sessions become
    credits, used one by one as sessions are attended (or cancelled late, or missed)."""

    gym = models.ForeignKey(Gym, on_delete=models.PROTECT, related_name="purchases")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="purchases")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="purchases")
    # Copied from the product at the time of sale: later price changes do not rewrite history.
    name = models.CharField(_("name"), max_length=120)
    price_yen = models.PositiveIntegerField(_("price (yen)"))
    sessions_total = models.PositiveSmallIntegerField(_("sessions"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["client", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.client})"


class CreditUse(models.Model):
    """One session credit of a purchase used by one booking (at most one per booking)."""

    purchase = models.ForeignKey(Purchase, on_delete=models.PROTECT, related_name="uses")
    booking = models.OneToOneField(Booking, on_delete=models.PROTECT, related_name="credit_use")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("credit use")
        verbose_name_plural = _("credit uses")

    def __str__(self) -> str:
        return f"{self.purchase_id} → {self.booking_id}"


class EntryKind(models.TextChoices):
    CHARGE = "charge", _("Charge")
    PAYMENT = "payment", _("Payment")
    REFUND = "refund", _("Refund")
    CHARGE_CANCEL = "charge_cancel", _("Charge cancelled")


class AppendOnlyError(Exception):
    """Ledger entries are never changed or deleted; correct a mistake with a new entry."""


class LedgerEntryQuerySet(models.QuerySet["LedgerEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("ledger entries cannot be updated")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError("ledger entries cannot be deleted")

    def balance(self) -> int:
        return int(self.aggregate(total=models.Sum("amount_yen"))["total"] or 0)


class LedgerEntry(models.Model):
    """One movement on a client's account. Append-only; see the module's docstring."""

    gym = models.ForeignKey(Gym, on_delete=models.PROTECT, related_name="ledger_entries")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="ledger_entries")
    kind = models.CharField(_("kind"), max_length=14, choices=EntryKind.choices)
    amount_yen = models.IntegerField(_("amount (yen)"))
    tax_rate_percent = models.PositiveSmallIntegerField(default=CONSUMPTION_TAX_PERCENT)
    tax_yen = models.IntegerField(_("consumption tax included (yen)"))
    method = models.CharField(_("method"), max_length=16, choices=PaymentMethod.choices, blank=True)
    method_detail = models.CharField(_("brand or detail"), max_length=60, blank=True)
    purchase = models.ForeignKey(
        Purchase, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    reverses = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversals"
    )
    receipt_number = models.PositiveIntegerField(_("receipt number"), null=True, blank=True)
    provider = models.CharField(max_length=30, blank=True)
    provider_reference = models.CharField(_("reference"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["gym", "created_at"]),
            models.Index(fields=["client", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="charge") & Q(amount_yen__lt=0) & Q(method=""))
                | (Q(kind="payment") & Q(amount_yen__gt=0) & ~Q(method=""))
                | (
                    Q(kind="refund")
                    & Q(amount_yen__lt=0)
                    & ~Q(method="")
                    & Q(reverses__isnull=False)
                )
                | (Q(kind="charge_cancel") & Q(amount_yen__gt=0) & Q(reverses__isnull=False)),
                name="ledger_entry_sign_and_method_by_kind",
            ),
            models.CheckConstraint(
                condition=Q(receipt_number__isnull=True) | Q(kind="payment"),
                name="ledger_entry_receipts_for_payments",
            ),
            models.UniqueConstraint(
                fields=["gym", "receipt_number"],
                condition=Q(receipt_number__isnull=False),
                name="ledger_entry_receipt_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount_yen:+,} yen"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not self._state.adding:
            raise AppendOnlyError("ledger entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("ledger entries cannot be deleted")

    @property
    def receipt_label(self) -> str:
        return f"{self.receipt_number:06d}" if self.receipt_number else ""
