"""The expert's work on a ticket: hypotheses, calls, waits, priority, notes."""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from escalade import clock
from escalade.accounts.models import Role, Tier
from escalade.accounts.roles import has_role
from escalade.notifications import emails
from escalade.sla import services as sla
from escalade.tickets import timeline
from escalade.tickets.choices import (
    NoteKind,
    Priority,
    Status,
    Verdict,
)
from escalade.tickets.exceptions import InvalidInput, TransitionError
from escalade.tickets.models import (
    CallLog,
    Escalation,
    Hypothesis,
    Note,
    Ticket,
)
from escalade.tickets.services.escalations import active_escalation
from escalade.tickets.services.guards import (
    AGENT_ROLES,
    EXPERT_ROLES,
    WORKING_STATUSES,
    locked,
    require_choice,
    require_holder,
    require_role,
    require_status,
    require_text,
    save,
)
from escalade.tickets.timeline import EventKind

logger = logging.getLogger(__name__)

# -- N2: the work ---------------------------------------------------------


@transaction.atomic
def set_hypotheses(
    actor, escalation: Escalation, hypotheses: list[dict]
) -> list[Hypothesis]:
    """Replace the escalation's hypotheses; their probabilities add up to 100%."""
    require_role(actor, *EXPERT_ROLES)
    _check_hypotheses(hypotheses)
    ticket = locked(escalation.ticket)
    require_holder(actor, ticket.assignee)
    require_status(
        ticket, WORKING_STATUSES | {Status.WAITING_CUSTOMER}, _("change hypotheses")
    )

    before = [
        {"cause": h.cause, "probability": h.probability, "verdict": h.verdict}
        for h in escalation.hypotheses.all()
    ]
    escalation.hypotheses.all().delete()
    created = [
        Hypothesis.objects.create(
            escalation=escalation,
            position=position,
            probability=int(item["probability"]),
            cause=item["cause"].strip(),
            symptom=(item.get("symptom") or "").strip(),
            fix=(item.get("fix") or "").strip(),
            test=(item.get("test") or "").strip(),
            verdict=item.get("verdict") or Verdict.OPEN,
            created_by=actor,
        )
        for position, item in enumerate(hypotheses, start=1)
    ]
    after = [
        {"cause": h.cause, "probability": h.probability, "verdict": h.verdict}
        for h in created
    ]
    timeline.record(
        ticket,
        EventKind.HYPOTHESES_SET,
        actor,
        escalation=escalation,
        before={"hypotheses": before},
        after={"hypotheses": after},
    )
    return created


def _check_hypotheses(hypotheses: list[dict]) -> None:
    if not hypotheses:
        raise InvalidInput(_("Give at least one hypothesis."), field="hypotheses")
    errors: dict[str, list[str]] = {}
    total = 0
    for position, item in enumerate(hypotheses, start=1):
        if not (item.get("cause") or "").strip():
            errors.setdefault(f"hypotheses.{position}.cause", []).append(
                _("Hypothesis %(n)s needs a cause.") % {"n": position}
            )
        try:
            probability = int(item.get("probability"))
        except (TypeError, ValueError):
            probability = -1
        if not 0 <= probability <= 100:
            errors.setdefault(f"hypotheses.{position}.probability", []).append(
                _("A probability is a whole number from 0 to 100.")
            )
        else:
            total += probability
        verdict = item.get("verdict") or Verdict.OPEN
        if verdict not in Verdict.values:
            errors.setdefault(f"hypotheses.{position}.verdict", []).append(
                _("Unknown verdict.")
            )
    if not errors and total != 100:
        errors["hypotheses"] = [
            _("The probabilities add up to %(total)s%%, not 100%%.") % {"total": total}
        ]
    if errors:
        raise InvalidInput(errors=errors)


@transaction.atomic
def log_call(
    actor,
    ticket: Ticket,
    *,
    duration_seconds: int,
    notes: str = "",
    is_outbound: bool = False,
    started_at=None,
) -> CallLog:
    """Log a call; an expert's first call to the customer is the first N2 contact."""
    require_role(actor, *AGENT_ROLES)
    if duration_seconds is None or int(duration_seconds) <= 0:
        raise InvalidInput(
            _("A call lasts at least one second."), field="duration_seconds"
        )
    ticket = locked(ticket)
    if ticket.status == Status.CLOSED:
        raise TransitionError(_("The ticket is closed."))

    escalation = active_escalation(ticket)
    call = CallLog.objects.create(
        ticket=ticket,
        escalation=escalation,
        agent=actor,
        tier=ticket.current_tier,
        is_outbound=is_outbound,
        started_at=started_at or clock.now(),
        duration_seconds=int(duration_seconds),
        notes=notes.strip(),
    )
    timeline.record(
        ticket,
        EventKind.CALL_LOGGED,
        actor,
        escalation=escalation,
        after={"duration_seconds": call.duration_seconds, "outbound": is_outbound},
        note=call.notes,
    )
    is_expert = ticket.current_tier in {Tier.N2, Tier.N3} and has_role(
        actor, Role.N2, Role.N3
    )
    if is_expert and ticket.first_n2_contact_at is None:
        ticket.first_n2_contact_at = call.started_at
        save(ticket, ["first_n2_contact_at"])
        timeline.record(
            ticket,
            EventKind.FIRST_CONTACT,
            actor,
            escalation=escalation,
            after={"first_n2_contact_at": call.started_at},
        )
        sla.refresh_due_times(ticket)
    return call


@transaction.atomic
def wait_on_customer(actor, ticket: Ticket, *, reason: str) -> Ticket:
    """Pause the clock while the customer has something to do or send."""
    require_role(actor, *EXPERT_ROLES)
    reason = require_text(reason, "reason", _("Say what the customer has to do."))
    ticket = locked(ticket)
    require_holder(actor, ticket.assignee)
    require_status(ticket, WORKING_STATUSES, _("wait on the customer"))
    status_before = ticket.status
    ticket.status = Status.WAITING_CUSTOMER
    save(ticket, ["status"])
    timeline.record(
        ticket,
        EventKind.WAITING_CUSTOMER,
        actor,
        status_before=status_before,
        note=reason,
    )
    sla.refresh_due_times(ticket)
    return ticket


@transaction.atomic
def resume_work(actor, ticket: Ticket, *, note: str = "") -> Ticket:
    """End a wait on the customer or the vendor: back to where the work was."""
    require_role(actor, *EXPERT_ROLES)
    ticket = locked(ticket)
    require_holder(actor, ticket.assignee)
    require_status(
        ticket, {Status.WAITING_CUSTOMER, Status.WAITING_VENDOR}, _("resume work on")
    )
    status_before = ticket.status
    ticket.status = _status_before_wait(ticket)
    save(ticket, ["status"])
    timeline.record(
        ticket, EventKind.RESUMED, actor, status_before=status_before, note=note
    )
    sla.refresh_due_times(ticket)
    return ticket


def _status_before_wait(ticket: Ticket) -> str:
    if ticket.status == Status.WAITING_VENDOR:
        return Status.ESCALATED_N3
    last_wait = (
        ticket.events.filter(status_after=Status.WAITING_CUSTOMER)
        .order_by("-at", "-pk")
        .values_list("status_before", flat=True)
        .first()
    )
    if last_wait in WORKING_STATUSES:
        return last_wait
    return Status.IN_PROGRESS


# -- small changes --------------------------------------------------------


@transaction.atomic
def change_priority(
    actor, ticket: Ticket, *, priority: str, reason: str = ""
) -> Ticket:
    """Change the priority; due times are recomputed from the same start."""
    require_role(actor, *EXPERT_ROLES)
    require_choice(priority, Priority, "priority")
    ticket = locked(ticket)
    require_holder(actor, ticket.assignee)
    if ticket.status == Status.CLOSED:
        raise TransitionError(_("The ticket is closed."))
    if ticket.priority == priority:
        return ticket
    before = {"priority": ticket.priority}
    ticket.priority = priority
    save(ticket, ["priority"])
    escalation = active_escalation(ticket)
    if escalation is not None:
        escalation.priority = priority
        escalation.save(update_fields=["priority"])
    timeline.record(
        ticket,
        EventKind.PRIORITY_CHANGED,
        actor,
        before=before,
        after={"priority": priority},
        note=reason,
    )
    sla.refresh_due_times(ticket)
    return ticket


@transaction.atomic
def add_note(
    actor, ticket: Ticket, *, body: str, kind: str = NoteKind.INTERNAL
) -> Note:
    """An internal note, or a message to the customer (which is e-mailed).

    Any agent may add an internal note (colleagues help each other); only the
    expert who holds the ticket, or a supervisor, speaks to the customer.
    """
    require_role(actor, *AGENT_ROLES)
    require_choice(kind, NoteKind, "kind")
    if kind == NoteKind.FROM_CUSTOMER:
        raise InvalidInput(_("Agents cannot write as the customer."), field="kind")
    body = require_text(body, "body", _("The note is empty."))
    ticket = locked(ticket)
    if kind == NoteKind.TO_CUSTOMER:
        require_holder(actor, ticket.assignee)
    note = Note.objects.create(ticket=ticket, author=actor, kind=kind, body=body)
    timeline.record(
        ticket, EventKind.NOTE_ADDED, actor, after={"kind": kind}, note=body
    )
    if kind == NoteKind.TO_CUSTOMER:
        emails.message_to_customer(note, actor)
    return note
