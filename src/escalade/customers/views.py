from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from escalade.accounts.roles import has_role
from escalade.customers.models import Customer
from escalade.tickets.services import AGENT_ROLES


@login_required
def customer_detail(request, reference: str):
    if not has_role(request.user, *AGENT_ROLES):
        raise Http404
    customer = get_object_or_404(Customer, reference=reference)
    tickets = customer.tickets.order_by("-created_at")[:50]
    return render(
        request, "customers/detail.html", {"customer": customer, "tickets": tickets}
    )
