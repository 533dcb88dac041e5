"""What the agent has typed so far, read once from the console's forms.

The console posts the whole call each time (for the live triage, the
briefing step and the final save); ``read_call`` turns that post into a
``Call`` that the triage, the checklist and the briefing prefill all read,
so each fact is typed once and used everywhere.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.http import QueryDict
from django.utils.translation import gettext as _

from escalade import clock
from escalade.customers import selectors as customer_selectors
from escalade.customers.models import Customer
from escalade.desk.console.forms import (
    STANDARD_CHECKS,
    URGENCY_CHOICES,
    AttemptFormSet,
    CallForm,
    Urgency,
    attempt_initial,
)
from escalade.tickets.choices import Category
from escalade.tickets.models import Reproducibility
from escalade.triage.types import Attempt, TriageCase

# TODO: nothing is saved before the agent decides, so closing the tab mid-call
# loses what was typed; keep a draft in the browser's sessionStorage.

# A call timer older than this is not a call any more: the page was left
# open overnight, so the duration falls back to what the form can prove.
LONGEST_CALL = timedelta(hours=4)

# The source of a ticket saved from the console; its source_id is the call's
# key, unique, so one call can never make two tickets.
CALL_SOURCE = "call"


@dataclass(frozen=True)
class AttemptRow:
    check: str
    action: str
    outcome: str
    result: str


@dataclass
class Call:
    form: CallForm
    attempt_forms: AttemptFormSet
    customer: Customer | None
    started_at: datetime
    data: dict = field(default_factory=dict)
    attempts: list[AttemptRow] = field(default_factory=list)

    def text(self, name: str) -> str:
        return (self.data.get(name) or "").strip()

    @property
    def call_id(self) -> str:
        """The call's own key, or "" from a screen older than the key."""
        return str(self.data.get("call_id") or "")

    @property
    def elapsed_seconds(self) -> int:
        return max(0, int((clock.now() - self.started_at).total_seconds()))

    @property
    def minutes_spent(self) -> int:
        return self.elapsed_seconds // 60

    @property
    def tried_checks(self) -> set[str]:
        return {row.check for row in self.attempts if row.check}

    @property
    def is_valid(self) -> bool:
        return self.form.is_valid() and self.attempt_forms.is_valid()


def new_call() -> Call:
    """An empty call whose timer starts now, at the greeting."""
    started_at = clock.now()
    return Call(
        form=CallForm(
            initial={
                "call_started_at": started_at.isoformat(),
                "call_id": str(uuid.uuid4()),
            }
        ),
        attempt_forms=AttemptFormSet(prefix="attempts", initial=attempt_initial()),
        customer=None,
        started_at=started_at,
    )


def read_call(post: QueryDict) -> Call:
    """The call as posted; fields that do not validate are simply left out."""
    form = CallForm(post)
    attempt_forms = AttemptFormSet(post, prefix="attempts")
    form.is_valid()
    attempt_forms.is_valid()
    data = dict(form.cleaned_data)

    customer = None
    if data.get("customer"):
        customer = customer_selectors.customer_by_reference(data["customer"])
        if customer is None:
            form.add_error("customer", _("This customer no longer exists."))

    attempts = []
    for attempt_form in attempt_forms:
        row = getattr(attempt_form, "cleaned_data", {}) or {}
        if row.get("outcome") and (row.get("action") or "").strip():
            attempts.append(
                AttemptRow(
                    check=row.get("check", ""),
                    action=row["action"].strip(),
                    outcome=row["outcome"],
                    result=(row.get("result") or "").strip(),
                )
            )
    return Call(
        form=form,
        attempt_forms=attempt_forms,
        customer=customer,
        started_at=_started_at(data.get("call_started_at")),
        data=data,
        attempts=attempts,
    )


def _started_at(posted: datetime | None) -> datetime:
    now = clock.now()
    if posted is None or posted > now or now - posted > LONGEST_CALL:
        return now
    return posted


def triage_case(call: Call) -> TriageCase:
    """What the triage engine weighs, taken from the call as typed."""
    reproducibility = call.data.get("reproducibility") or ""
    text_fields = (
        "title",
        "description",
        "symptoms",
        "error_message",
        "trigger",
        "devices",
    )
    return TriageCase(
        description="\n".join(filter(None, (call.text(name) for name in text_fields))),
        category=call.data.get("category") or "",
        attempts=tuple(Attempt(row.action, row.outcome) for row in call.attempts),
        minutes_spent=call.minutes_spent,
        reproduced_by_agent=_reproduced(call),
        intermittent={
            Reproducibility.SOMETIMES: True,
            Reproducibility.ALWAYS: False,
        }.get(reproducibility),
        customer_requests_expert=bool(call.data.get("customer_requests_expert")),
        times_asked=call.data.get("times_asked") or 1,
        security_concern=bool(call.data.get("security_concern")),
        business_impact=bool(call.data.get("business_impact")),
        needed_today=call.data.get("urgency") == Urgency.TODAY,
    )


def _reproduced(call: Call) -> bool | None:
    """The agent's own answer, else what "reproducible every time" implies."""
    answer = call.data.get("reproduced_by_agent") or ""
    if answer:
        return answer == "yes"
    return {
        Reproducibility.ALWAYS: True,
        Reproducibility.NOT_REPRODUCED: False,
    }.get(call.data.get("reproducibility") or "")


def diagnosis_answers(call: Call) -> dict:
    """The six answers, as ``services.record_diagnosis`` keeps them."""
    recurring = call.data.get("is_recurring")
    return {
        "started_when": call.text("started_when"),
        "is_recurring": {"new": False, "again": True}.get(recurring),
        "trigger": call.text("trigger"),
        "devices": call.text("devices"),
        "symptoms": call.text("symptoms"),
        "error_message": call.text("error_message"),
        "tried_by_customer": call.text("tried_by_customer"),
        "urgency_notes": " ".join(
            filter(None, [_urgency_label(call), call.text("urgency_notes")])
        ),
        "needed_today": call.data.get("urgency") == Urgency.TODAY,
        "business_impact": bool(call.data.get("business_impact")),
    }


def _urgency_label(call: Call) -> str:
    choice = call.data.get("urgency") or ""
    return str(dict(URGENCY_CHOICES)[choice]).capitalize() + "." if choice else ""


def category_of(call: Call, decision) -> str:
    """The agent's category, else the one the triage read in the text."""
    chosen = call.data.get("category") or ""
    if chosen:
        return chosen
    inferred = getattr(decision, "category", "") or ""
    return inferred if inferred in Category.values else Category.OTHER


def untried_checks(call: Call) -> list[str]:
    return [
        str(label) for key, label in STANDARD_CHECKS if key not in call.tried_checks
    ]
