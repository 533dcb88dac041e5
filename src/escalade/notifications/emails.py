"""The customer e-mails of a ticket's life, each queued in the outbox.

Every function runs inside the transaction of the change it announces, and
builds a key that names the message, so a retried change never writes the
same e-mail twice.
"""

from django.conf import settings
from django.urls import reverse

from escalade.accounts.models import short_name
from escalade.notifications.services import queue_email
from escalade.sla import services as sla
from escalade.sla.models import ClockKind


def _link(path: str) -> str:
    return settings.ESCALADE["SITE_URL"].rstrip("/") + path


def _to_customer(ticket, *, key: str, kind: str, actor=None, **context) -> None:
    """Queue e-mail ``kind`` to the ticket's customer, in their language.

    A customer without an e-mail address gets nothing (queue_email skips an
    empty recipient list): they are reached by phone.
    """
    customer = ticket.customer
    queue_email(
        key=key,
        kind=kind,
        recipients=[customer.email] if customer is not None and customer.email else [],
        ticket=ticket,
        actor=actor,
        language=customer.language if customer is not None else "fr",
        context={"ticket": ticket, "customer": customer, **context},
    )


def escalation_created(escalation, actor) -> None:
    first_contact, resolution = sla.targets_for(escalation.priority)
    _to_customer(
        escalation.ticket,
        key=f"{escalation.reference}:created",
        kind="escalation_created",
        actor=actor,
        escalation=escalation,
        briefing=getattr(escalation, "briefing", None),
        agent_name=short_name(actor),
        first_contact_hours=int(first_contact.total_seconds() // 3600),
        resolution_hours=int(resolution.total_seconds() // 3600),
    )


def escalation_accepted(escalation, actor) -> None:
    _to_customer(
        escalation.ticket,
        key=f"{escalation.reference}:accepted:{escalation.accepted_at:%Y%m%d%H%M%S}",
        kind="escalation_accepted",
        actor=actor,
        escalation=escalation,
        expert_name=short_name(escalation.accepted_by),
    )


def ticket_resolved(resolution, actor) -> None:
    _to_customer(
        resolution.ticket,
        key=f"{resolution.ticket.reference}:resolved:{resolution.pk}",
        kind="ticket_resolved",
        actor=actor,
        resolution=resolution,
        expert_name=short_name(resolution.resolved_by),
    )


def follow_up(follow_up) -> None:
    resolution = follow_up.resolution
    answer_url = reverse("tickets:follow_up", args=[follow_up.token])
    _to_customer(
        follow_up.ticket,
        key=f"{follow_up.ticket.reference}:follow-up:{follow_up.pk}",
        kind="follow_up",
        follow_up=follow_up,
        expert_name=short_name(resolution.resolved_by if resolution else None),
        fine_url=_link(answer_url + "?answer=still_fine"),
        came_back_url=_link(answer_url + "?answer=came_back"),
    )


def message_to_customer(note, actor) -> None:
    _to_customer(
        note.ticket,
        key=f"{note.ticket.reference}:message:{note.pk}",
        kind="message",
        actor=actor,
        note=note,
        agent_name=short_name(actor),
    )


def sla_alert(ticket, clock, kind: str, recipients: list[str], send_after) -> None:
    """A warning or a breach of one clock, to the people of its level.

    The key names the ticket, the clock and the kind: one e-mail per warning
    and per breach, whatever retries or sweeps happen.
    """
    queue_email(
        key=f"{ticket.reference}:{kind}:{clock.kind}",
        kind=kind,
        recipients=recipients,
        ticket=ticket,
        language=settings.LANGUAGE_CODE,
        send_after=send_after,
        context={
            "ticket": ticket,
            "clock": clock,
            "clock_name": ClockKind(clock.kind).label,
            "target_hours": round(clock.target.total_seconds() / 3600, 1),
            "ticket_url": _link(ticket.get_absolute_url()),
        },
    )
