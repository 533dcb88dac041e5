"""The forms of the N1 console: the call, its attempts, the briefing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from escalade.accounts.models import Team, Tier
from escalade.tickets.choices import AttemptOutcome, Category, EscalationType, Priority
from escalade.tickets.models import Reproducibility

# The basic solutions N1 tries before escalating (section 8.1 of the
# specification); each one ticks its line of the checklist once tried.
STANDARD_CHECKS: list[tuple[str, str]] = [
    ("restart", _("Restart the device")),
    ("cache", _("Clear the cache and cookies")),
    ("other_browser", _("Try another browser or device")),
    ("basic_settings", _("Check the basic settings")),
    ("credentials", _("Check the login and password")),
    ("update", _("Update the software or browser")),
    ("faq", _("Look it up in the FAQ and documentation")),
]
FREE_ATTEMPT_ROWS = 2


class Urgency:
    """The answers to question 6: does it need a solution today?"""

    TODAY = "today"
    HOURS = "hours"
    CAN_WAIT = "can_wait"


URGENCY_CHOICES = [
    ("", _("not asked yet")),
    (Urgency.TODAY, _("needs a solution today")),
    (Urgency.HOURS, _("can wait a few hours")),
    (Urgency.CAN_WAIT, _("can wait a day or more")),
]
RECURRING_CHOICES = [
    ("", _("not asked yet")),
    ("new", _("new")),
    ("again", _("it has happened before")),
]


def _area(rows: int = 2, placeholder: str = "") -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "placeholder": placeholder})


def _line(placeholder: str = "") -> forms.TextInput:
    return forms.TextInput(attrs={"placeholder": placeholder})


class CallForm(forms.Form):
    """The call: who calls, what they say, the six diagnostic answers."""

    customer = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={"required": _("Find the customer or create them first.")},
    )
    call_started_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)
    # Drawn when the call screen opens and posted with every step, so that a
    # second click on the final button finds the ticket of the first.
    call_id = forms.UUIDField(widget=forms.HiddenInput, required=False)

    title = forms.CharField(
        label=_("short title"),
        max_length=200,
        widget=_line(_("e.g. E-mails arrive twice on PC and phone")),
        error_messages={"required": _("Give the problem a short title.")},
    )
    description = forms.CharField(
        label=_("the problem, in the customer's words"),
        widget=_area(3),
        error_messages={
            "required": _("Write down the problem as the customer describes it.")
        },
    )
    category = forms.ChoiceField(
        label=_("category"),
        choices=[("", _("let the triage suggest it")), *Category.choices],
        required=False,
    )

    # 1. When
    started_when = forms.CharField(
        label=_("since when?"),
        max_length=200,
        required=False,
        widget=_line(_("this morning, this week, longer?")),
    )
    is_recurring = forms.ChoiceField(
        label=_("new or coming back?"), choices=RECURRING_CHOICES, required=False
    )
    # 2. After what
    trigger = forms.CharField(
        label=_("after a specific action?"),
        required=False,
        widget=_area(2, _("an update, changed settings, a new device, a new account?")),
    )
    # 3. Where
    devices = forms.CharField(
        label=_("on which devices and browsers?"),
        required=False,
        widget=_area(
            2, _("PC or Mac, phone; Chrome, Firefox, Safari, Edge; app or web")
        ),
    )
    # 4. What exactly
    symptoms = forms.CharField(
        label=_("what happens exactly?"),
        required=False,
        widget=_area(2, _("strange behaviour, blank page, crash, slowness?")),
    )
    error_message = forms.CharField(
        label=_("error message, word for word"),
        max_length=300,
        required=False,
        widget=_line(_("e.g. ERR_502_TIMEOUT")),
    )
    # 5. Tried
    tried_by_customer = forms.CharField(
        label=_("what has the customer tried?"),
        required=False,
        widget=_area(2, _("restart, cleared cache, another browser or device, reset?")),
    )
    # 6. Urgency
    urgency = forms.ChoiceField(
        label=_("how urgent?"), choices=URGENCY_CHOICES, required=False
    )
    business_impact = forms.BooleanField(
        label=_("it affects their work or business"), required=False
    )
    urgency_notes = forms.CharField(
        label=_("urgency notes"), max_length=300, required=False, widget=_line()
    )

    # What the triage weighs beyond the six answers.
    reproducibility = forms.ChoiceField(
        label=_("reproducibility"),
        choices=[("", _("not checked yet")), *Reproducibility.choices],
        required=False,
    )
    reproduced_by_agent = forms.ChoiceField(
        label=_("did you reproduce it yourself?"),
        choices=[("", _("not tried")), ("yes", _("yes")), ("no", _("no"))],
        required=False,
    )
    customer_requests_expert = forms.BooleanField(
        label=_("the customer asks for an expert"), required=False
    )
    security_concern = forms.BooleanField(
        label=_("security or unauthorised access at stake"), required=False
    )
    times_asked = forms.IntegerField(
        label=_("calls about this problem, this one included"),
        min_value=1,
        max_value=99,
        initial=1,
        required=False,
    )

    # The agent's decision.
    override_reason = forms.CharField(
        label=_("why I do not follow the recommendation"),
        required=False,
        widget=_area(2),
    )


class AttemptForm(forms.Form):
    """One thing tried during the call; a row left "not tried" is ignored."""

    check = forms.CharField(widget=forms.HiddenInput, required=False)
    action = forms.CharField(label=_("action"), max_length=300, required=False)
    outcome = forms.ChoiceField(
        label=_("outcome"),
        choices=[("", _("not tried")), *AttemptOutcome.choices],
        required=False,
    )
    result = forms.CharField(label=_("what happened"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("outcome") and not (data.get("action") or "").strip():
            self.add_error("action", _("Say what was tried."))
        return data


AttemptFormSet = forms.formset_factory(AttemptForm, extra=0, max_num=30)


def attempt_initial() -> list[dict]:
    rows = [{"check": key, "action": str(label)} for key, label in STANDARD_CHECKS]
    return rows + [{} for _ in range(FREE_ATTEMPT_ROWS)]


class ResolveForm(forms.Form):
    solution = forms.CharField(
        label=_("what solved it"),
        widget=_area(2),
        required=False,
    )
    cause = forms.CharField(label=_("cause, if known"), widget=_area(1), required=False)


class BriefingForm(forms.Form):
    """The handover to N2 of section 2, prefilled from the call."""

    summary = forms.CharField(
        label=_("summary (100 words at most)"),
        widget=_area(3),
        error_messages={"required": _("Write a summary of the problem.")},
    )
    description = forms.CharField(
        label=_("detailed description"), widget=_area(3), required=False
    )
    context = forms.CharField(
        label=_("context and trigger"), widget=_area(2), required=False
    )
    environment = forms.CharField(
        label=_("technical environment"), widget=_area(3), required=False
    )
    checks_done = forms.CharField(
        label=_("checks done at N1 (one a line)"), widget=_area(3), required=False
    )
    checks_not_done = forms.CharField(
        label=_("checks not done (one a line)"), widget=_area(3), required=False
    )
    frequency = forms.CharField(label=_("frequency"), max_length=200, required=False)
    pattern = forms.CharField(label=_("pattern"), max_length=200, required=False)
    customer_understanding = forms.CharField(
        label=_("customer's understanding"), max_length=300, required=False
    )
    customer_patience = forms.CharField(
        label=_("customer's patience"), max_length=300, required=False
    )
    logs_available = forms.BooleanField(label=_("logs available"), required=False)
    screenshot_available = forms.BooleanField(
        label=_("screenshot available"), required=False
    )
    test_account = forms.CharField(
        label=_("test account or e-mail"), max_length=200, required=False
    )
    admin_access_needed = forms.BooleanField(
        label=_("admin access needed"), required=False
    )
    call_duration_minutes = forms.IntegerField(
        label=_("N1 call duration (minutes)"), min_value=0, required=False
    )
    n1_opinion = forms.CharField(label=_("my opinion"), widget=_area(2), required=False)
    leads = forms.CharField(
        label=_("investigation leads (one a line)"), widget=_area(3), required=False
    )


class EscalationForm(forms.Form):
    priority = forms.ChoiceField(
        label=_("priority"),
        choices=Priority.choices,
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not a priority: choose urgent, normal or low."
            ),
            "required": _("Choose a priority."),
        },
    )
    escalation_type = forms.ChoiceField(
        label=_("escalation type"),
        choices=EscalationType.choices,
        initial=EscalationType.COMPLEX,
        widget=forms.RadioSelect,
    )
    team = forms.ModelChoiceField(
        label=_("team"),
        queryset=Team.objects.filter(tier=Tier.N2),
        required=False,
        empty_label=_("the N2 experts"),
    )
    queued_reason = forms.CharField(
        label=_("why it can wait in the queue"), widget=_area(2), required=False
    )
