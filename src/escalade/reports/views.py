"""The supervisor's KPI dashboard, its exports and the KPI targets page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from escalade.accounts.models import Role
from escalade.accounts.roles import has_role
from escalade.reports import charts, exports, selectors, services
from escalade.reports.forms import ReportFilterForm, TargetForm, this_month
from escalade.reports.kpis import UNITS, Kpi, Unit
from escalade.reports.report import (
    SEGMENTS,
    breakdown,
    build_report,
    queue_series,
    weekly_kpis,
)
from escalade.tickets.exceptions import InvalidInput


def _require_supervisor(request: HttpRequest) -> None:
    if not has_role(request.user, Role.SUPERVISOR, Role.ADMIN):
        raise PermissionDenied(_("The reports are for supervisors."))


def _filter_form(request: HttpRequest) -> ReportFilterForm:
    data = request.GET.copy()
    for name, value in this_month(timezone.localdate()).items():
        data.setdefault(name, value)
    return ReportFilterForm(data)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """KPIs against their targets, the monthly report and the charts."""
    _require_supervisor(request)
    form = _filter_form(request)
    if not form.is_valid():
        return render(request, "reports/dashboard.html", {"form": form}, status=400)

    scope = form.scope()
    report = build_report(scope)
    goals = selectors.targets()
    context = {
        "form": form,
        "report": report,
        "query": request.GET.urlencode(),
        "kpi_charts": _kpi_charts(report, weekly_kpis(scope, goals), goals),
        "queue_chart": _queue_chart(queue_series(scope)),
        "sla_charts": _sla_charts(report),
        "segments": SEGMENTS,
    }
    dimension = form.cleaned_data.get("by")
    if dimension:
        context["breakdown"] = breakdown(scope, dimension, goals)
    return render(request, "reports/dashboard.html", context)


CEILINGS = {Unit.PERCENT: 100.0, Unit.SCORE: 5.0}


def _kpi_charts(report, weekly, goals) -> list:
    return [
        (
            figure,
            charts.kpi_chart(
                figure.label,
                weekly[figure.key],
                goals[figure.key],
                CEILINGS.get(figure.unit),
            ),
        )
        for figure in report.kpis
    ]


def _queue_chart(series):
    return charts.lines_chart(
        _("N2 queue at each day's end"),
        [
            charts.Series(_("waiting"), [(d, w) for d, w, _x in series], "#c98a00"),
            charts.Series(_("in progress"), [(d, p) for d, _x, p in series]),
        ],
    )


def _sla_charts(report) -> list:
    return [
        (
            row,
            charts.bars_chart(
                row.label,
                [
                    (str(SEGMENTS[name]), row.rate(name))
                    for name, (_met, measured) in row.segments.items()
                    if measured
                ],
            ),
        )
        for row in report.sla
    ]


@login_required
def export(request: HttpRequest, file_format: str) -> HttpResponse:
    """The report of the dashboard's filters as CSV or XLSX."""
    _require_supervisor(request)
    form = _filter_form(request)
    if not form.is_valid():
        return HttpResponse(str(form.errors), status=400, content_type="text/plain")

    report = build_report(form.scope())
    name = f"escalade-report-{report.scope.first_day}-{report.scope.last_day}"
    if file_format == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(report),
            content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ),
        )
    else:
        response = HttpResponse(exports.to_csv(report), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


@login_required
def targets(request: HttpRequest) -> HttpResponse:
    """Every KPI's target, editable by a supervisor."""
    _require_supervisor(request)
    goals = selectors.targets()
    forms = {}
    for kpi in Kpi:
        goal = goals[kpi]
        initial = {
            "minimum": goal.minimum,
            "maximum": goal.maximum,
            "is_maximum_strict": goal.is_maximum_strict,
        }
        data = request.POST if request.method == "POST" else None
        forms[kpi] = TargetForm(data, initial=initial, prefix=kpi.value)

    if request.method == "POST" and all(f.is_valid() for f in forms.values()):
        if _save_targets(request, forms):
            messages.success(request, _("Targets saved."))
            return redirect("reports:targets")

    rows = [(kpi, UNITS[kpi], goals[kpi].label(UNITS[kpi]), forms[kpi]) for kpi in Kpi]
    return render(request, "reports/targets.html", {"rows": rows})


def _save_targets(request: HttpRequest, forms: dict) -> bool:
    """Save the changed targets, all or none; put refusals on their forms."""
    saved = True
    with transaction.atomic():
        for kpi, form in forms.items():
            if not form.has_changed():
                continue
            try:
                services.set_target(request.user, kpi, **form.cleaned_data)
            except InvalidInput as error:
                for field, problems in error.errors.items():
                    name = field if field in form.fields else None
                    for problem in problems:
                        form.add_error(name, problem)
                saved = False
        if not saved:
            transaction.set_rollback(True)
    return saved
