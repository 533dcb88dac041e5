"""The dashboard, its exports, the targets page, the API and the command."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from escalade.reports.generator import DECEMBER_2025, Staff, generate_month
from escalade.reports.kpis import Kpi
from escalade.reports.models import KpiTarget
from tests.reports.desk_week import build_desk_week

WEEK_QUERY = {"start": "2026-03-02", "end": "2026-03-08"}
DECEMBER_QUERY = {"start": "2025-12-01", "end": "2025-12-31", "by": "agent"}


@pytest.fixture
def week(db):
    return build_desk_week()


def test_dashboard_shows_each_kpi_with_its_mark(client, supervisor, week):
    client.force_login(supervisor)
    response = client.get("/reports/", WEEK_QUERY)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="kpi-escalation_rate"' in page
    assert "4/8 (50%)" in page
    assert "<svg" in page  # the charts are drawn on the server
    assert page.count('class="badge missed"') >= 7


def test_dashboard_is_refused_to_agents(client, n1_agent):
    client.force_login(n1_agent)
    assert client.get("/reports/").status_code == 403


def test_dashboard_defaults_to_this_month(client, supervisor):
    client.force_login(supervisor)
    assert client.get("/reports/").status_code == 200


def test_dashboard_refuses_a_period_that_ends_before_it_starts(client, supervisor):
    client.force_login(supervisor)
    response = client.get("/reports/", {"start": "2026-03-08", "end": "2026-03-01"})
    assert response.status_code == 400
    assert "La fin précède le début." in response.content.decode()


def test_dashboard_query_count_does_not_grow_with_the_data(
    client, supervisor, n1_agent, n2_expert
):
    staff = Staff([n1_agent], [n2_expert])
    client.force_login(supervisor)
    generate_month(date(2025, 12, 1), staff, DECEMBER_2025.scaled(100))
    with CaptureQueriesContext(connection) as small:
        client.get("/reports/", DECEMBER_QUERY)
    generate_month(date(2025, 12, 1), staff, DECEMBER_2025, first_number=5000)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/reports/", DECEMBER_QUERY)
    # 8 of 100 contacts, then 68 of 850 more, all escalated in December.
    assert "76/950 (8%)" in response.content.decode()
    assert len(small) == len(large)


def test_csv_export_holds_the_kpis_and_sla(client, supervisor, week):
    client.force_login(supervisor)
    response = client.get("/reports/export.csv", WEEK_QUERY)
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_key = {(row["section"], row["key"]): row for row in rows}
    rate = by_key[("kpi", "escalation_rate")]
    assert (rate["count"], rate["total"], rate["met"]) == ("4", "8", "missed")
    assert by_key[("sla", "urgent:n2_acceptance")]["shown"] == "0/1"


def test_xlsx_export_opens_with_the_same_figures(client, supervisor, week):
    client.force_login(supervisor)
    response = client.get("/reports/export.xlsx", WEEK_QUERY)
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Report"].iter_rows(min_row=3, values_only=True))
    rate = next(row for row in rows if row[1] == "briefing_quality")
    assert rate[3:6] == ("3/4 (75%)", 3, 4)
    learning = list(book["Learning"].iter_rows(min_row=2, values_only=True))
    assert ("server_config", 1, 0) in [(r[0], r[2], r[3]) for r in learning]


def test_supervisor_edits_a_target(client, supervisor, db):
    client.force_login(supervisor)
    data = _target_post()
    data["escalation_rate-minimum"] = "4"
    response = client.post("/reports/targets/", data)
    assert response.status_code == 302
    target = KpiTarget.objects.get(kpi=Kpi.ESCALATION_RATE)
    assert (target.minimum, target.maximum, target.updated_by) == (4, 10, supervisor)


def test_a_minimum_above_the_maximum_is_refused_and_nothing_changes(
    client, supervisor, db
):
    client.force_login(supervisor)
    data = _target_post()
    data["escalation_rate-minimum"] = "12"
    data["satisfaction-minimum"] = "4.2"
    response = client.post("/reports/targets/", data)
    assert response.status_code == 200
    assert "Le minimum est supérieur au maximum." in response.content.decode()
    assert KpiTarget.objects.get(kpi=Kpi.ESCALATION_RATE).minimum == 5
    assert KpiTarget.objects.get(kpi=Kpi.SATISFACTION).minimum == 4.5


def _target_post() -> dict:
    """The targets form as the page fills it: the spec's defaults."""
    data = {}
    for target in KpiTarget.objects.all():
        for name in ("minimum", "maximum"):
            value = getattr(target, name)
            data[f"{target.kpi}-{name}"] = "" if value is None else str(value)
        if target.is_maximum_strict:
            data[f"{target.kpi}-is_maximum_strict"] = "on"
    return data


def test_api_gives_the_report_to_a_supervisor(client, supervisor, week):
    client.force_login(supervisor)
    response = client.get("/api/reports", WEEK_QUERY)
    assert response.status_code == 200
    body = response.json()
    kpis = {kpi["key"]: kpi for kpi in body["kpis"]}
    assert kpis["satisfaction"]["value"] == 4.5
    assert body["sla"][0]["late_segments"] == [
        "n2_acceptance",
        "n2_resolution",
        "customer",
    ]


def test_api_refuses_agents(client, n1_agent):
    client.force_login(n1_agent)
    assert client.get("/api/reports", WEEK_QUERY).status_code == 403


def test_api_changes_a_target(client, supervisor):
    client.force_login(supervisor)
    response = client.put(
        "/api/reports/targets/feedback_rate",
        data=json.dumps({"minimum": "85"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["shown"] == "≥ 85%"


def test_report_command_prints_text_json_and_csv(week, capsys):
    call_command("report", "--from", "2026-03-02", "--to", "2026-03-08")
    text = capsys.readouterr().out
    assert "4/8 (50%)" in text
    assert "en retard : prise en charge N2, résolution N2, client" in text

    call_command(
        "report", "--from", "2026-03-02", "--to", "2026-03-08", "--format", "json"
    )
    body = json.loads(capsys.readouterr().out)
    assert body["kpis"][0]["count"] == 4

    call_command(
        "report",
        "--from=2026-03-02",
        "--to=2026-03-08",
        "--team=Hotline",
        "--format=csv",
    )
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["shown"] == "2/4 (50%)"


@pytest.mark.parametrize(
    "args",
    [
        ["--from", "2026-13-01", "--to", "2026-03-08"],
        ["--from", "2026-03-08", "--to", "2026-03-01"],
        ["--from", "2026-03-01", "--to", "2026-03-08", "--team", "Nobody"],
    ],
)
def test_report_command_refuses_bad_input_plainly(db, args):
    with pytest.raises(CommandError):
        call_command("report", *args)
