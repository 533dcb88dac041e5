"""Two people at once: exactly one wins, the other gets a clear refusal.

These tests open real, separate database connections from threads, so they
run on PostgreSQL only (SQLite serialises writers by design, which the
conditional UPDATE also handles, but there is no real race to show there).
"""

import threading

import pytest
from django.db import connection, connections

from escalade.tickets import references, services
from escalade.tickets.choices import EscalationStatus, Priority
from escalade.tickets.exceptions import TransitionError
from escalade.tickets.models import Escalation
from escalade.tickets.timeline import EventKind
from tests.factories import briefing, make_customer

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL and two connections"
)


def run_together(*jobs):
    """Start every job at the same moment, each on its own connection."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def runner(index, job):
        try:
            barrier.wait()
            results[index] = ("ok", job())
        except Exception as error:  # the test inspects what each got
            results[index] = ("error", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i, j)) for i, j in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_experts_accepting_at_once_one_wins(n1_agent, n2_expert, other_expert):
    ticket = services.open_ticket(n1_agent, customer=make_customer(), title="Doublons")
    escalation = services.escalate_to_n2(
        n1_agent, ticket, briefing=briefing(), priority=Priority.NORMAL
    )

    results = run_together(
        lambda: services.accept_escalation(
            n2_expert, Escalation.objects.get(pk=escalation.pk)
        ),
        lambda: services.accept_escalation(
            other_expert, Escalation.objects.get(pk=escalation.pk)
        ),
    )

    outcomes = sorted(kind for kind, _value in results)
    assert outcomes == ["error", "ok"]
    refusal = next(value for kind, value in results if kind == "error")
    assert isinstance(refusal, TransitionError)
    assert "déjà" in str(refusal) or "already" in str(refusal)
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.ACCEPTED
    assert ticket.events.filter(kind=EventKind.ACCEPTED).count() == 1
    winner = next(value for kind, value in results if kind == "ok")
    assert escalation.accepted_by == winner.accepted_by


@pytest.mark.django_db(transaction=True)
def test_references_are_unique_under_concurrent_creation(n1_agent):
    customer = make_customer()

    results = run_together(
        *[
            (
                lambda: (
                    services.open_ticket(
                        n1_agent, customer=customer, title="x"
                    ).reference
                )
            )
            for _ in range(8)
        ]
    )

    created = [value for kind, value in results if kind == "ok"]
    assert len(created) == 8, results
    assert len(set(created)) == 8
    assert references.next_ticket_reference() == "TK-00009"
