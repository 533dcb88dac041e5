"""The REST API: authentication, permissions, the escalation flow, JSON errors."""

import json

import pytest
from django.core.management import call_command

from escalade.api.models import ApiToken, hash_token
from escalade.tickets.choices import Status
from tests.api.conftest import bearer
from tests.factories import HYPOTHESES_60_25_15, escalated_ticket, make_customer

pytestmark = pytest.mark.django_db


def post(client, url, body, headers):
    return client.post(url, json.dumps(body), "application/json", **headers)


def test_anonymous_request_is_refused(client):
    response = client.get("/api/tickets")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentification requise."}


def test_person_without_a_role_is_forbidden(client, outsider):
    response = client.get("/api/tickets", **bearer(outsider))
    assert response.status_code == 403


def test_session_works_as_well_as_a_token(client, n1_agent):
    escalated_ticket(n1_agent)
    client.force_login(n1_agent)
    response = client.get("/api/tickets")
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_tickets_are_paginated_and_filtered(client, n1_agent, as_n1):
    for _ in range(3):
        escalated_ticket(n1_agent)
    page = client.get("/api/tickets?limit=2&status=awaiting_n2", **as_n1).json()
    assert page["count"] == 3 and len(page["items"]) == 2
    none = client.get("/api/tickets?status=closed", **as_n1).json()
    assert none["count"] == 0


def test_bad_filter_value_is_a_400(client, as_n1):
    response = client.get("/api/tickets?status=nonsense", **as_n1)
    assert response.status_code == 400


def test_unknown_ticket_is_a_404(client, as_n1):
    assert client.get("/api/tickets/TK-99999", **as_n1).status_code == 404


def test_n1_opens_and_escalates_with_the_briefing(client, as_n1):
    customer = make_customer()
    opened = post(
        client,
        "/api/tickets",
        {"customer": customer.reference, "title": "E-mails en double"},
        as_n1,
    )
    assert opened.status_code == 201
    reference = opened.json()["reference"]
    assert opened.json()["status"] == Status.DIAGNOSING

    escalated = post(
        client,
        f"/api/tickets/{reference}/escalations",
        {"priority": "normal", "briefing": {"summary": "Chaque mail arrive 2 fois."}},
        as_n1,
    )
    assert escalated.status_code == 201
    body = escalated.json()
    assert body["reference"] == f"{reference}-TECH-001"
    assert body["briefing"]["summary"] == "Chaque mail arrive 2 fois."


def test_missing_field_is_a_400_naming_it(client, as_n1):
    response = post(client, "/api/tickets", {"title": ""}, as_n1)
    assert response.status_code == 400
    assert response.json()["errors"] == {"title": ["Donnez un titre court au ticket."]}


def test_second_accept_is_a_409(client, n1_agent, as_n2, as_other_n2):
    _ticket, escalation = escalated_ticket(n1_agent)
    url = f"/api/escalations/{escalation.reference}/accept"
    first = post(client, url, {}, as_n2)
    assert first.status_code == 200 and first.json()["status"] == "accepted"
    second = post(client, url, {}, as_other_n2)
    assert second.status_code == 409
    assert second.json()["code"] == "conflict"


def test_n1_cannot_accept_an_escalation(client, n1_agent, as_n1):
    _ticket, escalation = escalated_ticket(n1_agent)
    url = f"/api/escalations/{escalation.reference}/accept"
    assert post(client, url, {}, as_n1).status_code == 403


def test_expert_works_the_escalation_to_resolution(client, n1_agent, as_n2):
    _ticket, escalation = escalated_ticket(n1_agent)
    base = f"/api/escalations/{escalation.reference}"
    post(client, f"{base}/accept", {}, as_n2)

    wrong = client.put(
        f"{base}/hypotheses",
        json.dumps([{"probability": 50, "cause": "IMAP"}]),
        "application/json",
        **as_n2,
    )
    assert wrong.status_code == 400
    assert "hypotheses" in wrong.json()["errors"]
    right = client.put(
        f"{base}/hypotheses",
        json.dumps(HYPOTHESES_60_25_15),
        "application/json",
        **as_n2,
    )
    assert right.status_code == 200
    assert [h["probability"] for h in right.json()] == [60, 25, 15]

    resolved = post(
        client, f"{base}/resolve", {"cause": "Outlook", "satisfaction": 5}, as_n2
    )
    assert resolved.status_code == 200
    assert resolved.json()["status"] == Status.RESOLVED
    again = post(client, f"{base}/resolve", {"cause": "Outlook"}, as_n2)
    assert again.status_code == 409


def test_queue_lists_awaiting_escalations_urgent_first(client, n1_agent, as_n2):
    escalated_ticket(n1_agent, priority="normal")
    _t, urgent = escalated_ticket(n1_agent, priority="urgent")
    queue = client.get("/api/queue", **as_n2).json()
    assert queue["awaiting"][0]["escalation"] == urgent.reference
    assert queue["awaiting"][0]["minutes_left"] is not None


def test_expert_returns_an_avoidable_escalation(client, n1_agent, as_n2):
    ticket, escalation = escalated_ticket(n1_agent)
    base = f"/api/escalations/{escalation.reference}"
    response = post(
        client, f"{base}/return", {"feedback": "Réinitialiser le MDP."}, as_n2
    )
    assert response.status_code == 200
    assert response.json()["status"] == "returned"
    assert (
        client.get(f"/api/tickets/{ticket.reference}", **as_n2).json()["current_tier"]
        == "N1"
    )


def test_api_token_command_issues_a_working_token(n2_expert, capsys):
    call_command("api_token", n2_expert.username, "--name", "crm")
    raw = capsys.readouterr().out.strip()
    assert ApiToken.objects.get(key_hash=hash_token(raw)).user == n2_expert


def test_interactive_docs_use_local_files_not_a_cdn(client, n1_agent):
    client.force_login(n1_agent)
    response = client.get("/api/docs")
    page = response.content.decode()
    assert response.status_code == 200
    assert "cdn." not in page
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


def test_expert_cannot_resolve_a_colleagues_escalation(
    client, n1_agent, other_expert, as_n2, as_other_n2
):
    ticket, escalation = escalated_ticket(n1_agent)
    url = f"/api/escalations/{escalation.reference}"
    assert post(client, f"{url}/accept", {}, as_other_n2).status_code == 200

    refused = post(client, f"{url}/resolve", {"cause": "Cache corrompu"}, as_n2)

    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    assert "Sarah Klein" in refused.json()["detail"]
    ticket.refresh_from_db()
    assert ticket.status == Status.IN_PROGRESS
    assert ticket.resolutions.count() == 0
