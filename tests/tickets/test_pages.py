"""The ticket's pages: the customer's follow-up link and the agents' ticket page."""

import pytest
from django.urls import reverse

from escalade.tickets import services
from escalade.tickets.choices import Status
from escalade.tickets.models import FollowUp
from tests.factories import escalated_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def follow_up(n1_agent, n2_expert) -> FollowUp:
    ticket, escalation = escalated_ticket(n1_agent)
    services.accept_escalation(n2_expert, escalation)
    services.resolve_ticket(n2_expert, ticket, cause="IMAP")
    return ticket.follow_ups.get()


def answer_page(follow_up: FollowUp) -> str:
    return reverse("tickets:follow_up", args=[follow_up.token])


def test_a_satisfaction_that_is_not_a_mark_is_refused_plainly(
    client, follow_up, settings
):
    settings.LANGUAGE_CODE = "en"

    response = client.post(
        answer_page(follow_up),
        {"answer": "still_fine", "satisfaction": "abc"},
        follow=True,
    )

    page = response.content.decode()
    assert "Choose a mark from 1 to 5." in page
    assert "invalid literal" not in page
    assert 'value="still_fine" checked' in page
    follow_up.refresh_from_db()
    assert follow_up.answered_at is None
    assert follow_up.ticket.status == Status.RESOLVED


def test_the_customer_is_thanked_once(client, follow_up, settings):
    settings.LANGUAGE_CODE = "en"

    response = client.post(
        answer_page(follow_up),
        {"answer": "still_fine", "satisfaction": "5"},
        follow=True,
    )

    page = response.content.decode()
    assert page.lower().count("thank you") == 1
    follow_up.refresh_from_db()
    assert follow_up.answered_at is not None


def test_the_ticket_timeline_speaks_words_not_codes(client, n1_agent, settings):
    settings.LANGUAGE_CODE = "en"
    ticket = services.open_ticket(n1_agent, customer=None, title="Appel")
    client.force_login(n1_agent)

    page = client.get(reverse("tickets:detail", args=[ticket.reference]))

    timeline = page.content.decode().split('class="timeline"')[1]
    assert "<strong>ticket created</strong>" in timeline
    assert f"{Status.NEW.label} → {Status.DIAGNOSING.label}" in timeline
    assert "→ diagnosing<" not in timeline
