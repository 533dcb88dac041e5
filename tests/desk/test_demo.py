import pytest
from django.core.management import call_command

from escalade.customers.models import Customer
from escalade.notifications.models import OutboxMessage
from escalade.tickets.models import Escalation, Ticket, TimelineEvent


def counts():
    return (
        Ticket.objects.count(),
        Escalation.objects.count(),
        Customer.objects.count(),
        TimelineEvent.objects.count(),
        OutboxMessage.objects.count(),
    )


@pytest.mark.django_db
def test_demo_loads_the_specification_cases_and_runs_again_without_duplicates(capsys):
    call_command("demo")
    first = counts()
    out = capsys.readouterr().out

    call_command("demo")

    assert counts() == first
    statuses = dict(Ticket.objects.values_list("reference", "status"))
    assert statuses == {
        "TK-00788": "in_progress",
        "TK-00789": "closed",
        "TK-00790": "awaiting_n2",
        "TK-00791": "awaiting_n2",
        "TK-00792": "awaiting_n2",
        "TK-00793": "escalated_n3",
        "TK-00794": "closed",
    }
    assert Escalation.objects.get(reference="TK-00794-TECH-001").is_avoidable
    assert Escalation.objects.filter(ticket__reference="TK-00793").count() == 2
    assert list(
        Escalation.objects.get(reference="TK-00789-TECH-001").hypotheses.values_list(
            "probability", flat=True
        )
    ) == [60, 25, 15]
    for username in ["claire", "thomas", "alex", "nadia", "admin"]:
        assert f"{username}-demo" in out


@pytest.mark.django_db
def test_demo_never_advises_turning_encryption_off():
    call_command("demo")
    texts = " ".join(
        list(OutboxMessage.objects.values_list("body", flat=True))
        + list(TimelineEvent.objects.values_list("note", flat=True))
    ).lower()
    assert "aucun chiffrement" not in texts
    assert "starttls" in texts
