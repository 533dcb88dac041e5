"""Who should take an escalation: the suggestion and the round-robin turn."""

import pytest
from django.urls import reverse

from escalade.accounts.models import AgentProfile, Role, Tier
from escalade.tickets import assignment, services
from escalade.tickets.choices import Category, EscalationStatus
from escalade.tickets.exceptions import InvalidInput, NotAllowed
from escalade.tickets.timeline import EventKind
from tests.factories import escalated_ticket, make_person, make_team


def candidate(name, specialities=(), open_tickets=0, user_id=1):
    return assignment.Candidate(
        user_id=user_id,
        name=name,
        team_id=None,
        specialities=tuple(specialities),
        open_tickets=open_tickets,
    )


def test_the_specialist_comes_first_even_when_busier():
    pool = [
        candidate("Sarah K.", open_tickets=0),
        candidate("Thomas D.", specialities=[Category.SYNC], open_tickets=4),
    ]

    ranked = assignment.suggest(Category.SYNC, pool)

    assert [s.candidate.name for s in ranked] == ["Thomas D.", "Sarah K."]
    assert ranked[0].is_specialist


def test_among_equals_the_least_loaded_comes_first():
    pool = [
        candidate("Thomas D.", open_tickets=3),
        candidate("Sarah K.", open_tickets=1),
        candidate("Alex M.", open_tickets=2),
    ]

    ranked = assignment.suggest(Category.DATABASE, pool, limit=2)

    assert [s.candidate.name for s in ranked] == ["Sarah K.", "Alex M."]


@pytest.mark.django_db
def test_load_counts_open_tickets_and_leaves_out_the_unavailable(
    n1_agent, n2_expert, other_expert
):
    _ticket, escalation = escalated_ticket(n1_agent)
    services.accept_escalation(n2_expert, escalation)
    AgentProfile.objects.filter(user=other_expert).update(is_available=False)

    pool = assignment.candidates(Tier.N2)

    assert [(c.user_id, c.open_tickets) for c in pool] == [(n2_expert.pk, 1)]


@pytest.fixture
def rotating_team(db):
    team = make_team(Tier.N2, "Messagerie")
    team.is_round_robin = True
    team.save()
    members = [make_person(Role.N2, f"expert{n}") for n in range(3)]
    AgentProfile.objects.filter(user__in=members).update(team=team)
    return team, members


@pytest.mark.django_db
def test_a_round_robin_team_gives_new_escalations_in_turn(n1_agent, rotating_team):
    _team, members = rotating_team

    takers = []
    for _ in range(4):
        ticket, escalation = escalated_ticket(n1_agent)
        escalation.refresh_from_db()
        takers.append(escalation.accepted_by)

    assert takers == [members[0], members[1], members[2], members[0]]
    event = ticket.events.get(kind=EventKind.ASSIGNED)
    assert event.actor is None


@pytest.mark.django_db
def test_round_robin_skips_the_unavailable(n1_agent, rotating_team):
    _team, members = rotating_team
    AgentProfile.objects.filter(user=members[0]).update(is_available=False)

    _ticket, escalation = escalated_ticket(n1_agent)

    escalation.refresh_from_db()
    assert escalation.accepted_by == members[1]


@pytest.mark.django_db
def test_with_nobody_free_the_escalation_waits_in_the_queue(n1_agent, rotating_team):
    _team, members = rotating_team
    AgentProfile.objects.filter(user__in=members).update(is_available=False)

    _ticket, escalation = escalated_ticket(n1_agent)

    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.AWAITING


@pytest.mark.django_db
def test_supervisor_gives_to_the_next_in_turn_from_the_page(
    client, n1_agent, supervisor, rotating_team
):
    team, members = rotating_team
    AgentProfile.objects.filter(user__in=members).update(is_available=False)
    _ticket, escalation = escalated_ticket(n1_agent)
    AgentProfile.objects.filter(user=members[2]).update(is_available=True)
    client.force_login(supervisor)

    response = client.post(
        reverse("desk:reception_action", args=[escalation.reference, "in_turn"])
    )

    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.accepted_by == members[2]


@pytest.mark.django_db
def test_only_a_supervisor_assigns_in_turn(n1_agent, n2_expert, rotating_team):
    _team, members = rotating_team
    AgentProfile.objects.filter(user__in=members).update(is_available=False)
    _ticket, escalation = escalated_ticket(n1_agent)

    with pytest.raises(NotAllowed):
        services.assign_in_turn(n2_expert, escalation)


@pytest.mark.django_db
def test_assigning_in_turn_without_a_team_is_refused(n1_agent, supervisor):
    _ticket, escalation = escalated_ticket(n1_agent)

    with pytest.raises(InvalidInput) as refusal:
        services.assign_in_turn(supervisor, escalation)

    assert "assignee" in refusal.value.errors


@pytest.mark.django_db
def test_supervisor_moves_an_accepted_escalation_to_a_colleague_from_the_page(
    client, n1_agent, n2_expert, other_expert, supervisor
):
    ticket, escalation = escalated_ticket(n1_agent)
    services.accept_escalation(n2_expert, escalation)
    client.force_login(supervisor)

    response = client.post(
        reverse("desk:reception_action", args=[escalation.reference, "assign"]),
        {"assignee": other_expert.pk},
    )

    assert response.status_code == 302
    escalation.refresh_from_db()
    ticket.refresh_from_db()
    assert escalation.accepted_by == ticket.assignee == other_expert
