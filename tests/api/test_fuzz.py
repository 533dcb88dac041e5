"""schemathesis fuzzes every endpoint of the OpenAPI description: no 5xx."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from escalade.api.models import ApiToken
from escalade.tickets.services import escalate_to_n2
from tests.factories import briefing, make_person, open_ticket

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def supervisor_token(db):
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
