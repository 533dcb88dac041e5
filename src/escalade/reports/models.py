from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from escalade import clock
from escalade.reports.kpis import Kpi, TargetRange


class KpiTarget(models.Model):
    """A supervisor's target for one KPI; the migration seeds the spec's."""

    kpi = models.CharField(_("KPI"), max_length=24, choices=Kpi.choices, unique=True)
    minimum = models.DecimalField(
        _("minimum"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    maximum = models.DecimalField(
        _("maximum"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    is_maximum_strict = models.BooleanField(
        _("strictly below the maximum"), default=False
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), default=clock.now)

    class Meta:
        ordering = ["kpi"]
        verbose_name = _("KPI target")
        verbose_name_plural = _("KPI targets")

    def __str__(self) -> str:
        return f"{self.kpi}: {self.range}"

    @property
    def range(self) -> TargetRange:
        return TargetRange(self.minimum, self.maximum, self.is_maximum_strict)
