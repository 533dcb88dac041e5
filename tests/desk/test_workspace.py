"""The expert's workspace: briefing, hypotheses, calls, notes, resolution."""

import re
from collections import Counter

import pytest
from django.urls import reverse

from escalade.notifications.models import OutboxMessage
from escalade.tickets import services
from escalade.tickets.choices import (
    Category,
    EscalationStatus,
    FollowUpAnswer,
    Status,
)
from escalade.tickets.models import Escalation, FollowUp, Hypothesis, Resolution
from escalade.tickets.timeline import EventKind
from tests.factories import HYPOTHESES_60_25_15, escalated_ticket


def page(ticket):
    return reverse("desk:workspace", args=[ticket.reference])


def act(ticket, action):
    return reverse("desk:workspace_action", args=[ticket.reference, action])


# "resume" shares the waiting form; the others post under their own name.
PREFIXES = {"resume": "wait"}


def posted(action: str, data: dict) -> dict:
    """A workspace form as the browser posts it, each field under its prefix."""
    prefix = PREFIXES.get(action, action)
    return {f"{prefix}-{name}": value for name, value in data.items()}


def formset_data(rows: list[dict], total: int | None = None) -> dict:
    """The POST of the hypotheses table, one row per dict."""
    data = {
        "hypotheses-TOTAL_FORMS": str(total or len(rows)),
        "hypotheses-INITIAL_FORMS": "0",
        "hypotheses-MIN_NUM_FORMS": "0",
        "hypotheses-MAX_NUM_FORMS": "10",
    }
    for n in range(int(data["hypotheses-TOTAL_FORMS"])):
        data[f"hypotheses-{n}-verdict"] = "open"
    for n, row in enumerate(rows):
        data.update({f"hypotheses-{n}-{key}": value for key, value in row.items()})
    return data


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def taken(n1_agent, n2_expert):
    ticket, escalation = escalated_ticket(n1_agent)
    services.accept_escalation(n2_expert, escalation)
    return ticket, escalation


@pytest.mark.django_db
def test_workspace_opens_on_the_briefing(client, taken, n2_expert, english):
    ticket, _escalation = taken
    client.force_login(n2_expert)

    html = client.get(page(ticket)).content.decode()

    assert html.index('id="briefing"') < html.index('id="hypotheses"')
    assert "Chaque e-mail arrive deux fois" in html
    assert "Escalated by Claire Martin (N1)" in html


@pytest.mark.django_db
def test_hypotheses_of_the_specification_are_saved(client, taken, n2_expert):
    ticket, escalation = taken
    client.force_login(n2_expert)

    response = client.post(
        act(ticket, "hypotheses"), formset_data(HYPOTHESES_60_25_15, total=4)
    )

    assert response.status_code == 302
    assert list(escalation.hypotheses.values_list("probability", flat=True)) == [
        60,
        25,
        15,
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "rows, message",
    [
        (
            [{"probability": "60", "cause": "a"}, {"probability": "30", "cause": "b"}],
            "The probabilities add up to 90%, not 100%.",
        ),
        ([{"probability": "100", "cause": ""}], "Hypothesis 1 needs a cause."),
        ([{"probability": "120", "cause": "a"}], "less than or equal to 100"),
    ],
)
def test_hypotheses_not_adding_up_are_refused_and_change_nothing(
    client, taken, n2_expert, rows, message, english
):
    ticket, escalation = taken
    services.set_hypotheses(n2_expert, escalation, HYPOTHESES_60_25_15)
    client.force_login(n2_expert)

    response = client.post(act(ticket, "hypotheses"), formset_data(rows))

    assert response.status_code == 400
    html = response.content.decode()
    hypotheses_part = html[html.index('id="hypotheses"') : html.index('id="call"')]
    assert message in hypotheses_part
    assert list(escalation.hypotheses.values_list("probability", flat=True)) == [
        60,
        25,
        15,
    ]


@pytest.mark.django_db
def test_a_missing_cause_shows_beside_its_row(client, taken, n2_expert, english):
    ticket, _escalation = taken
    client.force_login(n2_expert)
    rows = [{"probability": "60", "cause": "a"}, {"probability": "40", "cause": ""}]

    html = client.post(act(ticket, "hypotheses"), formset_data(rows)).content.decode()

    second_row = html.split('name="hypotheses-1-cause"')[1].split("</td>")[0]
    assert "Hypothesis 2 needs a cause." in second_row
    assert not Hypothesis.objects.exists()


@pytest.mark.django_db
def test_call_is_logged_with_its_duration(client, taken, n2_expert):
    ticket, _escalation = taken
    client.force_login(n2_expert)

    client.post(
        act(ticket, "call"),
        posted(
            "call", {"duration_minutes": "18", "is_outbound": "on", "notes": "STARTTLS"}
        ),
    )

    call = ticket.calls.get()
    assert call.duration_seconds == 18 * 60
    ticket.refresh_from_db()
    assert ticket.first_n2_contact_at == call.started_at
    assert "18 min" in client.get(page(ticket)).content.decode()


@pytest.mark.django_db
def test_internal_notes_stay_apart_from_messages_to_the_customer(
    client, taken, n2_expert
):
    ticket, _escalation = taken
    client.force_login(n2_expert)

    client.post(
        act(ticket, "note"), posted("note", {"kind": "internal", "body": "Logs à lire"})
    )
    client.post(
        act(ticket, "note"),
        posted("note", {"kind": "to_customer", "body": "Je vous appelle"}),
    )

    assert OutboxMessage.objects.filter(kind="message").count() == 1
    html = client.get(page(ticket)).content.decode()
    internal, customer = html.split('id="note"')[1].split("<h2>")[1:3]
    assert "Logs à lire" in internal and "Je vous appelle" not in internal
    assert "Je vous appelle" in customer


@pytest.mark.django_db
def test_resolving_without_a_cause_is_refused_beside_the_field(
    client, taken, n2_expert, english
):
    ticket, _escalation = taken
    client.force_login(n2_expert)

    response = client.post(
        act(ticket, "resolve"), posted("resolve", {"cause": "  ", "steps": "x"})
    )

    assert response.status_code == 400
    html = response.content.decode()
    cause_field = html.split('name="resolve-cause"')[1].split("</p>")[0]
    assert "Give the cause that was found." in cause_field
    ticket.refresh_from_db()
    assert ticket.status == Status.IN_PROGRESS
    assert not Resolution.objects.exists()
    assert not OutboxMessage.objects.filter(kind="ticket_resolved").exists()


@pytest.mark.django_db
def test_resolution_emails_settings_schedules_follow_up_and_takes_feedback(
    client, taken, n2_expert, n1_agent
):
    ticket, escalation = taken
    client.force_login(n2_expert)

    client.post(
        act(ticket, "resolve"),
        posted(
            "resolve",
            {
                "cause": "Chiffrement forcé par la mise à jour",
                "steps": "Port 143 avec STARTTLS",
                "prevention": "Revérifier après une mise à jour",
                "settings_to_keep": "Port : 143\nChiffrement : STARTTLS",
                "satisfaction": "5",
                "feedback_to_n1": "Bon briefing, merci.",
            },
        ),
    )

    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    email = OutboxMessage.objects.get(kind="ticket_resolved")
    assert "Chiffrement : STARTTLS" in email.body
    follow_up = FollowUp.objects.get(ticket=ticket)
    assert (follow_up.due_at - ticket.resolved_at).days == 3
    escalation.refresh_from_db()
    assert escalation.feedback_to_n1 == "Bon briefing, merci."
    client.force_login(n1_agent)
    assert "Bon briefing, merci." in client.get(reverse("desk:home")).content.decode()


@pytest.mark.django_db
def test_resolve_form_prompts_for_feedback_when_none_was_given(
    client, taken, n2_expert
):
    ticket, escalation = taken
    client.force_login(n2_expert)
    assert 'name="resolve-feedback_to_n1"' in client.get(page(ticket)).content.decode()

    services.give_feedback(n2_expert, escalation, feedback="Merci")

    assert (
        'name="resolve-feedback_to_n1"' not in client.get(page(ticket)).content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "answer, status",
    [
        (FollowUpAnswer.STILL_FINE, Status.CLOSED),
        (FollowUpAnswer.CAME_BACK, Status.REOPENED),
    ],
)
def test_expert_records_the_follow_up_answer(client, taken, n2_expert, answer, status):
    ticket, _escalation = taken
    services.resolve_ticket(n2_expert, ticket, cause="IMAP")
    client.force_login(n2_expert)

    client.post(
        act(ticket, "follow_up"),
        posted("follow_up", {"answer": answer, "satisfaction": "5"}),
    )

    ticket.refresh_from_db()
    assert ticket.status == status


@pytest.mark.django_db
def test_escalation_to_n3_carries_the_history_with_its_own_delay(
    client, taken, n2_expert, n3_engineer
):
    ticket, escalation = taken
    services.set_hypotheses(n2_expert, escalation, HYPOTHESES_60_25_15)
    client.force_login(n2_expert)

    client.post(
        act(ticket, "escalate"),
        posted(
            "escalate",
            {
                "target": "n3",
                "escalation_type": "complex",
                "reason": "Problème propre au poste",
                "expected_days": "5",
            },
        ),
    )

    n3 = Escalation.objects.get(to_tier="N3")
    assert round((n3.expected_at - n3.requested_at).total_seconds() / 3600) == 5 * 24
    assert "60% Outlook a changé les paramètres IMAP" in n3.briefing.n1_opinion
    assert n3.briefing.summary == escalation.briefing.summary
    client.force_login(n3_engineer)
    html = client.get(page(ticket)).content.decode()
    assert "Problème propre au poste" in html


@pytest.mark.django_db
def test_escalation_to_a_vendor_needs_its_name(client, taken, n2_expert, english):
    ticket, _escalation = taken
    client.force_login(n2_expert)
    data = {"target": "vendor", "escalation_type": "complex", "reason": "Bug OS"}

    refused = client.post(
        act(ticket, "escalate"), posted("escalate", {**data, "expected_days": "10"})
    )
    client.post(
        act(ticket, "escalate"),
        posted("escalate", {**data, "vendor": "Microsoft", "expected_days": "10"}),
    )

    assert "Name the vendor." in refused.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == Status.WAITING_VENDOR
    assert (
        Escalation.objects.get(vendor="Microsoft").status == EscalationStatus.ACCEPTED
    )


@pytest.mark.django_db
def test_avoidable_escalation_goes_back_with_feedback(client, n1_agent, n2_expert):
    ticket, escalation = escalated_ticket(n1_agent, category=Category.PASSWORD)
    services.accept_escalation(n2_expert, escalation)
    client.force_login(n2_expert)

    response = client.post(
        act(ticket, "return"),
        posted("return", {"feedback": "Réinitialiser le mot de passe à N1."}),
    )

    assert response["Location"] == reverse("desk:queue")
    escalation.refresh_from_db()
    assert escalation.is_avoidable
    assert ticket.events.filter(kind=EventKind.RETURNED_AVOIDABLE).exists()


@pytest.mark.django_db
def test_waiting_on_the_customer_and_resuming(client, taken, n2_expert):
    ticket, _escalation = taken
    client.force_login(n2_expert)

    client.post(act(ticket, "wait"), posted("wait", {"reason": "Envoie une capture"}))
    ticket.refresh_from_db()
    assert ticket.status == Status.WAITING_CUSTOMER
    client.post(act(ticket, "resume"), posted("resume", {"reason": "Capture reçue"}))
    ticket.refresh_from_db()
    assert ticket.status == Status.IN_PROGRESS


@pytest.mark.django_db
def test_similar_past_cases_show_their_causes(client, n1_agent, n2_expert, taken):
    past, past_escalation = escalated_ticket(n1_agent, category=Category.SYNC)
    services.accept_escalation(n2_expert, past_escalation)
    services.resolve_ticket(n2_expert, past, cause="UID remis à zéro par le serveur")
    other, other_escalation = escalated_ticket(n1_agent, category=Category.DATABASE)
    services.accept_escalation(n2_expert, other_escalation)
    services.resolve_ticket(n2_expert, other, cause="Index manquant")
    ticket, _escalation = taken
    client.force_login(n2_expert)

    html = client.get(page(ticket)).content.decode()
    similar = html.split('id="similar"')[1].split("</section>")[0]

    assert "UID remis à zéro par le serveur" in similar
    assert "Index manquant" not in similar


@pytest.mark.django_db
def test_reception_checklist_can_be_completed_in_the_workspace(
    client, n1_agent, n2_expert, supervisor
):
    ticket, escalation = escalated_ticket(n1_agent)
    services.assign_escalation(supervisor, escalation, n2_expert)
    client.force_login(n2_expert)

    client.post(
        act(ticket, "checklist"), posted("checklist", {"briefing_complete": "on"})
    )

    escalation.refresh_from_db()
    assert escalation.reception_checklist == {"briefing_complete": True}


@pytest.mark.django_db
def test_n1_agents_cannot_open_the_workspace(client, taken, n1_agent):
    ticket, _escalation = taken
    client.force_login(n1_agent)
    assert client.get(page(ticket)).status_code == 403
    assert (
        client.post(act(ticket, "note"), posted("note", {"body": "x"})).status_code
        == 403
    )


@pytest.mark.django_db
def test_no_two_elements_of_the_workspace_share_an_id(client, taken, n2_expert):
    ticket, _escalation = taken
    client.force_login(n2_expert)

    html = client.get(page(ticket)).content.decode()

    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [name for name, count in ids.items() if count > 1] == []
    assert 'for="id_wait-reason"' in html and 'id="id_wait-reason"' in html


@pytest.mark.django_db
def test_an_action_url_opened_again_leads_back_to_the_workspace(
    client, taken, n2_expert
):
    ticket, escalation = taken
    client.force_login(n2_expert)

    response = client.get(act(ticket, "resolve"))
    reception = client.get(
        reverse("desk:reception_action", args=[escalation.reference, "accept"])
    )

    assert response.status_code == 302
    assert response.url == page(ticket)
    assert reception.status_code == 302
    assert reception.url == reverse("desk:reception", args=[escalation.reference])
    assert client.put(act(ticket, "resolve")).status_code == 405


@pytest.mark.django_db
def test_time_spent_stops_at_the_resolution(n1_agent, n2_expert):
    from datetime import timedelta

    from escalade import clock
    from escalade.desk.expert_selectors import workspace

    ticket, escalation = escalated_ticket(n1_agent)
    accepted = clock.now()
    with clock.travel_to(accepted):
        services.accept_escalation(n2_expert, escalation)
    with clock.travel_to(accepted + timedelta(hours=2)):
        services.resolve_ticket(n2_expert, ticket, cause="Cache")

    later = workspace(ticket.reference, accepted + timedelta(days=3))

    assert later.time_spent == timedelta(hours=2)
