"""Small display helpers for the queue and the workspace."""

from datetime import timedelta

from django import template
from django.utils.translation import gettext as _

from escalade.tickets.choices import Status
from escalade.tickets.timeline import EventKind

register = template.Library()


@register.filter
def duration(value: timedelta | int | None) -> str:
    """'2 d 3 h', '1 h 20 min', '5 min'; seconds count as a duration too."""
    if value is None or value == "":
        return "—"
    if not isinstance(value, timedelta):
        value = timedelta(seconds=int(value))
    minutes = int(abs(value.total_seconds()) // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        text = _("%(days)s d %(hours)s h") % {"days": days, "hours": hours}
    elif hours:
        text = _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
    else:
        text = _("%(minutes)s min") % {"minutes": minutes}
    return f"-{text}" if value.total_seconds() < 0 else text


@register.filter
def is_late(value: timedelta | None) -> bool:
    return value is not None and value.total_seconds() < 0


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key) if mapping else None


@register.filter
def event_label(kind: str) -> str:
    """The timeline event's name in words; an unknown (older) kind as stored."""
    try:
        return EventKind(kind).label
    except ValueError:
        return kind


@register.filter
def status_label(status: str) -> str:
    """The ticket status in words; an unknown (older) status as stored."""
    try:
        return Status(status).label
    except ValueError:
        return status
