import pytest

from escalade.tickets import references, services
from escalade.tickets.models import Ticket
from tests.factories import make_customer


@pytest.mark.django_db
def test_ticket_numbers_are_never_reused_after_a_deletion(n1_agent):
    customer = make_customer()
    first = services.open_ticket(n1_agent, customer=customer, title="Un")
    Ticket.objects.filter(pk=first.pk).delete()

    second = services.open_ticket(n1_agent, customer=customer, title="Deux")

    assert (first.reference, second.reference) == ("TK-00001", "TK-00002")


@pytest.mark.django_db
def test_numbers_continue_after_an_explicit_reference(n1_agent):
    services.open_ticket(
        n1_agent, customer=make_customer(), title="x", reference="TK-00789"
    )

    following = services.open_ticket(n1_agent, customer=make_customer(), title="y")

    assert following.reference == "TK-00790"


@pytest.mark.django_db
def test_escalations_are_numbered_within_their_ticket():
    assert references.escalation_reference("TK-00789", 1) == "TK-00789-TECH-001"
    assert references.escalation_reference("TK-00789", 12) == "TK-00789-TECH-012"


@pytest.mark.django_db
def test_customer_references(n1_agent):
    customer = services.create_customer(
        n1_agent, first_name="Marie", last_name="Dupuis", email="m@example.com"
    )
    assert customer.reference == "CLT-00001"
