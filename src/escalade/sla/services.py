"""The ticket's SLA clocks: derive them, store them, warn and mark breaches.

``refresh_due_times`` is what the lifecycle calls after every change that
can move a due time (status, priority, first contact, escalation). It
rebuilds every clock of the ticket from its status history, stores them,
keeps the ticket's denormalised due times up to date and sets a timer task
for the next warning or due time.

``check_ticket`` (the timer) and ``sweep`` (every minute) both derive the
clocks again and then send what is due: a warning at a share of the target,
a breach at the target. A mark on the clock, claimed by a conditional
UPDATE in the same transaction as the timeline event and the e-mail, makes
each of them happen once.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from escalade import clock
from escalade.accounts.models import Role, Tier
from escalade.sla import policies
from escalade.sla.clocks import (
    CLOCKS,
    CUSTOMER_CLOCKS,
    History,
    Reading,
    build_periods,
    read_clock,
)
from escalade.sla.models import BreachAction, Clock, ClockState, Policy, Recipient
from escalade.sla.policies import PolicyBook, targets_for  # noqa: F401
from escalade.sla.quiet import quiet_until
from escalade.tickets import timeline
from escalade.tickets.choices import DONE_STATUSES, OPEN_STATUSES, EscalationStatus
from escalade.tickets.models import Escalation, Ticket, TimelineEvent
from escalade.tickets.timeline import EventKind

logger = logging.getLogger(__name__)

TICKET_FIELDS = ("first_contact_due_at", "resolution_due_at", "sla_breached_at")
STORED_FIELDS = (
    "level",
    "state",
    "target",
    "started_at",
    "elapsed",
    "due_at",
    "warn_at",
    "breached_at",
)
SWEEP_CHUNK = 200


# -- deriving and storing -------------------------------------------------


def refresh_due_times(ticket: Ticket) -> list[str]:
    """Recompute the ticket's clocks; return the ticket fields that changed.

    Call it in the transaction of the change, with the ticket locked. The
    changed fields are already written; a caller may save them again.
    """
    return refresh_many([ticket]).get(ticket.pk, [])


def refresh_many(tickets: list[Ticket]) -> dict[int, list[str]]:
    """Recompute and store the clocks of several tickets in a few queries."""
    if not tickets:
        return {}
    now = clock.now()
    histories, teams = load_histories(tickets, now)
    book = PolicyBook({team for pair in teams.values() for team in pair if team})
    stored = existing_clocks(tickets)

    changed_fields = {}
    alarms: set[tuple[int, datetime | None]] = set()
    for ticket in tickets:
        policy = book.policy(ticket.priority)
        readings = derive(histories[ticket.pk], policy, book, teams[ticket.pk], now)
        clocks = save_readings(ticket, readings, stored.get(ticket.pk, {}), now)
        changed_fields[ticket.pk] = update_ticket(ticket, readings)
        alarms |= set_timers(ticket, clocks, now)
    transaction.on_commit(lambda: enqueue_checks(alarms))
    return changed_fields


def load_histories(
    tickets: list[Ticket], now: datetime
) -> tuple[dict[int, History], dict[int, tuple[int | None, int | None]]]:
    """The status history of each ticket, and its N2 and N3 teams."""
    ids = [ticket.pk for ticket in tickets]
    changes = defaultdict(list)
    events = (
        TimelineEvent.objects.filter(ticket_id__in=ids)
        .exclude(status_after="")
        .order_by("at", "pk")
        .values_list("ticket_id", "at", "status_before", "status_after")
    )
    for ticket_id, at, before, after in events:
        changes[ticket_id].append((at, before, after))

    firsts: dict[int, dict[str, tuple]] = defaultdict(dict)
    escalations = (
        Escalation.objects.filter(ticket_id__in=ids)
        .order_by("requested_at", "number")
        .values_list("ticket_id", "to_tier", "requested_at", "team_id")
    )
    for ticket_id, to_tier, requested_at, team_id in escalations:
        firsts[ticket_id].setdefault(to_tier, (requested_at, team_id))

    histories, teams = {}, {}
    for ticket in tickets:
        n2 = firsts[ticket.pk].get(Tier.N2, (None, None))
        n3 = firsts[ticket.pk].get(Tier.N3, (None, None))
        histories[ticket.pk] = History(
            created_at=ticket.created_at,
            periods=build_periods(
                ticket.created_at, changes[ticket.pk], ticket.status, now
            ),
            n2_escalated_at=n2[0],
            n3_escalated_at=n3[0],
            first_n2_contact_at=ticket.first_n2_contact_at,
        )
        teams[ticket.pk] = (n2[1], n3[1])
    return histories, teams


def derive(
    history: History,
    policy: Policy,
    book: PolicyBook,
    teams: tuple[int | None, int | None],
    now: datetime,
) -> list[Reading]:
    """Every started clock of one ticket.

    The customer's clocks run on the policy's calendar; a tier's segment
    runs on its team's calendar when the team has one.
    """
    n2_team, n3_team = teams
    segment_team = {"n2_contact": n2_team, "n2_resolution": n2_team, "n3": n3_team}
    readings = []
    for spec in CLOCKS:
        calendar = book.calendar(policy, segment_team.get(spec.kind))
        reading = read_clock(
            spec,
            history,
            calendar,
            getattr(policy, spec.target),
            policy.warning_percent,
            now,
        )
        if reading is not None:
            readings.append(reading)
    return readings


def existing_clocks(tickets: list[Ticket]) -> dict[int, dict[str, Clock]]:
    found: dict[int, dict[str, Clock]] = defaultdict(dict)
    for stored in Clock.objects.filter(ticket__in=tickets):
        found[stored.ticket_id][stored.kind] = stored
    return found


def save_readings(
    ticket: Ticket, readings: list[Reading], stored: dict[str, Clock], now: datetime
) -> list[Clock]:
    """Write the readings that differ from what is stored."""
    to_create, to_update = [], []
    readings = [*readings, *vanished(readings, stored)]
    for reading in readings:
        values = {name: getattr(reading, name) for name in STORED_FIELDS}
        current = stored.get(reading.kind)
        if current is None:
            current = Clock(ticket=ticket, kind=reading.kind, computed_at=now, **values)
            to_create.append(current)
            stored[reading.kind] = current
        elif any(getattr(current, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(current, name, value)
            current.computed_at = now
            to_update.append(current)
    if to_create:
        Clock.objects.bulk_create(to_create)
    if to_update:
        Clock.objects.bulk_update(to_update, [*STORED_FIELDS, "computed_at"])
    return list(stored.values())


def vanished(readings: list[Reading], stored: dict[str, Clock]) -> list[Reading]:
    """Stored clocks the history no longer starts (an N1 minute that was zero).

    They are kept, stopped and emptied, so no warning fires from them.
    """
    derived = {reading.kind for reading in readings}
    return [
        Reading(
            kind=old.kind,
            level=old.level,
            state=ClockState.STOPPED,
            target=old.target,
            started_at=old.started_at,
            elapsed=timedelta(0),
            due_at=None,
            warn_at=None,
            breached_at=None,
        )
        for kind, old in stored.items()
        if kind not in derived
    ]


def update_ticket(ticket: Ticket, readings: list[Reading]) -> list[str]:
    """Copy the customer's due times and breach onto the ticket, for the queue."""
    by_kind = {reading.kind: reading for reading in readings}
    first_contact = by_kind.get("first_contact")
    resolution = by_kind.get("resolution")
    breaches = [
        reading.breached_at
        for reading in readings
        if reading.kind in CUSTOMER_CLOCKS and reading.breached_at is not None
    ]
    values = {
        "first_contact_due_at": first_contact.due_at if first_contact else None,
        "resolution_due_at": resolution.due_at if resolution else None,
        "sla_breached_at": min(breaches) if breaches else None,
    }
    changed = [name for name, value in values.items() if getattr(ticket, name) != value]
    if changed:
        for name in changed:
            setattr(ticket, name, values[name])
        Ticket.objects.filter(pk=ticket.pk).update(
            **{name: values[name] for name in changed}
        )
    return changed


# -- timers ---------------------------------------------------------------


def next_alarm(stored: Clock, now: datetime) -> datetime | None:
    """The next moment this clock has something to say, if any."""
    if stored.breached_at is not None and stored.breach_notified_at is None:
        return now
    if stored.state != ClockState.RUNNING:
        return None
    moments = []
    if stored.warned_at is None and stored.warn_at is not None:
        moments.append(stored.warn_at)
    if stored.breach_notified_at is None and stored.due_at is not None:
        moments.append(stored.due_at)
    return max(min(moments), now) if moments else None


def set_timers(
    ticket: Ticket, clocks: list[Clock], now: datetime
) -> set[tuple[int, datetime | None]]:
    """Mark each clock's next alarm; return the (ticket, time) checks to enqueue."""
    checks = set()
    for stored in clocks:
        alarm = next_alarm(stored, now)
        if alarm is None or alarm == stored.timer_at:
            continue
        Clock.objects.filter(pk=stored.pk).update(timer_at=alarm)
        stored.timer_at = alarm
        checks.add((ticket.pk, alarm if alarm > now else None))
    return checks


def enqueue_checks(checks: Iterable[tuple[int, datetime | None]]) -> None:
    from escalade.sla.tasks import check_ticket

    for ticket_id, run_after in checks:
        try:
            check_ticket.using(run_after=run_after).enqueue(ticket_id)
        except Exception:
            # The sweep looks at every open ticket within a minute anyway.
            logger.warning("could not set an SLA timer", exc_info=True)


# -- warnings and breaches ------------------------------------------------


@transaction.atomic
def check_ticket(ticket_id: int) -> int:
    """Derive the ticket's clocks and send what is due; returns how many."""
    ticket = Ticket.objects.select_for_update().filter(pk=ticket_id).first()
    if ticket is None:
        return 0
    refresh_many([ticket])
    return fire_alarms([ticket])


def fire_alarms(tickets: list[Ticket]) -> int:
    """Warn and mark breaches that are due, for tickets locked by the caller."""
    now = clock.now()
    by_id = {ticket.pk: ticket for ticket in tickets}
    due = Clock.objects.filter(ticket_id__in=by_id).filter(
        Q(breached_at__isnull=False, breach_notified_at__isnull=True)
        | Q(
            state=ClockState.RUNNING,
            warn_at__lte=now,
            warned_at__isnull=True,
            breached_at__isnull=True,
        )
    )
    fired = 0
    book = PolicyBook(set())
    for stored in due.order_by("ticket_id", "pk"):
        ticket = by_id[stored.ticket_id]
        policy = book.policy(ticket.priority)
        if stored.breached_at is not None:
            fired += mark_breach(ticket, stored, policy, now)
        else:
            fired += send_warning(ticket, stored, policy, now)
    return fired


def send_warning(ticket: Ticket, stored: Clock, policy: Policy, now: datetime) -> int:
    claimed = Clock.objects.filter(pk=stored.pk, warned_at__isnull=True).update(
        warned_at=now
    )
    if not claimed:
        return 0
    timeline.record(
        ticket,
        EventKind.SLA_WARNING,
        after=_event_values(stored),
        at=stored.warn_at,
    )
    if is_worth_telling(ticket) and stored.state == ClockState.RUNNING:
        _email(ticket, stored, policy, "sla_warning", now)
    logger.info("SLA warning %s", stored.kind, extra={"ticket": ticket.reference})
    return 1


def mark_breach(ticket: Ticket, stored: Clock, policy: Policy, now: datetime) -> int:
    """Record the breach on the timeline, tell the level, apply the policy."""
    claimed = Clock.objects.filter(
        pk=stored.pk, breach_notified_at__isnull=True
    ).update(breach_notified_at=now)
    if not claimed:
        return 0
    # A breach found late (a lost timer, a lower target) needs no warning.
    Clock.objects.filter(pk=stored.pk, warned_at__isnull=True).update(warned_at=now)
    timeline.record(
        ticket,
        EventKind.SLA_BREACHED,
        after=_event_values(stored),
        at=stored.breached_at,
    )
    if is_worth_telling(ticket):
        _email(ticket, stored, policy, "sla_breached", now)
    logger.info("SLA breached %s", stored.kind, extra={"ticket": ticket.reference})
    if stored.kind in CUSTOMER_CLOCKS:
        apply_breach_action(ticket, policy)
    return 1


# Tickets the desk takes live; others come from an import of old records.
LIVE_SOURCES = {"", "call"}


def is_worth_telling(ticket: Ticket) -> bool:
    """Whether an SLA alarm on this ticket deserves an e-mail.

    The clock and the timeline keep every warning and breach; but nobody can
    act on a ticket that is done, nor on history brought in by an import.
    """
    return ticket.status not in DONE_STATUSES and ticket.source in LIVE_SOURCES


def apply_breach_action(ticket: Ticket, policy: Policy) -> None:
    if policy.breach_action == BreachAction.RAISE_PRIORITY:
        raised = policies.RAISED.get(ticket.priority)
        if raised is None:
            return
        before = ticket.priority
        ticket.priority = raised
        ticket.save(update_fields=["priority", "updated_at"])
        Escalation.objects.filter(
            ticket=ticket,
            status__in=[EscalationStatus.AWAITING, EscalationStatus.ACCEPTED],
        ).update(priority=raised)
        timeline.record(
            ticket,
            EventKind.PRIORITY_CHANGED,
            before={"priority": before},
            after={"priority": raised, "reason": "sla_breached"},
        )
        refresh_due_times(ticket)
    elif policy.breach_action == BreachAction.TO_SUPERVISOR:
        if policy.supervisor is None or ticket.assignee_id == policy.supervisor_id:
            return
        ticket.assignee = policy.supervisor
        ticket.save(update_fields=["assignee", "updated_at"])
        timeline.record(
            ticket,
            EventKind.ASSIGNED,
            after={"assignee": str(policy.supervisor), "reason": "sla_breached"},
        )
    # TODO: "hand to the next tier" needs an automatic N3 escalation with a
    # briefing; escalate_further only accepts an N2 expert as the actor.


def _event_values(stored: Clock) -> dict:
    return {
        "clock": stored.kind,
        "level": stored.level,
        "target_minutes": int(stored.target.total_seconds() // 60),
        "due_at": stored.due_at,
    }


def _email(ticket, stored: Clock, policy: Policy, kind: str, now: datetime) -> None:
    from escalade.notifications import emails

    is_breach = kind == "sla_breached"
    addresses = recipients_for(policy, stored.level, is_breach)
    if not is_breach and ticket.assignee is not None and ticket.assignee.email:
        addresses.append(ticket.assignee.email)
    send_after = quiet_until(policy, now) if policy.is_quiet_at_night else None
    emails.sla_alert(ticket, stored, kind, sorted(set(addresses)), send_after)


def recipients_for(policy: Policy, level: str, is_breach: bool) -> list[str]:
    """The named recipients of this level; the supervisors when none is named."""
    wanted = Q(on_breach=True) if is_breach else Q(on_warning=True)
    named = Recipient.objects.filter(wanted, level=level).filter(
        Q(policy__isnull=True) | Q(policy_id=policy.pk)
    )
    addresses = [r.address for r in named.select_related("user") if r.address]
    if addresses:
        return addresses
    supervisors = get_user_model().objects.filter(
        groups__name=Role.SUPERVISOR, is_active=True
    )
    return [user.email for user in supervisors.exclude(email="")]


# -- the sweep ------------------------------------------------------------


def sweep_clocks(chunk: int = SWEEP_CHUNK) -> int:
    """Re-derive every open ticket's clocks and send what is due.

    Idempotent; a lost timer costs at most one sweep interval. Tickets being
    changed right now are skipped (their change refreshes them).
    """
    open_ids = Ticket.objects.filter(status__in=OPEN_STATUSES).values_list(
        "pk", flat=True
    )
    unnotified = Clock.objects.filter(
        breached_at__isnull=False, breach_notified_at__isnull=True
    ).values_list("ticket_id", flat=True)
    ids = sorted(set(open_ids) | set(unnotified))
    fired = 0
    for start in range(0, len(ids), chunk):
        with transaction.atomic():
            tickets = list(
                Ticket.objects.select_for_update(skip_locked=True)
                .filter(pk__in=ids[start : start + chunk])
                .order_by("pk")
            )
            refresh_many(tickets)
            fired += fire_alarms(tickets)
    return fired


def time_left(ticket: Ticket, now: datetime | None = None) -> timedelta | None:
    """Time until the customer's resolution is due (negative when late)."""
    if ticket.resolution_due_at is None:
        return None
    return ticket.resolution_due_at - (now or clock.now())
