"""Clocks derived from a ticket's status history, without touching the database.

The history is the list of status periods rebuilt from the timeline (every
status change is an event with the status before and after). A clock counts
working time while the ticket is in one of its running statuses, after its
start and before its stop; a waiting status pauses it. Because nothing is
stored but the history, a new priority, target or calendar gives new due
times at once, and paused time is never lost.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from escalade.sla.calendar import ZERO, WorkCalendar
from escalade.sla.models import ClockKind, ClockState, Level
from escalade.tickets.choices import OPEN_STATUSES, PAUSED_STATUSES, Status

N2_WORK = frozenset({Status.AWAITING_N2, Status.IN_PROGRESS, Status.REOPENED})
N3_WORK = frozenset({Status.ESCALATED_N3, Status.WAITING_VENDOR})
CUSTOMER_WAITS = frozenset(OPEN_STATUSES) - frozenset(PAUSED_STATUSES)


@dataclass(frozen=True)
class StatusPeriod:
    status: str
    start: datetime
    end: datetime | None  # None: the ticket is still in this status


@dataclass(frozen=True)
class History:
    """What the clocks need to know about one ticket."""

    created_at: datetime
    periods: list[StatusPeriod]
    n2_escalated_at: datetime | None = None
    n3_escalated_at: datetime | None = None
    first_n2_contact_at: datetime | None = None

    @property
    def status(self) -> str:
        return self.periods[-1].status if self.periods else Status.NEW


@dataclass(frozen=True)
class ClockSpec:
    """Which statuses a clock counts in, which pause it, when it starts and stops.

    ``start`` and ``stop`` name History attributes; ``target`` names a
    policy field.
    """

    kind: str
    level: str
    running: frozenset[str]
    pausing: frozenset[str]
    start: str
    target: str
    stop: str | None = None


CLOCKS = (
    ClockSpec(
        ClockKind.FIRST_CONTACT,
        Level.DESK,
        CUSTOMER_WAITS,
        frozenset(PAUSED_STATUSES),
        start="n2_escalated_at",
        target="first_response_target",
        stop="first_n2_contact_at",
    ),
    ClockSpec(
        ClockKind.RESOLUTION,
        Level.DESK,
        CUSTOMER_WAITS,
        frozenset(PAUSED_STATUSES),
        start="n2_escalated_at",
        target="resolution_target",
    ),
    ClockSpec(
        ClockKind.N1,
        Level.N1,
        frozenset({Status.NEW, Status.DIAGNOSING}),
        frozenset(),
        start="created_at",
        target="n1_target",
    ),
    ClockSpec(
        ClockKind.N2_CONTACT,
        Level.N2,
        N2_WORK,
        frozenset({Status.WAITING_CUSTOMER}),
        start="n2_escalated_at",
        target="first_response_target",
        stop="first_n2_contact_at",
    ),
    ClockSpec(
        ClockKind.N2_RESOLUTION,
        Level.N2,
        N2_WORK,
        frozenset({Status.WAITING_CUSTOMER}),
        start="n2_escalated_at",
        target="resolution_target",
    ),
    ClockSpec(
        # The vendor's own waiting time is the vendor's segment: it runs.
        ClockKind.N3,
        Level.N3,
        N3_WORK,
        frozenset({Status.WAITING_CUSTOMER}),
        start="n3_escalated_at",
        target="n3_target",
    ),
)
CUSTOMER_CLOCKS = {ClockKind.FIRST_CONTACT, ClockKind.RESOLUTION}


@dataclass(frozen=True)
class Reading:
    """A clock as derived at one moment."""

    kind: str
    level: str
    state: str
    target: timedelta
    started_at: datetime
    elapsed: timedelta
    due_at: datetime | None
    warn_at: datetime | None
    breached_at: datetime | None


def build_periods(
    created_at: datetime,
    changes: Iterable[tuple[datetime, str, str]],
    current_status: str,
    now: datetime,
) -> list[StatusPeriod]:
    """Status periods from (at, before, after) changes, oldest first.

    ``current_status`` is the ticket's status in memory: a service that
    refreshes the clocks before writing its event still gets the new status,
    from ``now``.
    """
    ordered = sorted(changes, key=lambda change: change[0])
    status = ordered[0][1] if ordered else Status.NEW
    start = created_at
    periods = []
    for at, _before, after in ordered:
        if after == status:
            continue
        periods.append(StatusPeriod(status, start, at))
        status, start = after, at
    if current_status != status:
        periods.append(StatusPeriod(status, start, now))
        status, start = current_status, max(now, start)
    periods.append(StatusPeriod(status, start, None))
    return periods


def counted_periods(
    spec: ClockSpec, history: History
) -> list[tuple[datetime, datetime | None]]:
    """The stretches during which the clock runs, clipped to start and stop."""
    start = getattr(history, spec.start)
    stop = getattr(history, spec.stop) if spec.stop else None
    counted = []
    for period in history.periods:
        if period.status not in spec.running:
            continue
        begin = max(period.start, start)
        end = period.end
        if stop is not None:
            end = stop if end is None else min(end, stop)
        if end is not None and end <= begin:
            continue
        counted.append((begin, end))
    return counted


def state_of(spec: ClockSpec, history: History) -> str:
    stop = getattr(history, spec.stop) if spec.stop else None
    if stop is not None:
        return ClockState.STOPPED
    status = history.status
    if status in spec.running:
        return ClockState.RUNNING
    if status in spec.pausing and _ran_just_before(spec, history):
        return ClockState.PAUSED
    return ClockState.STOPPED


def _ran_just_before(spec: ClockSpec, history: History) -> bool:
    """Did the clock run in the last status before the current wait?"""
    for period in reversed(history.periods[:-1]):
        if period.status not in spec.pausing:
            return period.status in spec.running
    return False


def crossing(
    calendar: WorkCalendar,
    counted: list[tuple[datetime, datetime | None]],
    amount: timedelta,
    extend_last: bool,
) -> datetime | None:
    """When the counted working time reaches ``amount``.

    Closed stretches are searched first; with ``extend_last`` the last
    stretch runs on for ever, which gives the due time of a running clock
    (and the one a stopped clock had when it stopped).
    """
    remaining = amount
    for index, (begin, end) in enumerate(counted):
        is_last = index == len(counted) - 1
        if end is None or (is_last and extend_last):
            return calendar.add(begin, remaining)
        length = calendar.elapsed(begin, end)
        if remaining <= length:
            return calendar.add(begin, remaining)
        remaining -= length
    return None


def read_clock(
    spec: ClockSpec,
    history: History,
    calendar: WorkCalendar,
    target: timedelta,
    warning_percent: int,
    now: datetime,
) -> Reading | None:
    """Derive one clock; None when it has not started."""
    started_at = getattr(history, spec.start)
    if started_at is None:
        return None
    counted = counted_periods(spec, history)
    state = state_of(spec, history)
    if not counted and state != ClockState.RUNNING:
        return None

    elapsed = sum((calendar.elapsed(begin, end or now) for begin, end in counted), ZERO)
    warning = target * warning_percent / 100
    is_running = state == ClockState.RUNNING
    # A stopped clock keeps the due time it had when it stopped.
    extend = state != ClockState.PAUSED
    due_at = crossing(calendar, counted, target, extend)
    warn_at = crossing(calendar, counted, warning, extend)

    limit = now if is_running else _last_end(counted, now)
    breached_at = due_at if due_at is not None and due_at <= limit else None
    if state == ClockState.PAUSED and breached_at is None:
        due_at = None  # unknown until the wait ends
    return Reading(
        kind=spec.kind,
        level=spec.level,
        state=state,
        target=target,
        started_at=started_at,
        elapsed=elapsed,
        due_at=due_at,
        warn_at=warn_at,
        breached_at=breached_at,
    )


def _last_end(counted: list[tuple[datetime, datetime | None]], now: datetime):
    if not counted:
        return now
    return counted[-1][1] or now
