"""The clocks of a ticket, derived from its life, through the real services."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from escalade import clock
from escalade.sla import services as sla
from escalade.sla.models import (
    BreachAction,
    Calendar,
    Clock,
    ClockState,
    Level,
    Policy,
    Recipient,
    TeamCalendar,
)
from escalade.tickets import services
from escalade.tickets.choices import Priority
from escalade.tickets.models import TimelineEvent
from escalade.tickets.timeline import EventKind
from tests.factories import escalated_ticket, make_person, make_team

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
ESCALATED = datetime(2025, 12, 19, 14, 30, tzinfo=PARIS)  # a Friday


def at(hours: float):
    return clock.travel_to(ESCALATED + timedelta(hours=hours))


def clocks_of(ticket) -> dict[str, Clock]:
    return {c.kind: c for c in Clock.objects.filter(ticket=ticket)}


def events(ticket, kind: str) -> list[TimelineEvent]:
    return list(TimelineEvent.objects.filter(ticket=ticket, kind=kind))


def business_hours() -> Calendar:
    return Calendar.objects.get(name="Business hours (Paris)")


@pytest.fixture
def worked_ticket(n1_agent, n2_expert):
    """Escalated Friday 14:30; accepted and first call at 15:30."""
    with at(0):
        ticket, escalation = escalated_ticket(n1_agent)
    with at(1):
        services.accept_escalation(n2_expert, escalation)
        services.log_call(n2_expert, ticket, duration_seconds=600)
    return ticket


def test_normal_ticket_escalated_friday_is_due_saturday_then_sunday(n1_agent):
    with at(0):
        ticket, _escalation = escalated_ticket(n1_agent)

    ticket.refresh_from_db()
    assert ticket.first_contact_due_at == datetime(2025, 12, 20, 14, 30, tzinfo=PARIS)
    assert ticket.resolution_due_at == datetime(2025, 12, 21, 14, 30, tzinfo=PARIS)


def test_three_hours_waiting_on_the_customer_move_the_due_time(
    worked_ticket, n2_expert
):
    with at(2):
        services.wait_on_customer(n2_expert, worked_ticket, reason="Send the logs")
    worked_ticket.refresh_from_db()
    assert worked_ticket.resolution_due_at is None
    assert clocks_of(worked_ticket)["resolution"].state == ClockState.PAUSED

    with at(5):
        services.resume_work(n2_expert, worked_ticket)

    worked_ticket.refresh_from_db()
    assert worked_ticket.resolution_due_at == ESCALATED + timedelta(hours=48 + 3)
    assert clocks_of(worked_ticket)["resolution"].state == ClockState.RUNNING


def test_a_new_priority_recomputes_due_times_without_losing_paused_time(
    worked_ticket, n2_expert
):
    with at(2):
        services.wait_on_customer(n2_expert, worked_ticket, reason="Send the logs")
    with at(5):
        services.resume_work(n2_expert, worked_ticket)

    with at(6):
        services.change_priority(n2_expert, worked_ticket, priority=Priority.URGENT)

    worked_ticket.refresh_from_db()
    assert worked_ticket.resolution_due_at == ESCALATED + timedelta(hours=4 + 3)
    assert worked_ticket.sla_breached_at is None


def test_a_new_policy_target_applies_to_open_tickets_at_the_next_sweep(
    worked_ticket,
):
    Policy.objects.filter(priority=Priority.NORMAL).update(
        resolution_target=timedelta(hours=30)
    )

    with at(2):
        sla.sweep_clocks()

    worked_ticket.refresh_from_db()
    assert worked_ticket.resolution_due_at == ESCALATED + timedelta(hours=30)


def test_first_contact_stops_the_first_contact_clocks(worked_ticket):
    found = clocks_of(worked_ticket)

    assert found["first_contact"].state == ClockState.STOPPED
    assert found["n2_contact"].state == ClockState.STOPPED
    assert found["first_contact"].elapsed == timedelta(hours=1)
    assert found["resolution"].state == ClockState.RUNNING


def test_segments_show_which_tier_was_late(n1_agent, n2_expert, n3_engineer):
    with at(-0.25):
        ticket, escalation = escalated_ticket(n1_agent)  # N1 took 0 minutes
    with at(30):
        services.accept_escalation(n2_expert, escalation)
        services.log_call(n2_expert, ticket, duration_seconds=60)
    with at(31):
        services.escalate_further(n2_expert, ticket, reason="Server bug")

    found = clocks_of(ticket)
    assert found["n1"].breached_at is None
    assert found["n2_contact"].breached_at == ESCALATED + timedelta(hours=23.75)
    assert found["n2_resolution"].state == ClockState.STOPPED
    assert found["n2_resolution"].breached_at is None
    assert found["n3"].state == ClockState.RUNNING
    assert found["n3"].elapsed == timedelta(0)


def test_the_vendor_segment_runs_while_the_customer_clock_pauses(
    worked_ticket, n2_expert
):
    with at(2):
        services.escalate_further(
            n2_expert, worked_ticket, reason="Mail server bug", vendor="MailCorp"
        )
    with at(12):
        sla.check_ticket(worked_ticket.pk)

    found = clocks_of(worked_ticket)
    assert found["n3"].state == ClockState.RUNNING
    assert found["n3"].elapsed == timedelta(hours=10)
    assert found["resolution"].state == ClockState.PAUSED
    assert found["resolution"].elapsed == timedelta(hours=2)


def test_business_hours_policy_counts_office_time_only(n1_agent):
    Policy.objects.filter(priority=Priority.URGENT).update(calendar=business_hours())
    with clock.travel_to(datetime(2025, 12, 19, 17, 0, tzinfo=PARIS)):
        ticket, _escalation = escalated_ticket(n1_agent, priority=Priority.URGENT)

    ticket.refresh_from_db()
    assert ticket.first_contact_due_at == datetime(2025, 12, 22, 12, 0, tzinfo=PARIS)


def test_a_team_calendar_rules_its_segment_but_not_the_customer_clock(n1_agent):
    team = make_team()
    TeamCalendar.objects.create(team=team, calendar=business_hours())
    with at(0):
        ticket, escalation = escalated_ticket(n1_agent)
        escalation.team = team
        escalation.save(update_fields=["team"])
        sla.refresh_due_times(ticket)

    found = clocks_of(ticket)
    # Friday 14:30-18:00 is 3.5 h, Monday and Tuesday 18 h, Wednesday 2.5 h.
    assert found["n2_contact"].due_at == datetime(2025, 12, 24, 11, 30, tzinfo=PARIS)
    assert found["first_contact"].due_at == datetime(2025, 12, 20, 14, 30, tzinfo=PARIS)


def test_a_breach_is_marked_told_and_written_once(worked_ticket, supervisor):
    supervisor.email = "nadia@example.com"
    supervisor.save()

    with at(49):
        assert sla.sweep_clocks() >= 1
    with at(50):
        sla.sweep_clocks()

    worked_ticket.refresh_from_db()
    assert worked_ticket.sla_breached_at == ESCALATED + timedelta(hours=48)
    breaches = events(worked_ticket, EventKind.SLA_BREACHED)
    kinds = sorted(event.after["clock"] for event in breaches)
    assert kinds == ["n2_resolution", "resolution"]
    mails = worked_ticket.emails.filter(kind="sla_breached")
    assert mails.count() == 2
    assert all(mail.to == ["nadia@example.com"] for mail in mails)


def test_a_warning_comes_at_the_policy_share_of_the_target(worked_ticket, supervisor):
    supervisor.email = "nadia@example.com"
    supervisor.save()

    with at(35):
        sla.sweep_clocks()
    assert events(worked_ticket, EventKind.SLA_WARNING) == []

    with at(37):
        sla.sweep_clocks()
        sla.sweep_clocks()

    warnings = events(worked_ticket, EventKind.SLA_WARNING)
    assert sorted(event.after["clock"] for event in warnings) == [
        "n2_resolution",
        "resolution",
    ]
    assert warnings[0].at == ESCALATED + timedelta(hours=36)


def test_named_recipients_of_the_level_are_told(worked_ticket):
    Recipient.objects.create(level=Level.N2, email="n2-lead@example.com")
    Recipient.objects.create(level=Level.DESK, email="desk@example.com")

    with at(49):
        sla.sweep_clocks()

    mails = {m.key.rsplit(":", 1)[1]: m.to for m in worked_ticket.emails.all()}
    assert mails["n2_resolution"] == ["n2-lead@example.com"]
    assert mails["resolution"] == ["desk@example.com"]


def test_a_breach_at_night_is_e_mailed_in_the_morning(n1_agent, supervisor):
    supervisor.email = "nadia@example.com"
    supervisor.save()
    with clock.travel_to(datetime(2025, 12, 19, 22, 0, tzinfo=PARIS)):
        ticket, _escalation = escalated_ticket(n1_agent, priority=Priority.URGENT)

    with clock.travel_to(datetime(2025, 12, 20, 2, 30, tzinfo=PARIS)):
        sla.sweep_clocks()

    ticket.refresh_from_db()
    assert ticket.sla_breached_at == datetime(2025, 12, 20, 2, 0, tzinfo=PARIS)
    mail = ticket.emails.get(key__endswith="sla_breached:resolution")
    assert mail.next_attempt_at == datetime(2025, 12, 20, 8, 0, tzinfo=PARIS)


def test_the_policy_can_raise_the_priority_on_a_breach(n1_agent):
    Policy.objects.filter(priority=Priority.LOW).update(
        breach_action=BreachAction.RAISE_PRIORITY
    )
    with at(0):
        ticket, _escalation = escalated_ticket(n1_agent, priority=Priority.LOW)

    with at(73):
        sla.sweep_clocks()

    ticket.refresh_from_db()
    assert ticket.priority == Priority.NORMAL
    assert events(ticket, EventKind.PRIORITY_CHANGED)[0].after["reason"] == (
        "sla_breached"
    )


def test_the_policy_can_hand_a_breached_ticket_to_the_supervisor(
    worked_ticket, supervisor
):
    Policy.objects.filter(priority=Priority.NORMAL).update(
        breach_action=BreachAction.TO_SUPERVISOR, supervisor=supervisor
    )

    with at(49):
        sla.sweep_clocks()

    worked_ticket.refresh_from_db()
    assert worked_ticket.assignee == supervisor


def test_a_change_sets_a_timer_for_the_next_warning(
    n1_agent, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    with at(0), django_capture_on_commit_callbacks(execute=True):
        escalated_ticket(n1_agent)

    timers = DBTaskResult.objects.filter(task_path="escalade.sla.tasks.check_ticket")
    run_afters = sorted(timer.run_after for timer in timers)
    # N1's 15 minutes are long gone: checked at once; then 18 h (75 % of 24 h).
    assert ESCALATED + timedelta(hours=18) in run_afters


def test_a_sweep_with_nothing_new_costs_the_same_for_more_tickets(n1_agent):
    def sweep_queries(count: int) -> int:
        with at(0):
            for _ in range(count):
                escalated_ticket(n1_agent)
        with at(1):
            sla.sweep_clocks()  # first sweep sets timers and N1 breaches
            with CaptureQueriesContext(connection) as queries:
                sla.sweep_clocks()
        return len(queries)

    assert sweep_queries(2) == sweep_queries(6)


def test_an_n1_only_ticket_has_only_the_n1_clock(n1_agent):
    from tests.factories import open_ticket

    with at(0):
        ticket = open_ticket(n1_agent)

    assert set(clocks_of(ticket)) == {"n1"}
    assert ticket.resolution_due_at is None


def test_supervisors_are_told_when_no_one_is_named(db):
    boss = make_person("supervisor", email="boss@example.com")
    policy = Policy.objects.get(priority=Priority.NORMAL)

    assert sla.recipients_for(policy, Level.N2, is_breach=True) == [boss.email]
