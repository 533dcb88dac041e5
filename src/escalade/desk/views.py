from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from escalade.accounts.models import Role, Tier
from escalade.accounts.roles import main_role
from escalade.desk import selectors


@login_required
def home(request):
    """Each role's first page: what that person works on now."""
    role = main_role(request.user)
    context = {"role": role, "my_tickets": selectors.my_open_tickets(request.user)}
    if role == Role.N1:
        context["feedback"] = selectors.feedback_for(request.user)
        template = "desk/home_n1.html"
    elif role == Role.N2:
        context["awaiting"] = selectors.awaiting_escalations(Tier.N2)
        template = "desk/home_expert.html"
    elif role == Role.N3:
        context["awaiting"] = selectors.awaiting_escalations(Tier.N3)
        template = "desk/home_expert.html"
    elif role in (Role.SUPERVISOR, Role.ADMIN):
        context["awaiting"] = selectors.awaiting_escalations(Tier.N2)
        context["counts"] = selectors.open_counts()
        context["late"] = selectors.late_tickets(timezone.now())
        template = "desk/home_supervisor.html"
    else:
        template = "desk/home_none.html"
    return render(request, template, context)
