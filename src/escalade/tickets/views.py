from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from escalade.accounts.roles import has_role
from escalade.tickets import selectors, services
from escalade.tickets.choices import FollowUpAnswer
from escalade.tickets.exceptions import TransitionError
from escalade.tickets.models import FollowUp, Ticket
from escalade.tickets.services import AGENT_ROLES


@login_required
def ticket_detail(request, reference: str):
    if not has_role(request.user, *AGENT_ROLES):
        raise Http404
    try:
        ticket = selectors.ticket_for_page(reference)
    except Ticket.DoesNotExist:
        raise Http404 from None
    return render(request, "tickets/detail.html", {"ticket": ticket})


@require_http_methods(["GET", "POST"])
def follow_up_answer(request, token: str):
    """The customer's private link from the day-3 e-mail; no login needed."""
    follow_up = get_object_or_404(
        FollowUp.objects.select_related("ticket"), token=token
    )
    answer = request.POST.get("answer") or request.GET.get("answer", "")
    if request.method == "POST":
        recorded = _answer(request, follow_up, answer)
        if not recorded and answer in FollowUpAnswer.values:
            # Refused: the choice stays ticked for the next try.
            return redirect(
                reverse("tickets:follow_up", args=[token])
                + "?"
                + urlencode({"answer": answer})
            )
        return redirect("tickets:follow_up", token=token)
    return render(
        request,
        "tickets/follow_up.html",
        {
            "follow_up": follow_up,
            "ticket": follow_up.ticket,
            "answer": answer if answer in FollowUpAnswer.values else "",
            "answers": FollowUpAnswer,
        },
    )


def _answer(request, follow_up: FollowUp, answer: str) -> bool:
    """Record the customer's answer, or say what is wrong and change nothing.

    The page itself thanks the customer once the answer is recorded.
    """
    satisfaction = request.POST.get("satisfaction") or None
    if satisfaction is not None:
        try:
            satisfaction = int(satisfaction)
        except ValueError:
            messages.error(request, _("Choose a mark from 1 to 5."))
            return False
    try:
        services.answer_follow_up(
            follow_up,
            answer=answer,
            comment=request.POST.get("comment", ""),
            satisfaction=satisfaction,
        )
    except TransitionError as error:
        messages.error(request, error.message)
        return False
    return True
