"""Every transition, tried by every role from every state.

The table says which roles may make each move and from which states. Each
call that the table forbids must raise a TransitionError and change nothing:
not the ticket, not its escalations, not its timeline, not the outbox.

The N2 and N3 persons are the experts who brought the ticket to its state, so
the moves kept to the expert who holds the ticket are tried by its holder;
other experts are refused those moves by tests/tickets/test_ownership.py.
"""

import pytest
from django.db import transaction
from django.forms.models import model_to_dict

from escalade.accounts.models import Role
from escalade.notifications.models import OutboxMessage
from escalade.tickets import services
from escalade.tickets.choices import Channel, EscalationStatus, Priority, Status
from escalade.tickets.exceptions import TransitionError
from escalade.tickets.models import Escalation, Ticket
from tests.factories import HYPOTHESES_60_25_15, briefing, make_customer, make_person

ROLES = [Role.N1, Role.N2, Role.N3, Role.SUPERVISOR, Role.ADMIN, None]
ALL = set(ROLES) - {None}
N1_SIDE = {Role.N1, Role.SUPERVISOR, Role.ADMIN}
N2_SIDE = {Role.N2, Role.SUPERVISOR, Role.ADMIN}
EXPERTS = {Role.N2, Role.N3, Role.SUPERVISOR, Role.ADMIN}
STATES = [
    Status.NEW,
    Status.DIAGNOSING,
    Status.RESOLVED_N1,
    Status.AWAITING_N2,
    Status.IN_PROGRESS,
    Status.WAITING_CUSTOMER,
    Status.ESCALATED_N3,
    Status.WAITING_VENDOR,
    Status.RESOLVED,
    Status.REOPENED,
    Status.CLOSED,
]


def latest(ticket: Ticket) -> Escalation | None:
    return ticket.escalations.order_by("-number").first()


# name -> (call, roles allowed, states allowed); a state may narrow the roles.
TABLE = {
    "start_diagnosis": (
        lambda actor, t: services.start_diagnosis(actor, t),
        N1_SIDE,
        {Status.NEW},
    ),
    "resolve_at_n1": (
        lambda actor, t: services.resolve_at_n1(actor, t, solution="Réinitialisé"),
        N1_SIDE,
        {Status.NEW, Status.DIAGNOSING},
    ),
    "escalate_to_n2": (
        lambda actor, t: services.escalate_to_n2(
            actor, t, briefing=briefing(), priority=Priority.NORMAL
        ),
        N1_SIDE,
        {Status.NEW, Status.DIAGNOSING},
    ),
    "accept_escalation": (
        lambda actor, t: services.accept_escalation(actor, latest(t)),
        {
            Status.AWAITING_N2: N2_SIDE,
            Status.ESCALATED_N3: {Role.N3, Role.SUPERVISOR, Role.ADMIN},
        },
        {Status.AWAITING_N2, Status.ESCALATED_N3},
    ),
    "set_hypotheses": (
        lambda actor, t: services.set_hypotheses(actor, latest(t), HYPOTHESES_60_25_15),
        EXPERTS,
        {
            Status.IN_PROGRESS,
            Status.REOPENED,
            Status.ESCALATED_N3,
            Status.WAITING_CUSTOMER,
        },
    ),
    "wait_on_customer": (
        lambda actor, t: services.wait_on_customer(actor, t, reason="Logs à envoyer"),
        EXPERTS,
        {Status.IN_PROGRESS, Status.REOPENED, Status.ESCALATED_N3},
    ),
    "resume_work": (
        lambda actor, t: services.resume_work(actor, t),
        EXPERTS,
        {Status.WAITING_CUSTOMER, Status.WAITING_VENDOR},
    ),
    "escalate_further": (
        lambda actor, t: services.escalate_further(actor, t, reason="Bug serveur"),
        N2_SIDE,
        {Status.IN_PROGRESS, Status.REOPENED},
    ),
    "resolve_ticket": (
        lambda actor, t: services.resolve_ticket(actor, t, cause="Cache corrompu"),
        EXPERTS,
        {
            Status.IN_PROGRESS,
            Status.REOPENED,
            Status.ESCALATED_N3,
            Status.WAITING_CUSTOMER,
            Status.WAITING_VENDOR,
        },
    ),
    "close_ticket": (
        lambda actor, t: services.close_ticket(actor, t),
        ALL,
        {Status.RESOLVED, Status.RESOLVED_N1},
    ),
    "reopen_ticket": (
        lambda actor, t: services.reopen_ticket(actor, t, reason="Revenu"),
        ALL,
        {Status.RESOLVED, Status.RESOLVED_N1, Status.CLOSED},
    ),
    "return_as_avoidable": (
        lambda actor, t: services.return_as_avoidable(actor, latest(t), feedback="FAQ"),
        N2_SIDE,
        {
            Status.AWAITING_N2,
            Status.IN_PROGRESS,
            Status.WAITING_CUSTOMER,
            Status.REOPENED,
        },
    ),
    "change_priority": (
        lambda actor, t: services.change_priority(actor, t, priority=Priority.URGENT),
        EXPERTS,
        set(STATES) - {Status.CLOSED},
    ),
    "log_call": (
        lambda actor, t: services.log_call(actor, t, duration_seconds=60),
        ALL,
        set(STATES) - {Status.CLOSED},
    ),
}
NEEDS_ESCALATION = {"accept_escalation", "set_hypotheses", "return_as_avoidable"}
# Moves that work the ticket: an N2/N3 expert makes them only on a ticket
# nobody holds or that they hold (supervisors and admins always may).
HOLDER_ONLY = {
    "set_hypotheses",
    "wait_on_customer",
    "resume_work",
    "escalate_further",
    "resolve_ticket",
    "change_priority",
    "return_as_avoidable",
}


def build(state: str, n1, n2, n3) -> Ticket:
    """A ticket brought to ``state`` through the services."""
    customer = make_customer()
    channel = Channel.EMAIL if state == Status.NEW else Channel.PHONE
    ticket = services.open_ticket(
        n1, customer=customer, title="Doublons", channel=channel
    )
    if state in (Status.NEW, Status.DIAGNOSING):
        return ticket
    if state == Status.RESOLVED_N1:
        services.resolve_at_n1(n1, ticket, solution="Mot de passe réinitialisé")
        return ticket
    escalation = services.escalate_to_n2(
        n1, ticket, briefing=briefing(), priority=Priority.NORMAL
    )
    if state == Status.AWAITING_N2:
        return ticket
    services.accept_escalation(n2, escalation)
    steps = {
        Status.WAITING_CUSTOMER: lambda: services.wait_on_customer(
            n2, ticket, reason="x"
        ),
        Status.ESCALATED_N3: lambda: services.escalate_further(n2, ticket, reason="x"),
        Status.WAITING_VENDOR: lambda: services.escalate_further(
            n2, ticket, reason="x", vendor="Microsoft"
        ),
        Status.RESOLVED: lambda: services.resolve_ticket(n2, ticket, cause="x"),
        Status.REOPENED: lambda: (
            services.resolve_ticket(n2, ticket, cause="x"),
            services.reopen_ticket(n2, ticket, reason="x"),
        ),
        Status.CLOSED: lambda: (
            services.resolve_ticket(n2, ticket, cause="x"),
            services.close_ticket(n2, ticket),
        ),
    }
    if state in steps:
        steps[state]()
    ticket.refresh_from_db()
    assert ticket.status == state
    return ticket


def snapshot(ticket: Ticket) -> dict:
    ticket = Ticket.objects.get(pk=ticket.pk)
    return {
        "ticket": model_to_dict(ticket),
        "escalations": [model_to_dict(e) for e in ticket.escalations.order_by("pk")],
        "events": ticket.events.count(),
        "emails": OutboxMessage.objects.count(),
        "attempts": ticket.attempts.count(),
        "resolutions": ticket.resolutions.count(),
        "calls": ticket.calls.count(),
        "follow_ups": ticket.follow_ups.count(),
    }


def allowed(action: str, role, state: str, ticket: Ticket, actor) -> bool:
    _call, roles, states = TABLE[action]
    if isinstance(roles, dict):
        roles = roles.get(state, set())
    if role not in roles or state not in states:
        return False
    if action not in HOLDER_ONLY or role not in (Role.N2, Role.N3):
        return True
    if action == "return_as_avoidable" and (
        latest(ticket).status != EscalationStatus.ACCEPTED
    ):
        return True  # an escalation nobody has taken yet is nobody's
    return ticket.assignee_id is None or ticket.assignee_id == actor.pk


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", sorted(TABLE))
def test_transition_table(action, state):
    builders = make_person(Role.N1), make_person(Role.N2), make_person(Role.N3)
    people = {role: make_person(role) for role in ROLES}
    people[Role.N2], people[Role.N3] = builders[1], builders[2]
    ticket = build(state, *builders)
    ticket.refresh_from_db()  # who holds it now, for allowed()
    if action in NEEDS_ESCALATION and latest(ticket) is None:
        pytest.skip("no escalation to act on in this state")
    call = TABLE[action][0]

    for role in ROLES:
        actor = people[role]
        before = snapshot(ticket)
        with transaction.atomic():
            try:
                call(actor, Ticket.objects.get(pk=ticket.pk))
            except TransitionError as refusal:
                outcome = refusal
            else:
                outcome = None
            after = snapshot(ticket)
            transaction.set_rollback(True)

        if allowed(action, role, state, ticket, actor):
            assert outcome is None, f"{role} should {action} from {state}: {outcome}"
            assert after["events"] > before["events"], f"{action} wrote no event"
        else:
            assert outcome is not None, f"{role} must not {action} from {state}"
            assert str(outcome), "a refusal says why"
            assert after == before, f"refused {action} changed something"
