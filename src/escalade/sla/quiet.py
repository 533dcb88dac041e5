"""Quiet hours: SLA e-mails found at night wait for the morning."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from escalade.sla.models import Policy


def quiet_until(policy: Policy, now: datetime) -> datetime | None:
    """The end of the policy's night when ``now`` falls in it, else None.

    The night is read in the time zone of the policy's calendar (the desk's
    zone without one); it may span midnight (20:00 to 08:00) or not.
    """
    zone = ZoneInfo(
        policy.calendar.time_zone if policy.calendar else settings.TIME_ZONE
    )
    local = now.astimezone(zone)
    if not is_quiet(local.time(), policy.quiet_from, policy.quiet_until):
        return None
    day = local.date()
    if local.time() >= policy.quiet_until:
        day += timedelta(days=1)
    return datetime.combine(day, policy.quiet_until, tzinfo=zone)


def is_quiet(moment: time, starts: time, ends: time) -> bool:
    if starts == ends:
        return False
    if starts < ends:
        return starts <= moment < ends
    return moment >= starts or moment < ends
