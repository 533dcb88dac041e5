"""What each role's first page shows: a fixed number of queries each."""

from django.db.models import Case, IntegerField, QuerySet, Value, When

from escalade.tickets.choices import (
    OPEN_STATUSES,
    PRIORITY_RANK,
)
from escalade.tickets.models import Escalation, Ticket


def my_open_tickets(user, limit: int = 50) -> QuerySet[Ticket]:
    return (
        Ticket.objects.filter(assignee=user, status__in=OPEN_STATUSES)
        .select_related("customer")
        .order_by("created_at")[:limit]
    )


def feedback_for(user, limit: int = 20) -> QuerySet[Escalation]:
    """N2's notes on the agent's escalations, newest first."""
    return (
        Escalation.objects.filter(requested_by=user)
        .exclude(feedback_to_n1="")
        .select_related("ticket", "feedback_by")
        .order_by("-feedback_at")[:limit]
    )


def priority_rank(field: str) -> Case:
    """Urgent first, then normal, then low (the names do not sort that way)."""
    return Case(
        *[
            When(**{field: name}, then=Value(rank))
            for name, rank in PRIORITY_RANK.items()
        ],
        default=Value(9),
        output_field=IntegerField(),
    )
