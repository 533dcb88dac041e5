"""The API for customers: list with filters, read one, create."""

from django.db.models import Q
from ninja import Query, Router, Schema
from ninja import Status as Reply
from ninja.pagination import paginate

from escalade.api.common import (
    Detail,
    Page,
    Reference,
    actor,
    get_or_404,
    require_agent,
    text,
)
from escalade.customers.models import ContactPreference, Customer
from escalade.tickets import services

PREFIX = "customers"
router = Router(tags=["customers"])
ERRORS = {400: Detail, 401: Detail, 403: Detail, 404: Detail}


class CustomerOut(Schema):
    reference: str
    first_name: str
    last_name: str
    email: str
    phone: str
    contact_preference: str
    language: str
    source: str
    source_id: str


class CustomerIn(Schema):
    first_name: text(100) = ""
    last_name: text(100) = ""
    email: text(254) = ""
    phone: text(32) = ""
    contact_preference: ContactPreference = ContactPreference.PHONE
    language: text(8) = "fr"


class CustomerFilters(Schema):
    q: text(100) | None = None
    source: text(32) | None = None


@router.get("", response={200: list[CustomerOut], **ERRORS})
@paginate(Page)
def list_customers(request, filters: Query[CustomerFilters]):
    """Customers by name; ``q`` searches names, e-mail, phone and reference."""
    require_agent(request)
    customers = Customer.objects.order_by("reference")
    if filters.q:
        q = filters.q
        customers = customers.filter(
            Q(reference__icontains=q)
            | Q(last_name__icontains=q)
            | Q(first_name__icontains=q)
            | Q(email__icontains=q)
            | Q(phone__icontains=q)
        )
    if filters.source is not None:
        customers = customers.filter(source=filters.source)
    return customers


@router.post("", response={201: CustomerOut, **ERRORS})
def create_customer(request, payload: CustomerIn):
    """Create a customer; a name and an e-mail or a phone are needed."""
    customer = services.create_customer(actor(request), **payload.dict())
    return Reply(201, customer)


@router.get("/{reference}", response={200: CustomerOut, **ERRORS})
def get_customer(request, reference: Reference):
    require_agent(request)
    return get_or_404(Customer.objects.all(), reference=reference)
