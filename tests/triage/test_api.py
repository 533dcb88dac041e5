import json

import pytest


def post(client, body) -> "object":
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post("/api/triage", data=data, content_type="application/json")


@pytest.fixture
def agent_client(client, n1_agent):
    client.force_login(n1_agent)
    return client


def test_the_endpoint_answers_a_decision(agent_client):
    response = post(agent_client, {"description": "Problème sécurité : compte piraté"})

    assert response.status_code == 200
    body = response.json()
    assert body["outcome"] == "escalate"
    assert body["priority"] == "urgent"
    assert body["reasons"][0]["rule"] == "always.security"
    assert body["second_opinion"] is None


def test_bad_input_answers_400_with_field_errors(agent_client):
    response = post(agent_client, {"description": "", "times_asked": "two"})

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"description", "times_asked"}


def test_a_body_that_is_not_json_answers_400(agent_client):
    response = post(agent_client, "{oops")

    assert response.status_code == 400
    assert "__all__" in response.json()["errors"]


@pytest.mark.django_db
def test_an_anonymous_caller_is_refused(client):
    response = post(client, {"description": "mot de passe oublié"})

    assert response.status_code == 401


def test_the_openapi_description_lists_the_endpoint(agent_client):
    schema = agent_client.get("/api/openapi.json").json()

    assert "post" in schema["paths"]["/api/triage"]
