"""Which SLA alarms are e-mailed: only those someone can still act on."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from escalade import clock
from escalade.sla import services as sla
from escalade.sla.models import Clock, ClockState, Policy
from escalade.tickets import services
from escalade.tickets.choices import Priority
from escalade.tickets.models import Ticket, TimelineEvent
from escalade.tickets.timeline import EventKind
from tests.factories import escalated_ticket, open_ticket

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
START = datetime(2025, 12, 19, 14, 30, tzinfo=PARIS)


def at(hours: float):
    return clock.travel_to(START + timedelta(hours=hours))


def alarm_events(ticket, kind: str) -> list[str]:
    found = TimelineEvent.objects.filter(ticket=ticket, kind=kind)
    return sorted(event.after["clock"] for event in found)


@pytest.fixture
def boss(supervisor):
    supervisor.email = "nadia@example.com"
    supervisor.save()
    return supervisor


def test_a_live_ticket_breach_is_e_mailed(n1_agent, boss):
    with at(0):
        ticket, _escalation = escalated_ticket(n1_agent)
    with at(49):
        sla.sweep_clocks()

    assert ticket.emails.filter(kind="sla_breached").exists()


def test_an_imported_ticket_breach_is_marked_but_not_e_mailed(n1_agent, boss):
    with at(0):
        ticket, _escalation = escalated_ticket(n1_agent)
    Ticket.objects.filter(pk=ticket.pk).update(source="glpi", source_id="42")

    with at(49):
        sla.sweep_clocks()

    assert "resolution" in alarm_events(ticket, EventKind.SLA_BREACHED)
    assert Clock.objects.get(ticket=ticket, kind="resolution").breach_notified_at
    assert not ticket.emails.filter(kind__in=["sla_breached", "sla_warning"]).exists()


def test_an_imported_ticket_warning_is_marked_but_not_e_mailed(n1_agent, boss):
    with at(0):
        ticket, _escalation = escalated_ticket(n1_agent)
    Ticket.objects.filter(pk=ticket.pk).update(source="bpi", source_id="7")

    with at(37):
        sla.sweep_clocks()

    assert "resolution" in alarm_events(ticket, EventKind.SLA_WARNING)
    assert not ticket.emails.filter(kind="sla_warning").exists()


def test_a_breach_found_after_the_ticket_is_done_is_not_e_mailed(n1_agent, boss):
    with at(0):
        ticket = open_ticket(n1_agent)
    with at(0.5):
        # The N1 handling took 30 minutes of its 15; nothing swept meanwhile.
        services.resolve_at_n1(n1_agent, ticket, solution="Mot de passe changé.")
    with at(0.6):
        sla.sweep_clocks()

    assert alarm_events(ticket, EventKind.SLA_BREACHED) == ["n1"]
    assert Clock.objects.get(ticket=ticket, kind="n1").breach_notified_at
    assert not ticket.emails.filter(kind="sla_breached").exists()


def test_a_warning_on_a_stopped_clock_is_marked_but_not_e_mailed(n1_agent, boss):
    with at(0):
        ticket, _escalation = escalated_ticket(n1_agent)
    stored = Clock.objects.get(ticket=ticket, kind="resolution")
    stored.state = ClockState.STOPPED
    policy = Policy.objects.get(priority=Priority.NORMAL)

    with at(37):
        assert sla.send_warning(ticket, stored, policy, clock.now()) == 1

    stored.refresh_from_db()
    assert stored.warned_at is not None
    assert alarm_events(ticket, EventKind.SLA_WARNING) == ["resolution"]
    assert not ticket.emails.filter(kind="sla_warning").exists()
