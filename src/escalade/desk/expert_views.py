"""The pages of N2, N3 and supervisors: the queue, the reception, the workspace.

Each POST parses one form, calls one service, and either redirects or shows
the page again with the service's refusal beside the field it names; a
refused action changes nothing.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from escalade import clock
from escalade.accounts.models import Role, Tier
from escalade.accounts.roles import has_role, main_role
from escalade.desk import expert_forms as desk_forms
from escalade.desk import expert_selectors as selectors
from escalade.desk.http import post_only_else_back_to
from escalade.desk.reception import missing_items
from escalade.tickets import assignment, services
from escalade.tickets.choices import EscalationStatus, Status
from escalade.tickets.exceptions import TransitionError
from escalade.tickets.models import Escalation, Ticket
from escalade.tickets.services import EXPERT_ROLES, SUPERVISORS, WORKING_STATUSES

# How often the queue refreshes itself, in seconds.
QUEUE_REFRESH_SECONDS = 5


def _require_expert(request: HttpRequest) -> None:
    if not has_role(request.user, *EXPERT_ROLES):
        raise PermissionDenied


def _tier(request: HttpRequest) -> str:
    """N3 engineers see the N3 queue; others can switch with ?tier=N3."""
    asked = request.GET.get("tier")
    if asked in (Tier.N2, Tier.N3) and has_role(
        request.user, assignment.TIER_ROLE[asked], *SUPERVISORS
    ):
        return asked
    return Tier.N3 if main_role(request.user) == Role.N3 else Tier.N2


# -- the queue ---------------------------------------------------------------


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    return render_queue(request, "desk/queue/page.html")


def render_queue(request: HttpRequest, template: str) -> HttpResponse:
    """The dashboard of section 5.1; an htmx refresh gets the panel alone."""
    _require_expert(request)
    tier = _tier(request)
    teams, experts = selectors.filter_choices(tier)
    form = desk_forms.QueueFilterForm(request.GET, teams=teams, experts=experts)
    filters = (
        selectors.QueueFilters(**form.cleaned_data)
        if form.is_valid()
        else selectors.QueueFilters()
    )
    dashboard = selectors.queue_dashboard(tier, filters, clock.now())
    query = {"tier": tier, **filters.as_query()}
    context = {
        "dashboard": dashboard,
        "filter_form": form,
        "tier": tier,
        "other_tier": Tier.N3 if tier == Tier.N2 else Tier.N2,
        "refresh_url": reverse("desk:queue") + "?" + urlencode(query),
        "refresh_seconds": QUEUE_REFRESH_SECONDS,
        "is_supervisor": has_role(request.user, *SUPERVISORS),
    }
    if request.headers.get("HX-Request"):
        template = "desk/queue/_panel.html"
    return render(request, template, context)


# -- reception: accept, queue, assign, return --------------------------------


def _escalation(reference: str) -> Escalation:
    try:
        return Escalation.objects.select_related(
            "ticket__customer",
            "ticket__diagnosis",
            "requested_by",
            "accepted_by",
            "team",
            "briefing",
        ).get(reference=reference)
    except Escalation.DoesNotExist:
        raise Http404 from None


def _experts_for(escalation: Escalation):
    role = assignment.TIER_ROLE.get(escalation.to_tier, Role.N2)
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=role)
        .order_by("first_name", "last_name")
    )


@login_required
def reception(request: HttpRequest, reference: str) -> HttpResponse:
    _require_expert(request)
    return _render_reception(request, _escalation(reference))


def _render_reception(
    request: HttpRequest, escalation: Escalation, status: int = 200, **bound
) -> HttpResponse:
    pool = assignment.candidates(escalation.to_tier)
    context = {
        "escalation": escalation,
        "ticket": escalation.ticket,
        "briefing": getattr(escalation, "briefing", None),
        "attempts": list(escalation.ticket.attempts.all()),
        "suggestions": assignment.suggest(escalation.ticket.category, pool),
        "is_supervisor": has_role(request.user, *SUPERVISORS),
        "is_awaiting": escalation.status == EscalationStatus.AWAITING,
        "checklist_form": bound.get("checklist_form") or desk_forms.ChecklistForm(),
        "queue_form": bound.get("queue_form") or desk_forms.QueueBackForm(),
        "assign_form": bound.get("assign_form")
        or desk_forms.AssignForm(experts=_experts_for(escalation)),
        "return_form": bound.get("return_form") or desk_forms.FeedbackForm(),
        "in_turn_form": bound.get("in_turn_form") or desk_forms.InTurnForm(),
    }
    return render(request, "desk/queue/reception.html", context, status=status)


@login_required
@post_only_else_back_to("desk:reception", "reference")
def reception_action(request: HttpRequest, reference: str, action: str):
    _require_expert(request)
    escalation = _escalation(reference)
    user = request.user
    if action == "accept":
        form = desk_forms.ChecklistForm(request.POST)
        form_name = "checklist_form"

        def perform():
            services.accept_escalation(user, escalation, checklist=form.ticked())
            messages.success(request, _("You have taken %(ref)s.") % {"ref": reference})
            return redirect("desk:workspace", reference=escalation.ticket.reference)

    elif action == "queue":
        form = desk_forms.QueueBackForm(request.POST)
        form_name = "queue_form"

        def perform():
            services.queue_escalation(
                user, escalation, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request, _("%(ref)s waits in the queue.") % {"ref": reference}
            )
            return redirect("desk:queue")

    elif action == "assign":
        form = desk_forms.AssignForm(request.POST, experts=_experts_for(escalation))
        form_name = "assign_form"

        def perform():
            services.assign_escalation(user, escalation, form.cleaned_data["assignee"])
            return _assigned(request, escalation)

    elif action == "in_turn":
        form = desk_forms.InTurnForm(request.POST)
        form_name = "in_turn_form"

        def perform():
            services.assign_in_turn(user, escalation)
            return _assigned(request, escalation)

    elif action == "return":
        form = desk_forms.FeedbackForm(request.POST)
        form_name = "return_form"

        def perform():
            services.return_as_avoidable(
                user, escalation, feedback=form.cleaned_data["feedback"]
            )
            messages.success(
                request,
                _("%(ref)s went back to the N1 agent with your feedback.")
                % {"ref": reference},
            )
            return redirect("desk:queue")

    else:
        raise Http404

    status = 400
    if form.is_valid():
        try:
            return perform()
        except TransitionError as error:
            desk_forms.show_refusal(form, error)
            status = error.status
    escalation = _escalation(reference)
    return _render_reception(request, escalation, status, **{form_name: form})


def _assigned(request: HttpRequest, escalation: Escalation) -> HttpResponse:
    escalation.refresh_from_db()
    messages.success(
        request,
        _("%(ref)s is now with %(name)s.")
        % {"ref": escalation.reference, "name": escalation.accepted_by.get_full_name()},
    )
    return redirect("desk:queue")


# -- the workspace -------------------------------------------------------------


def _workspace(reference: str) -> selectors.Workspace:
    try:
        return selectors.workspace(reference, clock.now())
    except Ticket.DoesNotExist:
        raise Http404 from None


@login_required
def workspace(request: HttpRequest, reference: str) -> HttpResponse:
    _require_expert(request)
    return _render_workspace(request, _workspace(reference))


def _render_workspace(
    request: HttpRequest, ws: selectors.Workspace, status: int = 200, **bound
) -> HttpResponse:
    ticket, escalation = ws.ticket, ws.escalation
    events = list(ticket.events.all())
    working = ticket.status in WORKING_STATUSES | {
        Status.WAITING_CUSTOMER,
        Status.WAITING_VENDOR,
    }
    is_active = escalation is not None and escalation.status in (
        EscalationStatus.AWAITING,
        EscalationStatus.ACCEPTED,
    )
    checklist = escalation.reception_checklist if escalation else {}
    # Each form has its own prefix, so that no two fields share an id.
    forms = {
        "checklist_form": desk_forms.ChecklistForm(
            ticked=checklist, prefix=_prefix("checklist_form")
        ),
        "hypotheses_formset": desk_forms.hypothesis_formset(escalation),
        "call_form": desk_forms.CallForm(prefix=_prefix("call_form")),
        "note_form": desk_forms.NoteForm(prefix=_prefix("note_form")),
        "resolve_form": desk_forms.ResolveForm(prefix=_prefix("resolve_form")),
        "escalate_form": desk_forms.EscalateFurtherForm(
            prefix=_prefix("escalate_form")
        ),
        "return_form": desk_forms.FeedbackForm(prefix=_prefix("return_form")),
        "feedback_form": desk_forms.FeedbackForm(
            initial={"feedback": escalation.feedback_to_n1 if escalation else ""},
            prefix=_prefix("feedback_form"),
        ),
        "follow_up_form": desk_forms.FollowUpAnswerForm(
            prefix=_prefix("follow_up_form")
        ),
        "wait_form": desk_forms.ReasonForm(prefix=_prefix("wait_form")),
        "priority_form": desk_forms.PriorityForm(
            initial={"priority": ticket.priority}, prefix=_prefix("priority_form")
        ),
        "queue_form": desk_forms.QueueBackForm(prefix=_prefix("queue_form")),
    }
    forms.update(bound)
    context = {
        "ws": ws,
        "ticket": ticket,
        "escalation": escalation,
        "briefing": getattr(escalation, "briefing", None) if escalation else None,
        "events": events,
        "missing_checklist": missing_items(checklist) if escalation else [],
        "can_work": working,
        "can_escalate": ticket.status in (Status.IN_PROGRESS, Status.REOPENED)
        and escalation is not None
        and escalation.to_tier == Tier.N2,
        "can_return": is_active and escalation.to_tier == Tier.N2,
        "is_waiting": ticket.status in (Status.WAITING_CUSTOMER, Status.WAITING_VENDOR),
        "is_awaiting": escalation is not None
        and escalation.status == EscalationStatus.AWAITING,
        "is_accepted": escalation is not None
        and escalation.status == EscalationStatus.ACCEPTED,
        "needs_feedback": escalation is not None
        and escalation.status != EscalationStatus.AWAITING
        and not escalation.feedback_to_n1,
        "is_resolved": ticket.status == Status.RESOLVED,
        **forms,
    }
    return render(request, "desk/workspace/page.html", context, status=status)


def _prefix(form_name: str) -> str:
    """The prefix of a workspace form: "wait_form" posts "wait-reason"."""
    return form_name.removesuffix("_form")


# Each action: (name of its form in the page, a function building the form
# from the request, a function calling the service, the success message).
Action = tuple[str, Callable, Callable, str]


def _hypotheses(request, ws, form):
    services.set_hypotheses(request.user, ws.escalation, form.hypotheses())


def _checklist(request, ws, form):
    services.update_reception_checklist(
        request.user, ws.escalation, checklist=form.ticked()
    )


def _call(request, ws, form):
    data = form.cleaned_data
    services.log_call(
        request.user,
        ws.ticket,
        duration_seconds=data["duration_minutes"] * 60,
        notes=data["notes"],
        is_outbound=data["is_outbound"],
    )


def _note(request, ws, form):
    data = form.cleaned_data
    services.add_note(request.user, ws.ticket, body=data["body"], kind=data["kind"])


def _resolve(request, ws, form):
    services.resolve_ticket(request.user, ws.ticket, **form.cleaned_data)


def _escalate(request, ws, form):
    data = form.cleaned_data
    services.escalate_further(
        request.user,
        ws.ticket,
        reason=data["reason"],
        vendor=data["vendor"],
        escalation_type=data["escalation_type"],
        expected_at=form.expected_at(),
    )


def _return(request, ws, form):
    services.return_as_avoidable(
        request.user, ws.escalation, feedback=form.cleaned_data["feedback"]
    )


def _feedback(request, ws, form):
    services.give_feedback(
        request.user, ws.escalation, feedback=form.cleaned_data["feedback"]
    )


def _follow_up(request, ws, form):
    if ws.open_follow_up is None:
        raise TransitionError(_("No follow-up is waiting for an answer."))
    data = form.cleaned_data
    services.answer_follow_up(
        ws.open_follow_up,
        answer=data["answer"],
        comment=data["comment"],
        satisfaction=data["satisfaction"],
        actor=request.user,
    )


def _wait(request, ws, form):
    services.wait_on_customer(
        request.user, ws.ticket, reason=form.cleaned_data["reason"]
    )


def _resume(request, ws, form):
    services.resume_work(request.user, ws.ticket, note=form.cleaned_data["reason"])


def _priority(request, ws, form):
    data = form.cleaned_data
    services.change_priority(
        request.user, ws.ticket, priority=data["priority"], reason=data["reason"]
    )


def _queue_back(request, ws, form):
    services.queue_escalation(
        request.user, ws.escalation, reason=form.cleaned_data["reason"]
    )


def _formset(request, ws, prefix):
    # The formset has its own prefix, "hypotheses".
    return desk_forms.hypothesis_formset(ws.escalation, data=request.POST)


def _form(form_class):
    return lambda request, ws, prefix: form_class(request.POST, prefix=prefix)


ACTIONS: dict[str, Action] = {
    "checklist": (
        "checklist_form",
        _form(desk_forms.ChecklistForm),
        _checklist,
        gettext_lazy("Reception checklist saved."),
    ),
    "hypotheses": (
        "hypotheses_formset",
        _formset,
        _hypotheses,
        gettext_lazy("Hypotheses saved."),
    ),
    "call": (
        "call_form",
        _form(desk_forms.CallForm),
        _call,
        gettext_lazy("Call logged."),
    ),
    "note": (
        "note_form",
        _form(desk_forms.NoteForm),
        _note,
        gettext_lazy("Note added."),
    ),
    "resolve": (
        "resolve_form",
        _form(desk_forms.ResolveForm),
        _resolve,
        gettext_lazy(
            "Resolved: the e-mail to the customer is queued and the follow-up "
            "is scheduled."
        ),
    ),
    "escalate": (
        "escalate_form",
        _form(desk_forms.EscalateFurtherForm),
        _escalate,
        gettext_lazy("Handed over with the whole history."),
    ),
    "return": (
        "return_form",
        _form(desk_forms.FeedbackForm),
        _return,
        gettext_lazy("Returned to the N1 agent with your feedback."),
    ),
    "feedback": (
        "feedback_form",
        _form(desk_forms.FeedbackForm),
        _feedback,
        gettext_lazy("Feedback sent to the N1 agent."),
    ),
    "follow_up": (
        "follow_up_form",
        _form(desk_forms.FollowUpAnswerForm),
        _follow_up,
        gettext_lazy("The customer's answer is recorded."),
    ),
    "wait": (
        "wait_form",
        _form(desk_forms.ReasonForm),
        _wait,
        gettext_lazy("Waiting on the customer."),
    ),
    "resume": (
        "wait_form",
        _form(desk_forms.ReasonForm),
        _resume,
        gettext_lazy("Work resumed."),
    ),
    "priority": (
        "priority_form",
        _form(desk_forms.PriorityForm),
        _priority,
        gettext_lazy("Priority changed."),
    ),
    "queue": (
        "queue_form",
        _form(desk_forms.QueueBackForm),
        _queue_back,
        gettext_lazy("Put back in the queue."),
    ),
}


@login_required
@post_only_else_back_to("desk:workspace", "reference")
def workspace_action(request: HttpRequest, reference: str, action: str):
    _require_expert(request)
    if action not in ACTIONS:
        raise Http404
    form_name, build, perform, success = ACTIONS[action]
    ws = _workspace(reference)
    form = build(request, ws, _prefix(form_name))

    status = 400
    if form.is_valid():
        try:
            perform(request, ws, form)
        except TransitionError as error:
            desk_forms.show_refusal(form, error)
            status = error.status
        else:
            messages.success(request, str(success))
            if action in ("queue", "return"):
                return redirect("desk:queue")
            return redirect(reverse("desk:workspace", args=[reference]) + f"#{action}")
    # Shown again from the database: the refused action changed nothing.
    return _render_workspace(
        request, _workspace(reference), status, **{form_name: form}
    )
