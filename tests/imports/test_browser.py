"""End to end: the ServiceNow slice imported, a supervisor sees it in the desk."""

import os
from pathlib import Path

import pytest

from escalade.imports.formats.uci import UciEventLog
from escalade.imports.services import run_import
from escalade.tickets.models import Ticket

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
SCREENSHOTS = Path(__file__).parents[2] / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_supervisor_sees_imported_servicenow_tickets(
    live_server, supervisor, fixtures, report
):
    from playwright.sync_api import sync_playwright

    run_import(fixtures / "uci498_events_slice.csv", UciEventLog(), report_path=report)
    waiting = Ticket.objects.get(source_id="INC0000062")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", supervisor.username)
        page.fill("#id_password", "secret-password-1")
        page.click("button[type=submit]")
        page.wait_for_load_state()

        assert waiting.reference in page.content()
        page.screenshot(path=SCREENSHOTS / "import-dashboard.png", full_page=True)

        page.goto(f"{live_server.url}/tickets/{waiting.reference}/")
        assert f"{waiting.reference}-TECH-001" in page.content()
        page.screenshot(path=SCREENSHOTS / "import-ticket.png", full_page=True)
        browser.close()
