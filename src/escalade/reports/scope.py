"""Which tickets and escalations a report covers: period, team, agent, category.

Every figure is anchored on the N1 contact: a report for December covers the
tickets opened in December and what became of them (their escalations, N2's
work, the customer's rating), even when that happened in January.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from escalade.tickets.models import Escalation


@dataclass(frozen=True)
class Scope:
    start: datetime  # first instant covered
    end: datetime  # first instant no longer covered
    team_id: int | None = None
    agent_id: int | None = None
    category: str = ""

    @classmethod
    def for_dates(
        cls,
        first_day: date,
        last_day: date,
        *,
        team_id: int | None = None,
        agent_id: int | None = None,
        category: str = "",
    ) -> "Scope":
        """From the first day's midnight to the midnight after the last day."""
        zone = timezone.get_current_timezone()
        start = datetime.combine(first_day, time.min, tzinfo=zone)
        end = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=zone)
        return cls(start, end, team_id, agent_id, category)

    @property
    def first_day(self) -> date:
        return timezone.localtime(self.start).date()

    @property
    def last_day(self) -> date:
        return timezone.localtime(self.end - timedelta(microseconds=1)).date()

    def tickets(self) -> Q:
        """The tickets (N1 contacts) in scope."""
        q = Q(created_at__gte=self.start, created_at__lt=self.end)
        if self.category:
            q &= Q(category=self.category)
        if self.team_id:
            handled = Escalation.objects.filter(
                ticket=OuterRef("pk"), team_id=self.team_id
            )
            q &= Q(created_by__agent__team_id=self.team_id) | Q(Exists(handled))
        if self.agent_id:
            accepted = Escalation.objects.filter(
                ticket=OuterRef("pk"), accepted_by_id=self.agent_id
            )
            q &= Q(created_by_id=self.agent_id) | Q(Exists(accepted))
        return q

    def escalations(self) -> Q:
        """The escalations in scope: those of the tickets in scope."""
        q = Q(ticket__created_at__gte=self.start, ticket__created_at__lt=self.end)
        if self.category:
            q &= Q(ticket__category=self.category)
        if self.team_id:
            q &= Q(team_id=self.team_id) | Q(requested_by__agent__team_id=self.team_id)
        if self.agent_id:
            q &= Q(requested_by_id=self.agent_id) | Q(accepted_by_id=self.agent_id)
        return q
