"""Demo data, billing: the receipt details, four products, and the demo client's monthly plan
paid by PayPay. Idempotent: products by name, the purchase once."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from osteoload.accounts.demo import DemoContext
from osteoload.clients.models import Client

from . import services
from .models import BillingProfile, PaymentMethod, Product, ProductKind, Purchase

# name, kind, price (yen, tax included), sessions, validity (days), description
DEMO_PRODUCTS = [
    ("無料カウンセリング", ProductKind.COUNSELING, 0, 0, None, "約60分・初めての方"),
    ("単発セッション（60分）", ProductKind.SINGLE, 8_800, 1, 90, ""),
    ("月4回プラン", ProductKind.MONTHLY, 33_000, 4, None, "週1回・1か月有効"),
    ("月8回プラン", ProductKind.MONTHLY, 61_600, 8, None, "週2回・1か月有効"),
]


def seed(ctx: DemoContext) -> None:
    BillingProfile.objects.get_or_create(
        gym=ctx.gym,
        defaults={
            "registration_number": "T1234567890123",
            "card_brands": "VISA, Mastercard, JCB, American Express",
            "qr_brands": "d払い, 楽天ペイ, au PAY",
            "emoney_brands": "交通系IC（Suica・PASMO など）, iD, QUICPay",
            "bank_details": "ほねトレ銀行 渋谷支店 普通 0000000",
        },
    )
    for order, (name, kind, price, sessions, days, description) in enumerate(DEMO_PRODUCTS):
        Product.objects.get_or_create(
            gym=ctx.gym,
            name=name,
            defaults={
                "kind": kind,
                "price_yen": price,
                "sessions": sessions,
                "validity_days": days,
                "description": description,
                "sort_order": order,
            },
        )
    client = Client.objects.filter(gym=ctx.gym, user=ctx.member("client@example.com").user).first()
    if client is not None and not Purchase.objects.filter(client=client).exists():
        desk = ctx.member("frontdesk@example.com")
        plan = Product.objects.get(gym=ctx.gym, name="月4回プラン")
        # From a week ago: it also covers the session the client attended last week.
        start = timezone.localdate() - dt.timedelta(days=7)
        purchase = services.sell(actor=desk, client=client, product=plan, valid_from=start)
        services.record_payment(
            actor=desk,
            client=client,
            amount_yen=plan.price_yen,
            method=PaymentMethod.PAYPAY,
            purchase=purchase,
            confirmed_by_staff=True,
        )
    ctx.say("billing: products and a paid monthly plan")
