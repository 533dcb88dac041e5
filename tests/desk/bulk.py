"""Many tickets at once, for query-count tests: bulk_create, no services."""

from datetime import timedelta

from escalade import clock
from escalade.tickets.choices import (
    Category,
    EscalationStatus,
    Priority,
    Status,
)
from escalade.tickets.models import Escalation, Resolution, Ticket

# Each escalation in turn: waiting, being worked, resolved.
CYCLE = [
    (EscalationStatus.AWAITING, Status.AWAITING_N2),
    (EscalationStatus.ACCEPTED, Status.IN_PROGRESS),
    (EscalationStatus.RESOLVED, Status.RESOLVED),
]
PRIORITIES = [Priority.URGENT, Priority.NORMAL, Priority.LOW]


def bulk_escalations(count: int, *, n1, expert, start: int = 500_000) -> None:
    """``count`` escalated tickets of the sync category, a third in each state."""
    now = clock.now()
    tickets = Ticket.objects.bulk_create(
        [
            Ticket(
                reference=f"TK-{start + n}",
                title=f"Ticket {n}",
                category=Category.SYNC,
                status=CYCLE[n % 3][1],
                priority=PRIORITIES[n % 3],
                current_tier="N2",
                created_by=n1,
                assignee=expert if n % 3 else None,
                created_at=now - timedelta(hours=n % 100 + 1),
                first_contact_due_at=now + timedelta(hours=n % 50),
                resolution_due_at=now + timedelta(hours=n % 50 + 24),
                satisfaction=5 if n % 3 == 2 else None,
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    escalations = Escalation.objects.bulk_create(
        [
            Escalation(
                reference=f"{ticket.reference}-TECH-001",
                ticket=ticket,
                number=1,
                from_tier="N1",
                to_tier="N2",
                status=CYCLE[n % 3][0],
                priority=ticket.priority,
                requested_by=n1,
                requested_at=ticket.created_at,
                accepted_by=expert if n % 3 else None,
                accepted_at=ticket.created_at + timedelta(minutes=10)
                if n % 3
                else None,
                resolved_at=now - timedelta(minutes=n % 60) if n % 3 == 2 else None,
            )
            for n, ticket in enumerate(tickets)
        ],
        batch_size=2000,
    )
    Resolution.objects.bulk_create(
        [
            Resolution(
                ticket_id=escalation.ticket_id,
                escalation=escalation,
                tier="N2",
                cause=f"Cause {n}",
                resolved_by=expert,
                resolved_at=escalation.resolved_at,
            )
            for n, escalation in enumerate(escalations)
            if escalation.status == EscalationStatus.RESOLVED
        ],
        batch_size=2000,
    )
