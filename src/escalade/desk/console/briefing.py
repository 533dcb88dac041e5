"""The briefing of section 2: prefilled from the call, measured, rendered.

The plain-text rendering is what N2 reads, so the reading time is measured
on it: its words divided by a reading speed of 200 words a minute, the pace
of careful reading of technical text (lighter prose reads at 250).
"""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from escalade import clock
from escalade.desk.console.call import Call, category_of, untried_checks
from escalade.desk.console.forms import URGENCY_CHOICES
from escalade.tickets.choices import Priority
from escalade.tickets.models import (
    Briefing,
    Escalation,
    ResolutionAttempt,
    Ticket,
)
from escalade.tickets.services import BriefingData

READING_WORDS_PER_MINUTE = 200


def prefill(call: Call, decision) -> dict:
    """Initial briefing and escalation fields, from what the call already says."""
    return {
        "summary": _summary(call),
        "description": call.text("description"),
        "context": "\n".join(filter(None, _context_lines(call))),
        "environment": "\n".join(filter(None, _environment_lines(call))),
        "checks_done": "\n".join(row.action for row in call.attempts),
        "checks_not_done": "\n".join(untried_checks(call)),
        "customer_patience": _urgency(call),
        "call_duration_minutes": max(1, call.minutes_spent),
        "n1_opinion": " ".join(
            reason.text for reason in getattr(decision, "reasons", ())
        ),
        "priority": getattr(decision, "priority", "") or Priority.NORMAL,
    }


def _summary(call: Call) -> str:
    parts = [call.text("title").rstrip(".") + "."]
    if call.text("symptoms"):
        parts.append(call.text("symptoms").rstrip(".") + ".")
    if call.text("started_when"):
        parts.append(_since(call.text("started_when")))
    if call.text("trigger"):
        parts.append(_("Began after: %(trigger)s.") % {"trigger": call.text("trigger")})
    if call.attempts:
        tried = ", ".join(row.action for row in call.attempts)
        parts.append(_("Tried at N1: %(tried)s.") % {"tried": tried})
    return " ".join(parts)


def _since(when: str) -> str:
    """'Since Monday.', unless the agent already wrote 'since' or 'depuis'."""
    if when.split(maxsplit=1)[0].lower() in {"since", "depuis"}:
        return when[0].upper() + when[1:].rstrip(".") + "."
    return _("Since %(when)s.") % {"when": when}


def _context_lines(call: Call) -> list[str]:
    recurring = {"new": _("new"), "again": _("it has happened before")}.get(
        call.data.get("is_recurring") or ""
    )
    return [
        call.text("started_when")
        and _("Since: %(when)s") % {"when": call.text("started_when")}
        + (f" ({recurring})" if recurring else ""),
        call.text("trigger")
        and _("After: %(trigger)s") % {"trigger": call.text("trigger")},
        call.text("tried_by_customer")
        and _("The customer tried: %(tried)s")
        % {"tried": call.text("tried_by_customer")},
    ]


def _environment_lines(call: Call) -> list[str]:
    return [
        call.text("devices"),
        call.text("error_message")
        and _("Error message: %(message)s") % {"message": call.text("error_message")},
    ]


def _urgency(call: Call) -> str:
    choice = call.data.get("urgency") or ""
    label = str(dict(URGENCY_CHOICES)[choice]) if choice else ""
    if call.data.get("business_impact"):
        label = ", ".join(filter(None, [label, _("affects their work")]))
    return label


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


def briefing_data(call: Call, fields: dict, confirmed: list[str]) -> BriefingData:
    """The briefing the service keeps, from the cleaned briefing form."""
    diagnostics = [
        {"label": label, "done": True} for label in _lines(fields["checks_done"])
    ] + [{"label": label, "done": False} for label in _lines(fields["checks_not_done"])]
    return BriefingData(
        summary=fields["summary"].strip(),
        description=fields["description"].strip(),
        context=fields["context"].strip(),
        environment=fields["environment"].strip(),
        diagnostics=diagnostics,
        reproducibility=call.data.get("reproducibility") or "",
        frequency=fields["frequency"].strip(),
        pattern=fields["pattern"].strip(),
        customer_understanding=fields["customer_understanding"].strip(),
        customer_patience=fields["customer_patience"].strip(),
        logs_available=fields["logs_available"],
        screenshot_available=fields["screenshot_available"],
        test_account=fields["test_account"].strip(),
        admin_access_needed=fields["admin_access_needed"],
        call_duration_minutes=fields["call_duration_minutes"],
        n1_opinion=fields["n1_opinion"].strip(),
        leads=fields["leads"].strip(),
        confirmed_items=sorted(confirmed),
    )


def draft_text(
    call: Call, fields: dict, escalation_fields: dict, agent, decision
) -> str:
    """The plain-text briefing as N2 will read it, before anything is saved.

    Builds unsaved model instances so that the draft and the saved briefing
    go through the one template.
    """
    ticket = Ticket(
        reference="TK-…",
        customer=call.customer,
        title=call.text("title"),
        category=category_of(call, decision),
        priority=escalation_fields.get("priority") or Priority.NORMAL,
        is_urgent=bool(call.data.get("urgency") == "today"),
    )
    escalation = Escalation(
        reference="TK-…-TECH-…",
        ticket=ticket,
        priority=ticket.priority,
        requested_by=agent,
        requested_at=clock.now(),
    )
    data = briefing_data(call, _with_defaults(fields), [])
    briefing = Briefing(escalation=escalation, **data.__dict__)
    attempts = [
        ResolutionAttempt(action=row.action, outcome=row.outcome, result=row.result)
        for row in call.attempts
    ]
    return render_text(escalation, briefing, attempts)


def _with_defaults(fields: dict) -> dict:
    """Invalid fields are missing from cleaned data; read them as empty."""
    text = {
        name: fields.get(name) or ""
        for name in (
            "summary",
            "description",
            "context",
            "environment",
            "checks_done",
            "checks_not_done",
            "frequency",
            "pattern",
            "customer_understanding",
            "customer_patience",
            "test_account",
            "n1_opinion",
            "leads",
        )
    }
    flags = {
        name: bool(fields.get(name))
        for name in (
            "logs_available",
            "screenshot_available",
            "admin_access_needed",
        )
    }
    return {
        **text,
        **flags,
        "call_duration_minutes": fields.get("call_duration_minutes"),
    }


def render_text(escalation: Escalation, briefing: Briefing, attempts) -> str:
    return render_to_string(
        "desk/console/briefing.txt",
        {
            "escalation": escalation,
            "ticket": escalation.ticket,
            "customer": escalation.ticket.customer,
            "briefing": briefing,
            "attempts": attempts,
        },
    )


def reading_minutes(text: str) -> float:
    return len(text.split()) / READING_WORDS_PER_MINUTE
