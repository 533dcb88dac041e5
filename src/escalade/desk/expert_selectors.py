"""What the N2/N3 queue and the ticket workspace show, in a fixed number of queries.

The queue of section 5.1 has three parts: escalations awaiting assignment
(urgent first, then least time left), escalations in progress (who, time
spent, time left) and the week's resolved escalations as figures computed
by the database.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from escalade.accounts.models import Role, Team
from escalade.desk.selectors import priority_rank
from escalade.tickets import assignment
from escalade.tickets import selectors as ticket_selectors
from escalade.tickets.choices import EscalationStatus, NoteKind
from escalade.tickets.models import CallLog, Escalation, Resolution, Ticket

QUEUE_LIMIT = 50
SIMILAR_CASES = 5


@dataclass(frozen=True)
class QueueFilters:
    """The dashboard's filters; empty values filter nothing."""

    team: int | None = None
    category: str = ""
    priority: str = ""
    expert: int | None = None

    def as_query(self) -> dict[str, str]:
        values = {
            "team": self.team or "",
            "category": self.category,
            "priority": self.priority,
            "expert": self.expert or "",
        }
        return {name: str(value) for name, value in values.items() if value}


@dataclass(frozen=True)
class WeekFigures:
    """Resolved this week: count, resolution rate, mean N1+N2 time, satisfaction."""

    since: datetime
    resolved: int
    passed_on: int
    returned: int
    average_time: timedelta | None
    average_satisfaction: float | None

    @property
    def resolution_rate(self) -> int | None:
        """Resolved out of those this tier finished (returned ones excluded)."""
        finished = self.resolved + self.passed_on
        return round(100 * self.resolved / finished) if finished else None


@dataclass
class QueueDashboard:
    tier: str
    now: datetime
    awaiting: list[Escalation]
    awaiting_count: int
    in_progress: list[Escalation]
    in_progress_count: int
    week: WeekFigures
    suggestions: dict[int, list[assignment.Suggestion]] = field(default_factory=dict)


def week_start(now: datetime) -> datetime:
    """Monday 00:00 of the current week, on the desk's clock."""
    local = timezone.localtime(now)
    monday = local - timedelta(days=local.weekday())
    return monday.replace(hour=0, minute=0, second=0, microsecond=0)


def queue_dashboard(tier: str, filters: QueueFilters, now: datetime) -> QueueDashboard:
    awaiting = _filtered(
        Escalation.objects.filter(status=EscalationStatus.AWAITING, to_tier=tier),
        filters,
        with_expert=False,
    )
    in_progress = _filtered(
        Escalation.objects.filter(status=EscalationStatus.ACCEPTED, to_tier=tier),
        filters,
    )
    waiting = list(awaiting_rows(awaiting)[:QUEUE_LIMIT])
    working = list(in_progress_rows(in_progress)[:QUEUE_LIMIT])
    for escalation in [*waiting, *working]:
        escalation.time_left = (
            escalation.due_at - now if escalation.due_at is not None else None
        )
    pool = assignment.candidates(tier) if waiting else []
    return QueueDashboard(
        tier=tier,
        now=now,
        awaiting=waiting,
        awaiting_count=awaiting.count(),
        in_progress=working,
        in_progress_count=in_progress.count(),
        week=week_figures(tier, filters, week_start(now)),
        suggestions={
            escalation.pk: assignment.suggest(escalation.ticket.category, pool)
            for escalation in waiting
        },
    )


def _filtered(
    escalations: QuerySet[Escalation], filters: QueueFilters, with_expert: bool = True
) -> QuerySet[Escalation]:
    if filters.team:
        escalations = escalations.filter(team_id=filters.team)
    if filters.category:
        escalations = escalations.filter(ticket__category=filters.category)
    if filters.priority:
        escalations = escalations.filter(priority=filters.priority)
    if filters.expert and with_expert:
        escalations = escalations.filter(accepted_by_id=filters.expert)
    return escalations


def awaiting_rows(escalations: QuerySet[Escalation]) -> QuerySet[Escalation]:
    """Urgent first, then least time left to the first contact, then oldest."""
    return (
        escalations.select_related("ticket__customer", "requested_by__agent", "team")
        .annotate(
            priority_rank=priority_rank("priority"),
            due_at=Coalesce(
                "expected_at", "ticket__first_contact_due_at", "requested_at"
            ),
        )
        .order_by("priority_rank", "due_at", "requested_at", "pk")
    )


def in_progress_rows(escalations: QuerySet[Escalation]) -> QuerySet[Escalation]:
    calls = (
        CallLog.objects.filter(escalation=OuterRef("pk"))
        .values("escalation")
        .annotate(total=Sum("duration_seconds"))
        .values("total")
    )
    return (
        escalations.select_related("ticket__customer", "accepted_by", "team")
        .annotate(
            priority_rank=priority_rank("priority"),
            due_at=Coalesce("expected_at", "ticket__resolution_due_at"),
            call_seconds=Subquery(calls[:1]),
        )
        .order_by("priority_rank", "due_at", "accepted_at", "pk")
    )


def week_figures(tier: str, filters: QueueFilters, since: datetime) -> WeekFigures:
    """The week's figures in two aggregate queries, whatever the volume."""
    this_week = Escalation.objects.filter(
        Q(resolved_at__gte=since) | Q(returned_at__gte=since), to_tier=tier
    )
    finished = _filtered(this_week, filters).aggregate(
        resolved=Count(
            "pk",
            filter=Q(status=EscalationStatus.RESOLVED, resolved_at__gte=since),
        ),
        returned=Count(
            "pk",
            filter=Q(status=EscalationStatus.RETURNED, returned_at__gte=since),
        ),
        average_time=Avg(
            ExpressionWrapper(
                F("resolved_at") - F("ticket__created_at"),
                output_field=DurationField(),
            ),
            filter=Q(status=EscalationStatus.RESOLVED, resolved_at__gte=since),
        ),
        average_satisfaction=Avg(
            "ticket__satisfaction",
            filter=Q(status=EscalationStatus.RESOLVED, resolved_at__gte=since),
        ),
    )
    # What this tier passed on is the next tier's escalation, sent this week.
    passed_on = Escalation.objects.filter(from_tier=tier, requested_at__gte=since)
    if filters.category:
        passed_on = passed_on.filter(ticket__category=filters.category)
    if filters.priority:
        passed_on = passed_on.filter(priority=filters.priority)
    if filters.expert:
        passed_on = passed_on.filter(requested_by_id=filters.expert)
    return WeekFigures(
        since=since,
        resolved=finished["resolved"],
        passed_on=passed_on.count(),
        returned=finished["returned"],
        average_time=_as_duration(finished["average_time"]),
        average_satisfaction=finished["average_satisfaction"],
    )


def _as_duration(value) -> timedelta | None:
    # SQLite averages the microseconds into a float; PostgreSQL gives an interval.
    if value is None or isinstance(value, timedelta):
        return value
    return timedelta(microseconds=float(value))


def filter_choices(tier: str) -> tuple[QuerySet[Team], QuerySet]:
    """The teams and the experts of a tier, for the filter menus."""
    teams = Team.objects.filter(tier=tier).order_by("name")
    experts = (
        get_user_model()
        .objects.filter(groups__name=assignment.TIER_ROLE.get(tier, Role.N2))
        .order_by("first_name", "last_name")
    )
    return teams, experts


# -- the workspace ---------------------------------------------------------


@dataclass
class Workspace:
    ticket: Ticket
    escalation: Escalation | None
    similar: list[Resolution]
    call_seconds: int
    time_spent: timedelta | None
    open_follow_up: object | None
    internal_notes: list
    customer_messages: list


def workspace(reference: str, now: datetime) -> Workspace:
    """One ticket with all an expert works from, in a fixed number of queries."""
    ticket = ticket_selectors.ticket_for_page(reference)
    escalations = list(ticket.escalations.all())
    current = _current_escalation(escalations)
    calls = list(ticket.calls.all())
    notes = list(ticket.notes.all())
    follow_ups = [f for f in ticket.follow_ups.all() if f.answered_at is None]
    return Workspace(
        ticket=ticket,
        escalation=current,
        similar=similar_cases(ticket),
        call_seconds=sum(call.duration_seconds for call in calls),
        # From acceptance to the resolution, or to now while it is open.
        time_spent=(
            (ticket.resolved_at or now) - current.accepted_at
            if current and current.accepted_at
            else None
        ),
        open_follow_up=follow_ups[-1] if follow_ups else None,
        internal_notes=[note for note in notes if note.kind == NoteKind.INTERNAL],
        customer_messages=[note for note in notes if note.kind != NoteKind.INTERNAL],
    )


def _current_escalation(escalations: list[Escalation]) -> Escalation | None:
    """The one being worked on, else the latest."""
    working = [
        e
        for e in escalations
        if e.status in (EscalationStatus.AWAITING, EscalationStatus.ACCEPTED)
    ]
    return (working or escalations or [None])[-1]


def similar_cases(ticket: Ticket, limit: int = SIMILAR_CASES) -> list[Resolution]:
    """Resolved escalations of the same category, most recent first, with causes."""
    return list(
        Resolution.objects.filter(
            ticket__category=ticket.category, escalation__isnull=False
        )
        .exclude(ticket=ticket)
        .select_related("ticket", "resolved_by")
        .order_by("-resolved_at")[:limit]
    )
