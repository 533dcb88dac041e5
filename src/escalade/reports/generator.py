"""Generated months of desk activity, for the report tests and the benchmark.

``generate_month`` writes one month of N1 contacts and escalations whose
counts are given (by default the specification's December 2025), with
``bulk_create`` in large batches and no timeline or e-mail: it fills the
columns the reports read, nothing more. It never runs in production.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from escalade.accounts.models import Team, Tier
from escalade.tickets.choices import Category, EscalationStatus, Priority, Status
from escalade.tickets.models import Escalation, Ticket

BATCH = 5_000


@dataclass(frozen=True)
class MonthCounts:
    """What happened in a month; the defaults are the spec's December 2025."""

    contacts: int = 850
    escalations: int = 68
    briefing_complete: int = 65
    diagnosis_right: int = 62  # the others were wrong, and avoidable
    borderline: int = 12
    feedback: int = 60  # including every avoidable one
    n2_rated_five: int = 48  # the other escalated tickets are rated 4
    n1_rated_five: int = 113
    n1_rated_four: int = 87
    n1_call: timedelta = timedelta(minutes=8)
    n2_acceptance: timedelta = timedelta(minutes=30)
    n2_first_contact: timedelta = timedelta(hours=2)
    # N2 resolutions alternate between these two, so they average 4h20.
    n2_resolutions: tuple[timedelta, timedelta] = (
        timedelta(hours=4),
        timedelta(hours=4, minutes=40),
    )

    @property
    def avoidable(self) -> int:
        return self.escalations - self.diagnosis_right

    def scaled(self, contacts: int) -> "MonthCounts":
        """The same proportions over another number of contacts."""
        ratio = contacts / self.contacts

        def scale(n: int) -> int:
            return round(n * ratio)

        return replace(
            self,
            contacts=contacts,
            escalations=scale(self.escalations),
            briefing_complete=scale(self.briefing_complete),
            diagnosis_right=scale(self.diagnosis_right),
            borderline=scale(self.borderline),
            feedback=scale(self.feedback),
            n2_rated_five=scale(self.n2_rated_five),
            n1_rated_five=scale(self.n1_rated_five),
            n1_rated_four=scale(self.n1_rated_four),
        )


DECEMBER_2025 = MonthCounts()

N1_CATEGORIES = [Category.PASSWORD, Category.SIMPLE_EMAIL, Category.PORTAL_LOGIN]
N2_CATEGORIES = [Category.SYNC, Category.INTEGRATION, Category.PORTAL_BUG]


@dataclass(frozen=True)
class Staff:
    n1_agents: Sequence
    n2_experts: Sequence
    n1_team: Team | None = None
    n2_team: Team | None = None


def generate_month(
    first_day: date,
    staff: Staff,
    counts: MonthCounts = DECEMBER_2025,
    *,
    first_number: int = 1,
) -> int:
    """Write a month of contacts starting on ``first_day``; return the next number.

    Contacts are spread evenly over the month; the first ``escalations`` of
    every ``contacts // escalations`` are escalated, all to the normal
    priority, each resolved by N2 within its 24-hour and 48-hour due times.
    """
    zone = timezone.get_current_timezone()
    step = timedelta(days=_days_in_month(first_day)) / counts.contacts
    # Half a step in, so the last contact still falls within the month.
    start = datetime.combine(first_day, time.min, tzinfo=zone) + step / 2
    escalated = set(_spread(counts.contacts, counts.escalations))

    with transaction.atomic():
        tickets = _tickets(counts, staff, start, step, escalated, first_number)
        ids: dict[int, int] = {}  # escalated contact's index -> ticket pk
        for batch in _batches(tickets):
            # The database hands back the new primary keys (RETURNING).
            Ticket.objects.bulk_create(batch, batch_size=BATCH)
            for ticket in batch:
                index = int(ticket.reference[3:]) - first_number
                if index in escalated:
                    ids[index] = ticket.pk
        escalations = _escalations(counts, staff, start, step, ids, first_number)
        for batch in _batches(escalations):
            Escalation.objects.bulk_create(batch, batch_size=BATCH)
    return first_number + counts.contacts


def reference(number: int) -> str:
    return f"TK-{number:07d}"


def _tickets(
    counts: MonthCounts,
    staff: Staff,
    start: datetime,
    step: timedelta,
    escalated: set[int],
    first_number: int,
) -> Iterator[Ticket]:
    n1_rank = 0
    n2_rank = 0
    for index in range(counts.contacts):
        created = start + step * index
        agent = staff.n1_agents[index % len(staff.n1_agents)]
        values = {
            "reference": reference(first_number + index),
            "title": "Generated contact",
            "created_at": created,
            "call_started_at": created,
            "created_by": agent,
        }
        if index in escalated:
            requested = created + counts.n1_call
            duration = counts.n2_resolutions[n2_rank % 2]
            values.update(
                category=N2_CATEGORIES[n2_rank % len(N2_CATEGORIES)],
                status=Status.RESOLVED,
                current_tier=Tier.N2,
                team=staff.n2_team,
                assignee=staff.n2_experts[n2_rank % len(staff.n2_experts)],
                first_n2_contact_at=requested + counts.n2_first_contact,
                resolved_at=requested + duration,
                first_contact_due_at=requested + timedelta(hours=24),
                resolution_due_at=requested + timedelta(hours=48),
                satisfaction=5 if n2_rank < counts.n2_rated_five else 4,
            )
            if n2_rank >= counts.diagnosis_right:
                values["category"] = Category.SERVER_CONFIG
            n2_rank += 1
        else:
            values.update(
                category=N1_CATEGORIES[n1_rank % len(N1_CATEGORIES)],
                status=Status.RESOLVED_N1,
                team=staff.n1_team,
                resolved_at=created + counts.n1_call,
                satisfaction=_n1_mark(n1_rank, counts),
            )
            n1_rank += 1
        yield Ticket(priority=Priority.NORMAL, **values)


def _n1_mark(rank: int, counts: MonthCounts) -> int | None:
    if rank < counts.n1_rated_five:
        return 5
    if rank < counts.n1_rated_five + counts.n1_rated_four:
        return 4
    return None


def _escalations(
    counts: MonthCounts,
    staff: Staff,
    start: datetime,
    step: timedelta,
    ids: dict[int, int],
    first_number: int,
) -> Iterator[Escalation]:
    borderline_from = counts.diagnosis_right - counts.borderline
    feedback_from = counts.escalations - counts.feedback
    for rank, index in enumerate(sorted(ids)):
        ticket_ref = reference(first_number + index)
        requested = start + step * index + counts.n1_call
        resolved = requested + counts.n2_resolutions[rank % 2]
        is_avoidable = rank >= counts.diagnosis_right
        has_feedback = rank >= feedback_from
        yield Escalation(
            reference=f"{ticket_ref}-TECH-001",
            ticket_id=ids[index],
            number=1,
            from_tier=Tier.N1,
            to_tier=Tier.N2,
            status=EscalationStatus.RESOLVED,
            priority=Priority.NORMAL,
            team=staff.n2_team,
            requested_by=staff.n1_agents[index % len(staff.n1_agents)],
            requested_at=requested,
            accepted_by=staff.n2_experts[rank % len(staff.n2_experts)],
            accepted_at=requested + counts.n2_acceptance,
            resolved_at=resolved,
            is_briefing_complete=rank < counts.briefing_complete,
            is_diagnosis_correct=not is_avoidable,
            is_avoidable=is_avoidable,
            is_borderline=borderline_from <= rank < counts.diagnosis_right,
            feedback_to_n1="Generated feedback." if has_feedback else "",
            feedback_at=resolved if has_feedback else None,
        )


def _spread(total: int, chosen: int) -> list[int]:
    """``chosen`` indexes spread evenly over ``range(total)``."""
    if chosen <= 0:
        return []
    return [index * total // chosen for index in range(chosen)]


def _days_in_month(day: date) -> int:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return (following - date(day.year, day.month, 1)).days


def _batches(items: Iterator, size: int = BATCH) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
