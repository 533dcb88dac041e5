"""Escalations: the handover to N2 with its briefing, the queue, N3 and
vendors, and the way back to N1 with feedback."""

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from escalade import clock
from escalade.accounts.models import Role, Team, Tier
from escalade.accounts.roles import has_role
from escalade.notifications import emails
from escalade.sla import services as sla
from escalade.tickets import assignment, references, timeline
from escalade.tickets.choices import (
    EscalationStatus,
    EscalationType,
    Priority,
    Status,
)
from escalade.tickets.exceptions import InvalidInput, NotAllowed, TransitionError
from escalade.tickets.models import (
    Briefing,
    Escalation,
    Ticket,
)
from escalade.tickets.services.guards import (
    EXPERT_ROLES,
    N1_ROLES,
    N2_ROLES,
    SUMMARY_MAX_WORDS,
    SUPERVISORS,
    locked,
    require_choice,
    require_holder,
    require_role,
    require_status,
    require_text,
    save,
    word_count,
)
from escalade.tickets.timeline import EventKind

logger = logging.getLogger(__name__)

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

    escalation = new_escalation(
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


def new_escalation(ticket: Ticket, actor, **values) -> Escalation:
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


@transaction.atomic
def assign_escalation(actor, escalation: Escalation, expert) -> Escalation:
    """A supervisor gives an escalation to a colleague, taken or not yet."""
    require_role(actor, *SUPERVISORS)
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if escalation.status == EscalationStatus.ACCEPTED:
        return _reassign(actor, escalation, expert)
    return accept_escalation(actor, escalation, assignee=expert)


def _reassign(actor, escalation: Escalation, expert) -> Escalation:
    """Move a taken escalation, and its ticket, to another expert.

    ``accepted_at`` stays: the escalation was taken then, and the KPIs on
    taking times must not move because a supervisor rebalanced the work.
    """
    tier_role = Role.N3 if escalation.to_tier == Tier.N3 else Role.N2
    if not has_role(expert, tier_role):
        raise InvalidInput(
            _("%(name)s is not a %(tier)s expert.")
            % {"name": expert.get_full_name() or expert, "tier": escalation.to_tier},
            field="assignee",
        )
    previous = escalation.accepted_by
    if previous == expert:
        return escalation

    escalation.accepted_by = expert
    escalation.save(update_fields=["accepted_by"])
    ticket = locked(escalation.ticket)
    ticket.assignee = expert
    save(ticket, ["assignee"])
    timeline.record(
        ticket,
        EventKind.ASSIGNED,
        actor,
        escalation=escalation,
        before={
            "assignee": (previous.get_full_name() or previous.get_username())
            if previous
            else ""
        },
        after={"assignee": expert.get_full_name() or expert.get_username()},
    )
    logger.info("escalation reassigned", extra={"ticket": ticket.reference})
    return escalation


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
    require_holder(actor, ticket.assignee)
    require_status(ticket, {Status.IN_PROGRESS, Status.REOPENED}, _("escalate further"))

    previous = active_escalation(ticket)
    if previous is not None:
        previous.status = EscalationStatus.ESCALATED
        previous.save(update_fields=["status"])
    escalation = new_escalation(
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
    ticket = locked(escalation.ticket)
    if escalation.status == EscalationStatus.ACCEPTED:
        require_holder(actor, ticket.assignee)

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
    # The feedback is the escalation's: who took it gives it, even once the
    # ticket has moved on to N3.
    require_holder(actor, escalation.accepted_by)
    return record_feedback(actor, escalation, feedback)


def record_feedback(actor, escalation: Escalation, feedback: str) -> Escalation:
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
