"""Bad input is refused field by field and changes nothing."""

import pytest

from escalade.tickets import services
from escalade.tickets.choices import Priority
from escalade.tickets.exceptions import InvalidInput, TransitionError
from escalade.tickets.models import Escalation, Hypothesis, Ticket
from tests.factories import (
    HYPOTHESES_60_25_15,
    briefing,
    escalated_ticket,
    make_customer,
)


@pytest.mark.django_db
def test_customer_without_any_contact_is_refused(n1_agent):
    with pytest.raises(InvalidInput) as refusal:
        services.create_customer(n1_agent, first_name="Marie", last_name="Dupuis")
    assert "email" in refusal.value.errors


@pytest.mark.django_db
def test_summary_over_100_words_is_refused(n1_agent):
    ticket = services.open_ticket(n1_agent, customer=make_customer(), title="x")
    with pytest.raises(InvalidInput) as refusal:
        services.escalate_to_n2(
            n1_agent, ticket, briefing=briefing(summary="mot " * 101), priority="normal"
        )
    assert "summary" in refusal.value.errors
    assert not Escalation.objects.exists()
    assert Ticket.objects.get().status == "diagnosing"


@pytest.mark.django_db
def test_unknown_priority_is_refused(n1_agent):
    ticket = services.open_ticket(n1_agent, customer=make_customer(), title="x")
    with pytest.raises(InvalidInput) as refusal:
        services.escalate_to_n2(n1_agent, ticket, briefing=briefing(), priority="asap")
    assert refusal.value.field == "priority"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "hypotheses, field",
    [
        (
            [{"probability": 60, "cause": "a"}, {"probability": 30, "cause": "b"}],
            "hypotheses",
        ),
        ([{"probability": 100, "cause": ""}], "hypotheses.1.cause"),
        ([{"probability": 120, "cause": "a"}], "hypotheses.1.probability"),
        ([{"probability": "beaucoup", "cause": "a"}], "hypotheses.1.probability"),
        ([], "hypotheses"),
    ],
)
def test_hypotheses_must_add_up_to_100(n1_agent, n2_expert, hypotheses, field):
    ticket, escalation = escalated_ticket(n1_agent)
    services.accept_escalation(n2_expert, escalation)
    services.set_hypotheses(n2_expert, escalation, HYPOTHESES_60_25_15)

    with pytest.raises(InvalidInput) as refusal:
        services.set_hypotheses(n2_expert, escalation, hypotheses)

    assert field in refusal.value.errors
    assert list(Hypothesis.objects.values_list("probability", flat=True)) == [
        60,
        25,
        15,
    ]


@pytest.mark.django_db
def test_resolving_without_a_cause_is_refused(n1_agent, n2_expert):
    ticket, escalation = escalated_ticket(n1_agent)
    services.accept_escalation(n2_expert, escalation)
    with pytest.raises(InvalidInput) as refusal:
        services.resolve_ticket(n2_expert, ticket, cause="   ")
    assert refusal.value.field == "cause"
    ticket.refresh_from_db()
    assert ticket.status == "in_progress"


@pytest.mark.django_db
def test_accepting_an_escalation_already_taken_is_refused(
    n1_agent, n2_expert, other_expert
):
    ticket, escalation = escalated_ticket(n1_agent, priority=Priority.URGENT)
    services.accept_escalation(n2_expert, escalation)
    events = ticket.events.count()

    with pytest.raises(TransitionError) as refusal:
        services.accept_escalation(other_expert, escalation)

    assert "Thomas Durand" in str(refusal.value)
    escalation.refresh_from_db()
    assert escalation.accepted_by == n2_expert
    assert ticket.events.count() == events


@pytest.mark.django_db
def test_supervisor_cannot_assign_to_someone_without_the_tier(n1_agent, supervisor):
    ticket, escalation = escalated_ticket(n1_agent)
    with pytest.raises(InvalidInput):
        services.assign_escalation(supervisor, escalation, n1_agent)
    escalation.refresh_from_db()
    assert escalation.status == "awaiting"


@pytest.mark.django_db
def test_override_of_the_recommendation_needs_a_reason(n1_agent):
    ticket = services.open_ticket(n1_agent, customer=make_customer(), title="x")
    with pytest.raises(InvalidInput) as refusal:
        services.record_triage(
            n1_agent,
            ticket,
            outcome="handle_at_n1",
            priority="normal",
            reasons=[],
            chosen_outcome="escalate",
        )
    assert refusal.value.field == "override_reason"
    services.record_triage(
        n1_agent,
        ticket,
        outcome="handle_at_n1",
        priority="normal",
        reasons=[],
        chosen_outcome="escalate",
        override_reason="Client très technique",
    )
    ticket.refresh_from_db()
    assert ticket.triage_override_reason == "Client très technique"
    assert ticket.events.filter(kind="triage_overridden").exists()
