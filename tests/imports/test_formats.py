"""The other built-in formats, the generic mapping, SLA agreement and triage."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from escalade.accounts.models import Tier
from escalade.imports.formats.bpi import Bpi2013Problems
from escalade.imports.formats.glpi import GlpiTestkit
from escalade.imports.formats.mapping import MappedFormat, MappingError, load_mapping
from escalade.imports.formats.topics import TopicGroupTickets
from escalade.imports.formats.uci import UciEventLog
from escalade.imports.services import run_import
from escalade.imports.sla_check import sla_agreement
from escalade.imports.triage import fill_triage
from escalade.tickets.choices import Category, Priority, Status
from escalade.tickets.models import Ticket
from escalade.tickets.timeline import EventKind
from escalade.triage.types import Decision, Reason
from tests.imports.conftest import DOCS

pytestmark = pytest.mark.django_db
MAPPING = DOCS / "examples" / "helpdesk-mapping.toml"


def test_glpi_events_give_tiers_escalations_and_pauses(fixtures, report):
    summary = run_import(
        fixtures / "glpi_slice.json", GlpiTestkit(), report_path=report
    )
    assert (summary.rows_read, summary.tickets_created, summary.rows_rejected) == (
        5,
        4,
        1,
    )
    solved = Ticket.objects.get(source="glpi-testkit", source_id="2")
    assert solved.status == Status.CLOSED
    escalation = solved.escalations.get()
    assert (escalation.from_tier, escalation.to_tier) == (Tier.N1, Tier.N3)
    assert solved.category == Category.SECURITY
    waiting = Ticket.objects.get(source="glpi-testkit", source_id="10")
    assert waiting.status == Status.WAITING_CUSTOMER
    assert "“not a date”" in report.read_text(encoding="utf-8")


def test_bpi_lines_become_n2_and_n3_escalations(fixtures, report):
    summary = run_import(
        fixtures / "bpi2013_slice.csv", Bpi2013Problems(), report_path=report
    )
    assert summary.tickets_created == 3
    assert summary.rows_rejected == 1
    case = Ticket.objects.get(source="bpi2013", source_id="1-364018090")
    tiers = list(case.escalations.order_by("number").values_list("to_tier", flat=True))
    # 3rd line first (N1 to N3), back to the 2nd, to the 3rd again, back.
    assert tiers == [Tier.N3, Tier.N3]
    handovers = case.events.filter(kind=EventKind.ASSIGNED)
    assert [e.after["tier"] for e in handovers] == [Tier.N2, Tier.N2]
    assert case.created_at == datetime(2010, 3, 30, 18, 13, 33, tzinfo=ZoneInfo("UTC"))
    second_line = Ticket.objects.get(source_id="1-310231291")
    assert second_line.escalations.get().to_tier == Tier.N2


def test_topic_texts_become_new_tickets_keyed_by_line(fixtures, report):
    summary = run_import(
        fixtures / "it_topics_slice.csv", TopicGroupTickets(), report_path=report
    )
    assert (summary.tickets_created, summary.rows_rejected) == (4, 1)
    first = Ticket.objects.get(source="it-topic-groups", source_id="line-2")
    assert first.status == Status.NEW and first.description.startswith("connection")
    imported = first.events.get(kind=EventKind.IMPORTED)
    assert imported.after["topic_group"] == "Hardware"


def test_mapping_imports_a_foreign_export(fixtures, report):
    fmt = MappedFormat(load_mapping(MAPPING))
    summary = run_import(fixtures / "helpdesk_export.csv", fmt, report_path=report)
    assert (summary.tickets_created, summary.rows_rejected) == (3, 2)
    closed = Ticket.objects.get(source="acme-helpdesk", source_id="H-1")
    assert (closed.status, closed.current_tier) == (Status.CLOSED, Tier.N2)
    assert closed.category == Category.SYNC
    assert closed.customer.email == "marie@example.com"
    working = Ticket.objects.get(source_id="H-3")
    assert (working.status, working.priority) == (Status.IN_PROGRESS, Priority.URGENT)
    assert working.customer == closed.customer
    solved_at_n1 = Ticket.objects.get(source_id="H-2")
    assert solved_at_n1.status == Status.RESOLVED_N1
    assert solved_at_n1.customer.email == ""
    reasons = report.read_text(encoding="utf-8")
    assert "status “Waiting” is not in the mapping's [status] table" in reasons
    assert "“hier” is not a date and time" in reasons


def test_mapping_mistakes_are_named_before_the_import(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[columns]\nnumber = "x"\n[priority]\n"P1" = "critical"\n')
    with pytest.raises(MappingError) as error:
        load_mapping(bad)
    message = str(error.value)
    assert "[source] name is required" in message
    assert "unknown fields: number" in message
    assert "[columns] id is required" in message
    assert "'critical'" in message


def test_sla_agreement_compares_with_made_sla(fixtures, report):
    run_import(fixtures / "uci498_events_slice.csv", UciEventLog(), report_path=report)
    result = sla_agreement("uci498")
    resolved = Ticket.objects.filter(source="uci498", resolved_at__isnull=False)
    assert result.compared == resolved.count() == 5
    desk_met = sum(t.resolved_at <= t.resolution_due_at for t in resolved)
    assert result.both_met + result.only_desk_met == desk_met
    assert result.agreeing + result.only_desk_met + result.only_source_met == 5


def test_fill_triage_stores_a_suggestion_on_tickets_with_text(fixtures, report):
    run_import(
        fixtures / "it_topics_slice.csv", TopicGroupTickets(), report_path=report
    )
    seen = []

    def decide(case):
        seen.append(case.description)
        return Decision(
            outcome="handle_at_n1",
            priority="low",
            category="other",
            reasons=(Reason(rule="test.rule", text="because"),),
        )

    assert fill_triage(decide) == 4
    ticket = Ticket.objects.get(source_id="line-2")
    assert ticket.triage_outcome == "handle_at_n1"
    assert ticket.triage_reasons == [{"rule": "test.rule", "text": "because"}]
    assert fill_triage(decide) == 0
    assert len(seen) == 4


def test_import_command_prints_figures_and_agreement(fixtures, tmp_path, capsys):
    call_command(
        "import",
        str(fixtures / "uci498_events_slice.csv"),
        "--format",
        "uci498-events",
        "--report",
        str(tmp_path / "r.csv"),
    )
    out = capsys.readouterr().out
    assert "tickets created" in out and "6" in out
    assert "SLA verdict, desk vs uci498" in out
    assert (tmp_path / "r.csv").exists()


def test_triage_from_db_gives_imported_tickets_the_engine_s_suggestion(
    fixtures, report, capsys
):
    run_import(
        fixtures / "it_topics_slice.csv", TopicGroupTickets(), report_path=report
    )

    call_command("triage", "--from-db", "--no-second-opinion")

    suggested = Ticket.objects.exclude(triage_outcome="")
    assert suggested.count() == 4
    assert set(suggested.values_list("triage_outcome", flat=True)) <= {
        "handle_at_n1",
        "escalate",
        "borderline",
    }
    assert all(ticket.triage_reasons for ticket in suggested)
    assert "4 tickets" in capsys.readouterr().out
