"""The desk's own 403 and 404 pages, and the icon every page names."""

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import permission_denied

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def test_an_unknown_page_says_so_and_leads_back_to_the_desk(client, n1_agent):
    client.force_login(n1_agent)

    response = client.get("/no-such-page/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in page
    assert f'href="{reverse("desk:home")}"' in page
    assert "desk.css" in page


def test_a_refused_page_says_so_and_leads_back_to_the_desk(n1_agent):
    request = RequestFactory().get("/training/")
    request.user = n1_agent

    response = permission_denied(request, PermissionDenied("Supervisors only."))

    page = response.content.decode()
    assert response.status_code == 403
    assert "Access denied" in page
    assert "Supervisors only." in page
    assert f'href="{reverse("desk:home")}"' in page


def test_every_page_names_an_icon_that_exists(client):
    page = client.get(reverse("login")).content.decode()

    assert 'rel="icon"' in page
    assert finders.find("escalade/favicon.svg")
