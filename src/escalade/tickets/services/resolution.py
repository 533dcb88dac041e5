"""The end of a ticket's life: resolution, day-3 follow-up, closing, reopening."""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from escalade import clock
from escalade.accounts.models import Tier
from escalade.notifications import emails
from escalade.sla import services as sla
from escalade.tickets import timeline
from escalade.tickets.choices import (
    EscalationStatus,
    FollowUpAnswer,
    Status,
)
from escalade.tickets.exceptions import InvalidInput, TransitionError
from escalade.tickets.models import (
    Escalation,
    FollowUp,
    Resolution,
    Ticket,
)
from escalade.tickets.services.escalations import active_escalation, record_feedback
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
    require_holder(actor, ticket.assignee)
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
        record_feedback(actor, escalation, feedback_to_n1.strip())
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
