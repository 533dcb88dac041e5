"""The console's pages: fixed query counts, and the briefing to paste elsewhere."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from escalade.tickets import services
from escalade.tickets.models import Escalation
from tests.desk.test_console import briefing_post, call_post
from tests.factories import escalated_ticket, make_customer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def escalate_through_console(client, customer) -> Escalation:
    client.post(
        reverse("desk:console:escalate"), {**call_post(customer), **briefing_post()}
    )
    return Escalation.objects.select_related("ticket").latest("requested_at")


def more_tickets_and_customers(n1_agent, count: int) -> None:
    for _ in range(count):
        escalated_ticket(n1_agent)
        services.open_ticket(n1_agent, customer=make_customer(), title="Appel")


def count_queries(client, method: str, url: str, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == 200, response.content[:500]
    return len(queries)


def test_console_pages_query_count_does_not_grow_with_the_desk(
    client, n1_agent, customer
):
    client.force_login(n1_agent)
    escalation = escalate_through_console(client, customer)
    ref = escalation.reference
    pages = [
        ("get", reverse("desk:console:call"), None),
        ("post", reverse("desk:console:live"), call_post(customer)),
        (
            "post",
            reverse("desk:console:live"),
            {**call_post(customer), **briefing_post()},
        ),
        ("post", reverse("desk:console:escalation_step"), call_post(customer)),
        ("get", reverse("customers:search"), {"q": "dupuis"}),
        ("get", reverse("customers:card", args=[customer.reference]), None),
        ("get", reverse("desk:console:escalation", args=[ref]), None),
        ("get", reverse("desk:console:briefing_text", args=[ref]), None),
        ("get", reverse("desk:console:briefing_print", args=[ref]), None),
        ("get", reverse("desk:console:ticket_text", args=[ref]), None),
        ("get", reverse("desk:console:ticket_print", args=[ref]), None),
    ]
    more_tickets_and_customers(n1_agent, 2)
    small = [count_queries(client, *page) for page in pages]

    more_tickets_and_customers(n1_agent, 20)
    for _ in range(5):
        escalate_through_console(client, customer)
    large = [count_queries(client, *page) for page in pages]

    assert large == small


def test_briefing_as_plain_text_carries_every_part(client, n1_agent, customer):
    client.force_login(n1_agent)
    escalation = escalate_through_console(client, customer)

    response = client.get(
        reverse("desk:console:briefing_text", args=[escalation.reference])
    )

    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    for expected in [
        escalation.reference,
        customer.reference,
        customer.email,
        "Every e-mail arrives twice on PC and phone since Sunday.",
        "Windows 11, Outlook 2021; Android 13, Thunderbird",
        "[x] Restart the device",
        "[ ] Advanced IMAP settings",
        "1. Restart the device → failed: No change",
        "Compare UIDs",
        "8 minutes",
    ]:
        assert expected in text
    assert "&#x27;" not in text and "&amp;" not in text


def test_escalation_ticket_as_text_gives_team_priority_and_due_times(
    client, n1_agent, customer
):
    client.force_login(n1_agent)
    escalation = escalate_through_console(client, customer)

    text = client.get(
        reverse("desk:console:ticket_text", args=[escalation.reference])
    ).content.decode()

    assert f"Ticket ID: {escalation.reference}" in text
    assert "Priority: Normal" in text
    assert "24 h (first contact), 48 h (resolution)" in text
    assert "First contact due: " in text


def test_printable_briefing_has_a_print_button(client, n1_agent, customer):
    client.force_login(n1_agent)
    escalation = escalate_through_console(client, customer)

    page = client.get(
        reverse("desk:console:briefing_print", args=[escalation.reference])
    ).content.decode()

    assert "window.print()" in page
    assert "Every e-mail arrives twice" in page


def test_reading_time_warns_when_the_briefing_is_too_long(client, n1_agent, customer):
    client.force_login(n1_agent)
    long_story = "The customer explained at length. " * 100

    page = client.post(
        reverse("desk:console:live"),
        {
            **call_post(customer),
            **briefing_post(**{"briefing-description": long_story}),
        },
    ).content.decode()

    assert 'id="too-long"' in page
    assert "200 words a minute" in page


@pytest.mark.parametrize("kind", ["briefing", "ticket"])
def test_printable_pages_escape_what_was_typed(client, n1_agent, kind):
    client.force_login(n1_agent)
    script = "<script>alert(1)</script>"
    customer = make_customer(last_name=f"Dupuis {script}")
    client.post(
        reverse("desk:console:escalate"),
        {
            **call_post(customer, title=f"Twice {script}"),
            **briefing_post(**{"briefing-n1_opinion": f"IMAP {script}"}),
        },
    )
    ref = Escalation.objects.get().reference

    page = client.get(reverse(f"desk:console:{kind}_print", args=[ref]))
    text = client.get(reverse(f"desk:console:{kind}_text", args=[ref]))

    assert script not in page.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.content.decode()
    assert text["Content-Type"].startswith("text/plain")
    assert script in text.content.decode()
