"""Request middleware: the UI language from a cookie, and the signed-in user's gym membership."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property

from .selectors import membership_for_user

if TYPE_CHECKING:
    from .models import Membership

CHOSEN_MEMBERSHIP_KEY = "osteoload_membership"
"""Session key of the membership the user chose to act in."""


class LanguageCookieMiddleware:
    """Japanese unless the language cookie says otherwise.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language header: the
    product is Japanese first, and a page must look the same on the gym's shared tablet whatever
    its system language. The choice lives in a cookie (Django's `set_language` view), never in the
    session, so choosing a language writes nothing to the database.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


def _membership(request: HttpRequest) -> Membership | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    chosen = request.session.get(CHOSEN_MEMBERSHIP_KEY)
    return membership_for_user(user=user, chosen_id=chosen if isinstance(chosen, int) else None)


_WITH_MEMBERSHIP: dict[type, type] = {}


def _with_membership(request_class: type) -> type:
    """The request class with a lazy `membership` attribute (one subclass per request class)."""
    found = _WITH_MEMBERSHIP.get(request_class)
    if found is None:
        found = type(
            request_class.__name__,
            (request_class,),
            {"membership": cached_property(_membership), "__module__": __name__},
        )
        _WITH_MEMBERSHIP[request_class] = found
    return found


class MembershipMiddleware:
    """`request.membership`: the signed-in user's active membership (its gym and role), or None.

    Lazy: a page that never asks costs no query. A user with memberships in several gyms acts in
    the one chosen on the "choose a gym" page (kept in the session), else in the oldest. The
    attribute is a cached property of the request rather than a lazy proxy, so that
    `request.membership is None` holds for a user without an active membership (a proxy is never
    None: a deactivated user's pages then failed with a 500 instead of a 403).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.__class__ = _with_membership(type(request))
        return self.get_response(request)
