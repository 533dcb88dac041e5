"""The read side of tickets: what pages and the API show."""

from django.db.models import Prefetch, QuerySet

from escalade.tickets.models import Escalation, Ticket, TimelineEvent


def ticket_for_page(reference: str) -> Ticket:
    """A ticket with everything its page shows, in a fixed number of queries."""
    return (
        Ticket.objects.select_related(
            "customer", "assignee", "created_by", "team", "diagnosis"
        )
        .prefetch_related(
            "attempts__agent",
            Prefetch(
                "escalations",
                queryset=Escalation.objects.select_related(
                    "requested_by", "accepted_by", "team", "briefing", "feedback_by"
                )
                .prefetch_related("hypotheses")
                .order_by("number"),
            ),
            "resolutions__resolved_by",
            "calls__agent",
            "notes__author",
            "follow_ups",
            Prefetch(
                "events",
                queryset=TimelineEvent.objects.select_related("actor").order_by(
                    "at", "pk"
                ),
            ),
        )
        .get(reference=reference)
    )


def tickets_of_agent(user) -> QuerySet[Ticket]:
    return Ticket.objects.filter(assignee=user).select_related("customer")
