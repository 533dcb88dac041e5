"""The SLA policy of a priority, with the specification's targets as defaults."""

from datetime import timedelta

from escalade.sla.calendar import ROUND_THE_CLOCK, WorkCalendar
from escalade.sla.models import Calendar, Policy, TeamCalendar
from escalade.tickets.choices import Priority

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)

# Targets of the specification: urgent 4 h; normal 24 h to the first N2
# contact and 48 h to the resolution; low 3 days. N1 should hand over within
# a quarter of an hour; the N3 targets are the desk's own starting values.
DEFAULTS: dict[str, dict[str, timedelta]] = {
    Priority.URGENT: {
        "n1_target": timedelta(minutes=15),
        "first_response_target": 4 * HOUR,
        "resolution_target": 4 * HOUR,
        "n3_target": 1 * DAY,
    },
    Priority.NORMAL: {
        "n1_target": timedelta(minutes=15),
        "first_response_target": 24 * HOUR,
        "resolution_target": 48 * HOUR,
        "n3_target": 5 * DAY,
    },
    Priority.LOW: {
        "n1_target": timedelta(minutes=15),
        "first_response_target": 3 * DAY,
        "resolution_target": 3 * DAY,
        "n3_target": 10 * DAY,
    },
}
RAISED = {Priority.LOW: Priority.NORMAL, Priority.NORMAL: Priority.URGENT}


def default_policy(priority: str) -> Policy:
    """An unsaved policy with the defaults, for a desk whose table is empty."""
    return Policy(priority=priority, **DEFAULTS.get(priority, DEFAULTS["normal"]))


class PolicyBook:
    """Policies and calendars loaded once for a batch of tickets."""

    def __init__(self, team_ids: set[int] | None = None) -> None:
        self.policies = {
            p.priority: p for p in Policy.objects.select_related("calendar")
        }
        team_calendars = TeamCalendar.objects.select_related("calendar")
        if team_ids is not None:
            team_calendars = team_calendars.filter(team_id__in=team_ids)
        self.team_calendars = {tc.team_id: tc.calendar for tc in team_calendars}
        self._converted: dict[int, WorkCalendar] = {}

    def policy(self, priority: str) -> Policy:
        return self.policies.get(priority) or default_policy(priority)

    def calendar(self, policy: Policy, team_id: int | None = None) -> WorkCalendar:
        """The team's calendar when it has one, else the policy's."""
        chosen = self.team_calendars.get(team_id) if team_id else None
        chosen = chosen or policy.calendar
        return self.work_calendar(chosen)

    def work_calendar(self, calendar: Calendar | None) -> WorkCalendar:
        if calendar is None or calendar.is_round_the_clock:
            return ROUND_THE_CLOCK
        if calendar.pk not in self._converted:
            self._converted[calendar.pk] = calendar.as_work_calendar()
        return self._converted[calendar.pk]


def targets_for(priority: str) -> tuple[timedelta, timedelta]:
    """(first N2 contact, resolution) targets promised to the customer."""
    policy = Policy.objects.filter(priority=priority).first() or default_policy(
        priority
    )
    return policy.first_response_target, policy.resolution_target
