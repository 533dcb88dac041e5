"""The REST API: one NinjaAPI; each package contributes a router in its api.py.

Authentication is a per-user token (``Authorization: Bearer`` or ``X-API-Key``)
or the session (with CSRF). The tokens are tried first: django-ninja's session
auth refuses a POST without a CSRF token outright, before any later method
could accept the request's token. Errors are JSON: 400 with field errors, 403,
404 and 409 for a transition that the ticket's state forbids.
"""

import importlib

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth

from escalade.api.models import ApiToken, hash_token
from escalade.tickets.exceptions import InvalidInput, TransitionError


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        if not token:
            return None
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_token(token), user__is_active=True)
            .first()
        )
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


class TokenHeaderAuth(APIKeyHeader):
    param_name = "X-API-Key"

    def authenticate(self, request, key):
        if not key:  # no X-API-Key header: let the next method decide
            return None
        return TokenAuth().authenticate(request, key)


api = NinjaAPI(
    title="Escalade API",
    version="1.0",
    description="Tickets, escalations, triage, queue and KPIs of the Escalade desk.",
    # Tokens first: SessionAuth raises on a failed CSRF check instead of
    # letting the next method try, so it must come last.
    auth=[TokenAuth(), TokenHeaderAuth(), SessionAuth()],
    urls_namespace="api",
)


@api.exception_handler(TransitionError)
def on_transition_error(request, exc: TransitionError):
    body = {"detail": str(exc), "code": exc.code}
    if isinstance(exc, InvalidInput):
        body["errors"] = {
            field: [str(message) for message in messages]
            for field, messages in exc.errors.items()
        }
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return api.create_response(
        request, {"detail": str(exc) or "Permission refusée."}, status=403
    )


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, {"detail": "Introuvable."}, status=404)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    return api.create_response(request, {"detail": exc.errors}, status=400)


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return api.create_response(
        request, {"detail": "Authentification requise."}, status=401
    )


def _register_routers() -> None:
    """Mount the ``router`` of every Escalade package that has an api.py."""
    for app in settings.INSTALLED_APPS:
        if not app.startswith("escalade.") or app == "escalade.api":
            continue
        try:
            module = importlib.import_module(f"{app}.api")
        except ModuleNotFoundError as error:
            if error.name != f"{app}.api":
                raise
            continue
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router(getattr(module, "PREFIX", app.split(".")[-1]), router)


_register_routers()
