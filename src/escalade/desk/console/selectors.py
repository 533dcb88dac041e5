"""What the console's pages after the call read, in a fixed number of queries."""

from escalade.customers.selectors import customer_history
from escalade.desk.console.call import CALL_SOURCE
from escalade.notifications.models import OutboxMessage
from escalade.tickets.models import Escalation, ResolutionAttempt, Ticket


def escalation_or_none(reference: str) -> Escalation | None:
    return (
        Escalation.objects.select_related(
            "ticket__customer", "team", "requested_by", "briefing"
        )
        .filter(reference=reference)
        .first()
    )


def printable_context(escalation: Escalation) -> dict:
    """The briefing or ticket with everything it prints: three more queries."""
    ticket = escalation.ticket
    return {
        "escalation": escalation,
        "ticket": ticket,
        "customer": ticket.customer,
        "briefing": escalation.briefing,
        "attempts": list(
            ResolutionAttempt.objects.filter(ticket=ticket, tier="N1").order_by(
                "created_at", "pk"
            )
        ),
        "history": customer_history(ticket.customer) if ticket.customer else None,
    }


def confirmation_email(escalation: Escalation) -> OutboxMessage | None:
    return (
        OutboxMessage.objects.filter(key=f"{escalation.reference}:created")
        .only("pk", "status", "subject", "to", "created_at")
        .first()
    )


def ticket_of_call(call_id: str) -> Ticket | None:
    """The ticket already saved from this call, if the call was saved."""
    if not call_id:
        return None
    return (
        Ticket.objects.filter(source=CALL_SOURCE, source_id=call_id)
        .only("pk", "reference")
        .first()
    )


def latest_escalation_reference(ticket: Ticket) -> str | None:
    return (
        Escalation.objects.filter(ticket=ticket)
        .order_by("-requested_at", "-pk")
        .values_list("reference", flat=True)
        .first()
    )
