"""The end of a call, in one transaction: resolved at N1, or escalated.

A call is typed on one screen and saved when the agent decides, so that a
refused input leaves nothing behind: the ticket, the six answers, the
attempts, the triage and the resolution or escalation are all written by the
lifecycle services inside one transaction, or none is.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from escalade.accounts.models import Team
from escalade.desk.console.call import (
    CALL_SOURCE,
    Call,
    category_of,
    diagnosis_answers,
)
from escalade.desk.console.forms import Urgency
from escalade.tickets import services
from escalade.tickets.choices import Channel
from escalade.tickets.exceptions import InvalidInput
from escalade.tickets.models import Escalation, Ticket
from escalade.tickets.services import BriefingData
from escalade.triage.types import Decision

HANDLE_AT_N1, ESCALATE, BORDERLINE = "handle_at_n1", "escalate", "borderline"


@dataclass(frozen=True)
class EscalationChoice:
    priority: str
    escalation_type: str
    team: Team | None
    queued_reason: str
    send_now: bool
    is_briefing_complete: bool


@transaction.atomic
def resolve_call(actor, call: Call, decision: Decision, *, solution: str, cause: str):
    """The agent solved it on the phone: the call counts as an N1 contact."""
    ticket = _open_call_ticket(actor, call, decision, chosen=HANDLE_AT_N1)
    return services.resolve_at_n1(actor, ticket, solution=solution, cause=cause)


@transaction.atomic
def escalate_call(
    actor,
    call: Call,
    decision: Decision,
    *,
    briefing: BriefingData,
    choice: EscalationChoice,
) -> Escalation:
    """Save the call and hand it to N2: TK-nnnnn-TECH-nnn, due times, e-mail."""
    errors = _escalation_errors(briefing, choice)
    if errors:
        raise InvalidInput(errors=errors)
    ticket = _open_call_ticket(actor, call, decision, chosen=ESCALATE)
    return services.escalate_to_n2(
        actor,
        ticket,
        briefing=briefing,
        priority=choice.priority,
        escalation_type=choice.escalation_type,
        team=choice.team,
        queued_reason="" if choice.send_now else choice.queued_reason,
        is_borderline=decision.outcome == BORDERLINE,
        is_briefing_complete=choice.is_briefing_complete,
    )


def _escalation_errors(briefing: BriefingData, choice: EscalationChoice) -> dict:
    """Every briefing error at once, rather than one per try."""
    errors: dict[str, list[str]] = {}
    try:
        services.validate_briefing(briefing)
    except InvalidInput as error:
        errors.update(error.errors)
    if not choice.send_now and not choice.queued_reason.strip():
        errors["queued_reason"] = [_("Say why the escalation can wait in the queue.")]
    return errors


def _open_call_ticket(actor, call: Call, decision: Decision, *, chosen: str) -> Ticket:
    """The ticket with its answers, attempts and triage, as the call went."""
    if call.customer is None:
        raise InvalidInput(
            _("Find the customer or create them first."), field="customer"
        )
    ticket = services.open_ticket(
        actor,
        customer=call.customer,
        title=call.text("title"),
        description=call.text("description"),
        channel=Channel.PHONE,
        category=category_of(call, decision),
        priority=decision.priority,
        is_urgent=call.data.get("urgency") == Urgency.TODAY,
        call_started_at=call.started_at,
        # Keyed by the call, so a second click on the final button (even one
        # racing with the first) breaks the key and rolls back whole.
        source=CALL_SOURCE if call.call_id else "",
        source_id=call.call_id,
    )
    services.record_diagnosis(actor, ticket, **diagnosis_answers(call))
    for row in call.attempts:
        services.add_attempt(
            actor, ticket, action=row.action, outcome=row.outcome, result=row.result
        )
    # A borderline case is the agent's call either way: neither choice
    # overrides the recommendation.
    services.record_triage(
        actor,
        ticket,
        outcome=decision.outcome,
        priority=decision.priority,
        reasons=[{"rule": r.rule, "text": r.text} for r in decision.reasons],
        override_reason=call.text("override_reason"),
        chosen_outcome=None if decision.outcome == BORDERLINE else chosen,
    )
    return ticket
