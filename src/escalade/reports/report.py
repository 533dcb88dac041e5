"""KPI values, their marks and the monthly report, from the selectors' numbers.

The database counts and averages (``selectors``); this module divides, rounds,
compares with the targets and lays the figures out as the specification's
monthly report (section 5.2) and KPI table (section 9).
"""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from escalade import clock
from escalade.reports import selectors
from escalade.reports.kpis import UNITS, Kpi, TargetRange, Unit
from escalade.reports.scope import Scope
from escalade.tickets.choices import Category, Priority


@dataclass
class Figure:
    """One line of a report: a count out of a total, or a measure."""

    key: str
    label: str
    value: float | None = None  # percent, hours or score, per ``unit``
    unit: str = ""
    count: int | None = None
    total: int | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def shown(self) -> str:
        """'65/68 (96%)', '4h20', '4.7/5', '850'."""
        return show(self)


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)


@dataclass
class SlaRow:
    priority: str
    label: str
    segments: dict[str, tuple[int, int]]  # segment -> (met, measured)
    breached: int

    def rate(self, segment: str) -> float | None:
        met, measured = self.segments.get(segment, (0, 0))
        return percent(met, measured)

    @property
    def late_segments(self) -> list[str]:
        return [name for name, (met, total) in self.segments.items() if met < total]


SEGMENTS = {
    "n1": "N1",
    "n2_acceptance": gettext_lazy("N2 acceptance"),
    "n2_resolution": gettext_lazy("N2 resolution"),
    "n3": "N3",
    "customer": gettext_lazy("customer"),
}


@dataclass
class Report:
    scope: Scope
    as_of: datetime
    kpis: list[Figure]
    sections: list[Section]
    sla: list[SlaRow]
    learning: list[dict]

    def as_dict(self) -> dict:
        return {
            "from": self.scope.first_day.isoformat(),
            "to": self.scope.last_day.isoformat(),
            "team": self.scope.team_id,
            "agent": self.scope.agent_id,
            "category": self.scope.category,
            "as_of": self.as_of.isoformat(),
            "kpis": [figure_dict(f) for f in self.kpis],
            "sections": [
                {
                    "key": s.key,
                    "title": s.title,
                    "figures": [figure_dict(f) for f in s.figures],
                }
                for s in self.sections
            ],
            "sla": [
                {
                    "priority": row.priority,
                    "breached": row.breached,
                    "segments": {
                        name: {"met": met, "measured": measured}
                        for name, (met, measured) in row.segments.items()
                    },
                    "late_segments": row.late_segments,
                }
                for row in self.sla
            ],
            "learning": self.learning,
        }


def figure_dict(figure: Figure) -> dict:
    data = asdict(figure)
    data["shown"] = figure.shown
    return data


# -- arithmetic -----------------------------------------------------------


def percent(part: int | None, whole: int | None) -> float | None:
    if not whole:
        return None
    return 100.0 * (part or 0) / whole


def hours(value) -> float | None:
    """An average duration from the database, in hours.

    PostgreSQL gives a timedelta; SQLite may give microseconds.
    """
    if value is None:
        return None
    if isinstance(value, timedelta):
        return value.total_seconds() / 3600
    return float(value) / 3_600_000_000


def show_hours(value: float | None) -> str:
    if value is None:
        return "—"
    minutes = round(value * 60)
    return f"{minutes // 60}h{minutes % 60:02d}"


def show(figure: Figure) -> str:
    if figure.unit == Unit.HOURS:
        return show_hours(figure.value)
    if figure.unit == Unit.SCORE:
        return "—" if figure.value is None else f"{figure.value:.1f}/5"
    if figure.unit == Unit.PERCENT:
        rate = "—" if figure.value is None else f"{figure.value:.0f}%"
        if figure.total is None:
            return rate
        return f"{figure.count}/{figure.total} ({rate})"
    return "—" if figure.count is None else str(figure.count)


# -- KPIs -----------------------------------------------------------------


def kpi_figures(
    contacts: dict, escalations: dict, goals: dict[str, TargetRange]
) -> list[Figure]:
    """The nine KPIs of section 9, each with its target and mark."""
    e = escalations
    reviewed = (e["finished"] or 0) + (e["returned"] or 0)
    measures: dict[str, tuple[float | None, int | None, int | None]] = {
        Kpi.ESCALATION_RATE: _ratio(contacts["escalated"], contacts["contacts"]),
        Kpi.BRIEFING_QUALITY: _ratio(e["briefing_complete"], e["escalations"]),
        Kpi.N2_RESOLUTION_RATE: _ratio(e["resolved"], e["finished"]),
        Kpi.FIRST_CONTACT_TIME: (
            hours(e["first_contact_avg"]),
            e["contacted_in_time"],
            e["contacted"],
        ),
        Kpi.N2_RESOLUTION_TIME: (
            hours(e["resolution_avg"]),
            e["ended_in_time"],
            e["ended"],
        ),
        Kpi.SATISFACTION: (
            _float(contacts["satisfaction_escalated"]),
            None,
            contacts["rated_escalated"],
        ),
        Kpi.AVOIDABLE_RATE: _ratio(e["avoidable"], e["escalations"]),
        Kpi.FEEDBACK_RATE: _ratio(e["feedback"], reviewed),
        Kpi.FURTHER_ESCALATION_RATE: _ratio(e["escalated_further"], e["escalations"]),
    }
    figures = []
    for kpi in Kpi:
        value, count, total = measures[kpi]
        unit = UNITS[kpi]
        goal = goals[kpi]
        figures.append(
            Figure(
                key=kpi.value,
                label=str(kpi.label),
                value=value,
                unit=unit,
                count=count,
                total=total,
                target=goal.label(unit),
                met=goal.is_met(value),
                note=_kpi_note(kpi, count, total),
            )
        )
    return figures


def _ratio(part: int | None, whole: int | None) -> tuple[float | None, int, int]:
    return percent(part, whole), part or 0, whole or 0


def _float(value) -> float | None:
    return None if value is None else float(value)


def _kpi_note(kpi: str, count: int | None, total: int | None) -> str:
    if kpi in (Kpi.FIRST_CONTACT_TIME, Kpi.N2_RESOLUTION_TIME) and total:
        return _("%(count)s of %(total)s within target") % {
            "count": count,
            "total": total,
        }
    if kpi == Kpi.SATISFACTION and total:
        return _("%(total)s ratings") % {"total": total}
    return ""


# -- the monthly report ---------------------------------------------------


def build_report(scope: Scope, as_of: datetime | None = None) -> Report:
    """Everything of the monthly report: seven queries, whatever the data."""
    as_of = as_of or clock.now()
    goals = selectors.targets()
    contacts = selectors.contact_figures(scope)
    escalations = selectors.escalation_figures(scope, goals)
    kpis = kpi_figures(contacts, escalations, goals)
    sla = sla_rows(
        selectors.sla_figures(scope, as_of), selectors.n3_sla_figures(scope, as_of)
    )
    learning = learning_rows(selectors.learning_by_category(scope))
    sections = monthly_sections(contacts, escalations, kpis, sla, learning, goals)
    return Report(scope, as_of, kpis, sections, sla, learning)


def monthly_sections(
    contacts: dict,
    escalations: dict,
    kpis: list[Figure],
    sla: list[SlaRow],
    learning: list[dict],
    goals: dict[str, TargetRange],
) -> list[Section]:
    """Section 5.2: volume, N1 quality, N2 impact, learning, efficiency."""
    by_key = {figure.key: figure for figure in kpis}
    e = escalations
    quality_goal = goals[Kpi.BRIEFING_QUALITY]
    right = percent(e["diagnosis_right"], e["escalations"])
    within, measured = _customer_clock(sla)
    within_rate = percent(within, measured)
    end_to_end = hours(contacts["end_to_end"])
    return [
        Section(
            "volume",
            _("Escalation volume"),
            [
                Figure("contacts", _("N1 contacts"), count=contacts["contacts"]),
                Figure("resolved_n1", _("solved at N1"), count=contacts["resolved_n1"]),
                by_key[Kpi.ESCALATION_RATE],
            ],
        ),
        Section(
            "quality",
            _("Quality of N1 escalations"),
            [
                by_key[Kpi.BRIEFING_QUALITY],
                Figure(
                    "diagnosis_right",
                    _("right first diagnosis"),
                    right,
                    Unit.PERCENT,
                    e["diagnosis_right"],
                    e["escalations"],
                    quality_goal.label(Unit.PERCENT),
                    quality_goal.is_met(right),
                ),
                Figure(
                    "diagnosis_wrong",
                    _("wrong first diagnosis"),
                    percent(e["diagnosis_wrong"], e["escalations"]),
                    Unit.PERCENT,
                    e["diagnosis_wrong"],
                    e["escalations"],
                ),
            ],
        ),
        Section(
            "n2_impact",
            _("N2 impact"),
            [
                by_key[Kpi.N2_RESOLUTION_RATE],
                by_key[Kpi.N2_RESOLUTION_TIME],
                by_key[Kpi.FIRST_CONTACT_TIME],
                Figure(
                    "within_sla",
                    _("within the SLA (first contact and resolution)"),
                    within_rate,
                    Unit.PERCENT,
                    within,
                    measured,
                    "100%",
                    None if within_rate is None else within == measured,
                ),
                by_key[Kpi.SATISFACTION],
            ],
        ),
        Section(
            "learning",
            _("Learning from N1"),
            [
                by_key[Kpi.AVOIDABLE_RATE],
                Figure(
                    "borderline",
                    _("borderline escalations"),
                    percent(e["borderline"], e["escalations"]),
                    Unit.PERCENT,
                    e["borderline"],
                    e["escalations"],
                ),
                by_key[Kpi.FEEDBACK_RATE],
                *_training_figures(learning),
            ],
        ),
        Section(
            "efficiency",
            _("Overall efficiency"),
            [
                Figure(
                    "escalations_resolved",
                    _("escalated tickets resolved"),
                    percent(contacts["escalated_resolved"], contacts["escalated"]),
                    Unit.PERCENT,
                    contacts["escalated_resolved"],
                    contacts["escalated"],
                ),
                Figure(
                    "end_to_end",
                    _("time to resolution (N1 + N2), average"),
                    end_to_end,
                    Unit.HOURS,
                ),
                Figure(
                    "satisfaction_all",
                    _("customer satisfaction, all tickets"),
                    _float(contacts["satisfaction_avg"]),
                    Unit.SCORE,
                    note=_("%(total)s ratings") % {"total": contacts["rated"]},
                ),
                by_key[Kpi.FURTHER_ESCALATION_RATE],
            ],
        ),
    ]


def _customer_clock(sla: list[SlaRow]) -> tuple[int, int]:
    met = sum(row.segments["customer"][0] for row in sla)
    measured = sum(row.segments["customer"][1] for row in sla)
    return met, measured


def _training_figures(learning: list[dict]) -> list[Figure]:
    """What follows: training on avoidable categories, the guide on borderline."""
    avoidable = [row["label"] for row in learning if row["avoidable"]]
    borderline = [row["label"] for row in learning if row["borderline"]]
    figures = []
    if avoidable:
        figures.append(
            Figure(
                "training",
                _("training follows on"),
                note=", ".join(avoidable),
            )
        )
    if borderline:
        figures.append(
            Figure(
                "guide",
                _("“when to escalate” guide to review with the cases of"),
                note=", ".join(borderline),
            )
        )
    return figures


def learning_rows(rows: list[dict]) -> list[dict]:
    labels = dict(Category.choices)
    return [
        {
            "category": row["category"],
            "label": str(labels.get(row["category"], row["category"])),
            "avoidable": row["avoidable"],
            "borderline": row["borderline"],
        }
        for row in rows
    ]


def sla_rows(rows: list[dict], n3_rows: list[dict]) -> list[SlaRow]:
    """One row per priority, urgent first, with every segment's attainment."""
    n3 = {row["ticket_priority"]: row for row in n3_rows}
    found = {row["priority"]: row for row in rows}
    result = []
    for priority, label in Priority.choices:
        row = found.get(priority)
        third = n3.get(priority, {})
        if row is None and not third:
            continue
        row = row or {}
        result.append(
            SlaRow(
                priority=priority,
                label=str(label),
                segments={
                    "n1": (row.get("n1_met", 0), row.get("n1_measured", 0)),
                    "n2_acceptance": (
                        row.get("accept_met", 0),
                        row.get("accept_measured", 0),
                    ),
                    "n2_resolution": (row.get("n2_met", 0), row.get("n2_measured", 0)),
                    "n3": (third.get("n3_met", 0), third.get("n3_measured", 0)),
                    "customer": (
                        row.get("customer_met", 0),
                        row.get("customer_measured", 0),
                    ),
                },
                breached=row.get("breached", 0),
            )
        )
    return result


# -- weeks, breakdowns, queue ---------------------------------------------


def weekly_kpis(
    scope: Scope, goals: dict[str, TargetRange]
) -> dict[str, list[tuple[date, float | None]]]:
    """Each KPI's value per week of the period: two queries."""
    contacts = _by_week(selectors.weekly_contact_figures(scope))
    escalations = _by_week(selectors.weekly_escalation_figures(scope, goals))
    no_contacts = dict.fromkeys(selectors.contact_aggregates())
    no_escalations = dict.fromkeys(selectors.escalation_aggregates(24, 48))
    series: dict[str, list[tuple[date, float | None]]] = {k: [] for k in Kpi.values}
    for week in sorted(set(contacts) | set(escalations)):
        figures = kpi_figures(
            contacts.get(week, no_contacts),
            escalations.get(week, no_escalations),
            goals,
        )
        for figure in figures:
            series[figure.key].append((week, figure.value))
    return series


def _by_week(rows: list[dict]) -> dict[date, dict]:
    return {_day(row["week"]): row for row in rows}


def _day(value) -> date:
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).date()
            if timezone.is_aware(value)
            else value.date()
        )
    return value


def breakdown(
    scope: Scope, dimension: str, goals: dict[str, TargetRange]
) -> list[tuple[str, list[Figure]]]:
    """The nine KPIs per agent, team or category: two queries and the names."""
    contacts = {r["key"]: r for r in selectors.contact_figures_by(scope, dimension)}
    escalations = {
        r["key"]: r for r in selectors.escalation_figures_by(scope, dimension, goals)
    }
    no_contacts = dict.fromkeys(selectors.contact_aggregates())
    no_escalations = dict.fromkeys(selectors.escalation_aggregates(24, 48))
    keys = set(contacts) | set(escalations)
    names = _names(dimension, keys)
    rows = [
        (
            names.get(key, "—"),
            kpi_figures(
                contacts.get(key, no_contacts),
                escalations.get(key, no_escalations),
                goals,
            ),
        )
        for key in keys
    ]
    return sorted(rows, key=lambda row: row[0])


def _names(dimension: str, keys: set) -> dict:
    from django.contrib.auth import get_user_model

    from escalade.accounts.models import Team, short_name

    known = [key for key in keys if key is not None]
    if dimension == "agent":
        users = get_user_model().objects.filter(pk__in=known)
        return {user.pk: short_name(user) for user in users}
    if dimension == "team":
        return dict(Team.objects.filter(pk__in=known).values_list("pk", "name"))
    return {key: str(label) for key, label in Category.choices}


def queue_series(scope: Scope) -> list[tuple[date, int, int]]:
    """(day, waiting, worked) at each day's end; weeks beyond two months."""
    days = (scope.last_day - scope.first_day).days + 1
    step = 1 if days <= 62 else 7
    instants = []
    day = scope.first_day
    while day <= scope.last_day:
        instants.append(day)
        day += timedelta(days=step)
    zone = timezone.get_current_timezone()
    ends = [
        min(datetime.combine(d + timedelta(days=1), time.min, tzinfo=zone), scope.end)
        for d in instants
    ]
    counts = selectors.queue_sizes(scope, ends)
    return [
        (d, counts[f"waiting_{i}"], counts[f"worked_{i}"])
        for i, d in enumerate(instants)
    ]
