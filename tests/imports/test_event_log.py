"""The UCI ServiceNow event log: status history, handovers, pauses, reopenings."""

import csv
import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import DatabaseError

from escalade.accounts.models import Tier
from escalade.imports.formats.uci import UciEventLog
from escalade.imports.services import run_import
from escalade.imports.writer import BatchWriter
from escalade.tickets.choices import EscalationStatus, Priority, Status
from escalade.tickets.models import Escalation, Resolution, Ticket
from escalade.tickets.timeline import EventKind

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(fixtures, report):
    return run_import(
        fixtures / "uci498_events_slice.csv",
        UciEventLog("Europe/Paris"),
        report_path=report,
        batch_size=2,
    )


def ticket(source_id: str) -> Ticket:
    return Ticket.objects.get(source="uci498", source_id=source_id)


def test_every_incident_becomes_one_ticket(imported):
    assert imported.rows_read == 36
    assert imported.tickets_created == 6
    assert Ticket.objects.filter(source="uci498").count() == 6


def test_ticket_keeps_its_original_times(imported):
    simple = ticket("INC0000045")
    assert simple.created_at == datetime(2016, 2, 29, 1, 16, tzinfo=PARIS)
    assert simple.resolved_at == datetime(2016, 2, 29, 11, 29, tzinfo=PARIS)
    assert simple.closed_at == datetime(2016, 3, 5, 12, 0, tzinfo=PARIS)
    assert simple.status == Status.CLOSED
    assert simple.reference.startswith("TK-")


def test_status_history_is_replayed_at_the_original_times(imported):
    events = list(ticket("INC0000047").events.order_by("at", "pk"))
    moves = [
        (e.kind, e.status_before, e.status_after) for e in events if e.status_after
    ]
    assert moves == [
        (EventKind.CREATED, Status.NEW, Status.NEW),
        (EventKind.ESCALATED, Status.NEW, Status.AWAITING_N2),
        (EventKind.ACCEPTED, Status.AWAITING_N2, Status.IN_PROGRESS),
        (EventKind.WAITING_CUSTOMER, Status.IN_PROGRESS, Status.WAITING_CUSTOMER),
        (EventKind.RESOLVED, Status.WAITING_CUSTOMER, Status.RESOLVED),
        (EventKind.CLOSED, Status.RESOLVED, Status.CLOSED),
    ]
    escalated = next(e for e in events if e.kind == EventKind.ESCALATED)
    assert escalated.at == datetime(2016, 2, 29, 5, 30, tzinfo=PARIS)
    assert escalated.before == {"tier": Tier.N1, "team": "Group 70"}
    assert escalated.after == {"tier": Tier.N2, "team": "Group 24"}


def test_reassignment_is_an_escalation_to_n2(imported):
    escalation = Escalation.objects.get(ticket=ticket("INC0000047"))
    assert escalation.reference == f"{ticket('INC0000047').reference}-TECH-001"
    assert (escalation.from_tier, escalation.to_tier) == (Tier.N1, Tier.N2)
    assert escalation.status == EscalationStatus.RESOLVED
    assert escalation.team.name == "Group 24"
    assert escalation.briefing.summary == ticket("INC0000047").title


def test_cut_log_leaves_an_escalation_awaiting_n2(imported):
    open_ticket = ticket("INC0000062")
    assert open_ticket.status == Status.AWAITING_N2
    assert open_ticket.priority == Priority.URGENT
    assert open_ticket.escalations.get().status == EscalationStatus.AWAITING
    assert open_ticket.resolved_at is None


def test_resolved_ticket_coming_back_is_reopened(imported):
    kinds = list(ticket("INC0001068").events.values_list("kind", flat=True))
    assert EventKind.REOPENED in kinds
    assert kinds.count(EventKind.RESOLVED) == 2


def test_awaiting_vendor_pauses_the_ticket(imported):
    kinds = list(ticket("INC0001287").events.values_list("kind", flat=True))
    assert EventKind.WAITING_VENDOR in kinds
    assert ticket("INC0001287").status == Status.CLOSED


def test_never_escalated_ticket_is_resolved_at_n1(imported):
    simple = ticket("INC0000045")
    assert simple.escalations.count() == 0
    assert simple.events.filter(kind=EventKind.RESOLVED_N1).exists()
    resolution = Resolution.objects.get(ticket=simple)
    assert (resolution.tier, resolution.cause) == (Tier.N1, "code 5")


def test_caller_becomes_a_customer_with_nothing_invented(imported):
    customer = ticket("INC0000045").customer
    assert customer.source_id == "Caller 2403"
    assert (customer.first_name, customer.last_name, customer.email) == ("", "", "")
    assert customer.phone == ""


def test_unknown_state_rows_are_rejected_with_line_and_reason(imported, report):
    assert imported.rows_rejected == 2
    with open(report, encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert [(r["line"], r["ticket"]) for r in rows] == [
        ("35", "INC0028089"),
        ("36", "INC0028089"),
    ]
    assert rows[0]["reason"] == "unknown incident_state “-100”"
    assert ticket("INC0028089").status == Status.RESOLVED_N1


def test_reimporting_the_same_file_creates_no_duplicates(imported, fixtures, report):
    again = run_import(
        fixtures / "uci498_events_slice.csv", UciEventLog(), report_path=report
    )
    assert (again.tickets_created, again.tickets_existing) == (0, 6)
    assert Ticket.objects.count() == 6
    assert Escalation.objects.count() == 3


def test_zip_member_is_read_as_a_stream(fixtures, report, tmp_path):
    archive = tmp_path / "log.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.write(fixtures / "uci498_events_slice.csv", "incident_event_log.csv")
    summary = run_import(archive, UciEventLog(), report_path=report)
    assert summary.tickets_created == 6


def test_failed_batch_is_retried_ticket_by_ticket(fixtures, report, monkeypatch):
    write = BatchWriter.write

    def refuse_one(self, records):
        if any(r.fields.source_id == "INC0000047" for r in records):
            raise DatabaseError("simulated failure")
        return write(self, records)

    monkeypatch.setattr(BatchWriter, "write", refuse_one)
    summary = run_import(
        fixtures / "uci498_events_slice.csv", UciEventLog(), report_path=report
    )
    assert summary.tickets_created == 5
    assert not Ticket.objects.filter(source_id="INC0000047").exists()
    assert summary.rows_rejected == 2 + 9
    assert "simulated failure" in report.read_text(encoding="utf-8")
