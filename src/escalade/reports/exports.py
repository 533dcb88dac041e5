"""The report as rows, CSV, XLSX and text: the same figures in each."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from escalade.reports.report import SEGMENTS, Figure, Report

HEADER = [
    "section",
    "key",
    "label",
    "shown",
    "count",
    "total",
    "value",
    "unit",
    "target",
    "met",
    "note",
]


def figure_row(section: str, figure: Figure) -> list:
    value = None if figure.value is None else round(figure.value, 2)
    met = "" if figure.met is None else ("met" if figure.met else "missed")
    return [
        section,
        figure.key,
        figure.label,
        figure.shown,
        figure.count,
        figure.total,
        value,
        figure.unit,
        figure.target,
        met,
        figure.note,
    ]


def report_rows(report: Report) -> list[list]:
    """KPIs, then the monthly sections, then SLA per priority and segment."""
    rows = [figure_row("kpi", figure) for figure in report.kpis]
    for section in report.sections:
        rows += [figure_row(section.key, figure) for figure in section.figures]
    for row in report.sla:
        for segment, (met, measured) in row.segments.items():
            rate = row.rate(segment)
            rows.append(
                [
                    "sla",
                    f"{row.priority}:{segment}",
                    f"{row.label} · {SEGMENTS[segment]}",
                    f"{met}/{measured}",
                    met,
                    measured,
                    None if rate is None else round(rate, 2),
                    "percent",
                    "100%",
                    "" if rate is None else ("met" if met == measured else "missed"),
                    "",
                ]
            )
    return rows


def to_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(report_rows(report))
    return buffer.getvalue()


def to_xlsx(report: Report) -> bytes:
    """A workbook: one sheet of every figure, one of the learning per category."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Report"
    sheet.append(
        [
            _("Escalation report from %(first)s to %(last)s")
            % {"first": report.scope.first_day, "last": report.scope.last_day}
        ]
    )
    sheet.append(HEADER)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in report_rows(report):
        sheet.append(row)
    sheet.column_dimensions["C"].width = 48
    sheet.column_dimensions["D"].width = 16

    learning = book.create_sheet("Learning")
    learning.append(["category", "label", "avoidable", "borderline"])
    for row in report.learning:
        learning.append(
            [row["category"], row["label"], row["avoidable"], row["borderline"]]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_text(report: Report) -> str:
    """The monthly report as a terminal reads it."""
    mark = {True: "✓", False: "✗", None: " "}
    lines = [
        _("Escalation report from %(first)s to %(last)s")
        % {"first": report.scope.first_day, "last": report.scope.last_day},
        "",
        _("KPIs"),
    ]
    for figure in report.kpis:
        lines.append(_line(figure, mark))
    for section in report.sections:
        lines += ["", section.title]
        lines += [_line(figure, mark) for figure in section.figures]
    lines += ["", _("SLA attainment per priority")]
    for row in report.sla:
        parts = [
            f"{SEGMENTS[name]} {met}/{measured}"
            for name, (met, measured) in row.segments.items()
            if measured
        ]
        late = ", ".join(str(SEGMENTS[name]) for name in row.late_segments) or "—"
        late_label = _("late: %(tiers)s") % {"tiers": late}
        lines.append(f"  {row.label:<8} {'; '.join(parts)}  {late_label}")
    return "\n".join(lines) + "\n"


def _line(figure: Figure, mark: dict) -> str:
    target = f"  target {figure.target}" if figure.target else ""
    note = f"  ({figure.note})" if figure.note else ""
    return f"  {mark[figure.met]} {figure.label:<48} {figure.shown}{target}{note}"
