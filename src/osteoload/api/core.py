"""The API object: authentication (bearer token or session), errors as {"detail", "code"}, and the
routers of the apps.

An app joins the API by defining `router` in its `api.py`; it is mounted at `/api/<app label>/`.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer, django_auth

from osteoload.accounts.selectors import membership_for_user
from osteoload.accounts.services import api_token_for


class BearerToken(HttpBearer):
    """`Authorization: Bearer olk_...` with a token from `osteoload manage api_token`. A token
    issued for one gym acts there (`request.membership`); otherwise the user's oldest gym."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = api_token_for(token=token)
        if found is None:
            return None
        request.user = found.user
        # a real value, never a lazy proxy: `request.membership is None` must hold for a token
        # whose user has no active membership (HttpRequest's stubs do not know the attribute
        # the membership middleware adds, hence the ignore)
        request.membership = (  # type: ignore[attr-defined]
            found.membership
            if found.membership is not None
            else membership_for_user(user=found.user)
        )
        return found.user


class Utf8JSONRenderer(JSONRenderer):
    """JSON with Japanese text as UTF-8 (readable, and shorter than \\u escapes)."""

    json_dumps_params = {"ensure_ascii": False}  # noqa: RUF012 - ninja's class attribute


api = NinjaAPI(
    title="osteoload API",
    version="1",
    description='The gym application\'s API. Errors: {"detail": ..., "code": ...}.',
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
    renderer=Utf8JSONRenderer(),
)


def error(request: HttpRequest, status: int, detail: Any, code: str) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "code": code}, status=status)


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return error(request, 422, exc.errors, "invalid")


@api.exception_handler(DjangoValidationError)
def _django_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
    return error(request, 400, detail, "invalid")


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error(request, 401, "Authentication required.", "not_authenticated")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error(request, 403, "You do not have permission for this.", "permission_denied")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, 404, "Not found.", "not_found")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    codes = {
        400: "bad_request",
        401: "not_authenticated",
        403: "permission_denied",
        404: "not_found",
        409: "conflict",
        422: "invalid",
        429: "throttled",
    }
    return error(request, exc.status_code, str(exc), codes.get(exc.status_code, "error"))


def _mount_app_routers() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("osteoload."):
            continue
        module_name = f"{config.name}.api"
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router(f"/{config.label}/", router, tags=[config.label])


_mount_app_routers()
