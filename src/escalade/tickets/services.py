"""The ticket's life: one function per transition.

Each function checks the actor's role, refuses an illegal move with a
``TransitionError`` and no change, changes the state in one transaction,
writes the timeline event, and queues what follows (e-mails, SLA due times)
in the same transaction. Views, the API, commands and tasks all call these.
"""

import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from escalade import clock
from escalade.accounts.models import Role, Team, Tier
from escalade.accounts.roles import has_role
from escalade.customers.models import Customer
from escalade.customers.validators import email_error, phone_error
from escalade.notifications import emails
from escalade.sla import services as sla
from escalade.tickets import assignment, references, timeline
from escalade.tickets.choices import (
    AttemptOutcome,
    Category,
    Channel,
    EscalationStatus,
    EscalationType,
    FollowUpAnswer,
    NoteKind,
    Priority,
    Status,
    Verdict,
)
from escalade.tickets.exceptions import InvalidInput, NotAllowed, TransitionError
from escalade.tickets.models import (
    Briefing,
    CallLog,
    Diagnosis,
    Escalation,
    FollowUp,
    Hypothesis,
    Note,
    Resolution,
    ResolutionAttempt,
    Ticket,
)
from escalade.tickets.timeline import EventKind

logger = logging.getLogger(__name__)

SUMMARY_MAX_WORDS = 100
SUPERVISORS = (Role.SUPERVISOR, Role.ADMIN)
N1_ROLES = (Role.N1, *SUPERVISORS)
N2_ROLES = (Role.N2, *SUPERVISORS)
EXPERT_ROLES = (Role.N2, Role.N3, *SUPERVISORS)
AGENT_ROLES = (Role.N1, Role.N2, Role.N3, *SUPERVISORS)

# Where an N2 or N3 expert works the ticket: resolving, waiting, escalating.
WORKING_STATUSES = {Status.IN_PROGRESS, Status.REOPENED, Status.ESCALATED_N3}


# -- guards ---------------------------------------------------------------


def require_role(actor, *roles: str) -> None:
    if actor is None or not has_role(actor, *roles):
        raise NotAllowed(_("Your role does not allow this action."))


def require_status(ticket: Ticket, allowed: Iterable[str], action: str) -> None:
    if ticket.status not in set(allowed):
        raise TransitionError(
            _("Cannot %(action)s ticket %(reference)s: it is %(status)s.")
            % {
                "action": action,
                "reference": ticket.reference,
                "status": ticket.get_status_display(),
            }
        )


def require_text(value: str | None, field_name: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInput(message, field=field_name)
    return text


def require_choice(value: str, choices, field_name: str) -> str:
    if value not in choices.values:
        raise InvalidInput(
            _("“%(value)s” is not a valid choice.") % {"value": value}, field=field_name
        )
    return value


def locked(ticket: Ticket) -> Ticket:
    """Reload the ticket under a row lock, so concurrent moves queue."""
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def save(instance, fields: list[str]) -> None:
    if hasattr(instance, "updated_at") and "updated_at" not in fields:
        fields = [*fields, "updated_at"]
    instance.save(update_fields=fields)


def word_count(text: str) -> int:
    return len(text.split())


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
) -> Ticket:
    """Open a ticket for an incoming call or message; a call starts diagnosing."""
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


# -- N1 to N2: the escalation ---------------------------------------------


@dataclass
class BriefingData:
    """What N1 hands over; field for field the briefing of the specification."""

    summary: str
    description: str = ""
    context: str = ""
    environment: str = ""
    diagnostics: list[dict] = field(default_factory=list)
    reproducibility: str = ""
    frequency: str = ""
    pattern: str = ""
    customer_understanding: str = ""
    customer_patience: str = ""
    logs_available: bool = False
    screenshot_available: bool = False
    test_account: str = ""
    admin_access_needed: bool = False
    call_duration_minutes: int | None = None
    n1_opinion: str = ""
    leads: str = ""
    confirmed_items: list[str] = field(default_factory=list)


def validate_briefing(data: BriefingData) -> None:
    errors: dict[str, list[str]] = {}
    if not data.summary.strip():
        errors["summary"] = [_("Write a summary of the problem.")]
    elif word_count(data.summary) > SUMMARY_MAX_WORDS:
        errors["summary"] = [
            _("The summary holds %(max)s words at most (it has %(count)s).")
            % {"max": SUMMARY_MAX_WORDS, "count": word_count(data.summary)}
        ]
    if data.call_duration_minutes is not None and data.call_duration_minutes < 0:
        errors["call_duration_minutes"] = [_("A duration cannot be negative.")]
    if errors:
        raise InvalidInput(errors=errors)


@transaction.atomic
def escalate_to_n2(
    actor,
    ticket: Ticket,
    *,
    briefing: BriefingData,
    priority: str,
    escalation_type: str = EscalationType.COMPLEX,
    team: Team | None = None,
    queued_reason: str = "",
    is_borderline: bool = False,
    is_briefing_complete: bool = False,
) -> Escalation:
    """Hand the ticket to N2 with its briefing, and tell the customer.

    Creates TK-nnnnn-TECH-nnn, sets the SLA due times and queues the
    confirmation e-mail, all in this one transaction.
    """
    require_role(actor, *N1_ROLES)
    require_choice(priority, Priority, "priority")
    require_choice(escalation_type, EscalationType, "escalation_type")
    validate_briefing(briefing)
    ticket = locked(ticket)
    require_status(ticket, {Status.NEW, Status.DIAGNOSING}, _("escalate"))
    if ticket.customer is None or not (ticket.customer.email or ticket.customer.phone):
        raise InvalidInput(
            _("The customer has neither e-mail nor phone: add a way to reach them."),
            field="customer",
        )

    escalation = _new_escalation(
        ticket,
        actor,
        from_tier=Tier.N1,
        to_tier=Tier.N2,
        priority=priority,
        escalation_type=escalation_type,
        team=team or Team.objects.filter(tier=Tier.N2).first(),
        queued_reason=queued_reason.strip(),
        is_borderline=is_borderline,
        is_briefing_complete=is_briefing_complete,
    )
    Briefing.objects.create(escalation=escalation, **briefing.__dict__)

    status_before = ticket.status
    priority_before = ticket.priority
    ticket.status = Status.AWAITING_N2
    ticket.current_tier = Tier.N2
    ticket.priority = priority
    ticket.team = escalation.team
    ticket.assignee = None
    save(ticket, ["status", "current_tier", "priority", "team", "assignee"])

    timeline.record(
        ticket,
        EventKind.ESCALATED,
        actor,
        escalation=escalation,
        status_before=status_before,
        before={"priority": priority_before, "tier": Tier.N1},
        after={
            "escalation": escalation.reference,
            "priority": priority,
            "tier": Tier.N2,
            "team": str(escalation.team or ""),
            "queued_reason": escalation.queued_reason,
        },
    )
    sla.refresh_due_times(ticket)
    emails.escalation_created(escalation, actor)
    logger.info("escalated to N2", extra={"ticket": ticket.reference})
    if escalation.team is not None and escalation.team.is_round_robin:
        _assign_on_arrival(escalation)
    return escalation


def _assign_on_arrival(escalation: Escalation) -> None:
    """Round-robin teams give a new escalation out at once, if someone is free."""
    try:
        with transaction.atomic():
            assign_in_turn(None, escalation)
    except InvalidInput:
        # Nobody free: the escalation waits in the queue like any other.
        logger.info(
            "no expert free for round-robin",
            extra={"ticket": escalation.ticket.reference},
        )


def _new_escalation(ticket: Ticket, actor, **values) -> Escalation:
    """Number the escalation within its ticket: TK-00789-TECH-001, -002..."""
    number = (
        Escalation.objects.filter(ticket=ticket)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
        or 0
    ) + 1
    escalation_type = values.pop("escalation_type")
    return Escalation.objects.create(
        ticket=ticket,
        number=number,
        reference=references.escalation_reference(ticket.reference, number),
        requested_by=actor,
        type=escalation_type,
        **values,
    )


def active_escalation(ticket: Ticket) -> Escalation | None:
    """The escalation being worked on: the latest not resolved nor returned."""
    return (
        ticket.escalations.filter(
            status__in=[EscalationStatus.AWAITING, EscalationStatus.ACCEPTED]
        )
        .order_by("-number")
        .first()
    )


# -- N2: the queue --------------------------------------------------------


@transaction.atomic
def accept_escalation(
    actor, escalation: Escalation, *, assignee=None, checklist: dict | None = None
) -> Escalation:
    """Take an escalation (or, as supervisor, give it to a colleague).

    The claim is one conditional UPDATE on the escalation's status: when two
    experts accept at once, exactly one row changes, the other is refused.
    """
    assignee = assignee or actor
    if assignee != actor:
        require_role(actor, *SUPERVISORS)
    tier_role = Role.N3 if escalation.to_tier == Tier.N3 else Role.N2
    require_role(actor, tier_role, *SUPERVISORS)
    if assignee != actor and not has_role(assignee, tier_role):
        raise InvalidInput(
            _("%(name)s is not a %(tier)s expert.")
            % {
                "name": assignee.get_full_name() or assignee,
                "tier": escalation.to_tier,
            },
            field="assignee",
        )
    return _claim(actor, escalation, assignee, checklist=checklist)


def _claim(
    actor, escalation: Escalation, assignee, *, checklist: dict | None = None
) -> Escalation:
    """Give an awaiting escalation to ``assignee``; the caller checked the roles.

    ``actor`` None means the desk itself (round-robin on arrival).
    """
    now = clock.now()
    claimed = Escalation.objects.filter(
        pk=escalation.pk, status=EscalationStatus.AWAITING
    ).update(
        status=EscalationStatus.ACCEPTED,
        accepted_by=assignee,
        accepted_at=now,
        reception_checklist=checklist or {},
    )
    if not claimed:
        escalation.refresh_from_db()
        taken_by = escalation.accepted_by
        raise TransitionError(
            _("%(reference)s is already taken by %(name)s.")
            % {
                "reference": escalation.reference,
                "name": (taken_by.get_full_name() if taken_by else "") or _("someone"),
            }
            if escalation.status == EscalationStatus.ACCEPTED
            else _("%(reference)s is no longer awaiting assignment.")
            % {"reference": escalation.reference},
            field="escalation",
        )

    escalation.refresh_from_db()
    ticket = locked(escalation.ticket)
    status_before = ticket.status
    if ticket.status in {Status.AWAITING_N2, Status.REOPENED}:
        ticket.status = Status.IN_PROGRESS
    ticket.assignee = assignee
    save(ticket, ["status", "assignee"])
    timeline.record(
        ticket,
        EventKind.ACCEPTED if assignee == actor else EventKind.ASSIGNED,
        actor,
        escalation=escalation,
        status_before=status_before,
        after={"assignee": assignee.get_full_name() or assignee.get_username()},
        note="" if actor is not None else _("Assigned in turn (round-robin)."),
    )
    sla.refresh_due_times(ticket)
    emails.escalation_accepted(escalation, actor)
    logger.info("escalation accepted", extra={"ticket": ticket.reference})
    return escalation


def assign_escalation(actor, escalation: Escalation, expert) -> Escalation:
    """A supervisor gives an escalation to a colleague."""
    require_role(actor, *SUPERVISORS)
    return accept_escalation(actor, escalation, assignee=expert)


@transaction.atomic
def assign_in_turn(actor, escalation: Escalation) -> Escalation:
    """Give the escalation to the next available expert of its team, in turn.

    ``actor`` is a supervisor, or None when the desk assigns a new
    escalation of a round-robin team itself. The team row is locked so two
    assignments in turn never pick the same expert.
    """
    if actor is not None:
        require_role(actor, *SUPERVISORS)
    if escalation.team_id is None:
        raise InvalidInput(
            _("%(reference)s has no team to take turns in.")
            % {"reference": escalation.reference},
            field="assignee",
        )
    Team.objects.select_for_update().filter(pk=escalation.team_id).first()
    expert = assignment.next_in_turn(escalation.team, escalation.to_tier)
    if expert is None:
        raise InvalidInput(
            _("Nobody in %(team)s is available to take it.")
            % {"team": escalation.team},
            field="assignee",
        )
    return _claim(actor, escalation, expert)


@transaction.atomic
def queue_escalation(actor, escalation: Escalation, *, reason: str) -> Escalation:
    """Put an escalation (back) in the queue, with the reason why."""
    require_role(actor, *EXPERT_ROLES)
    reason = require_text(
        reason, "reason", _("Say why the escalation waits in the queue.")
    )
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if escalation.status not in {EscalationStatus.AWAITING, EscalationStatus.ACCEPTED}:
        raise TransitionError(
            _("%(reference)s cannot go back to the queue: it is %(status)s.")
            % {
                "reference": escalation.reference,
                "status": escalation.get_status_display(),
            }
        )
    if (
        escalation.status == EscalationStatus.ACCEPTED
        and escalation.accepted_by != actor
        and not has_role(actor, *SUPERVISORS)
    ):
        raise NotAllowed(_("Only the expert who took it or a supervisor can do this."))

    ticket = locked(escalation.ticket)
    status_before = ticket.status
    before = {
        "assignee": str(escalation.accepted_by or ""),
        "queued_reason": escalation.queued_reason,
    }
    escalation.status = EscalationStatus.AWAITING
    escalation.accepted_by = None
    escalation.accepted_at = None
    escalation.queued_reason = reason
    escalation.save(
        update_fields=["status", "accepted_by", "accepted_at", "queued_reason"]
    )
    if ticket.status == Status.IN_PROGRESS:
        ticket.status = Status.AWAITING_N2
    ticket.assignee = None
    save(ticket, ["status", "assignee"])
    timeline.record(
        ticket,
        EventKind.QUEUED,
        actor,
        escalation=escalation,
        status_before=status_before,
        before=before,
        after={"queued_reason": reason},
    )
    sla.refresh_due_times(ticket)
    return escalation


@transaction.atomic
def update_reception_checklist(
    actor, escalation: Escalation, *, checklist: dict
) -> Escalation:
    """The assignee ticks the reception checklist (section 8.2) as they go."""
    require_role(actor, *EXPERT_ROLES)
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if escalation.status != EscalationStatus.ACCEPTED:
        raise TransitionError(
            _("%(reference)s is %(status)s: its reception is over.")
            % {
                "reference": escalation.reference,
                "status": escalation.get_status_display(),
            }
        )
    if escalation.accepted_by != actor and not has_role(actor, *SUPERVISORS):
        raise NotAllowed(_("Only the expert who took it or a supervisor can do this."))
    before = {"reception_checklist": escalation.reception_checklist}
    escalation.reception_checklist = checklist
    escalation.save(update_fields=["reception_checklist"])
    timeline.record(
        escalation.ticket,
        EventKind.UPDATED,
        actor,
        escalation=escalation,
        before=before,
        after={"reception_checklist": checklist},
    )
    return escalation


# -- N2: the work ---------------------------------------------------------


@transaction.atomic
def set_hypotheses(
    actor, escalation: Escalation, hypotheses: list[dict]
) -> list[Hypothesis]:
    """Replace the escalation's hypotheses; their probabilities add up to 100%."""
    require_role(actor, *EXPERT_ROLES)
    _check_hypotheses(hypotheses)
    ticket = locked(escalation.ticket)
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


@transaction.atomic
def escalate_further(
    actor,
    ticket: Ticket,
    *,
    reason: str,
    vendor: str = "",
    escalation_type: str = EscalationType.COMPLEX,
    team: Team | None = None,
    expected_at=None,
) -> Escalation:
    """N2 hands over to N3 (or to an outside vendor) with the whole history.

    The new escalation carries the N1 briefing, completed with what N2 found:
    the hypotheses and their verdicts, the attempts and the reason.
    ``expected_at`` is when N3 or the vendor is expected to have answered:
    a clock of its own, apart from the customer's SLA.
    """
    require_role(actor, *N2_ROLES)
    reason = require_text(reason, "reason", _("Say why N2 cannot solve it."))
    if expected_at is not None and expected_at <= clock.now():
        raise InvalidInput(
            _("The expected answer time must be in the future."), field="expected_at"
        )
    ticket = locked(ticket)
    require_status(ticket, {Status.IN_PROGRESS, Status.REOPENED}, _("escalate further"))

    previous = active_escalation(ticket)
    if previous is not None:
        previous.status = EscalationStatus.ESCALATED
        previous.save(update_fields=["status"])
    escalation = _new_escalation(
        ticket,
        actor,
        from_tier=Tier.N2,
        to_tier=Tier.N3,
        vendor=vendor.strip(),
        priority=ticket.priority,
        escalation_type=escalation_type,
        team=team or Team.objects.filter(tier=Tier.N3).first(),
        queued_reason="",
        is_briefing_complete=True,
        expected_at=expected_at,
    )
    if vendor:
        # An outside vendor takes the case as it is sent; the N2 expert stays
        # responsible for the ticket and for the customer meanwhile.
        escalation.status = EscalationStatus.ACCEPTED
        escalation.accepted_by = actor
        escalation.accepted_at = escalation.requested_at
        escalation.save(update_fields=["status", "accepted_by", "accepted_at"])
    Briefing.objects.create(
        escalation=escalation, **_carried_briefing(ticket, previous, reason)
    )

    status_before = ticket.status
    ticket.status = Status.WAITING_VENDOR if vendor else Status.ESCALATED_N3
    ticket.current_tier = Tier.N3
    ticket.team = escalation.team
    if not vendor:
        ticket.assignee = None
    save(ticket, ["status", "current_tier", "team", "assignee"])
    timeline.record(
        ticket,
        EventKind.ESCALATED_FURTHER,
        actor,
        escalation=escalation,
        status_before=status_before,
        before={"tier": Tier.N2},
        after={
            "escalation": escalation.reference,
            "tier": Tier.N3,
            "vendor": vendor,
            "expected_at": expected_at,
        },
        note=reason,
    )
    sla.refresh_due_times(ticket)
    logger.info("escalated to N3", extra={"ticket": ticket.reference})
    return escalation


def _carried_briefing(ticket: Ticket, previous: Escalation | None, reason: str) -> dict:
    base: dict = {}
    if previous is not None and hasattr(previous, "briefing"):
        source = previous.briefing
        base = {
            name: getattr(source, name)
            for name in BriefingData.__dataclass_fields__
            if name != "confirmed_items"
        }
    findings = [
        f"- {h.probability}% {h.cause} [{h.get_verdict_display()}]"
        for h in (previous.hypotheses.all() if previous else [])
    ]
    attempts = [
        f"- ({a.tier}) {a.action} → {a.get_outcome_display()}"
        for a in ticket.attempts.all()
    ]
    n2_part = "\n".join(
        [_("Why N2 escalates: %(reason)s") % {"reason": reason}]
        + ([_("N2 hypotheses:")] + findings if findings else [])
        + ([_("Attempts so far:")] + attempts if attempts else [])
    )
    base["summary"] = base.get("summary") or ticket.title
    base["n1_opinion"] = "\n\n".join(
        filter(None, [base.get("n1_opinion", ""), n2_part])
    )
    return base


@transaction.atomic
def resolve_ticket(
    actor,
    ticket: Ticket,
    *,
    cause: str,
    steps: str = "",
    prevention: str = "",
    settings_to_keep: str = "",
    customer_feedback: str = "",
    satisfaction: int | None = None,
    is_diagnosis_correct: bool | None = None,
    feedback_to_n1: str = "",
) -> Resolution:
    """Record the resolution, e-mail it, and schedule the day-3 follow-up.

    A feedback note for the N1 agent, when given, is recorded with it.
    """
    require_role(actor, *EXPERT_ROLES)
    cause = require_text(cause, "cause", _("Give the cause that was found."))
    if satisfaction is not None and not 1 <= int(satisfaction) <= 5:
        raise InvalidInput(
            _("Satisfaction is a mark from 1 to 5."), field="satisfaction"
        )
    ticket = locked(ticket)
    require_status(
        ticket,
        WORKING_STATUSES | {Status.WAITING_CUSTOMER, Status.WAITING_VENDOR},
        _("resolve"),
    )

    now = clock.now()
    escalation = (
        active_escalation(ticket) or ticket.escalations.order_by("-number").first()
    )
    resolution = Resolution.objects.create(
        ticket=ticket,
        escalation=escalation,
        tier=ticket.current_tier,
        cause=cause,
        steps=steps.strip(),
        prevention=prevention.strip(),
        settings_to_keep=settings_to_keep.strip(),
        customer_feedback=customer_feedback.strip(),
        satisfaction=satisfaction,
        resolved_by=actor,
        resolved_at=now,
    )
    if escalation is not None:
        escalation.status = EscalationStatus.RESOLVED
        escalation.resolved_at = now
        if is_diagnosis_correct is not None:
            escalation.is_diagnosis_correct = is_diagnosis_correct
        escalation.save(update_fields=["status", "resolved_at", "is_diagnosis_correct"])

    status_before = ticket.status
    ticket.status = Status.RESOLVED
    ticket.resolved_at = now
    changed = ["status", "resolved_at"]
    if satisfaction is not None:
        ticket.satisfaction = satisfaction
        changed.append("satisfaction")
    save(ticket, changed)
    timeline.record(
        ticket,
        EventKind.RESOLVED,
        actor,
        escalation=escalation,
        status_before=status_before,
        after={"cause": cause, "prevention": prevention, "satisfaction": satisfaction},
    )
    sla.refresh_due_times(ticket)
    _schedule_follow_up(actor, ticket, resolution)
    emails.ticket_resolved(resolution, actor)
    if feedback_to_n1.strip() and escalation is not None:
        _record_feedback(actor, escalation, feedback_to_n1.strip())
    logger.info("resolved", extra={"ticket": ticket.reference})
    return resolution


def _schedule_follow_up(actor, ticket: Ticket, resolution: Resolution) -> FollowUp:
    days = settings.ESCALADE["FOLLOW_UP_DAYS"]
    follow_up = FollowUp.objects.create(
        ticket=ticket,
        resolution=resolution,
        due_at=resolution.resolved_at + timedelta(days=days),
        token=secrets.token_urlsafe(24),
    )
    timeline.record(
        ticket,
        EventKind.FOLLOW_UP_SCHEDULED,
        actor,
        after={"due_at": follow_up.due_at},
    )
    transaction.on_commit(lambda: _enqueue_follow_up(follow_up))
    return follow_up


def _enqueue_follow_up(follow_up: FollowUp) -> None:
    from escalade.tickets.tasks import send_follow_up

    try:
        send_follow_up.using(run_after=follow_up.due_at).enqueue(follow_up.pk)
    except Exception:
        # The periodic sweep sends due follow-ups that have no task.
        logger.warning("could not enqueue follow-up %s", follow_up.pk, exc_info=True)


@transaction.atomic
def send_follow_up(follow_up: FollowUp) -> bool:
    """Queue the day-3 e-mail once it is due; idempotent."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.sent_at is not None or follow_up.answered_at is not None:
        return False
    if follow_up.due_at > clock.now():
        return False
    ticket = follow_up.ticket
    if ticket.status != Status.RESOLVED:
        return False
    follow_up.sent_at = clock.now()
    follow_up.save(update_fields=["sent_at"])
    timeline.record(ticket, EventKind.FOLLOW_UP_SENT, after={"follow_up": follow_up.pk})
    emails.follow_up(follow_up)
    return True


@transaction.atomic
def answer_follow_up(
    follow_up: FollowUp,
    *,
    answer: str,
    comment: str = "",
    satisfaction: int | None = None,
    actor=None,
) -> Ticket:
    """The customer answers: still fine closes the ticket, came back reopens it."""
    require_choice(answer, FollowUpAnswer, "answer")
    if actor is not None:
        require_role(actor, *EXPERT_ROLES)
    if satisfaction is not None and not 1 <= int(satisfaction) <= 5:
        raise InvalidInput(
            _("Satisfaction is a mark from 1 to 5."), field="satisfaction"
        )
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.answered_at is not None:
        raise TransitionError(_("This follow-up has already been answered."))
    ticket = locked(follow_up.ticket)
    require_status(ticket, {Status.RESOLVED}, _("answer the follow-up of"))

    now = clock.now()
    follow_up.answer = answer
    follow_up.answered_at = now
    follow_up.comment = comment.strip()
    follow_up.save(update_fields=["answer", "answered_at", "comment"])
    timeline.record(
        ticket,
        EventKind.FOLLOW_UP_ANSWERED,
        actor,
        after={"answer": answer, "satisfaction": satisfaction},
        note=follow_up.comment,
    )
    if satisfaction is not None:
        ticket.satisfaction = satisfaction
        save(ticket, ["satisfaction"])
    if answer == FollowUpAnswer.STILL_FINE:
        return _close(actor, ticket)
    return _reopen(
        actor, ticket, reason=follow_up.comment or _("The problem came back.")
    )


@transaction.atomic
def close_ticket(actor, ticket: Ticket) -> Ticket:
    require_role(actor, *AGENT_ROLES)
    ticket = locked(ticket)
    require_status(ticket, {Status.RESOLVED, Status.RESOLVED_N1}, _("close"))
    return _close(actor, ticket)


def _close(actor, ticket: Ticket) -> Ticket:
    status_before = ticket.status
    ticket.status = Status.CLOSED
    ticket.closed_at = clock.now()
    save(ticket, ["status", "closed_at"])
    timeline.record(ticket, EventKind.CLOSED, actor, status_before=status_before)
    sla.refresh_due_times(ticket)
    logger.info("closed", extra={"ticket": ticket.reference})
    return ticket


@transaction.atomic
def reopen_ticket(actor, ticket: Ticket, *, reason: str) -> Ticket:
    require_role(actor, *AGENT_ROLES)
    reason = require_text(reason, "reason", _("Say why the ticket is reopened."))
    ticket = locked(ticket)
    require_status(
        ticket, {Status.RESOLVED, Status.RESOLVED_N1, Status.CLOSED}, _("reopen")
    )
    return _reopen(actor, ticket, reason=reason)


def _reopen(actor, ticket: Ticket, *, reason: str) -> Ticket:
    """Back to work: with the expert who solved it, or to N1 if N1 solved it."""
    status_before = ticket.status
    was_n1 = ticket.current_tier == Tier.N1
    ticket.status = Status.DIAGNOSING if was_n1 else Status.REOPENED
    ticket.resolved_at = None
    ticket.closed_at = None
    save(ticket, ["status", "resolved_at", "closed_at"])
    if not was_n1:
        # The expert who solved it takes the same escalation up again.
        Escalation.objects.filter(
            pk__in=ticket.escalations.order_by("-number").values("pk")[:1],
            status=EscalationStatus.RESOLVED,
        ).update(status=EscalationStatus.ACCEPTED, resolved_at=None)
    timeline.record(
        ticket, EventKind.REOPENED, actor, status_before=status_before, note=reason
    )
    sla.refresh_due_times(ticket)
    logger.info("reopened", extra={"ticket": ticket.reference})
    return ticket


# -- learning: avoidable escalations and feedback -------------------------


@transaction.atomic
def return_as_avoidable(actor, escalation: Escalation, *, feedback: str) -> Escalation:
    """N2 sends back an escalation N1 could have solved, saying how."""
    require_role(actor, *N2_ROLES)
    feedback = require_text(
        feedback, "feedback", _("Tell the N1 agent how they could have solved it.")
    )
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if escalation.to_tier != Tier.N2 or escalation.status not in {
        EscalationStatus.AWAITING,
        EscalationStatus.ACCEPTED,
    }:
        raise TransitionError(
            _("%(reference)s cannot be returned: it is %(status)s.")
            % {
                "reference": escalation.reference,
                "status": escalation.get_status_display(),
            }
        )

    now = clock.now()
    escalation.status = EscalationStatus.RETURNED
    escalation.is_avoidable = True
    escalation.is_diagnosis_correct = False
    escalation.return_reason = feedback
    escalation.returned_at = now
    escalation.feedback_to_n1 = feedback
    escalation.feedback_by = actor
    escalation.feedback_at = now
    escalation.save()

    ticket = locked(escalation.ticket)
    status_before = ticket.status
    ticket.status = Status.DIAGNOSING
    ticket.current_tier = Tier.N1
    ticket.assignee = escalation.requested_by
    save(ticket, ["status", "current_tier", "assignee"])
    timeline.record(
        ticket,
        EventKind.RETURNED_AVOIDABLE,
        actor,
        escalation=escalation,
        status_before=status_before,
        before={"tier": Tier.N2},
        after={"tier": Tier.N1},
        note=feedback,
    )
    sla.refresh_due_times(ticket)
    logger.info("returned as avoidable", extra={"ticket": ticket.reference})
    return escalation


@transaction.atomic
def give_feedback(actor, escalation: Escalation, *, feedback: str) -> Escalation:
    """A short note from the expert to the N1 agent who escalated."""
    require_role(actor, *EXPERT_ROLES)
    feedback = require_text(feedback, "feedback", _("Write the feedback for N1."))
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if escalation.status == EscalationStatus.AWAITING:
        raise TransitionError(_("Take the escalation before giving feedback on it."))
    return _record_feedback(actor, escalation, feedback)


def _record_feedback(actor, escalation: Escalation, feedback: str) -> Escalation:
    before = {"feedback_to_n1": escalation.feedback_to_n1}
    escalation.feedback_to_n1 = feedback
    escalation.feedback_by = actor
    escalation.feedback_at = clock.now()
    escalation.feedback_read_at = None
    escalation.save(
        update_fields=[
            "feedback_to_n1",
            "feedback_by",
            "feedback_at",
            "feedback_read_at",
        ]
    )
    timeline.record(
        escalation.ticket,
        EventKind.FEEDBACK_GIVEN,
        actor,
        escalation=escalation,
        before=before,
        after={"feedback_to_n1": feedback},
    )
    return escalation


# -- small changes --------------------------------------------------------


@transaction.atomic
def change_priority(
    actor, ticket: Ticket, *, priority: str, reason: str = ""
) -> Ticket:
    """Change the priority; due times are recomputed from the same start."""
    require_role(actor, *EXPERT_ROLES)
    require_choice(priority, Priority, "priority")
    ticket = locked(ticket)
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
    """An internal note, or a message to the customer (which is e-mailed)."""
    require_role(actor, *AGENT_ROLES)
    require_choice(kind, NoteKind, "kind")
    if kind == NoteKind.FROM_CUSTOMER:
        raise InvalidInput(_("Agents cannot write as the customer."), field="kind")
    body = require_text(body, "body", _("The note is empty."))
    ticket = locked(ticket)
    note = Note.objects.create(ticket=ticket, author=actor, kind=kind, body=body)
    timeline.record(
        ticket, EventKind.NOTE_ADDED, actor, after={"kind": kind}, note=body
    )
    if kind == NoteKind.TO_CUSTOMER:
        emails.message_to_customer(note, actor)
    return note
