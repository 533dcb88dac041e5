"""SLA due times for a ticket.

The targets here are the specification's defaults on a round-the-clock
calendar; the SLA package computes the real clocks from the ticket's status
history. ``refresh_due_times`` is what the lifecycle calls after any change
that can move a due time.
"""

from datetime import timedelta

from escalade.tickets.choices import Priority

# (first N2 contact, resolution) per priority.
DEFAULT_TARGETS: dict[str, tuple[timedelta, timedelta]] = {
    Priority.URGENT: (timedelta(hours=4), timedelta(hours=4)),
    Priority.NORMAL: (timedelta(hours=24), timedelta(hours=48)),
    Priority.LOW: (timedelta(days=3), timedelta(days=3)),
}


def targets_for(priority: str) -> tuple[timedelta, timedelta]:
    return DEFAULT_TARGETS.get(priority, DEFAULT_TARGETS[Priority.NORMAL])


def refresh_due_times(ticket, escalated_at=None) -> list[str]:
    """Set the ticket's due times from its first escalation; return changed fields."""
    start = escalated_at or _first_escalation_at(ticket)
    if start is None:
        return []
    first_contact, resolution = targets_for(ticket.priority)
    ticket.first_contact_due_at = start + first_contact
    ticket.resolution_due_at = start + resolution
    return ["first_contact_due_at", "resolution_due_at"]


def _first_escalation_at(ticket):
    first = ticket.escalations.order_by("requested_at").first()
    return first.requested_at if first else None
