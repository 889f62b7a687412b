from django.urls import path

from . import views

app_name = "billing"

urlpatterns = [
    path("", views.index, name="index"),
    path("clients/<int:client_id>/", views.client_account, name="account"),
    path("clients/<int:client_id>/sell/", views.sell, name="sell"),
    path("clients/<int:client_id>/pay/", views.pay, name="pay"),
    path("entries/<int:entry_id>/refund/", views.refund, name="refund"),
    path("entries/<int:entry_id>/receipt.pdf", views.receipt, name="receipt"),
    path("revenue/", views.revenue, name="revenue"),
    path("revenue/ledger.csv", views.revenue_csv, name="revenue_csv"),
    path("outstanding/", views.outstanding, name="outstanding"),
    path("products/", views.products, name="products"),
    path("products/<int:product_id>/", views.products, name="product"),
    path("settings/", views.billing_settings, name="settings"),
    path("mine/", views.mine, name="mine"),
]
