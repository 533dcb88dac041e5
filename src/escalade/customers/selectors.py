"""The read side of customers: finding the caller while they speak."""

from django.db.models import Avg, Count, Q, QuerySet, Value
from django.db.models.functions import Replace

from escalade.customers.models import Customer
from escalade.customers.validators import PHONE_SHAPE, phone_digits
from escalade.tickets.models import Ticket

# Shortest word worth searching: one letter matches half the customers.
MIN_TERM_LENGTH = 2


def _phone_without_separators():
    """The stored phone number with spaces, dots and dashes taken out."""
    expression = "phone"
    for separator in (" ", ".", "-"):
        expression = Replace(expression, Value(separator), Value(""))
    return expression


def search_customers(text: str, limit: int = 8) -> QuerySet[Customer]:
    """Customers matching every word typed, by name, e-mail, phone or reference.

    "dupuis 0612" finds Marie Dupuis whose number is 06 12 34 56 78; one query
    whatever the number of customers.
    """
    # TODO: "contains" scans the table; past some 100,000 customers, add a
    # trigram index (PostgreSQL) or a stored normalised phone column.
    terms = [term for term in text.split() if len(term) >= MIN_TERM_LENGTH]
    if not terms:
        return Customer.objects.none()

    matches = Q()
    for term in terms:
        term_matches = (
            Q(reference__icontains=term)
            | Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
            | Q(email__icontains=term)
        )
        digits = phone_digits(term)
        if len(digits) >= MIN_TERM_LENGTH and PHONE_SHAPE.match(term):
            term_matches |= Q(phone_digits__contains=digits)
        matches &= term_matches
    return (
        Customer.objects.annotate(phone_digits=_phone_without_separators())
        .filter(matches)
        .order_by("last_name", "first_name", "reference")[:limit]
    )


def customer_by_reference(reference: str) -> Customer | None:
    return Customer.objects.filter(reference=reference.strip()).first()


def customer_history(customer: Customer, limit: int = 3) -> dict:
    """How long they have been a customer, their tickets, their past ratings."""
    tickets = Ticket.objects.filter(customer=customer)
    figures = tickets.aggregate(count=Count("pk"), satisfaction=Avg("satisfaction"))
    return {
        "ticket_count": figures["count"],
        "satisfaction": figures["satisfaction"],
        "recent": list(tickets.order_by("-created_at")[:limit]),
    }
