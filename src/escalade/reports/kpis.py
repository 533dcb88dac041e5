"""The nine KPIs of the escalation desk: their codes, units and default targets.

A target is a range: a value meets it when it is at least ``minimum`` and at
most ``maximum`` (strictly below when ``is_maximum_strict``). Either bound may
be missing. docs/kpis.md gives each KPI's exact definition.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kpi(models.TextChoices):
    ESCALATION_RATE = "escalation_rate", _("escalation rate")
    BRIEFING_QUALITY = "briefing_quality", _("complete N1 briefings")
    N2_RESOLUTION_RATE = "n2_resolution_rate", _("N2 resolution rate")
    FIRST_CONTACT_TIME = "first_contact_time", _("time to first N2 contact")
    N2_RESOLUTION_TIME = "n2_resolution_time", _("N2 resolution time")
    SATISFACTION = "satisfaction", _("post-escalation satisfaction")
    AVOIDABLE_RATE = "avoidable_rate", _("avoidable escalations")
    FEEDBACK_RATE = "feedback_rate", _("N2 feedback to N1")
    FURTHER_ESCALATION_RATE = "further_rate", _("further escalations (N3 or vendor)")


class Unit(models.TextChoices):
    PERCENT = "percent", "%"
    HOURS = "hours", "h"
    SCORE = "score", "/5"


@dataclass(frozen=True)
class TargetRange:
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    is_maximum_strict: bool = False

    def is_met(self, value: float | Decimal | None) -> bool | None:
        """True or False; None when there is no value to judge."""
        if value is None:
            return None
        value = Decimal(str(value))
        if self.minimum is not None and value < self.minimum:
            return False
        if self.maximum is not None:
            if self.is_maximum_strict and value >= self.maximum:
                return False
            if value > self.maximum:
                return False
        return True

    def label(self, unit: str) -> str:
        """'5–10%', '≥ 90%', '≤ 24h', '< 3%'."""
        sign = "" if unit == Unit.SCORE else Unit(unit).label
        suffix = "/5" if unit == Unit.SCORE else sign
        low, high = self.minimum, self.maximum
        if low is not None and high is not None:
            return f"{_number(low)}–{_number(high)}{suffix}"
        if low is not None:
            return f"≥ {_number(low)}{suffix}"
        if high is not None:
            op = "<" if self.is_maximum_strict else "≤"
            return f"{op} {_number(high)}{suffix}"
        return "—"


def _number(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


UNITS: dict[str, str] = {
    Kpi.ESCALATION_RATE: Unit.PERCENT,
    Kpi.BRIEFING_QUALITY: Unit.PERCENT,
    Kpi.N2_RESOLUTION_RATE: Unit.PERCENT,
    Kpi.FIRST_CONTACT_TIME: Unit.HOURS,
    Kpi.N2_RESOLUTION_TIME: Unit.HOURS,
    Kpi.SATISFACTION: Unit.SCORE,
    Kpi.AVOIDABLE_RATE: Unit.PERCENT,
    Kpi.FEEDBACK_RATE: Unit.PERCENT,
    Kpi.FURTHER_ESCALATION_RATE: Unit.PERCENT,
}

# The specification's targets (section 9).
DEFAULT_TARGETS: dict[str, TargetRange] = {
    Kpi.ESCALATION_RATE: TargetRange(Decimal(5), Decimal(10)),
    Kpi.BRIEFING_QUALITY: TargetRange(minimum=Decimal(90)),
    Kpi.N2_RESOLUTION_RATE: TargetRange(minimum=Decimal(95)),
    Kpi.FIRST_CONTACT_TIME: TargetRange(maximum=Decimal(24)),
    Kpi.N2_RESOLUTION_TIME: TargetRange(maximum=Decimal(48)),
    Kpi.SATISFACTION: TargetRange(minimum=Decimal("4.5")),
    Kpi.AVOIDABLE_RATE: TargetRange(maximum=Decimal(5), is_maximum_strict=True),
    Kpi.FEEDBACK_RATE: TargetRange(minimum=Decimal(80)),
    Kpi.FURTHER_ESCALATION_RATE: TargetRange(
        maximum=Decimal(3), is_maximum_strict=True
    ),
}
