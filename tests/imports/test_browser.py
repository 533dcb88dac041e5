"""End to end: the ServiceNow slice imported, a supervisor sees it in the desk."""

import pytest

from escalade.imports.formats.uci import UciEventLog
from escalade.imports.services import run_import
from escalade.tickets.models import Ticket
from tests.browser import shoot


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_supervisor_sees_imported_servicenow_tickets(
    live_server, supervisor, fixtures, report, chromium
):
    run_import(fixtures / "uci498_events_slice.csv", UciEventLog(), report_path=report)
    waiting = Ticket.objects.get(source_id="INC0000062")

    page = chromium.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", supervisor.username)
    page.fill("#id_password", "secret-password-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()

    assert waiting.reference in page.content()
    shoot(page, "import-dashboard")

    page.goto(f"{live_server.url}/tickets/{waiting.reference}/")
    assert f"{waiting.reference}-TECH-001" in page.content()
    shoot(page, "import-ticket")
    page.close()
