"""The escalation queue of section 5.1, and the reception of an escalation."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from escalade import clock
from escalade.accounts.models import AgentProfile, Tier
from escalade.notifications.models import OutboxMessage
from escalade.tickets import services
from escalade.tickets.choices import Category, EscalationStatus, Priority, Status
from escalade.tickets.models import Escalation
from escalade.tickets.timeline import EventKind
from tests.desk.bulk import bulk_escalations
from tests.factories import HYPOTHESES_60_25_15, escalated_ticket, make_team

QUEUE = reverse("desk:queue")


def reception_url(escalation, action=None):
    if action is None:
        return reverse("desk:reception", args=[escalation.reference])
    return reverse("desk:reception_action", args=[escalation.reference, action])


def rows(response, section: str) -> list[str]:
    """The escalation references of one part of the queue, in page order."""
    html = response.content.decode()
    start = html.index(f'id="{section}"')
    end = html.index("</section>", start)
    part = html[start:end]
    return [chunk.split('"')[0] for chunk in part.split('data-reference="')[1:]]


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.mark.django_db
def test_awaiting_lists_urgent_first_then_least_time_left(client, n1_agent, n2_expert):
    now = clock.now()
    with clock.travel_to(now - timedelta(hours=3)):
        _t, old_normal = escalated_ticket(n1_agent, priority=Priority.NORMAL)
    with clock.travel_to(now - timedelta(hours=1)):
        _t, low = escalated_ticket(n1_agent, priority=Priority.LOW)
    _t, new_normal = escalated_ticket(n1_agent, priority=Priority.NORMAL)
    _t, urgent = escalated_ticket(n1_agent, priority=Priority.URGENT)

    client.force_login(n2_expert)
    response = client.get(QUEUE)

    assert rows(response, "awaiting") == [
        urgent.reference,
        old_normal.reference,
        new_normal.reference,
        low.reference,
    ]


@pytest.mark.django_db
def test_awaiting_rows_say_who_escalated_when_and_flag_urgent(
    client, n1_agent, n2_expert, english
):
    _ticket, urgent = escalated_ticket(n1_agent, priority=Priority.URGENT)
    client.force_login(n2_expert)

    html = client.get(QUEUE).content.decode()

    assert "Claire Martin (N1)" in html
    assert "takes precedence" in html
    assert "urgent-row" in html


@pytest.mark.django_db
def test_queue_refreshes_itself_with_htmx(client, n1_agent, n2_expert):
    escalated_ticket(n1_agent)
    client.force_login(n2_expert)

    page = client.get(QUEUE + "?priority=normal").content.decode()
    panel = client.get(QUEUE + "?priority=normal", HTTP_HX_REQUEST="true")

    assert 'hx-trigger="every 5s"' in page
    assert 'hx-get="/queue/?tier=N2&amp;priority=normal"' in page
    assert panel.content.decode().startswith('<div id="queue-panel"')
    assert "<html" not in panel.content.decode()


@pytest.mark.django_db
def test_in_progress_shows_expert_time_spent_and_time_left(
    client, n1_agent, n2_expert, english
):
    ticket, escalation = escalated_ticket(n1_agent)
    with clock.travel_to(clock.now() - timedelta(hours=1)):
        services.accept_escalation(n2_expert, escalation)
    services.log_call(n2_expert, ticket, duration_seconds=18 * 60)
    client.force_login(n2_expert)

    response = client.get(QUEUE)

    assert rows(response, "in-progress") == [escalation.reference]
    html = response.content.decode()
    assert "Thomas Durand" in html
    assert "18 min on the phone" in html
    assert "1 d 23 h" in html  # 48 h to resolve, one spent


@pytest.mark.django_db
def test_resolved_this_week_gives_count_rate_time_and_satisfaction(
    client, n1_agent, n2_expert, english
):
    for satisfaction in (4, 5):
        ticket, escalation = escalated_ticket(n1_agent)
        services.accept_escalation(n2_expert, escalation)
        services.resolve_ticket(
            n2_expert, ticket, cause="Réglage IMAP", satisfaction=satisfaction
        )
    ticket, escalation = escalated_ticket(n1_agent)
    services.accept_escalation(n2_expert, escalation)
    services.escalate_further(n2_expert, ticket, reason="Poste corrompu")
    client.force_login(n2_expert)

    html = client.get(QUEUE).content.decode()

    assert "Resolved this week (2)" in html
    assert "67 %" in html  # two resolved, one passed on to N3
    assert "4.5/5" in html


@pytest.mark.django_db
def test_filters_by_team_category_priority_and_expert(
    client, n1_agent, n2_expert, other_expert
):
    _t, sync = escalated_ticket(n1_agent, category=Category.SYNC)
    _t, crm = escalated_ticket(
        n1_agent, category=Category.INTEGRATION, priority=Priority.URGENT
    )
    team = make_team(Tier.N2, "Intégrations")
    Escalation.objects.filter(pk=crm.pk).update(team=team)
    _t, mine = escalated_ticket(n1_agent)
    _t, theirs = escalated_ticket(n1_agent)
    services.accept_escalation(n2_expert, mine)
    services.accept_escalation(other_expert, theirs)
    client.force_login(n2_expert)

    def awaiting(query):
        return rows(client.get(QUEUE + query), "awaiting")

    assert awaiting("?category=sync") == [sync.reference]
    assert awaiting("?priority=urgent") == [crm.reference]
    assert awaiting(f"?team={team.pk}") == [crm.reference]
    mine_only = client.get(QUEUE + f"?expert={n2_expert.pk}")
    assert rows(mine_only, "in-progress") == [mine.reference]


@pytest.mark.django_db
def test_expert_first_page_is_the_queue(client, n1_agent, n2_expert, supervisor):
    _ticket, escalation = escalated_ticket(n1_agent)
    for person in (n2_expert, supervisor):
        client.force_login(person)
        response = client.get(reverse("desk:home"))
        assert rows(response, "awaiting") == [escalation.reference]


@pytest.mark.django_db
def test_n3_sees_its_own_queue(client, n1_agent, n2_expert, n3_engineer):
    ticket, escalation = escalated_ticket(n1_agent)
    services.accept_escalation(n2_expert, escalation)
    n3_escalation = services.escalate_further(n2_expert, ticket, reason="Bug serveur")
    _other_ticket, waiting_n2 = escalated_ticket(n1_agent)
    client.force_login(n3_engineer)

    response = client.get(reverse("desk:home"))

    assert rows(response, "awaiting") == [n3_escalation.reference]


@pytest.mark.django_db
def test_n1_agents_do_not_see_the_queue(client, n1_agent):
    client.force_login(n1_agent)
    assert client.get(QUEUE).status_code == 403


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_queue_and_workspace_need_the_same_queries_at_10_and_10000_tickets(
    client, n1_agent, n2_expert
):
    ticket, escalation = escalated_ticket(n1_agent)
    services.accept_escalation(n2_expert, escalation)
    services.set_hypotheses(n2_expert, escalation, HYPOTHESES_60_25_15)
    services.log_call(n2_expert, ticket, duration_seconds=600)
    _waiting_ticket, waiting = escalated_ticket(n1_agent)
    bulk_escalations(8, n1=n1_agent, expert=n2_expert)
    pages = [
        QUEUE,
        reverse("desk:home"),
        reverse("desk:workspace", args=[ticket.reference]),
        reception_url(waiting),
    ]
    client.force_login(n2_expert)
    client.get(QUEUE)  # warm the session and the content types

    small = [count_queries(client, url) for url in pages]
    bulk_escalations(9_990, n1=n1_agent, expert=n2_expert, start=600_000)
    large = [count_queries(client, url) for url in pages]

    assert large == small
    assert len(rows(client.get(QUEUE), "awaiting")) == 50


# -- reception --------------------------------------------------------------


@pytest.mark.django_db
def test_accepting_ticks_the_checklist_and_tells_the_customer_the_delay(
    client, n1_agent, n2_expert
):
    ticket, escalation = escalated_ticket(n1_agent)
    client.force_login(n2_expert)

    response = client.post(
        reception_url(escalation, "accept"),
        {"briefing_complete": "on", "problem_understood": "on"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("desk:workspace", args=[ticket.reference])
    escalation.refresh_from_db()
    assert escalation.accepted_by == n2_expert
    assert escalation.reception_checklist == {
        "briefing_complete": True,
        "problem_understood": True,
    }
    email = OutboxMessage.objects.get(kind="escalation_accepted")
    ticket.refresh_from_db()
    due = timezone.localtime(ticket.resolution_due_at)
    assert "Thomas" in email.body
    # Said the same way whoever the expert is.
    assert "Il a lu" not in email.body
    assert "a été lu par votre expert, qui vous contactera" in email.body
    assert f"résolution au plus tard le {due.day} " in email.body
    assert f"{due:%H:%M}" in email.body


@pytest.mark.django_db
def test_accepting_an_escalation_already_taken_is_refused_beside_the_form(
    client, n1_agent, n2_expert, other_expert, english
):
    ticket, escalation = escalated_ticket(n1_agent)
    services.accept_escalation(other_expert, escalation)
    events = ticket.events.count()
    client.force_login(n2_expert)

    response = client.post(reception_url(escalation, "accept"), {})

    assert response.status_code == 409
    html = response.content.decode()
    assert "is already taken by Sarah Klein" in html
    assert html.index("already taken") > html.index('id="accept"')
    escalation.refresh_from_db()
    assert escalation.accepted_by == other_expert
    assert ticket.events.count() == events
    assert OutboxMessage.objects.filter(kind="escalation_accepted").count() == 1


@pytest.mark.django_db
def test_putting_back_in_the_queue_needs_a_reason(client, n1_agent, n2_expert, english):
    _ticket, escalation = escalated_ticket(n1_agent)
    client.force_login(n2_expert)

    refused = client.post(reception_url(escalation, "queue"), {"reason": " "})
    accepted = client.post(
        reception_url(escalation, "queue"), {"reason": "Spécialiste de retour demain"}
    )

    assert refused.status_code == 400
    assert "Say why the escalation waits in the queue." in refused.content.decode()
    assert accepted.status_code == 302
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.AWAITING
    assert escalation.queued_reason == "Spécialiste de retour demain"


@pytest.mark.django_db
def test_supervisor_gives_an_escalation_to_a_colleague(
    client, n1_agent, n2_expert, supervisor
):
    ticket, escalation = escalated_ticket(n1_agent)
    client.force_login(supervisor)

    response = client.post(
        reception_url(escalation, "assign"), {"assignee": n2_expert.pk}
    )

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.assignee == n2_expert
    assert ticket.status == Status.IN_PROGRESS
    assert ticket.events.filter(kind=EventKind.ASSIGNED, actor=supervisor).exists()


@pytest.mark.django_db
def test_an_expert_cannot_give_an_escalation_to_a_colleague(
    client, n1_agent, n2_expert, other_expert
):
    _ticket, escalation = escalated_ticket(n1_agent)
    client.force_login(n2_expert)

    response = client.post(
        reception_url(escalation, "assign"), {"assignee": other_expert.pk}
    )

    assert response.status_code == 403
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.AWAITING


@pytest.mark.django_db
def test_reception_suggests_the_specialist(
    client, n1_agent, n2_expert, other_expert, english
):
    AgentProfile.objects.filter(user=other_expert).update(specialities=["sync"])
    _ticket, escalation = escalated_ticket(n1_agent, category=Category.SYNC)
    client.force_login(n2_expert)

    html = client.get(reception_url(escalation)).content.decode()

    assert "Sarah K." in html.split("Who should take it")[1]
    assert "specialist in sync between devices" in html


@pytest.mark.django_db
def test_escalation_returned_as_avoidable_from_the_reception(
    client, n1_agent, n2_expert
):
    ticket, escalation = escalated_ticket(n1_agent, category=Category.PASSWORD)
    client.force_login(n2_expert)

    client.post(
        reception_url(escalation, "return"),
        {"feedback": "Mot de passe oublié : N1 peut le réinitialiser."},
    )

    ticket.refresh_from_db()
    assert ticket.status == Status.DIAGNOSING
    assert ticket.assignee == n1_agent
    client.force_login(n1_agent)
    n1_home = client.get(reverse("desk:home")).content.decode()
    assert "Mot de passe oublié : N1 peut le réinitialiser." in n1_home
