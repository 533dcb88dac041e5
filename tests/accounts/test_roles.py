import pytest
from django.urls import reverse

from escalade.accounts.models import Role
from escalade.accounts.roles import has_role, main_role, roles_of
from tests.factories import escalated_ticket, make_person


@pytest.mark.django_db
def test_admin_holds_every_role():
    admin = make_person(Role.ADMIN)
    assert roles_of(admin) == {role.value for role in Role}
    assert main_role(admin) == Role.ADMIN


@pytest.mark.django_db
def test_agent_holds_only_its_group(n1_agent):
    assert has_role(n1_agent, Role.N1)
    assert not has_role(n1_agent, Role.N2, Role.SUPERVISOR)


@pytest.mark.django_db
def test_supervisor_reads_tickets_in_the_admin_but_cannot_delete(
    client, supervisor, n1_agent
):
    ticket, _escalation = escalated_ticket(n1_agent)
    client.force_login(supervisor)

    listing = client.get(reverse("admin:tickets_ticket_changelist"))
    page = client.get(reverse("admin:tickets_ticket_change", args=[ticket.pk]))
    delete = client.get(reverse("admin:tickets_ticket_delete", args=[ticket.pk]))

    assert listing.status_code == 200
    assert ticket.reference in listing.content.decode()
    assert page.status_code == 200
    assert delete.status_code == 403


@pytest.mark.django_db
def test_n1_agent_has_no_admin(client, n1_agent):
    client.force_login(n1_agent)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
