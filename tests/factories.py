"""Small factories for tests: people with a role, customers, tickets."""

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from escalade.accounts.models import AgentProfile, Role, Team, Tier
from escalade.accounts.roles import ensure_groups
from escalade.customers.models import Customer
from escalade.tickets import services
from escalade.tickets.choices import Category, Priority
from escalade.tickets.services import BriefingData

_numbers = itertools.count(1)

ROLE_TIER = {
    Role.N1: Tier.N1,
    Role.N2: Tier.N2,
    Role.N3: Tier.N3,
    Role.SUPERVISOR: Tier.N2,
    Role.ADMIN: Tier.N3,
}


def make_person(role: str | None, username: str | None = None, **fields):
    """A user with one role (group) and an agent profile; role None: outsider."""
    ensure_groups()
    username = username or f"{role or 'outsider'}-{next(_numbers)}"
    user = get_user_model().objects.create_user(
        username=username,
        password="secret-password-1",
        first_name=fields.pop("first_name", username.capitalize()),
        last_name=fields.pop("last_name", "Test"),
        is_staff=role in (Role.SUPERVISOR, Role.ADMIN),
        **fields,
    )
    if role is not None:
        user.groups.add(Group.objects.get(name=role))
        AgentProfile.objects.create(user=user, tier=ROLE_TIER[role])
    return user


def make_team(tier: str = Tier.N2, name: str | None = None) -> Team:
    return Team.objects.create(name=name or f"Team {tier} {next(_numbers)}", tier=tier)


def make_customer(**fields) -> Customer:
    number = next(_numbers)
    values = {
        "reference": f"CLT-{90000 + number:05d}",
        "first_name": "Marie",
        "last_name": f"Dupuis{number}",
        "email": f"marie{number}@example.com",
        "phone": "06 12 34 56 78",
    }
    values.update(fields)
    return Customer.objects.create(**values)


def briefing(**fields) -> BriefingData:
    values = {
        "summary": "Chaque e-mail arrive deux fois sur le PC et le téléphone.",
        "context": "Après la mise à jour Windows de dimanche.",
        "environment": "Windows 11, Outlook 2021; Android 13, Thunderbird",
        "call_duration_minutes": 8,
    }
    values.update(fields)
    return BriefingData(**values)


def open_ticket(n1, customer=None, **fields):
    values = {
        "title": "E-mails reçus en double",
        "description": "Depuis lundi, les e-mails arrivent deux fois.",
        "category": Category.SYNC,
    }
    values.update(fields)
    return services.open_ticket(n1, customer=customer or make_customer(), **values)


def escalated_ticket(n1, priority: str = Priority.NORMAL, **fields):
    ticket = open_ticket(n1, **fields)
    escalation = services.escalate_to_n2(
        n1, ticket, briefing=briefing(), priority=priority
    )
    return escalation.ticket, escalation


HYPOTHESES_60_25_15 = [
    {"probability": 60, "cause": "Outlook a changé les paramètres IMAP"},
    {"probability": 25, "cause": "Thunderbird synchronise mal les UID"},
    {"probability": 15, "cause": "Bug du serveur IMAP"},
]
