"""What each role's first page shows: a fixed number of queries each."""

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from escalade.tickets.choices import (
    OPEN_STATUSES,
    PRIORITY_RANK,
    EscalationStatus,
    Status,
)
from escalade.tickets.models import Escalation, Ticket


def my_open_tickets(user, limit: int = 50) -> QuerySet[Ticket]:
    return (
        Ticket.objects.filter(assignee=user, status__in=OPEN_STATUSES)
        .select_related("customer")
        .order_by("created_at")[:limit]
    )


def awaiting_escalations(to_tier: str, limit: int = 50) -> QuerySet[Escalation]:
    return (
        Escalation.objects.filter(status=EscalationStatus.AWAITING, to_tier=to_tier)
        .select_related("ticket__customer", "requested_by", "team")
        .annotate(priority_rank=priority_rank("priority"))
        .order_by("priority_rank", "requested_at")[:limit]
    )


def feedback_for(user, limit: int = 20) -> QuerySet[Escalation]:
    """N2's notes on the agent's escalations, newest first."""
    return (
        Escalation.objects.filter(requested_by=user)
        .exclude(feedback_to_n1="")
        .select_related("ticket", "feedback_by")
        .order_by("-feedback_at")[:limit]
    )


def open_counts() -> dict[str, int]:
    from django.db.models import Count

    rows = (
        Ticket.objects.filter(status__in=OPEN_STATUSES)
        .values("status")
        .annotate(n=Count("pk"))
    )
    counts = {status: 0 for status in OPEN_STATUSES}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def late_tickets(now, limit: int = 20) -> QuerySet[Ticket]:
    return (
        Ticket.objects.filter(status__in=OPEN_STATUSES)
        .filter(
            Q(resolution_due_at__lt=now)
            | Q(first_contact_due_at__lt=now, first_n2_contact_at__isnull=True)
        )
        .exclude(status=Status.DIAGNOSING)
        .select_related("customer", "assignee")
        .order_by("resolution_due_at")[:limit]
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
