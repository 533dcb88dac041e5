"""Guards shared by the transitions: roles, statuses, input, row locks."""

import logging
from collections.abc import Iterable

from django.utils.translation import gettext as _

from escalade.accounts.models import Role
from escalade.accounts.roles import has_role
from escalade.tickets.choices import (
    Status,
)
from escalade.tickets.exceptions import InvalidInput, NotAllowed, TransitionError
from escalade.tickets.models import (
    Ticket,
)

logger = logging.getLogger(__name__)

SUMMARY_MAX_WORDS = 100
SUPERVISORS = (Role.SUPERVISOR, Role.ADMIN)
N1_ROLES = (Role.N1, *SUPERVISORS)
N2_ROLES = (Role.N2, *SUPERVISORS)
EXPERT_ROLES = (Role.N2, Role.N3, *SUPERVISORS)
AGENT_ROLES = (Role.N1, Role.N2, Role.N3, *SUPERVISORS)

# Where an N2 or N3 expert works the ticket: resolving, waiting, escalating.
WORKING_STATUSES = {Status.IN_PROGRESS, Status.REOPENED, Status.ESCALATED_N3}


# -- guards ---------------------------------------------------------------


def require_role(actor, *roles: str) -> None:
    if actor is None or not has_role(actor, *roles):
        raise NotAllowed(_("Your role does not allow this action."))


def require_holder(actor, holder) -> None:
    """An N2/N3 expert works only the tickets they hold; supervisors any.

    ``holder`` is who has the ticket (its assignee). Nobody holds it while
    it waits for an expert: then the role check alone applies. Other roles
    are left to the role check of each transition.
    """
    if holder is None or holder.pk == actor.pk:
        return
    if not has_role(actor, Role.N2, Role.N3) or has_role(actor, *SUPERVISORS):
        return
    raise NotAllowed(
        _(
            "Only the expert who holds the ticket (%(name)s) or a supervisor "
            "can do this."
        )
        % {"name": holder.get_full_name() or holder.get_username()}
    )


def require_status(ticket: Ticket, allowed: Iterable[str], action: str) -> None:
    if ticket.status not in set(allowed):
        raise TransitionError(
            _("Cannot %(action)s ticket %(reference)s: it is %(status)s.")
            % {
                "action": action,
                "reference": ticket.reference,
                "status": ticket.get_status_display(),
            }
        )


def require_text(value: str | None, field_name: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInput(message, field=field_name)
    return text


def require_choice(value: str, choices, field_name: str) -> str:
    if value not in choices.values:
        raise InvalidInput(
            _("“%(value)s” is not a valid choice.") % {"value": value}, field=field_name
        )
    return value


def locked(ticket: Ticket) -> Ticket:
    """Reload the ticket under a row lock, so concurrent moves queue."""
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def save(instance, fields: list[str]) -> None:
    if hasattr(instance, "updated_at") and "updated_at" not in fields:
        fields = [*fields, "updated_at"]
    instance.save(update_fields=fields)


def word_count(text: str) -> int:
    return len(text.split())
