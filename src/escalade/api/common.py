"""What every router of the API shares: access checks, pagination, text types."""

from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import Http404
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator, StringConstraints

from escalade.accounts.roles import has_role
from escalade.tickets.exceptions import NotAllowed
from escalade.tickets.services import AGENT_ROLES

MAX_PAGE = 200
# Past any real table, and still inside a 64-bit integer for the database.
MAX_OFFSET = 10**12


def _no_nul(value: str) -> str:
    # PostgreSQL refuses NUL in text; refuse it here, as bad input.
    if "\x00" in value:
        raise ValueError("text cannot contain NUL characters")
    return value


def text(max_length: int | None = None, min_length: int = 0) -> Any:
    """A string input, bounded like the column it goes to."""
    return Annotated[
        str,
        StringConstraints(max_length=max_length, min_length=min_length),
        AfterValidator(_no_nul),
    ]


Reference = Annotated[str, StringConstraints(max_length=24, pattern=r"^[A-Za-z0-9-]+$")]


class Page(LimitOffsetPagination):
    """?limit=&offset= with bounds, answering {items, count}."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_PAGE)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


def actor(request):
    """The authenticated person (session or token)."""
    return request.auth if hasattr(request.auth, "pk") else request.user


def require_agent(request) -> None:
    """Reading the desk's data takes an agent's role, as in the interface."""
    if not has_role(actor(request), *AGENT_ROLES):
        raise NotAllowed("Your role does not allow this action.")


def get_or_404(queryset: QuerySet, **lookup):
    found = queryset.filter(**lookup).first()
    if found is None:
        raise Http404
    return found


class Detail(Schema):
    detail: Any
    code: str | None = None
    errors: dict[str, list[str]] | None = None
