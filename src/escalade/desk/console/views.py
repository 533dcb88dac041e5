"""The N1 console: one screen per call, from the greeting to the outcome.

The whole call lives in one form until the agent decides. The live panel
(triage and checklist) and the escalation step are htmx fragments computed
from the form as posted; the two outcomes save everything in one service
call, or show the errors beside the fields and save nothing.
"""

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from escalade.accounts.roles import has_role
from escalade.desk.console import briefing as briefing_text
from escalade.desk.console import checklist, selectors
from escalade.desk.console import services as call_services
from escalade.desk.console.call import Call, new_call, read_call, triage_case
from escalade.desk.console.forms import BriefingForm, EscalationForm, ResolveForm
from escalade.desk.http import post_only_else_back_to
from escalade.sla import services as sla
from escalade.tickets import services
from escalade.tickets.choices import Category, Priority
from escalade.tickets.exceptions import InvalidInput, TransitionError
from escalade.tickets.services import AGENT_ROLES, N1_ROLES
from escalade.triage.rules import REQUIREMENTS_BY_ID
from escalade.triage.services import triage
from escalade.triage.types import Decision


def _require(request: HttpRequest, roles) -> None:
    if not has_role(request.user, *roles):
        raise Http404


@dataclass
class Console:
    """The forms of one call and what is computed from them."""

    call: Call
    decision: Decision | None
    resolve_form: ResolveForm
    briefing_form: BriefingForm | None = None
    escalation_form: EscalationForm | None = None
    confirmed: frozenset[str] = frozenset()

    # Read once: placing an error on a field later takes it out of the
    # form's cleaned data, and the live panel still measures what was typed.
    @cached_property
    def briefing_fields(self) -> dict | None:
        return _cleaned(self.briefing_form)

    @cached_property
    def escalation_fields(self) -> dict | None:
        return _cleaned(self.escalation_form)


def _cleaned(form) -> dict | None:
    if form is None:
        return None
    form.is_valid()
    return dict(getattr(form, "cleaned_data", {}))


def _decide(call: Call) -> Decision | None:
    """The triage of the call so far; nothing to weigh before a problem is told."""
    if not (call.text("title") or call.text("description")):
        return None
    return triage(triage_case(call))


def _confirmed(request: HttpRequest) -> frozenset[str]:
    return frozenset(request.POST.getlist("confirmed")) & checklist.ITEM_KEYS


def _posted_console(request: HttpRequest, *, escalating: bool) -> Console:
    call = read_call(request.POST)
    has_briefing = escalating or "briefing-summary" in request.POST
    console = Console(
        call=call,
        decision=_decide(call),
        resolve_form=ResolveForm(request.POST, prefix="resolve"),
        briefing_form=BriefingForm(request.POST, prefix="briefing")
        if has_briefing
        else None,
        escalation_form=EscalationForm(request.POST, prefix="escalation")
        if has_briefing
        else None,
        confirmed=_confirmed(request),
    )
    # Keep what was typed before any error is placed on the forms.
    _typed = (console.briefing_fields, console.escalation_fields)
    return console


def _live(console: Console, agent) -> dict:
    """The triage panel and the checklist, from the call as typed."""
    fields = console.briefing_fields
    text = reading = None
    if fields is not None:
        text = briefing_text.draft_text(
            console.call,
            fields,
            console.escalation_fields or {},
            agent,
            console.decision,
        )
        reading = briefing_text.reading_minutes(text)
    decision = console.decision
    groups = checklist.evaluate(
        checklist.Draft(
            call=console.call,
            briefing=fields,
            escalation=console.escalation_fields,
            reading_minutes=reading,
            missing_from_triage=decision.missing if decision else (),
            confirmed=console.confirmed,
        )
    )
    summary_words = len(((fields or {}).get("summary") or "").split())
    return {
        "decision": decision,
        "priority_label": Priority(decision.priority).label if decision else "",
        "category_label": Category(decision.category).label
        if decision and decision.category in Category.values
        else "",
        "missing": [
            REQUIREMENTS_BY_ID[key].label() if key in REQUIREMENTS_BY_ID else key
            for key in (decision.missing if decision else ())
        ],
        "groups": groups,
        "missing_items": checklist.missing_items(groups),
        "has_briefing": fields is not None,
        "summary_words": summary_words,
        "briefing_words": len(text.split()) if text else 0,
        "reading_minutes": reading,
        "reading_limit": checklist.READING_LIMIT_MINUTES,
        "words_per_minute": briefing_text.READING_WORDS_PER_MINUTE,
        "too_long": reading is not None and reading > checklist.READING_LIMIT_MINUTES,
        "confirmed": console.confirmed,
    }


def _delays(priority: str) -> dict:
    first_contact, resolution = sla.targets_for(priority)
    return {
        "first_contact_hours": int(first_contact.total_seconds() // 3600),
        "resolution_hours": int(resolution.total_seconds() // 3600),
    }


def _page(request: HttpRequest, console: Console, status: int = 200) -> HttpResponse:
    context = {
        "call": console.call,
        "form": console.call.form,
        "attempt_forms": console.call.attempt_forms,
        "resolve_form": console.resolve_form,
        "briefing_form": console.briefing_form,
        "escalation_form": console.escalation_form,
        "customer": console.call.customer,
        "desk_name": settings.ESCALADE["DESK_NAME"],
        **_live(console, request.user),
    }
    if console.escalation_form is not None:
        context.update(_escalation_words(console))
    return render(request, "desk/console/call.html", context, status=status)


def _escalation_words(console: Console) -> dict:
    fields = console.escalation_fields or {}
    decision = console.decision
    priority = fields.get("priority") or (decision.priority if decision else "normal")
    category = console.call.data.get("category") or (
        decision.category if decision else ""
    )
    if category == Category.OTHER:
        category = ""  # "an other problem" says nothing to the customer
    return {
        **_delays(priority),
        "category_label": dict(Category.choices).get(category, ""),
    }


@login_required
@require_GET
def take_call(request: HttpRequest) -> HttpResponse:
    """The greeting: the timer starts and the agent looks the caller up."""
    _require(request, N1_ROLES)
    return _page(
        request,
        Console(
            call=new_call(), decision=None, resolve_form=ResolveForm(prefix="resolve")
        ),
    )


@login_required
@post_only_else_back_to("desk:console:call")
def live_panel(request: HttpRequest) -> HttpResponse:
    """The triage result and the checklist, redrawn as the agent types."""
    _require(request, N1_ROLES)
    console = _posted_console(request, escalating=False)
    return render(request, "desk/console/_live.html", _live(console, request.user))


@login_required
@post_only_else_back_to("desk:console:call")
def escalation_step(request: HttpRequest) -> HttpResponse:
    """What to tell the customer, then the briefing prefilled from the call."""
    _require(request, N1_ROLES)
    call = read_call(request.POST)
    decision = _decide(call)
    initial = briefing_text.prefill(call, decision)
    console = Console(
        call=call,
        decision=decision,
        resolve_form=ResolveForm(prefix="resolve"),
        briefing_form=BriefingForm(prefix="briefing", initial=initial),
        escalation_form=EscalationForm(
            prefix="escalation", initial={"priority": initial["priority"]}
        ),
        confirmed=_confirmed(request),
    )
    context = {
        "call": call,
        "customer": call.customer,
        "briefing_form": console.briefing_form,
        "escalation_form": console.escalation_form,
        "not_ready": _not_ready(call),
        "confirmed": console.confirmed,
        "priority": initial["priority"],
        **_escalation_words(console),
        **_delays(initial["priority"]),
    }
    return render(request, "desk/console/_escalation.html", context)


def _not_ready(call: Call) -> list[str]:
    """What the escalation cannot go without, said before the briefing."""
    problems = []
    if call.customer is None:
        problems.append(_("Find the customer or create them first."))
    if not call.text("description"):
        problems.append(_("Write down the problem as the customer describes it."))
    return problems


@login_required
@post_only_else_back_to("desk:console:call")
def resolve(request: HttpRequest) -> HttpResponse:
    """Solved on the phone: save the call as resolved at N1."""
    _require(request, N1_ROLES)
    console = _posted_console(request, escalating=False)
    if (saved := _already_saved(console.call)) is not None:
        return saved
    forms_valid = console.call.is_valid and console.resolve_form.is_valid()
    if not forms_valid or console.decision is None:
        return _page(request, console, status=400)
    try:
        ticket = call_services.resolve_call(
            request.user,
            console.call,
            console.decision,
            solution=console.resolve_form.cleaned_data["solution"],
            cause=console.resolve_form.cleaned_data["cause"],
        )
    except InvalidInput as error:
        _place_errors(error, console)
        return _page(request, console, status=400)
    except TransitionError as error:
        messages.error(request, error.message)
        return _page(request, console, status=409)
    except IntegrityError as error:
        return _saved_by_the_other_click(console.call, error)
    messages.success(
        request,
        _("%(reference)s is resolved at N1. Thank you!")
        % {"reference": ticket.reference},
    )
    return redirect(ticket.get_absolute_url())


@login_required
@post_only_else_back_to("desk:console:call")
def escalate(request: HttpRequest) -> HttpResponse:
    """Send to N2 now or add to the queue: the ticket, its briefing, the e-mail."""
    _require(request, N1_ROLES)
    console = _posted_console(request, escalating=True)
    if (saved := _already_saved(console.call)) is not None:
        return saved
    forms_valid = (
        console.call.is_valid
        and console.briefing_form.is_valid()
        and console.escalation_form.is_valid()
    )
    if not forms_valid or console.decision is None:
        _check_briefing_too(console)
        return _page(request, console, status=400)

    live = _live(console, request.user)
    fields = console.escalation_form.cleaned_data
    choice = call_services.EscalationChoice(
        priority=fields["priority"],
        escalation_type=fields["escalation_type"],
        team=fields["team"],
        queued_reason=fields["queued_reason"],
        send_now=request.POST.get("send") != "queue",
        is_briefing_complete=not live["missing_items"],
    )
    try:
        escalation = call_services.escalate_call(
            request.user,
            console.call,
            console.decision,
            briefing=briefing_text.briefing_data(
                console.call, console.briefing_form.cleaned_data, console.confirmed
            ),
            choice=choice,
        )
    except InvalidInput as error:
        _place_errors(error, console)
        return _page(request, console, status=400)
    except TransitionError as error:
        messages.error(request, error.message)
        return _page(request, console, status=409)
    except IntegrityError as error:
        return _saved_by_the_other_click(console.call, error)
    return redirect("desk:console:escalation", reference=escalation.reference)


def _already_saved(call: Call) -> HttpResponse | None:
    """A second click on the final button: the page of what the first saved."""
    ticket = selectors.ticket_of_call(call.call_id)
    if ticket is None:
        return None
    reference = selectors.latest_escalation_reference(ticket)
    if reference is not None:
        return redirect("desk:console:escalation", reference=reference)
    return redirect(ticket.get_absolute_url())


def _saved_by_the_other_click(call: Call, error: IntegrityError) -> HttpResponse:
    """Both clicks raced; the other one won the call's key and saved it."""
    saved = _already_saved(call)
    if saved is None:
        raise error  # not about the call's key: a real fault
    return saved


def _check_briefing_too(console: Console) -> None:
    """With the call refused, still say what is wrong with the briefing."""
    if not console.briefing_form.is_valid():
        return
    data = briefing_text.briefing_data(
        console.call, console.briefing_form.cleaned_data, []
    )
    try:
        services.validate_briefing(data)
    except InvalidInput as error:
        _place_errors(error, console)


def _place_errors(error: InvalidInput, console: Console) -> None:
    """Put each service error beside its field, in the form that has it."""
    forms = [
        form
        for form in (
            console.escalation_form,
            console.briefing_form,
            console.call.form,
            console.resolve_form,
        )
        if form is not None
    ]
    for field, field_messages in error.errors.items():
        form = next((form for form in forms if field in form.fields), None)
        for message in field_messages:
            if form is None:
                console.call.form.add_error(None, message)
            else:
                form.add_error(field, message)
    if not error.errors:
        console.call.form.add_error(None, error.message)


@login_required
@require_GET
def customer_search_box(request: HttpRequest) -> HttpResponse:
    """The search box again, when the agent picked the wrong customer."""
    _require(request, AGENT_ROLES)
    return render(request, "desk/console/_customer_search.html")


@login_required
@require_GET
def escalation_done(request: HttpRequest, reference: str) -> HttpResponse:
    """After the escalation: the reference to read out and what happens next."""
    _require(request, AGENT_ROLES)
    escalation = selectors.escalation_or_none(reference)
    if escalation is None:
        raise Http404
    return render(
        request,
        "desk/console/escalation_done.html",
        {
            "escalation": escalation,
            "ticket": escalation.ticket,
            "customer": escalation.ticket.customer,
            "email": selectors.confirmation_email(escalation),
            **_delays(escalation.priority),
        },
    )


def _printable(request: HttpRequest, reference: str, kind: str, *, text: bool):
    """The briefing or the ticket as plain text, or on a page ready to print."""
    _require(request, AGENT_ROLES)
    escalation = selectors.escalation_or_none(reference)
    if escalation is None or not hasattr(escalation, "briefing"):
        raise Http404
    context = selectors.printable_context(escalation)
    context.update(_delays(escalation.priority))
    template = f"desk/console/{kind}.txt"
    if text:
        return render(
            request, template, context, content_type="text/plain; charset=utf-8"
        )
    return render(
        request,
        "desk/console/_printable.html",
        {
            "escalation": escalation,
            # The text template switches autoescape off for the .txt view, and
            # render_to_string marks its result safe: escape it for the page.
            "text": escape(render_to_string(template, context, request=request)),
            "text_url": reverse(f"desk:console:{kind}_text", args=[reference]),
        },
    )


@login_required
@require_GET
def briefing_as_text(request: HttpRequest, reference: str) -> HttpResponse:
    return _printable(request, reference, "briefing", text=True)


@login_required
@require_GET
def briefing_printable(request: HttpRequest, reference: str) -> HttpResponse:
    return _printable(request, reference, "briefing", text=False)


@login_required
@require_GET
def ticket_as_text(request: HttpRequest, reference: str) -> HttpResponse:
    return _printable(request, reference, "ticket", text=True)


@login_required
@require_GET
def ticket_printable(request: HttpRequest, reference: str) -> HttpResponse:
    return _printable(request, reference, "ticket", text=False)
