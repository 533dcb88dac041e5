"""schemathesis fuzzes every endpoint of the OpenAPI description: no 5xx."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from escalade.api.models import ApiToken
from escalade.tickets.services import escalate_to_n2
from tests.factories import briefing, make_person, open_ticket

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def keep_connection():
    """Calls go straight to the WSGI app, so do what Django's test client does:
    keep the test's connection (and its transaction) open between requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def supervisor_token(db, keep_connection):
    """A supervisor (who may call every endpoint) and some data to find."""
    boss = make_person("supervisor", "fuzz-boss")
    agent = make_person("N1", "fuzz-agent")
    ticket = open_ticket(agent)
    escalate_to_n2(agent, ticket, briefing=briefing(), priority="normal")
    _token, raw = ApiToken.issue(boss, "fuzz")
    return raw


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_endpoint_answers_with_a_server_error(case, supervisor_token):
    response = case.call(headers={"Authorization": f"Bearer {supervisor_token}"})
    assert response.status_code < 500, (case.method, case.path, response.text[:500])
