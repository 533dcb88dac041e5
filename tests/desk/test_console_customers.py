"""Finding the caller while they speak, or creating them without typing twice."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from escalade.customers.models import Customer
from tests.factories import make_customer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def marie(db):
    return make_customer(
        reference="CLT-00245",
        first_name="Marie",
        last_name="Dupuis",
        email="marie.dupuis@email.com",
        phone="06 12 34 56 78",
    )


@pytest.mark.parametrize(
    "typed",
    ["Dupuis", "marie dupuis", "marie.dupuis@", "0612 34", "06.12.34", "CLT-00245"],
)
def test_search_finds_the_caller_by_name_email_phone_or_reference(
    client, n1_agent, marie, typed
):
    make_customer(first_name="Pierre", last_name="Martin", phone="07 00 00 00 00")
    client.force_login(n1_agent)

    response = client.get(reverse("customers:search"), {"q": typed})

    page = response.content.decode()
    assert "CLT-00245" in page
    assert "Martin" not in page


def test_search_offers_to_create_the_customer_typed(client, n1_agent):
    client.force_login(n1_agent)

    page = client.get(reverse("customers:search"), {"q": "Lucie Bernard"}).content

    assert "No customer matches" in page.decode()
    assert "q=Lucie%20Bernard" in page.decode()


def test_new_customer_form_is_prefilled_from_the_search(client, n1_agent):
    client.force_login(n1_agent)

    by_name = client.get(reverse("customers:create"), {"q": "Lucie Bernard"})
    by_phone = client.get(reverse("customers:create"), {"q": "06 98 76 54 32"})

    assert 'value="Bernard"' in by_name.content.decode()
    assert 'value="06 98 76 54 32"' in by_phone.content.decode()


def test_creating_a_customer_answers_the_chosen_card(client, n1_agent):
    client.force_login(n1_agent)

    response = client.post(
        reverse("customers:create"),
        {
            "new-first_name": "Lucie",
            "new-last_name": "Bernard",
            "new-email": "lucie@example.com",
            "new-phone": "",
            "new-contact_preference": "email",
        },
    )

    customer = Customer.objects.get()
    assert customer.reference.startswith("CLT-")
    assert f'name="customer" value="{customer.reference}"' in response.content.decode()


@pytest.mark.parametrize(
    "values, field, message",
    [
        (
            {"new-email": "", "new-phone": ""},
            "email",
            "Give an e-mail address or a phone number to reach the customer.",
        ),
        (
            {"new-email": "lucie@"},
            "email",
            "“lucie@” is not an e-mail address",
        ),
        (
            {"new-phone": "call me maybe"},
            "phone",
            "“call me maybe” is not a phone number",
        ),
        ({"new-phone": "12"}, "phone", "“12” is not a phone number"),
        (
            {"new-first_name": "", "new-last_name": ""},
            "last_name",
            "Give the customer&#x27;s name.",
        ),
    ],
)
def test_invalid_customer_gets_messages_beside_the_fields_and_nothing_is_created(
    client, n1_agent, values, field, message
):
    client.force_login(n1_agent)
    data = {
        "new-first_name": "Lucie",
        "new-last_name": "Bernard",
        "new-email": "lucie@example.com",
        "new-phone": "06 98 76 54 32",
        "new-contact_preference": "phone",
        **values,
    }

    response = client.post(reverse("customers:create"), data)

    page = response.content.decode()
    start = page.index(f'id="field-customer-{field}"')
    assert response.status_code == 422
    assert message in page[start : page.index("</p>", start)]
    assert not Customer.objects.exists()


def test_search_query_count_does_not_grow_with_customers(client, n1_agent):
    client.force_login(n1_agent)
    client.get(reverse("customers:search"), {"q": "dupuis"})  # warms the session

    counts = []
    for size in (3, 30):
        for _ in range(size):
            make_customer()
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("customers:search"), {"q": "dupuis"})
        counts.append(len(queries))

    assert counts[0] == counts[1]
