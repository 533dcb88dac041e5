"""The ticket's timeline: one small factory for every kind of event."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from escalade import clock
from escalade.tickets.models import Escalation, Ticket, TimelineEvent


class EventKind(models.TextChoices):
    CREATED = "created", _("ticket created")
    DIAGNOSIS_RECORDED = "diagnosis_recorded", _("diagnosis recorded")
    ATTEMPT_ADDED = "attempt_added", _("attempt recorded")
    TRIAGE_OVERRIDDEN = "triage_overridden", _("triage recommendation overridden")
    RESOLVED_N1 = "resolved_n1", _("resolved at N1")
    ESCALATED = "escalated", _("escalated")
    ACCEPTED = "accepted", _("escalation accepted")
    ASSIGNED = "assigned", _("escalation assigned")
    QUEUED = "queued", _("put back in the queue")
    CALL_LOGGED = "call_logged", _("call logged")
    FIRST_CONTACT = "first_contact", _("first N2 contact")
    WAITING_CUSTOMER = "waiting_customer", _("waiting on the customer")
    WAITING_VENDOR = "waiting_vendor", _("waiting on the vendor")
    RESUMED = "resumed", _("work resumed")
    ESCALATED_FURTHER = "escalated_further", _("escalated to N3 or vendor")
    HYPOTHESES_SET = "hypotheses_set", _("hypotheses updated")
    RESOLVED = "resolved", _("resolved")
    FOLLOW_UP_SCHEDULED = "follow_up_scheduled", _("follow-up scheduled")
    FOLLOW_UP_SENT = "follow_up_sent", _("follow-up sent")
    FOLLOW_UP_ANSWERED = "follow_up_answered", _("follow-up answered")
    CLOSED = "closed", _("closed")
    REOPENED = "reopened", _("reopened")
    RETURNED_AVOIDABLE = "returned_avoidable", _("returned to N1 as avoidable")
    FEEDBACK_GIVEN = "feedback_given", _("feedback given to N1")
    PRIORITY_CHANGED = "priority_changed", _("priority changed")
    UPDATED = "updated", _("ticket updated")
    NOTE_ADDED = "note_added", _("note added")
    EMAIL_QUEUED = "email_queued", _("e-mail queued")
    EMAIL_SENT = "email_sent", _("e-mail sent")
    EMAIL_FAILED = "email_failed", _("e-mail failed")
    SLA_WARNING = "sla_warning", _("SLA warning")
    SLA_BREACHED = "sla_breached", _("SLA breached")
    IMPORTED = "imported", _("imported")


def record(
    ticket: Ticket,
    kind: str,
    actor=None,
    *,
    escalation: Escalation | None = None,
    status_before: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
    at=None,
) -> TimelineEvent:
    """Write one event; the status after is the ticket's current status."""
    return TimelineEvent.objects.create(
        ticket=ticket,
        escalation=escalation,
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        at=at or clock.now(),
        status_before=status_before or "",
        status_after=ticket.status if status_before else "",
        before=_jsonable(before or {}),
        after=_jsonable(after or {}),
        note=note,
    )


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in values.items():
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif hasattr(value, "pk"):
            value = str(value)
        out[key] = value
    return out
