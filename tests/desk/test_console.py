"""The N1 console: a call saved as resolved or escalated, or refused whole."""

import pytest
from django.urls import reverse

from escalade.desk.console import selectors as console_selectors
from escalade.desk.console.forms import STANDARD_CHECKS
from escalade.notifications.models import OutboxMessage
from escalade.tickets.choices import Status
from escalade.tickets.models import Escalation, Ticket
from tests.factories import make_customer, make_team

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def call_post(caller, **overrides) -> dict:
    """The console's form as the browser posts it, for the duplicate e-mails."""
    data = {
        "customer": caller.reference,
        "title": "E-mails arrive twice on PC and phone",
        "description": (
            "Since Monday I get every e-mail twice, on my PC and on my phone."
        ),
        "category": "",
        "started_when": "Monday",
        "is_recurring": "new",
        "trigger": "Windows update on Sunday",
        "devices": "Windows 11, Outlook 2021; Android 13, Thunderbird",
        "symptoms": "Each e-mail arrives twice, minutes apart",
        "error_message": "",
        "tried_by_customer": "Restarted",
        "urgency": "hours",
        "urgency_notes": "",
        "reproducibility": "always",
        "reproduced_by_agent": "",
        "times_asked": "1",
        "override_reason": "",
        "attempts-TOTAL_FORMS": str(len(STANDARD_CHECKS)),
        "attempts-INITIAL_FORMS": "0",
        "attempts-MIN_NUM_FORMS": "0",
        "attempts-MAX_NUM_FORMS": "30",
    }
    for index, (key, label) in enumerate(STANDARD_CHECKS):
        data[f"attempts-{index}-check"] = key
        data[f"attempts-{index}-action"] = str(label)
        data[f"attempts-{index}-outcome"] = "failed" if key == "restart" else ""
        data[f"attempts-{index}-result"] = "No change" if key == "restart" else ""
    data.update(overrides)
    return data


def briefing_post(**overrides) -> dict:
    data = {
        "briefing-summary": "Every e-mail arrives twice on PC and phone since Sunday.",
        "briefing-description": "Since Monday every e-mail arrives twice.",
        "briefing-context": "After the Windows update on Sunday.",
        "briefing-environment": "Windows 11, Outlook 2021; Android 13, Thunderbird",
        "briefing-checks_done": "Restart the device",
        "briefing-checks_not_done": "Advanced IMAP settings",
        "briefing-call_duration_minutes": "8",
        "briefing-n1_opinion": "IMAP sync between two clients.",
        "briefing-leads": "Check IMAP settings\nCompare UIDs",
        "escalation-priority": "normal",
        "escalation-escalation_type": "complex",
        "escalation-team": "",
        "escalation-queued_reason": "",
        "send": "now",
    }
    data.update(overrides)
    return data


def beside(page: str, field: str) -> str:
    """The markup of one field of the console: its label, input and errors."""
    anchor = "customer-errors" if field == "customer" else f"field-{field}"
    start = page.index(f'id="{anchor}"')
    return page[start : page.index("</p>", start + len(anchor) + 10) + 200]


def test_take_call_page_starts_the_timer_and_offers_the_search(client, n1_agent):
    client.force_login(n1_agent)

    response = client.get(reverse("desk:console:call"))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="call-timer"' in page
    assert 'id="customer-search"' in page
    assert "When did it start?" in page


def test_home_of_an_n1_agent_offers_to_take_a_call(client, n1_agent):
    client.force_login(n1_agent)

    page = client.get(reverse("desk:home")).content.decode()

    assert reverse("desk:console:call") in page
    assert "Take a call" in page


def test_the_console_is_not_for_experts(client, n2_expert):
    client.force_login(n2_expert)

    assert client.get(reverse("desk:console:call")).status_code == 404


def test_live_panel_recommends_escalating_duplicate_emails(client, n1_agent, customer):
    client.force_login(n1_agent)

    response = client.post(reverse("desk:console:live"), call_post(customer))

    page = response.content.decode()
    assert 'id="triage-outcome"' in page
    assert "Escalate to N2" in page
    assert 'data-item="restart"' in page


def test_checklist_ticks_an_item_once_its_field_is_filled(client, n1_agent, customer):
    client.force_login(n1_agent)
    empty = call_post(customer, devices="")

    before = client.post(reverse("desk:console:live"), empty).content.decode()
    after = client.post(reverse("desk:console:live"), call_post(customer)).content
    assert 'class="item-missing" data-item="environment"' in before
    assert 'class="item-met" data-item="environment"' in after.decode()


def test_escalation_step_prefills_the_briefing_from_the_call(
    client, n1_agent, customer
):
    client.force_login(n1_agent)

    response = client.post(reverse("desk:console:escalation_step"), call_post(customer))

    page = response.content.decode()
    assert "Windows 11, Outlook 2021; Android 13, Thunderbird" in page
    assert "E-mails arrive twice on PC and phone." in page
    assert "within 24 hours" in page
    assert 'value="normal" selected' in page


def test_resolving_at_n1_saves_the_call_and_its_solution(client, n1_agent, customer):
    client.force_login(n1_agent)
    data = call_post(
        customer,
        title="Forgot the portal password",
        description="The customer cannot remember the portal password.",
        category="password",
        **{"resolve-solution": "Password reset link sent, login works."},
    )

    response = client.post(reverse("desk:console:resolve"), data)

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert ticket.status == Status.RESOLVED_N1
    assert ticket.resolutions.get().steps == "Password reset link sent, login works."
    assert ticket.diagnosis.devices.startswith("Windows 11")
    assert ticket.attempts.get().action == "Restart the device"


def test_resolving_against_the_recommendation_needs_a_reason(
    client, n1_agent, customer
):
    client.force_login(n1_agent)
    data = call_post(customer, **{"resolve-solution": "Reinstalled Outlook."})

    refused = client.post(reverse("desk:console:resolve"), data)
    assert refused.status_code == 400
    assert "Say why you do not follow the recommendation." in refused.content.decode()
    assert not Ticket.objects.exists()

    data["override_reason"] = "Outlook reinstall fixed it while we spoke."
    client.post(reverse("desk:console:resolve"), data)
    ticket = Ticket.objects.get()
    assert ticket.triage_outcome == "escalate"
    assert ticket.triage_override_reason == data["override_reason"]


def test_escalating_creates_the_ticket_briefing_due_times_and_email(
    client, n1_agent, customer
):
    client.force_login(n1_agent)
    make_team(name="Experts N2")

    response = client.post(
        reverse("desk:console:escalate"), {**call_post(customer), **briefing_post()}
    )

    escalation = Escalation.objects.select_related("ticket", "briefing").get()
    ticket = escalation.ticket
    assert response.status_code == 302
    assert response.url == reverse(
        "desk:console:escalation", args=[escalation.reference]
    )
    assert escalation.reference == f"{ticket.reference}-TECH-001"
    assert ticket.status == Status.AWAITING_N2
    assert ticket.category == "sync"
    assert escalation.team.name == "Experts N2"
    assert ticket.first_contact_due_at and ticket.resolution_due_at
    assert escalation.briefing.diagnostics == [
        {"label": "Restart the device", "done": True},
        {"label": "Advanced IMAP settings", "done": False},
    ]
    email = OutboxMessage.objects.get(kind="escalation_created")
    assert email.to == [customer.email]
    assert escalation.reference in email.subject


def test_adding_to_the_queue_keeps_the_reason(client, n1_agent, customer):
    client.force_login(n1_agent)
    data = {
        **call_post(customer),
        **briefing_post(send="queue"),
        "escalation-queued_reason": "The customer is away until Monday.",
    }

    client.post(reverse("desk:console:escalate"), data)

    assert (
        Escalation.objects.get().queued_reason == "The customer is away until Monday."
    )


@pytest.mark.parametrize(
    "call_changes, briefing_changes, field, message",
    [
        ({"customer": ""}, {}, "customer", "Find the customer or create them first."),
        (
            {"description": ""},
            {},
            "description",
            "Write down the problem as the customer describes it.",
        ),
        (
            {},
            {"briefing-summary": "word " * 101},
            "briefing-summary",
            "The summary holds 100 words at most (it has 101).",
        ),
        (
            {},
            {"escalation-priority": "whenever"},
            "escalation-priority",
            "“whenever” is not a priority: choose urgent, normal or low.",
        ),
        (
            {},
            {"send": "queue"},
            "escalation-queued_reason",
            "Say why the escalation can wait in the queue.",
        ),
    ],
)
def test_invalid_escalation_shows_the_message_beside_the_field_and_creates_nothing(
    client, n1_agent, customer, call_changes, briefing_changes, field, message
):
    client.force_login(n1_agent)
    data = {**call_post(customer, **call_changes), **briefing_post(**briefing_changes)}

    response = client.post(reverse("desk:console:escalate"), data)

    assert response.status_code == 400
    assert message in beside(response.content.decode(), field)
    assert not Ticket.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_a_customer_without_email_or_phone_cannot_be_escalated(client, n1_agent):
    client.force_login(n1_agent)
    unreachable = make_customer(email="", phone="")

    response = client.post(
        reverse("desk:console:escalate"),
        {**call_post(unreachable), **briefing_post()},
    )

    assert response.status_code == 400
    assert "neither e-mail nor phone" in response.content.decode()
    assert not Ticket.objects.exists()


def test_every_error_of_a_refused_escalation_is_shown_at_once(
    client, n1_agent, customer
):
    client.force_login(n1_agent)
    data = {
        **call_post(customer, description=""),
        **briefing_post(**{"briefing-summary": "word " * 120}),
    }

    page = client.post(reverse("desk:console:escalate"), data).content.decode()

    assert "Write down the problem" in beside(page, "description")
    assert "(it has 120)" in beside(page, "briefing-summary")


def test_a_second_send_of_the_same_call_saves_nothing_more(client, n1_agent, customer):
    client.force_login(n1_agent)
    call_id = "5b0f3a3e-3c1d-4a47-9f1e-2f9c4f0e6a11"
    data = {**call_post(customer, call_id=call_id), **briefing_post()}

    first = client.post(reverse("desk:console:escalate"), data)
    second = client.post(reverse("desk:console:escalate"), data)

    escalation = Escalation.objects.select_related("ticket").get()
    assert Ticket.objects.count() == 1
    assert OutboxMessage.objects.filter(kind="escalation_created").count() == 1
    assert (escalation.ticket.source, escalation.ticket.source_id) == ("call", call_id)
    assert second.status_code == 302
    assert second.url == first.url


def test_a_second_resolve_of_the_same_call_lands_on_its_ticket(
    client, n1_agent, customer
):
    client.force_login(n1_agent)
    data = call_post(
        customer,
        call_id="0c4e2b6f-8d0a-4f55-8a3e-6c1b2d3e4f50",
        title="Forgot the portal password",
        description="The customer cannot remember the portal password.",
        category="password",
        **{"resolve-solution": "Password reset link sent, login works."},
    )

    client.post(reverse("desk:console:resolve"), data)
    second = client.post(reverse("desk:console:resolve"), data)

    ticket = Ticket.objects.get()
    assert ticket.resolutions.count() == 1
    assert second.url == ticket.get_absolute_url()


def test_the_call_screen_carries_a_call_key_kept_through_the_steps(
    client, n1_agent, customer
):
    client.force_login(n1_agent)

    page = client.get(reverse("desk:console:call")).content.decode()
    step = client.post(
        reverse("desk:console:escalate"),
        {**call_post(customer, call_id="5b0f3a3e-3c1d-4a47-9f1e-2f9c4f0e6a11")},
    ).content.decode()

    assert 'name="call_id"' in page
    assert 'value="5b0f3a3e-3c1d-4a47-9f1e-2f9c4f0e6a11"' in step


def test_two_racing_sends_of_one_call_keep_the_first(
    client, n1_agent, customer, monkeypatch
):
    client.force_login(n1_agent)
    data = {
        **call_post(customer, call_id="9d7c1e2a-4b3f-4c5d-8e6f-7a8b9c0d1e2f"),
        **briefing_post(),
    }
    first = client.post(reverse("desk:console:escalate"), data)
    # The second request looked before the first had committed: it saw nothing.
    real_lookup = console_selectors.ticket_of_call
    lookups = iter([None])
    monkeypatch.setattr(
        console_selectors,
        "ticket_of_call",
        lambda call_id: next(lookups, None) or real_lookup(call_id),
    )

    second = client.post(reverse("desk:console:escalate"), data)

    assert second.status_code == 302
    assert second.url == first.url
    assert Ticket.objects.count() == 1
    assert OutboxMessage.objects.filter(kind="escalation_created").count() == 1


@pytest.mark.parametrize("step", ["live", "escalation_step", "resolve", "escalate"])
def test_a_console_step_opened_again_leads_back_to_the_call(client, n1_agent, step):
    client.force_login(n1_agent)

    response = client.get(reverse(f"desk:console:{step}"))

    assert response.status_code == 302
    assert response.url == reverse("desk:console:call")
