"""Forms of billing. Amounts are whole yen."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_AMOUNT_YEN, BillingProfile, PaymentMethod, Product, Purchase


class ProductChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Product) -> str:  # type: ignore[override]
        return f"{obj.name} ¥{obj.price_yen:,}"


class PaymentFields(forms.Form):
    method = forms.ChoiceField(label=_("Payment method"), choices=PaymentMethod.choices)
    method_detail = forms.CharField(
        label=_("Brand or detail"),
        max_length=60,
        required=False,
        help_text=_("e.g. VISA, d払い, Suica"),
    )
    reference = forms.CharField(
        label=_("Slip or transaction number"), max_length=100, required=False
    )
    confirmed = forms.BooleanField(
        label=_("I have received this payment at the counter"), required=False
    )

    def __init__(self, *args: Any, methods: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if methods:
            self.fields["method"].choices = [  # type: ignore[attr-defined]
                (value, label) for value, label in PaymentMethod.choices if value in methods
            ]


class SellForm(PaymentFields):
    product = ProductChoiceField(label=_("Product"), queryset=Product.objects.none())
    pay_now = forms.BooleanField(label=_("Paid now"), required=False, initial=True)
    field_order = ["product", "pay_now", "method", "method_detail", "reference", "confirmed"]

    def __init__(self, *args: Any, products: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products  # type: ignore[attr-defined]
        self.fields["method"].required = False  # needed only when paid now

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        product = data.get("product")
        paying = data.get("pay_now") and product is not None and product.price_yen > 0
        if paying and not data.get("method"):
            self.add_error("method", _("Choose a payment method."))
        return data


class PaymentForm(PaymentFields):
    amount_yen = forms.IntegerField(label=_("Amount (yen)"), min_value=1, max_value=MAX_AMOUNT_YEN)
    purchase = forms.ModelChoiceField(
        label=_("For"), queryset=Purchase.objects.none(), required=False
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    field_order = [
        "amount_yen",
        "purchase",
        "method",
        "method_detail",
        "reference",
        "confirmed",
        "note",
    ]

    def __init__(self, *args: Any, purchases: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["purchase"].queryset = purchases  # type: ignore[attr-defined]


class RefundForm(forms.Form):
    amount_yen = forms.IntegerField(label=_("Amount to refund (yen)"), min_value=1)
    method = forms.ChoiceField(label=_("Refunded by"), choices=PaymentMethod.choices)
    reason = forms.CharField(label=_("Reason"), max_length=200)
    cancel_purchase = forms.BooleanField(
        label=_("Cancel the purchase (its unused sessions end)"), required=False
    )


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = [
            "name",
            "kind",
            "price_yen",
            "sessions",
            "validity_days",
            "description",
            "is_active",
            "sort_order",
        ]


class ProfileForm(forms.ModelForm):
    accepted_methods = forms.MultipleChoiceField(
        label=_("Accepted payment methods"),
        choices=PaymentMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = BillingProfile
        fields = [
            "issuer_name",
            "registration_number",
            "accepted_methods",
            "card_brands",
            "qr_brands",
            "emoney_brands",
            "bank_details",
            "payment_note",
        ]
        widgets = {
            "bank_details": forms.Textarea(attrs={"rows": 3}),
            "payment_note": forms.Textarea(attrs={"rows": 3}),
        }
