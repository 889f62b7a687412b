"""Authentication backends: lockout (django-axes) in front of Django's e-mail/password check."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every sign-in that comes through a web request.

    Axes needs the request (IP address) to count failures. Calls without one — Django's test client
    `login()`, a management command — cannot be counted, so this backend steps aside for them
    instead of raising; every sign-in form of the product passes the request.
    """

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The e-mail address as axes should count it: trimmed and lower-case, like sign-in itself."""
    value = ""
    if credentials:
        value = credentials.get("username") or credentials.get("email") or ""
    elif request is not None and request.method == "POST":
        value = request.POST.get("username", "")
    return str(value).strip().lower()
