"""Each role lands on the page of what it works on, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from escalade.tickets import services
from tests.factories import escalated_ticket, make_customer


def page_queries(client, user, url):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona, heading",
    [
        ("n1_agent", "My calls and tickets"),
        ("n2_expert", "Escalations"),
        ("n3_engineer", "Escalations"),
        ("supervisor", "The desk now"),
        ("outsider", "No role yet"),
    ],
)
def test_first_page_after_login_depends_on_the_role(
    client, request, persona, heading, settings
):
    settings.LANGUAGE_CODE = "en"
    user = request.getfixturevalue(persona)
    _queries, response = page_queries(client, user, reverse("desk:home"))
    assert heading in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["n1_agent", "n2_expert", "supervisor"])
def test_home_query_count_does_not_grow_with_tickets(
    client, request, persona, n1_agent
):
    user = request.getfixturevalue(persona)
    escalated_ticket(n1_agent)
    small, _response = page_queries(client, user, reverse("desk:home"))

    for _ in range(15):
        escalated_ticket(n1_agent)
        services.open_ticket(n1_agent, customer=make_customer(), title="Appel")
    large, _response = page_queries(client, user, reverse("desk:home"))

    assert large == small


@pytest.mark.django_db
def test_ticket_page_query_count_does_not_grow(client, n1_agent, n2_expert):
    ticket, escalation = escalated_ticket(n1_agent)
    services.accept_escalation(n2_expert, escalation)
    services.add_attempt(n2_expert, ticket, action="Test", outcome="failed")
    services.log_call(n2_expert, ticket, duration_seconds=60)
    url = reverse("tickets:detail", args=[ticket.reference])
    small, _response = page_queries(client, n2_expert, url)

    for _ in range(5):
        services.add_attempt(n2_expert, ticket, action="Test", outcome="failed")
        services.log_call(n2_expert, ticket, duration_seconds=60)
    large, response = page_queries(client, n2_expert, url)

    assert large == small
    assert escalation.reference in response.content.decode()


@pytest.mark.django_db
def test_pages_need_a_login(client):
    response = client.get(reverse("desk:home"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.django_db
def test_outsider_cannot_read_a_ticket(client, n1_agent, outsider):
    ticket = services.open_ticket(n1_agent, customer=make_customer(), title="x")
    client.force_login(outsider)
    assert (
        client.get(reverse("tickets:detail", args=[ticket.reference])).status_code
        == 404
    )


@pytest.mark.django_db
def test_login_page_speaks_french(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Se connecter" in response.content.decode()


@pytest.mark.django_db
def test_follow_up_link_closes_the_ticket(client, n1_agent, n2_expert):
    ticket, escalation = escalated_ticket(n1_agent)
    services.accept_escalation(n2_expert, escalation)
    services.resolve_ticket(n2_expert, ticket, cause="Cache")
    follow_up = ticket.follow_ups.get()
    url = reverse("tickets:follow_up", args=[follow_up.token])

    response = client.post(url, {"answer": "still_fine", "satisfaction": "5"})

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.status, ticket.satisfaction) == ("closed", 5)
