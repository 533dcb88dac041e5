"""A supervisor reads December's KPIs in Chromium and exports them."""

from datetime import date

import pytest

from escalade.reports.generator import DECEMBER_2025, Staff, generate_month
from tests.browser import shoot


@pytest.fixture
def page(chromium):
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    yield page
    page.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_supervisor_reads_december_kpis_and_exports_them(
    live_server, page, supervisor, n1_agent, n2_expert
):
    generate_month(date(2025, 12, 1), Staff([n1_agent], [n2_expert]), DECEMBER_2025)

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", supervisor.username)
    page.fill("#id_password", "secret-password-1")
    page.click("button[type=submit]")
    page.click("header nav a[href='/reports/']")
    page.fill("#id_start", "2025-12-01")
    page.fill("#id_end", "2025-12-31")
    page.select_option("#id_by", "agent")
    page.click("form.filters button[type=submit]")

    rate = page.locator("#kpi-escalation_rate")
    assert "68/850 (8%)" in rate.inner_text()
    assert rate.locator(".badge.met").count() == 1
    assert page.locator("#kpi-avoidable_rate .badge.missed").count() == 1
    assert page.locator("svg.chart").count() >= 11
    shoot(page, "reports-december")

    with page.expect_download() as download:
        page.click("a[href*='export.xlsx']")
    assert download.value.suggested_filename.endswith("2025-12-31.xlsx")
