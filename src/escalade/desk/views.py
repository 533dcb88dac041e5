from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from escalade.accounts.models import Role
from escalade.accounts.roles import main_role
from escalade.desk import expert_views, selectors


@login_required
def home(request):
    """Each role's first page: what that person works on now."""
    role = main_role(request.user)
    context = {"role": role, "my_tickets": selectors.my_open_tickets(request.user)}
    if role == Role.N1:
        context["feedback"] = selectors.feedback_for(request.user)
        template = "desk/home_n1.html"
    elif role in (Role.N2, Role.N3):
        # Experts land on their escalation queue.
        return expert_views.render_queue(request, "desk/home_expert.html")
    elif role in (Role.SUPERVISOR, Role.ADMIN):
        return expert_views.render_queue(request, "desk/home_supervisor.html")
    else:
        template = "desk/home_none.html"
    return render(request, template, context)
