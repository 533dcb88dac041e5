"""After an import of the ServiceNow log, the desk shows its tickets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from escalade.imports.formats.uci import UciEventLog
from escalade.imports.services import run_import
from escalade.tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(fixtures, report):
    run_import(fixtures / "uci498_events_slice.csv", UciEventLog(), report_path=report)
    return Ticket.objects.get(source_id="INC0000062")


def test_supervisor_dashboard_shows_the_imported_escalation(
    client, supervisor, imported
):
    client.force_login(supervisor)
    page = client.get("/").content.decode()
    assert imported.reference in page


def test_expert_queue_shows_the_imported_escalation(client, n2_expert, imported):
    client.force_login(n2_expert)
    assert imported.reference in client.get("/").content.decode()


def test_imported_ticket_page_shows_its_history(client, n2_expert, fixtures, report):
    run_import(fixtures / "uci498_events_slice.csv", UciEventLog(), report_path=report)
    ticket = Ticket.objects.get(source_id="INC0000047")
    client.force_login(n2_expert)
    response = client.get(f"/tickets/{ticket.reference}/")
    assert response.status_code == 200
    assert f"{ticket.reference}-TECH-001" in response.content.decode()


def test_api_lists_imported_tickets_by_source(client, n2_expert, imported):
    client.force_login(n2_expert)
    body = client.get("/api/tickets?source=uci498&limit=10").json()
    assert body["count"] == 6
    queue = client.get("/api/queue").json()
    assert [item["ticket"] for item in queue["awaiting"]] == [imported.reference]


def test_ticket_list_query_count_does_not_grow_with_the_data(
    client, n2_expert, fixtures, report
):
    client.force_login(n2_expert)
    run_import(fixtures / "uci498_events_slice.csv", UciEventLog(), report_path=report)
    with CaptureQueriesContext(connection) as small:
        client.get("/api/tickets?limit=50")
    Ticket.objects.update(source="")  # the same file imports again as new tickets
    run_import(fixtures / "uci498_events_slice.csv", UciEventLog(), report_path=report)
    with CaptureQueriesContext(connection) as large:
        client.get("/api/tickets?limit=50")
    assert len(large) == len(small)
