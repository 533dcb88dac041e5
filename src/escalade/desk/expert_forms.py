"""Forms of the N2/N3 queue and workspace.

They parse what the expert typed; the rules (probabilities adding up to
100%, a cause to resolve, who may take what) are the services'. A refusal
from a service comes back beside the field it names (``show_refusal``).
"""

from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from escalade import clock
from escalade.desk.reception import AUTOMATIC_ITEMS, RECEPTION_CHECKLIST
from escalade.tickets.choices import (
    Category,
    EscalationType,
    FollowUpAnswer,
    NoteKind,
    Priority,
    Verdict,
)
from escalade.tickets.exceptions import InvalidInput, TransitionError

SATISFACTION_CHOICES = [("", "—")] + [(str(n), str(n)) for n in range(5, 0, -1)]


def show_refusal(form: forms.BaseForm | forms.BaseFormSet, error: TransitionError):
    """Put a service's refusal beside the field it names, else above the form."""
    errors = error.errors if isinstance(error, InvalidInput) else {}
    if not errors:
        errors = {error.field or "": [error.message]}
    for name, messages in errors.items():
        for message in messages:
            _attach(form, name, message)


def _attach(form, name: str, message: str) -> None:
    if isinstance(form, forms.BaseFormSet):
        # "hypotheses.2.cause" is the cause of the second row.
        parts = name.split(".")
        if len(parts) == 3 and parts[1].isdigit():
            row = int(parts[1]) - 1
            rows = form.filled_forms()
            if 0 <= row < len(rows):
                _attach(rows[row], parts[2], message)
                return
        form.non_form_errors().append(message)
        return
    form.add_error(name if name in form.fields else None, message)


class QueueFilterForm(forms.Form):
    team = forms.TypedChoiceField(label=_("team"), required=False, coerce=int)
    category = forms.ChoiceField(
        label=_("category"),
        required=False,
        choices=[("", _("all"))] + list(Category.choices),
    )
    priority = forms.ChoiceField(
        label=_("priority"),
        required=False,
        choices=[("", _("all"))] + list(Priority.choices),
    )
    expert = forms.TypedChoiceField(label=_("expert"), required=False, coerce=int)

    def __init__(self, *args, teams=(), experts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", _("all"))] + [
            (team.pk, team.name) for team in teams
        ]
        self.fields["expert"].choices = [("", _("all"))] + [
            (user.pk, user.get_full_name() or user.get_username()) for user in experts
        ]


class ChecklistForm(forms.Form):
    """The reception checklist of section 8.2, one box per item."""

    def __init__(self, *args, ticked: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        ticked = ticked or {}
        for group in RECEPTION_CHECKLIST:
            for key, label in group.items:
                self.fields[key] = forms.BooleanField(
                    label=label,
                    required=False,
                    initial=ticked.get(key, key in AUTOMATIC_ITEMS),
                )

    def groups(self):
        """The bound fields group by group, for the template."""
        return [
            (group.title, [self[key] for key, _label in group.items])
            for group in RECEPTION_CHECKLIST
        ]

    def ticked(self) -> dict[str, bool]:
        return {name: True for name, value in self.cleaned_data.items() if value}


class QueueBackForm(forms.Form):
    reason = forms.CharField(
        label=_("why it waits in the queue"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("give it to"),
        queryset=get_user_model().objects.none(),
        required=False,
    )

    def __init__(self, *args, experts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if experts is not None:
            self.fields["assignee"].queryset = experts
        self.fields["assignee"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )

    def clean_assignee(self):
        assignee = self.cleaned_data.get("assignee")
        if assignee is None:
            raise forms.ValidationError(_("Choose the expert who takes it."))
        return assignee


class InTurnForm(forms.Form):
    """No field: the button that gives the escalation to the next in turn."""


class HypothesisForm(forms.Form):
    probability = forms.IntegerField(
        label=_("probability (%)"), min_value=0, max_value=100, required=False
    )
    cause = forms.CharField(
        label=_("cause"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    symptom = forms.CharField(
        label=_("symptom"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    fix = forms.CharField(
        label=_("fix"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    test = forms.CharField(
        label=_("test"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    verdict = forms.ChoiceField(
        label=_("verdict"), choices=Verdict.choices, initial=Verdict.OPEN
    )

    def is_filled(self) -> bool:
        """A row with neither cause nor probability is an unused blank row."""
        data = getattr(self, "cleaned_data", None) or {}
        return bool(data.get("cause") or data.get("probability") is not None)


class BaseHypothesisFormSet(forms.BaseFormSet):
    def filled_forms(self) -> list[HypothesisForm]:
        return [form for form in self.forms if form.is_filled()]

    def hypotheses(self) -> list[dict]:
        """The filled rows, in order, as the service takes them."""
        return [
            {
                "probability": form.cleaned_data.get("probability"),
                "cause": form.cleaned_data.get("cause", ""),
                "symptom": form.cleaned_data.get("symptom", ""),
                "fix": form.cleaned_data.get("fix", ""),
                "test": form.cleaned_data.get("test", ""),
                "verdict": form.cleaned_data.get("verdict") or Verdict.OPEN,
            }
            for form in self.filled_forms()
        ]

    def total(self) -> int:
        return sum(
            form.cleaned_data.get("probability") or 0 for form in self.filled_forms()
        )


def hypothesis_formset(escalation, data=None) -> BaseHypothesisFormSet:
    """The escalation's hypotheses as rows, plus blank ones up to three."""
    initial = [
        {
            "probability": h.probability,
            "cause": h.cause,
            "symptom": h.symptom,
            "fix": h.fix,
            "test": h.test,
            "verdict": h.verdict,
        }
        for h in (escalation.hypotheses.all() if escalation else [])
    ]
    formset = forms.formset_factory(
        HypothesisForm,
        formset=BaseHypothesisFormSet,
        extra=max(1, 3 - len(initial)),
        max_num=10,
    )
    return formset(data=data, initial=initial, prefix="hypotheses")


class CallForm(forms.Form):
    duration_minutes = forms.IntegerField(
        label=_("duration (minutes)"), min_value=1, max_value=24 * 60
    )
    is_outbound = forms.BooleanField(
        label=_("I called the customer"), required=False, initial=True
    )
    notes = forms.CharField(
        label=_("what was said and done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NoteForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[
            (NoteKind.INTERNAL, NoteKind.INTERNAL.label),
            (NoteKind.TO_CUSTOMER, NoteKind.TO_CUSTOMER.label),
        ],
        initial=NoteKind.INTERNAL,
        widget=forms.RadioSelect,
    )
    body = forms.CharField(
        label=_("text"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ResolveForm(forms.Form):
    cause = forms.CharField(
        label=_("cause found"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    steps = forms.CharField(
        label=_("steps applied"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    prevention = forms.CharField(
        label=_("prevention"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    settings_to_keep = forms.CharField(
        label=_("settings to keep (sent to the customer)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    customer_feedback = forms.CharField(
        label=_("customer feedback"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    satisfaction = forms.TypedChoiceField(
        label=_("customer satisfaction (1 to 5)"),
        choices=SATISFACTION_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    is_diagnosis_correct = forms.NullBooleanField(
        label=_("was the N1 diagnosis right?"),
        required=False,
        widget=forms.NullBooleanSelect,
    )
    feedback_to_n1 = forms.CharField(
        label=_("feedback to the N1 agent"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A short note on the handover: the desk aims at 80%."),
    )


class EscalateFurtherForm(forms.Form):
    TO_N3 = "n3"
    TO_VENDOR = "vendor"

    target = forms.ChoiceField(
        label=_("hand over to"),
        choices=[
            (TO_N3, _("level 3 (architecture)")),
            (TO_VENDOR, _("an outside vendor")),
        ],
        initial=TO_N3,
        widget=forms.RadioSelect,
    )
    vendor = forms.CharField(label=_("vendor"), required=False, max_length=100)
    escalation_type = forms.ChoiceField(
        label=_("escalation type"),
        choices=EscalationType.choices,
        initial=EscalationType.COMPLEX,
    )
    reason = forms.CharField(
        label=_("why N2 cannot solve it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    expected_days = forms.IntegerField(
        label=_("answer expected within (days)"),
        min_value=1,
        max_value=90,
        initial=3,
    )

    def clean(self):
        data = super().clean()
        if data.get("target") == self.TO_VENDOR and not data.get("vendor", "").strip():
            self.add_error("vendor", _("Name the vendor."))
        if data.get("target") != self.TO_VENDOR:
            data["vendor"] = ""
        return data

    def expected_at(self):
        return clock.now() + timedelta(days=self.cleaned_data["expected_days"])


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        label=_("feedback to the N1 agent"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(label=_("priority"), choices=Priority.choices)
    reason = forms.CharField(label=_("why"), required=False)


class FollowUpAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("the customer's answer"),
        choices=FollowUpAnswer.choices,
        widget=forms.RadioSelect,
    )
    satisfaction = forms.TypedChoiceField(
        label=_("satisfaction (1 to 5)"),
        choices=SATISFACTION_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    comment = forms.CharField(
        label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
