"""The N1 call: customers, tickets, diagnosis, attempts, triage, N1 solutions."""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from escalade import clock
from escalade.accounts.models import Tier
from escalade.customers.models import Customer
from escalade.customers.validators import email_error, phone_error
from escalade.sla import services as sla
from escalade.tickets import references, timeline
from escalade.tickets.choices import (
    AttemptOutcome,
    Category,
    Channel,
    Priority,
    Status,
)
from escalade.tickets.exceptions import InvalidInput
from escalade.tickets.models import (
    Diagnosis,
    Resolution,
    ResolutionAttempt,
    Ticket,
)
from escalade.tickets.services.guards import (
    AGENT_ROLES,
    N1_ROLES,
    WORKING_STATUSES,
    locked,
    require_choice,
    require_role,
    require_status,
    require_text,
    save,
)
from escalade.tickets.timeline import EventKind

logger = logging.getLogger(__name__)

# -- customers ------------------------------------------------------------


@transaction.atomic
def create_customer(actor, **values) -> Customer:
    """Create a customer with a new CLT reference; needs an e-mail or a phone."""
    require_role(actor, *AGENT_ROLES)
    values = {
        name: value.strip() if isinstance(value, str) else value
        for name, value in values.items()
    }
    errors: dict[str, list[str]] = {}
    if not (values.get("last_name") or values.get("first_name")):
        errors.setdefault("last_name", []).append(_("Give the customer's name."))
    if not (values.get("email") or values.get("phone")):
        message = _("Give an e-mail address or a phone number to reach the customer.")
        errors.setdefault("email", []).append(message)
    if values.get("email") and (message := email_error(values["email"])):
        errors.setdefault("email", []).append(message)
    if values.get("phone") and (message := phone_error(values["phone"])):
        errors.setdefault("phone", []).append(message)
    if errors:
        raise InvalidInput(errors=errors)
    return Customer.objects.create(
        reference=references.next_customer_reference(), **values
    )


# -- N1: the call ---------------------------------------------------------


@transaction.atomic
def open_ticket(
    actor,
    *,
    customer: Customer | None,
    title: str,
    description: str = "",
    channel: str = Channel.PHONE,
    category: str = Category.OTHER,
    priority: str = Priority.NORMAL,
    is_urgent: bool = False,
    call_started_at=None,
    reference: str | None = None,
    source: str = "",
    source_id: str = "",
) -> Ticket:
    """Open a ticket for an incoming call or message; a call starts diagnosing.

    ``source`` and ``source_id`` key the ticket to what it came from (a call
    of the console, an import): a second ticket with the same key breaks the
    unique constraint, so a repeated submission saves nothing twice.
    """
    require_role(actor, *N1_ROLES)
    title = require_text(title, "title", _("Give the ticket a short title."))
    require_choice(channel, Channel, "channel")
    require_choice(category, Category, "category")
    require_choice(priority, Priority, "priority")
    if customer is not None and not (customer.email or customer.phone):
        raise InvalidInput(
            _("The customer has neither e-mail nor phone: add a way to reach them."),
            field="customer",
        )

    if reference is None:
        reference = references.next_ticket_reference()
    else:
        references.reserve_up_to(
            references.TICKET_PREFIX, references.parse_number(reference)
        )
    ticket = Ticket.objects.create(
        reference=reference,
        customer=customer,
        title=title,
        description=description.strip(),
        channel=channel,
        category=category,
        priority=priority,
        is_urgent=is_urgent,
        status=Status.DIAGNOSING if channel == Channel.PHONE else Status.NEW,
        current_tier=Tier.N1,
        assignee=actor,
        created_by=actor,
        call_started_at=call_started_at,
        source=source,
        source_id=source_id,
    )
    timeline.record(
        ticket,
        EventKind.CREATED,
        actor,
        status_before=Status.NEW,
        after={"title": title, "category": category, "priority": priority},
    )
    sla.refresh_due_times(ticket)
    logger.info("ticket opened", extra={"ticket": ticket.reference})
    return ticket


@transaction.atomic
def start_diagnosis(actor, ticket: Ticket) -> Ticket:
    require_role(actor, *N1_ROLES)
    ticket = locked(ticket)
    require_status(ticket, {Status.NEW}, _("start diagnosing"))
    ticket.status = Status.DIAGNOSING
    ticket.assignee = actor
    save(ticket, ["status", "assignee"])
    timeline.record(ticket, EventKind.UPDATED, actor, status_before=Status.NEW)
    sla.refresh_due_times(ticket)
    return ticket


DIAGNOSIS_FIELDS = (
    "started_when",
    "is_recurring",
    "trigger",
    "devices",
    "symptoms",
    "error_message",
    "tried_by_customer",
    "urgency_notes",
    "needed_today",
    "business_impact",
)


@transaction.atomic
def record_diagnosis(actor, ticket: Ticket, **answers) -> Diagnosis:
    """Save the six diagnostic answers; only the changed ones go to the timeline."""
    require_role(actor, *AGENT_ROLES)
    unknown = set(answers) - set(DIAGNOSIS_FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown diagnosis field."), field=sorted(unknown)[0])
    ticket = locked(ticket)
    require_status(ticket, {Status.NEW, Status.DIAGNOSING}, _("diagnose"))

    diagnosis, _created = Diagnosis.objects.get_or_create(ticket=ticket)
    before, after = {}, {}
    for name, value in answers.items():
        if getattr(diagnosis, name) != value:
            before[name] = getattr(diagnosis, name)
            after[name] = value
            setattr(diagnosis, name, value)
    if after:
        diagnosis.save()
        timeline.record(
            ticket, EventKind.DIAGNOSIS_RECORDED, actor, before=before, after=after
        )
    return diagnosis


@transaction.atomic
def add_attempt(
    actor, ticket: Ticket, *, action: str, outcome: str, result: str = ""
) -> ResolutionAttempt:
    require_role(actor, *AGENT_ROLES)
    action = require_text(action, "action", _("Say what was tried."))
    require_choice(outcome, AttemptOutcome, "outcome")
    ticket = locked(ticket)
    require_status(
        ticket,
        {Status.NEW, Status.DIAGNOSING, *WORKING_STATUSES},
        _("record an attempt"),
    )
    attempt = ResolutionAttempt.objects.create(
        ticket=ticket,
        tier=ticket.current_tier,
        action=action,
        outcome=outcome,
        result=result.strip(),
        agent=actor,
    )
    timeline.record(
        ticket,
        EventKind.ATTEMPT_ADDED,
        actor,
        after={"action": action, "outcome": outcome, "result": result},
    )
    return attempt


@transaction.atomic
def record_triage(
    actor,
    ticket: Ticket,
    *,
    outcome: str,
    priority: str,
    reasons: list[dict],
    override_reason: str = "",
    chosen_outcome: str | None = None,
) -> Ticket:
    """Keep the triage recommendation, and the agent's reason when overriding it."""
    require_role(actor, *AGENT_ROLES)
    ticket = locked(ticket)
    overriding = chosen_outcome is not None and chosen_outcome != outcome
    if overriding:
        override_reason = require_text(
            override_reason,
            "override_reason",
            _("Say why you do not follow the recommendation."),
        )
    before = {
        "triage_outcome": ticket.triage_outcome,
        "triage_override_reason": ticket.triage_override_reason,
    }
    ticket.triage_outcome = outcome
    ticket.triage_priority = priority
    ticket.triage_reasons = reasons
    ticket.triage_override_reason = override_reason if overriding else ""
    save(
        ticket,
        [
            "triage_outcome",
            "triage_priority",
            "triage_reasons",
            "triage_override_reason",
        ],
    )
    if overriding:
        timeline.record(
            ticket,
            EventKind.TRIAGE_OVERRIDDEN,
            actor,
            before=before,
            after={"recommended": outcome, "chosen": chosen_outcome},
            note=override_reason,
        )
    return ticket


@transaction.atomic
def resolve_at_n1(actor, ticket: Ticket, *, solution: str, cause: str = "") -> Ticket:
    """The call ends with the problem solved: no escalation."""
    require_role(actor, *N1_ROLES)
    solution = require_text(solution, "solution", _("Say what solved the problem."))
    ticket = locked(ticket)
    require_status(ticket, {Status.NEW, Status.DIAGNOSING}, _("resolve at N1"))

    now = clock.now()
    status_before = ticket.status
    ticket.status = Status.RESOLVED_N1
    ticket.resolved_at = now
    save(ticket, ["status", "resolved_at"])
    Resolution.objects.create(
        ticket=ticket,
        tier=Tier.N1,
        cause=cause.strip() or solution,
        steps=solution,
        resolved_by=actor,
        resolved_at=now,
    )
    timeline.record(
        ticket,
        EventKind.RESOLVED_N1,
        actor,
        status_before=status_before,
        after={"solution": solution},
    )
    sla.refresh_due_times(ticket)
    logger.info("resolved at N1", extra={"ticket": ticket.reference})
    return ticket
