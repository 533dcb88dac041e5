"""TK-00789, the specification's story, through every state of its life."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from escalade import clock
from escalade.notifications.models import OutboxMessage
from escalade.tickets import services
from escalade.tickets.choices import (
    AttemptOutcome,
    EscalationStatus,
    FollowUpAnswer,
    Priority,
    Status,
)
from escalade.tickets.timeline import EventKind
from tests.factories import HYPOTHESES_60_25_15, briefing

PARIS = ZoneInfo("Europe/Paris")
CALL_START = datetime(2025, 12, 19, 14, 22, tzinfo=PARIS)


def at(minutes: int):
    return clock.travel_to(CALL_START + timedelta(minutes=minutes))


@pytest.mark.django_db
def test_duplicate_emails_story_walks_every_state(n1_agent, n2_expert, customer):
    with at(0):
        ticket = services.open_ticket(
            n1_agent,
            customer=customer,
            reference="TK-00789",
            title="E-mails reçus en double sur PC et mobile",
            category="sync",
        )
    assert ticket.status == Status.DIAGNOSING

    with at(3):
        services.record_diagnosis(n1_agent, ticket, trigger="Mise à jour Windows")
        for action in ["Redémarrage", "Filtres", "Reconnexion"]:
            services.add_attempt(
                n1_agent, ticket, action=action, outcome=AttemptOutcome.FAILED
            )
    with at(8):
        escalation = services.escalate_to_n2(
            n1_agent, ticket, briefing=briefing(), priority=Priority.NORMAL
        )
    ticket.refresh_from_db()
    assert escalation.reference == "TK-00789-TECH-001"
    assert ticket.status == Status.AWAITING_N2
    assert ticket.current_tier == "N2"
    assert ticket.first_contact_due_at == datetime(2025, 12, 20, 14, 30, tzinfo=PARIS)
    assert ticket.resolution_due_at == datetime(2025, 12, 21, 14, 30, tzinfo=PARIS)

    with at(18):
        services.accept_escalation(n2_expert, escalation)
        services.set_hypotheses(n2_expert, escalation, HYPOTHESES_60_25_15)
    with at(40):
        services.log_call(n2_expert, ticket, duration_seconds=18 * 60, is_outbound=True)
        services.wait_on_customer(n2_expert, ticket, reason="Relire ses paramètres")
    with at(50):
        services.resume_work(n2_expert, ticket)
    with at(98):
        services.resolve_ticket(
            n2_expert,
            ticket,
            cause="Chiffrement IMAP changé par la mise à jour",
            prevention="Revérifier les paramètres après une mise à jour",
            satisfaction=5,
        )
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    assert ticket.first_n2_contact_at == CALL_START + timedelta(minutes=40)
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.RESOLVED

    follow_up = ticket.follow_ups.get()
    assert follow_up.due_at == CALL_START + timedelta(minutes=98, days=3)
    with clock.travel_to(follow_up.due_at):
        assert services.send_follow_up(follow_up)
    with clock.travel_to(follow_up.due_at + timedelta(hours=1)):
        services.answer_follow_up(follow_up, answer=FollowUpAnswer.STILL_FINE)
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED

    transitions = list(
        ticket.events.exclude(status_after="").values_list(
            "status_before", "status_after"
        )
    )
    assert transitions == [
        (Status.NEW, Status.DIAGNOSING),
        (Status.DIAGNOSING, Status.AWAITING_N2),
        (Status.AWAITING_N2, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.WAITING_CUSTOMER),
        (Status.WAITING_CUSTOMER, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.RESOLVED),
        (Status.RESOLVED, Status.CLOSED),
    ]
    kinds = list(ticket.events.values_list("kind", flat=True))
    for kind in [
        EventKind.CREATED,
        EventKind.DIAGNOSIS_RECORDED,
        EventKind.ATTEMPT_ADDED,
        EventKind.ESCALATED,
        EventKind.ACCEPTED,
        EventKind.HYPOTHESES_SET,
        EventKind.CALL_LOGGED,
        EventKind.FIRST_CONTACT,
        EventKind.RESOLVED,
        EventKind.FOLLOW_UP_SCHEDULED,
        EventKind.FOLLOW_UP_SENT,
        EventKind.FOLLOW_UP_ANSWERED,
        EventKind.CLOSED,
    ]:
        assert kind in kinds, kind
    first = ticket.events.get(kind=EventKind.ESCALATED)
    assert first.actor == n1_agent
    assert first.at == CALL_START + timedelta(minutes=8)

    emails = set(
        OutboxMessage.objects.filter(ticket=ticket).values_list("kind", flat=True)
    )
    assert emails == {
        "escalation_created",
        "escalation_accepted",
        "ticket_resolved",
        "follow_up",
    }


@pytest.mark.django_db
def test_problem_that_came_back_reopens_with_the_expert(n1_agent, n2_expert, customer):
    ticket = services.open_ticket(n1_agent, customer=customer, title="Doublons")
    escalation = services.escalate_to_n2(
        n1_agent, ticket, briefing=briefing(), priority=Priority.NORMAL
    )
    services.accept_escalation(n2_expert, escalation)
    services.resolve_ticket(n2_expert, ticket, cause="Cache")
    follow_up = ticket.follow_ups.get()

    services.answer_follow_up(
        follow_up, answer=FollowUpAnswer.CAME_BACK, comment="Encore des doublons"
    )

    ticket.refresh_from_db()
    assert ticket.status == Status.REOPENED
    assert ticket.assignee == n2_expert
    assert ticket.resolved_at is None
    reopened = ticket.events.get(kind=EventKind.REOPENED)
    assert reopened.note == "Encore des doublons"


@pytest.mark.django_db
def test_escalation_to_n3_carries_the_history(
    n1_agent, n2_expert, n3_engineer, customer
):
    ticket = services.open_ticket(n1_agent, customer=customer, title="Sync")
    escalation = services.escalate_to_n2(
        n1_agent, ticket, briefing=briefing(), priority=Priority.NORMAL
    )
    services.accept_escalation(n2_expert, escalation)
    services.set_hypotheses(n2_expert, escalation, HYPOTHESES_60_25_15)
    services.add_attempt(n2_expert, ticket, action="Cache vidé", outcome="failed")

    further = services.escalate_further(n2_expert, ticket, reason="Poste corrompu")

    assert further.reference == f"{ticket.reference}-TECH-002"
    assert further.briefing.summary == escalation.briefing.summary
    assert "Poste corrompu" in further.briefing.n1_opinion
    assert "60% Outlook" in further.briefing.n1_opinion
    assert "Cache vidé" in further.briefing.n1_opinion
    services.accept_escalation(n3_engineer, further)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.assignee) == (Status.ESCALATED_N3, n3_engineer)
    services.resolve_ticket(n3_engineer, ticket, cause="Profil corrompu")
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED


@pytest.mark.django_db
def test_avoidable_escalation_goes_back_to_the_n1_agent(n1_agent, n2_expert, customer):
    ticket = services.open_ticket(n1_agent, customer=customer, title="Connexion")
    escalation = services.escalate_to_n2(
        n1_agent, ticket, briefing=briefing(), priority=Priority.NORMAL
    )
    services.accept_escalation(n2_expert, escalation)

    services.return_as_avoidable(
        n2_expert, escalation, feedback="Mot de passe oublié : N1 peut réinitialiser."
    )

    ticket.refresh_from_db()
    escalation.refresh_from_db()
    assert (ticket.status, ticket.current_tier) == (Status.DIAGNOSING, "N1")
    assert ticket.assignee == n1_agent
    assert escalation.is_avoidable
    assert escalation.feedback_to_n1.startswith("Mot de passe")
    services.resolve_at_n1(n1_agent, ticket, solution="Mot de passe réinitialisé")
    services.close_ticket(n1_agent, ticket)
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
