"""Changes the reports package makes: a supervisor sets a KPI's target."""

import logging
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from escalade import clock
from escalade.accounts.models import Role
from escalade.reports.kpis import Kpi
from escalade.reports.models import KpiTarget
from escalade.tickets.exceptions import InvalidInput
from escalade.tickets.services import require_role

logger = logging.getLogger(__name__)


@transaction.atomic
def set_target(
    actor,
    kpi: str,
    *,
    minimum: Decimal | None,
    maximum: Decimal | None,
    is_maximum_strict: bool = False,
) -> KpiTarget:
    """Replace a KPI's target range; at least one bound, in order."""
    require_role(actor, Role.SUPERVISOR, Role.ADMIN)
    if kpi not in Kpi.values:
        raise InvalidInput(_("Unknown KPI."), field="kpi")
    if minimum is None and maximum is None:
        raise InvalidInput(_("Give a minimum, a maximum or both."), field="minimum")
    if minimum is not None and maximum is not None and minimum > maximum:
        raise InvalidInput(_("The minimum is above the maximum."), field="maximum")

    target, _created = KpiTarget.objects.select_for_update().get_or_create(kpi=kpi)
    target.minimum = minimum
    target.maximum = maximum
    target.is_maximum_strict = is_maximum_strict and maximum is not None
    target.updated_by = actor
    target.updated_at = clock.now()
    target.save()
    logger.info("KPI target changed", extra={"kpi": kpi, "actor": actor.pk})
    return target
