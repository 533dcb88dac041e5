from datetime import date

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from escalade.accounts.models import Team
from escalade.reports.scope import Scope
from escalade.tickets.choices import Category

BREAKDOWN_CHOICES = [
    ("", _("no breakdown")),
    ("agent", _("per N1 agent")),
    ("team", _("per N1 team")),
    ("category", _("per category")),
]


class ReportFilterForm(forms.Form):
    """The period and the slice of the desk a report covers."""

    start = forms.DateField(
        label=_("from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label=_("to"), widget=forms.DateInput(attrs={"type": "date"}))
    team = forms.ModelChoiceField(
        label=_("team"), queryset=Team.objects.all(), required=False
    )
    agent = forms.ModelChoiceField(
        label=_("agent"),
        queryset=get_user_model()
        .objects.filter(agent__isnull=False)
        .order_by("first_name", "username"),
        required=False,
    )
    category = forms.ChoiceField(
        label=_("category"),
        choices=[("", _("all categories")), *Category.choices],
        required=False,
    )
    by = forms.ChoiceField(
        label=_("compare"), choices=BREAKDOWN_CHOICES, required=False
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end comes before the start."))
        if start and end and (end - start).days > 366:
            self.add_error("end", _("A report covers one year at most."))
        return data

    def scope(self) -> Scope:
        data = self.cleaned_data
        return Scope.for_dates(
            data["start"],
            data["end"],
            team_id=data["team"].pk if data.get("team") else None,
            agent_id=data["agent"].pk if data.get("agent") else None,
            category=data.get("category") or "",
        )


def this_month(today: date) -> dict:
    return {"start": today.replace(day=1).isoformat(), "end": today.isoformat()}


class TargetForm(forms.Form):
    minimum = forms.DecimalField(
        label=_("minimum"), required=False, max_digits=8, decimal_places=2
    )
    maximum = forms.DecimalField(
        label=_("maximum"), required=False, max_digits=8, decimal_places=2
    )
    is_maximum_strict = forms.BooleanField(
        label=_("strictly below the maximum"), required=False
    )
