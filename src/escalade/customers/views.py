from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods

from escalade.accounts.roles import has_role
from escalade.customers import selectors
from escalade.customers.forms import CustomerForm, initial_from_search
from escalade.customers.models import Customer
from escalade.tickets import services
from escalade.tickets.exceptions import InvalidInput
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


@login_required
@require_GET
def customer_search(request):
    """Suggestions as the agent types a name, e-mail, phone or CLT reference."""
    if not has_role(request.user, *AGENT_ROLES):
        raise Http404
    text = request.GET.get("q", "")
    return render(
        request,
        "customers/_suggestions.html",
        {"customers": selectors.search_customers(text), "text": text.strip()},
    )


@login_required
def customer_card(request, reference: str):
    """The chosen caller, as the console shows it: details and past tickets."""
    if not has_role(request.user, *AGENT_ROLES):
        raise Http404
    customer = selectors.customer_by_reference(reference)
    if customer is None:
        raise Http404
    return render(
        request,
        "customers/_chosen.html",
        {"customer": customer, "history": selectors.customer_history(customer)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def customer_create(request):
    """Create the caller from the console; answers the chosen-customer card.

    GET gives the empty form, prefilled from what was typed in the search box
    so the agent does not type it again.
    """
    if not has_role(request.user, *AGENT_ROLES):
        raise Http404
    if request.method == "GET":
        form = CustomerForm(
            prefix="new", initial=initial_from_search(request.GET.get("q", ""))
        )
        return render(request, "customers/_new_form.html", {"form": form})

    form = CustomerForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            customer = services.create_customer(request.user, **form.cleaned_data)
        except InvalidInput as error:
            for field, messages in error.errors.items():
                for message in messages:
                    form.add_error(field if field in form.fields else None, message)
        else:
            return render(
                request,
                "customers/_chosen.html",
                {"customer": customer, "history": selectors.customer_history(customer)},
            )
    return render(request, "customers/_new_form.html", {"form": form}, status=422)
