"""Error pages speak the product's language (Japanese first) and lead home, instead of Django's
bare English "Not Found" or "Forbidden"."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import translation


def test_a_missing_page_is_explained_in_japanese(as_, world):
    response = as_(world.carol).get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="ja">' in html and "ページが見つかりません" in html
    assert f'href="{reverse("home")}"' in html


def test_a_refused_page_says_so_in_the_readers_language(as_, world):
    response = as_(world.alice).get(reverse("audit:log"))  # owners only
    assert response.status_code == 403
    assert "このページは開けません" in response.content.decode()
    english = as_(world.alice)
    english.cookies["osteoload_language"] = "en"
    assert "This page cannot be opened" in english.get(reverse("audit:log")).content.decode()


def test_an_expired_form_asks_to_try_again(db):
    browser = HttpClient(enforce_csrf_checks=True)
    response = browser.post(reverse("accounts:login"), {"username": "a@example.com"})
    assert response.status_code == 403
    assert "もう一度お試しください" in response.content.decode()


def test_the_server_error_page_stands_alone():
    """Rendered without a request (Django's server_error view): no context processors needed."""
    with translation.override("ja"):
        assert "エラーが発生しました" in render_to_string("500.html")
    with translation.override("en"):
        assert "Something went wrong" in render_to_string("500.html")
