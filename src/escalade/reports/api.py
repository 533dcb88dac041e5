"""``/api/reports``: the report of a period as JSON, and the KPI targets.

Mounted by escalade.api.urls under PREFIX. Supervisors and admins only.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Schema

from escalade.accounts.models import Role
from escalade.accounts.roles import has_role
from escalade.reports import selectors, services
from escalade.reports.kpis import UNITS, Kpi
from escalade.reports.report import build_report
from escalade.reports.scope import Scope

PREFIX = "reports"
router = Router(tags=["reports"])


class ReportQuery(Schema):
    start: date
    end: date
    team: int | None = None
    agent: int | None = None
    category: str = ""


class TargetIn(Schema):
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    is_maximum_strict: bool = False


class TargetOut(Schema):
    kpi: str
    label: str
    unit: str
    minimum: Decimal | None
    maximum: Decimal | None
    is_maximum_strict: bool
    shown: str


def _require_supervisor(request) -> None:
    if not has_role(request.user, Role.SUPERVISOR, Role.ADMIN):
        raise PermissionDenied("The reports are for supervisors.")


@router.get("", summary="KPIs, monthly report and SLA of a period")
def report(request, filters: Query[ReportQuery]) -> dict:
    """Everything the dashboard shows in figures, for ``start``..``end``."""
    _require_supervisor(request)
    if filters.end < filters.start:
        return router.api.create_response(
            request, {"detail": "end comes before start."}, status=400
        )
    scope = Scope.for_dates(
        filters.start,
        filters.end,
        team_id=filters.team,
        agent_id=filters.agent,
        category=filters.category,
    )
    return build_report(scope).as_dict()


@router.get("/targets", response=list[TargetOut], summary="The KPI targets")
def targets(request) -> list[dict]:
    _require_supervisor(request)
    goals = selectors.targets()
    return [_target_out(kpi, goals[kpi]) for kpi in Kpi]


@router.put("/targets/{kpi}", response=TargetOut, summary="Change a KPI target")
def set_target(request, kpi: str, body: TargetIn) -> dict:
    target = services.set_target(request.user, kpi, **body.dict())
    return _target_out(Kpi(kpi), target.range)


def _target_out(kpi: Kpi, goal) -> dict:
    return {
        "kpi": kpi.value,
        "label": str(kpi.label),
        "unit": UNITS[kpi],
        "minimum": goal.minimum,
        "maximum": goal.maximum,
        "is_maximum_strict": goal.is_maximum_strict,
        "shown": goal.label(UNITS[kpi]),
    }
