"""An expert works only the tickets they hold; supervisors may act on any."""

import pytest

from escalade.tickets import services
from escalade.tickets.choices import (
    EscalationStatus,
    NoteKind,
    Priority,
    Status,
)
from escalade.tickets.exceptions import NotAllowed, TransitionError
from escalade.tickets.models import Ticket
from escalade.tickets.timeline import EventKind
from tests.factories import escalated_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def sarahs_ticket(n1_agent, other_expert) -> Ticket:
    """An escalation accepted by N2 Sarah: the ticket is hers."""
    ticket, escalation = escalated_ticket(n1_agent)
    services.accept_escalation(other_expert, escalation)
    ticket.refresh_from_db()
    assert ticket.assignee == other_expert
    return ticket


def test_another_expert_cannot_resolve_a_colleagues_ticket(n2_expert, sarahs_ticket):
    events = sarahs_ticket.events.count()

    with pytest.raises(NotAllowed, match="Sarah Klein"):
        services.resolve_ticket(n2_expert, sarahs_ticket, cause="Cache corrompu")

    sarahs_ticket.refresh_from_db()
    assert sarahs_ticket.status == Status.IN_PROGRESS
    assert sarahs_ticket.resolutions.count() == 0
    assert sarahs_ticket.events.count() == events


def test_another_expert_cannot_change_a_colleagues_priority(n2_expert, sarahs_ticket):
    with pytest.raises(NotAllowed, match="Sarah Klein"):
        services.change_priority(n2_expert, sarahs_ticket, priority=Priority.URGENT)

    sarahs_ticket.refresh_from_db()
    assert sarahs_ticket.priority == Priority.NORMAL
    assert sarahs_ticket.escalations.get().priority == Priority.NORMAL


def test_another_expert_cannot_message_the_customer(n2_expert, sarahs_ticket):
    with pytest.raises(NotAllowed):
        services.add_note(
            n2_expert, sarahs_ticket, body="Bonjour", kind=NoteKind.TO_CUSTOMER
        )
    assert sarahs_ticket.notes.count() == 0


def test_a_colleague_may_still_add_an_internal_note(n2_expert, sarahs_ticket):
    services.add_note(n2_expert, sarahs_ticket, body="Vu le même bug hier.")
    services.log_call(n2_expert, sarahs_ticket, duration_seconds=60)
    assert sarahs_ticket.notes.count() == 1


def test_the_holder_resolves_her_own_ticket(other_expert, sarahs_ticket):
    services.resolve_ticket(other_expert, sarahs_ticket, cause="Cache corrompu")
    sarahs_ticket.refresh_from_db()
    assert sarahs_ticket.status == Status.RESOLVED


def test_a_supervisor_changes_priority_and_resolves_any_ticket(
    supervisor, sarahs_ticket
):
    services.change_priority(supervisor, sarahs_ticket, priority=Priority.URGENT)
    services.resolve_ticket(supervisor, sarahs_ticket, cause="Cache corrompu")

    sarahs_ticket.refresh_from_db()
    assert sarahs_ticket.priority == Priority.URGENT
    assert sarahs_ticket.status == Status.RESOLVED


def test_an_unaccepted_n3_escalation_is_open_to_any_n3(
    n3_engineer, other_expert, sarahs_ticket
):
    services.escalate_further(other_expert, sarahs_ticket, reason="Bug serveur")
    sarahs_ticket.refresh_from_db()
    assert sarahs_ticket.assignee is None

    services.resolve_ticket(n3_engineer, sarahs_ticket, cause="Correctif serveur")
    sarahs_ticket.refresh_from_db()
    assert sarahs_ticket.status == Status.RESOLVED


def test_a_supervisor_reassigns_an_accepted_escalation(
    supervisor, n2_expert, other_expert, sarahs_ticket
):
    escalation = sarahs_ticket.escalations.get()
    accepted_at = escalation.accepted_at

    services.assign_escalation(supervisor, escalation, n2_expert)

    escalation.refresh_from_db()
    sarahs_ticket.refresh_from_db()
    assert escalation.status == EscalationStatus.ACCEPTED
    assert escalation.accepted_by == n2_expert
    assert escalation.accepted_at == accepted_at
    assert sarahs_ticket.assignee == n2_expert
    event = sarahs_ticket.events.filter(kind=EventKind.ASSIGNED).get()
    assert event.before == {"assignee": "Sarah Klein"}
    assert event.after == {"assignee": "Thomas Durand"}

    # The new holder works it; the former one no longer may.
    with pytest.raises(NotAllowed, match="Thomas Durand"):
        services.change_priority(other_expert, sarahs_ticket, priority=Priority.LOW)
    services.change_priority(n2_expert, sarahs_ticket, priority=Priority.LOW)


def test_an_expert_cannot_take_an_accepted_escalation(n2_expert, sarahs_ticket):
    escalation = sarahs_ticket.escalations.get()

    with pytest.raises(TransitionError) as refusal:
        services.accept_escalation(n2_expert, escalation)

    assert refusal.value.status == 409
    escalation.refresh_from_db()
    assert escalation.accepted_by.username == "sarah"
