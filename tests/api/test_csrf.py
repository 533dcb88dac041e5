"""Tokens need no CSRF token; the session still does, on every write."""

import json

import pytest
from django.conf import settings
from django.test import Client

from escalade.api.models import ApiToken
from escalade.tickets.models import Ticket
from tests.api.conftest import bearer
from tests.factories import make_customer

pytestmark = pytest.mark.django_db

CSRF_SECRET = "k" * 32


@pytest.fixture
def strict_client() -> Client:
    """A client that checks CSRF like a browser request would be checked."""
    return Client(enforce_csrf_checks=True)


def open_ticket(client: Client, **headers):
    body = {"customer": make_customer().reference, "title": "Imprimante hors ligne"}
    return client.post("/api/tickets", json.dumps(body), "application/json", **headers)


def test_bearer_token_writes_without_a_csrf_token(strict_client, n1_agent):
    response = open_ticket(strict_client, **bearer(n1_agent))
    assert response.status_code == 201, response.content
    assert Ticket.objects.count() == 1


def test_api_key_header_writes_without_a_csrf_token(strict_client, n1_agent):
    _token, raw = ApiToken.issue(n1_agent, "tests")
    response = open_ticket(strict_client, HTTP_X_API_KEY=raw)
    assert response.status_code == 201, response.content


def test_session_write_without_csrf_token_is_refused(strict_client, n1_agent):
    strict_client.force_login(n1_agent)
    response = open_ticket(strict_client)
    assert response.status_code == 403
    assert Ticket.objects.count() == 0


def test_session_write_with_csrf_token_works(strict_client, n1_agent):
    strict_client.force_login(n1_agent)
    strict_client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
    response = open_ticket(strict_client, HTTP_X_CSRFTOKEN=CSRF_SECRET)
    assert response.status_code == 201, response.content
    assert Ticket.objects.count() == 1
