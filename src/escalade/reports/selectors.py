"""The read side of the reports: each figure group is one aggregate query.

Nothing here loads tickets into Python. Each function returns plain numbers
(counts, averages) computed by the database over the tickets of a ``Scope``;
the KPI values and their marks are derived from those numbers in
``escalade.reports.report``.
"""

from datetime import datetime, timedelta

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Q,
    QuerySet,
)
from django.db.models.functions import Coalesce, TruncWeek

from escalade.accounts.models import Tier
from escalade.reports.kpis import DEFAULT_TARGETS, Kpi, TargetRange
from escalade.reports.models import KpiTarget
from escalade.reports.scope import Scope
from escalade.sla.policies import PolicyBook
from escalade.tickets.choices import EscalationStatus, Priority
from escalade.tickets.models import Escalation, Ticket


def segment_targets(segment: str) -> dict[str, timedelta]:
    """The SLA policies' target for a segment, per priority, in one query."""
    book = PolicyBook(team_ids=set())
    return {priority: getattr(book.policy(priority), segment) for priority in Priority}


def within_targets(
    targets: dict[str, timedelta], *, priority: str, end: str, start: str
) -> Q:
    """``end`` came no later than ``start`` plus the target of its priority."""
    met = Q(pk__in=[])
    for name, target in targets.items():
        met |= Q(**{priority: name, f"{end}__lte": F(start) + target})
    return met


FINISHED_BY_N2 = [EscalationStatus.RESOLVED, EscalationStatus.ESCALATED]
STILL_OPEN = [EscalationStatus.AWAITING, EscalationStatus.ACCEPTED]


def duration(end: str, start: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(end) - F(start), output_field=DurationField())


def targets() -> dict[str, TargetRange]:
    """Every KPI's target: the supervisor's where set, else the spec's."""
    found = {row.kpi: row.range for row in KpiTarget.objects.all()}
    return {kpi: found.get(kpi, DEFAULT_TARGETS[kpi]) for kpi in Kpi.values}


# -- N1 contacts ----------------------------------------------------------


def _with_first_escalation(queryset: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """Join each ticket's first escalation, always the one from N1 to N2.

    Escalations are numbered per ticket and N1 is the only tier that can
    escalate a ticket that has none, so number 1 is the N1 escalation; the
    join adds at most one row per ticket.
    """
    return queryset.alias(
        first=FilteredRelation("escalations", condition=Q(escalations__number=1))
    )


def contact_aggregates() -> dict:
    escalated = Q(first__id__isnull=False)
    resolved = escalated & Q(resolved_at__isnull=False)
    return {
        "contacts": Count("pk"),
        "escalated": Count("pk", filter=escalated),
        "resolved_n1": Count(
            "pk", filter=Q(first__id__isnull=True, resolved_at__isnull=False)
        ),
        "escalated_resolved": Count("pk", filter=resolved),
        "end_to_end": Avg(duration("resolved_at", "created_at"), filter=resolved),
        "rated": Count("satisfaction"),
        "satisfaction_avg": Avg("satisfaction"),
        "rated_escalated": Count("satisfaction", filter=escalated),
        "satisfaction_escalated": Avg("satisfaction", filter=escalated),
    }


def contact_figures(scope: Scope) -> dict:
    """Volume, N1 resolutions, satisfaction and end-to-end time: one query."""
    tickets = _with_first_escalation(Ticket.objects.filter(scope.tickets()))
    return tickets.aggregate(**contact_aggregates())


# -- N1 to N2 escalations -------------------------------------------------


def escalation_aggregates(contact_hours: float, resolution_hours: float) -> dict:
    """Counts and delays over N1-to-N2 escalations.

    ``contact_hours`` and ``resolution_hours`` are the KPI targets, for the
    count of escalations that met them.
    """
    finished = Q(status__in=FINISHED_BY_N2)
    contacted = Q(ticket__first_n2_contact_at__gte=F("requested_at"))
    ended = Q(status__in=FINISHED_BY_N2, ticket__resolved_at__isnull=False)
    contact_limit = F("requested_at") + timedelta(hours=contact_hours)
    resolution_limit = F("requested_at") + timedelta(hours=resolution_hours)
    return {
        "escalations": Count("pk"),
        "briefing_complete": Count("pk", filter=Q(is_briefing_complete=True)),
        "diagnosis_right": Count("pk", filter=Q(is_diagnosis_correct=True)),
        "diagnosis_wrong": Count("pk", filter=Q(is_diagnosis_correct=False)),
        "avoidable": Count("pk", filter=Q(is_avoidable=True)),
        "borderline": Count("pk", filter=Q(is_borderline=True)),
        "resolved": Count("pk", filter=Q(status=EscalationStatus.RESOLVED)),
        "escalated_further": Count("pk", filter=Q(status=EscalationStatus.ESCALATED)),
        "returned": Count("pk", filter=Q(status=EscalationStatus.RETURNED)),
        "open": Count("pk", filter=Q(status__in=STILL_OPEN)),
        "finished": Count("pk", filter=finished),
        "feedback": Count(
            "pk",
            filter=Q(feedback_at__isnull=False)
            & Q(status__in=[*FINISHED_BY_N2, EscalationStatus.RETURNED]),
        ),
        "contacted": Count("pk", filter=contacted),
        "contacted_in_time": Count(
            "pk",
            filter=contacted & Q(ticket__first_n2_contact_at__lte=contact_limit),
        ),
        "first_contact_avg": Avg(
            duration("ticket__first_n2_contact_at", "requested_at"), filter=contacted
        ),
        "ended": Count("pk", filter=ended),
        "ended_in_time": Count(
            "pk", filter=ended & Q(ticket__resolved_at__lte=resolution_limit)
        ),
        "resolution_avg": Avg(
            duration("ticket__resolved_at", "requested_at"), filter=ended
        ),
    }


def n1_escalations(scope: Scope) -> QuerySet[Escalation]:
    return Escalation.objects.filter(
        scope.escalations(), from_tier=Tier.N1, to_tier=Tier.N2
    )


def escalation_figures(scope: Scope, goals: dict[str, TargetRange]) -> dict:
    """Briefing quality, N2 outcome, delays and feedback: one query."""
    return n1_escalations(scope).aggregate(**_escalation_aggregates_for(goals))


def _escalation_aggregates_for(goals: dict[str, TargetRange]) -> dict:
    contact = goals[Kpi.FIRST_CONTACT_TIME].maximum
    resolution = goals[Kpi.N2_RESOLUTION_TIME].maximum
    return escalation_aggregates(
        float(contact if contact is not None else 24),
        float(resolution if resolution is not None else 48),
    )


# -- weeks and breakdowns -------------------------------------------------


def weekly_contact_figures(scope: Scope) -> list[dict]:
    """``contact_figures`` per week of the N1 contact: one query."""
    tickets = _with_first_escalation(Ticket.objects.filter(scope.tickets()))
    return list(
        tickets.annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(**contact_aggregates())
        .order_by("week")
    )


def weekly_escalation_figures(
    scope: Scope, goals: dict[str, TargetRange]
) -> list[dict]:
    """``escalation_figures`` per week of the N1 contact: one query."""
    return list(
        n1_escalations(scope)
        .annotate(week=TruncWeek("ticket__created_at"))
        .values("week")
        .annotate(**_escalation_aggregates_for(goals))
        .order_by("week")
    )


# What each breakdown groups by, on tickets and on escalations: the N1 agent
# who took the contact, that agent's team, the ticket's category.
BREAKDOWNS: dict[str, tuple[str, str]] = {
    "agent": ("created_by", "requested_by"),
    "team": ("created_by__agent__team", "requested_by__agent__team"),
    "category": ("category", "ticket__category"),
}


def contact_figures_by(scope: Scope, dimension: str) -> list[dict]:
    field = BREAKDOWNS[dimension][0]
    tickets = _with_first_escalation(Ticket.objects.filter(scope.tickets()))
    return list(
        tickets.values(key=F(field)).annotate(**contact_aggregates()).order_by("key")
    )


def escalation_figures_by(
    scope: Scope, dimension: str, goals: dict[str, TargetRange]
) -> list[dict]:
    field = BREAKDOWNS[dimension][1]
    return list(
        n1_escalations(scope)
        .values(key=F(field))
        .annotate(**_escalation_aggregates_for(goals))
        .order_by("key")
    )


# -- SLA per priority and segment -----------------------------------------


def sla_figures(scope: Scope, as_of: datetime) -> list[dict]:
    """Per priority: how many tickets each segment measured, and met.

    A segment is measured once it ended or its due time passed by ``as_of``:
    a ticket still within its time is not yet a success nor a failure.
    Segments: N1 handling (contact to escalation or solution), N2 acceptance
    (the first escalation accepted and the customer first contacted by the
    first-contact due time), N2 resolution (the escalation N2 resolved, by the
    resolution due time) and the customer's clock (both due times kept).
    """
    tickets = _with_first_escalation(Ticket.objects.filter(scope.tickets()))
    escalated = Q(first__id__isnull=False)
    start = Coalesce("call_started_at", "created_at")
    n1_end = Coalesce("first__requested_at", "resolved_at")
    reached = Coalesce("first_n2_contact_at", "resolved_at")
    accept_met = Q(
        first__accepted_at__lte=F("first_contact_due_at"),
        first_contact_due_at__gte=reached,
    )
    # An escalation N2 returned to N1 is judged by the avoidable KPI instead.
    accept_measured = (
        escalated
        & ~Q(first__status=EscalationStatus.RETURNED)
        & (
            Q(first__accepted_at__isnull=False, first_contact_due_at__gte=reached)
            | Q(first_contact_due_at__lt=as_of)
        )
    )
    n2_resolved = Q(first__status=EscalationStatus.RESOLVED)
    n2_met = n2_resolved & Q(first__resolved_at__lte=F("resolution_due_at"))
    n2_measured = escalated & (
        n2_resolved | (Q(first__status__in=STILL_OPEN, resolution_due_at__lt=as_of))
    )
    kept = Q(first_contact_due_at__gte=reached, resolved_at__lte=F("resolution_due_at"))
    customer_measured = escalated & (
        Q(resolved_at__isnull=False) | Q(resolution_due_at__lt=as_of)
    )
    n1_measured = Q(n1_end__isnull=False)
    rows = (
        tickets.annotate(n1_end=n1_end, n1_start=start)
        .values("priority")
        .annotate(
            n1_measured=Count("pk", filter=n1_measured),
            n1_met=Count(
                "pk",
                filter=n1_measured
                & within_targets(
                    segment_targets("n1_target"),
                    priority="priority",
                    end="n1_end",
                    start="n1_start",
                ),
            ),
            accept_measured=Count("pk", filter=accept_measured),
            # "Met" is always counted among the "measured", never beside it.
            accept_met=Count("pk", filter=accept_measured & accept_met),
            n2_measured=Count("pk", filter=n2_measured),
            n2_met=Count("pk", filter=n2_measured & n2_met),
            customer_measured=Count("pk", filter=customer_measured),
            customer_met=Count("pk", filter=customer_measured & kept),
            breached=Count("pk", filter=Q(sla_breached_at__isnull=False)),
        )
        .order_by("priority")
    )
    return list(rows)


def n3_sla_figures(scope: Scope, as_of: datetime) -> list[dict]:
    """Per priority: escalations to N3 or a vendor, resolved within target.

    The N3 segment runs from N2's request to the N3 resolution; its target is
    the SLA policy's N3 or vendor target for the ticket's priority.
    """
    targets = segment_targets("n3_target")
    met = within_targets(
        targets, priority="ticket__priority", end="resolved_at", start="requested_at"
    )
    overdue = Q(pk__in=[])
    for priority, target in targets.items():
        overdue |= Q(ticket__priority=priority, requested_at__lt=as_of - target)
    measured = Q(resolved_at__isnull=False) | overdue
    rows = (
        Escalation.objects.filter(scope.escalations(), to_tier=Tier.N3)
        .values(ticket_priority=F("ticket__priority"))
        .annotate(
            n3_escalations=Count("pk"),
            n3_measured=Count("pk", filter=measured),
            n3_met=Count("pk", filter=measured & met),
        )
        .order_by("priority")
    )
    return list(rows)


# -- learning -------------------------------------------------------------


def learning_by_category(scope: Scope) -> list[dict]:
    """Avoidable and borderline escalations per category: one query."""
    flagged = Q(is_avoidable=True) | Q(is_borderline=True)
    return list(
        n1_escalations(scope)
        .filter(flagged)
        .values(category=F("ticket__category"))
        .annotate(
            avoidable=Count("pk", filter=Q(is_avoidable=True)),
            borderline=Count("pk", filter=Q(is_borderline=True)),
        )
        .order_by("-avoidable", "-borderline", "category")
    )


def avoidable_escalations(scope: Scope, limit: int = 50) -> QuerySet[Escalation]:
    """The avoidable escalations with N2's feedback, newest first."""
    return (
        n1_escalations(scope)
        .filter(is_avoidable=True)
        .select_related("ticket", "requested_by", "feedback_by")
        .order_by("-requested_at")[:limit]
    )


# -- the N2 queue over time -----------------------------------------------


def queue_sizes(scope: Scope, instants: list[datetime]) -> dict:
    """How many escalations waited at N2, and were worked, at each instant.

    One query with two conditional counts per instant. Waiting: requested and
    not yet accepted. Worked: accepted and not yet resolved, returned or sent
    on (an escalation sent to N3 leaves N2 when the next one is requested;
    without that time at hand, it counts until its ticket is resolved).
    """
    left = Coalesce("resolved_at", "returned_at", "ticket__resolved_at")
    escalations = (
        Escalation.objects.alias(left_at=left)
        .filter(to_tier=Tier.N2, requested_at__lt=scope.end)
        .filter(Q(left_at__isnull=True) | Q(left_at__gte=scope.start))
    )
    if scope.team_id:
        escalations = escalations.filter(team_id=scope.team_id)
    if scope.category:
        escalations = escalations.filter(ticket__category=scope.category)
    counts = {}
    for index, instant in enumerate(instants):
        there = Q(left_at__isnull=True) | Q(left_at__gt=instant)
        counts[f"waiting_{index}"] = Count(
            "pk",
            filter=Q(requested_at__lte=instant)
            & (Q(accepted_at__isnull=True) | Q(accepted_at__gt=instant))
            & there,
        )
        counts[f"worked_{index}"] = Count(
            "pk", filter=Q(accepted_at__lte=instant) & there
        )
    if not counts:
        return {}
    return escalations.aggregate(**counts)
