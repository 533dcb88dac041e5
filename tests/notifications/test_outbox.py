"""The outbox: written once, claimed once, retried, never lost."""

import smtplib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from escalade import clock
from escalade.notifications import services as outbox
from escalade.notifications.models import OutboxMessage, OutboxStatus
from escalade.tickets.timeline import EventKind
from tests.factories import open_ticket

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 12, 19, 15, 0, tzinfo=ZoneInfo("Europe/Paris"))


class DownBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("connection refused")


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"x@example.com": (550, b"no such user")})


def queue(key: str = "TK-1:message:1", ticket=None, **extra) -> OutboxMessage:
    return outbox.queue_email(
        key=key,
        kind="message",
        recipients=["marie@example.com"],
        ticket=ticket,
        context={
            "ticket": ticket,
            "customer": {"first_name": "Marie", "full_name": "Marie Dupuis"},
            "note": {"body": "Hello"},
        },
        **extra,
    )


def test_the_same_key_is_written_once():
    first = queue()
    second = queue()

    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1


def test_a_message_goes_out_once_even_when_delivered_twice():
    message = queue()

    assert outbox.deliver(message.pk) is True
    assert outbox.deliver(message.pk) is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == "<TK-1:message:1@escalade>"


def test_a_claimed_message_is_not_claimed_again():
    message = queue()

    assert outbox.claim(message.pk) is not None
    assert outbox.claim(message.pk) is None


def test_sending_is_written_on_the_ticket_timeline(n1_agent):
    ticket = open_ticket(n1_agent)
    message = queue(ticket=ticket)

    outbox.deliver(message.pk)

    kinds = list(ticket.events.values_list("kind", flat=True))
    assert EventKind.EMAIL_QUEUED in kinds
    assert EventKind.EMAIL_SENT in kinds


def test_a_server_out_of_reach_means_a_retry_with_back_off(settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_outbox.DownBackend"
    with clock.travel_to(NOW):
        message = queue()
        outbox.deliver(message.pk)

    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 1
    assert message.next_attempt_at == NOW + timedelta(seconds=30)
    assert "ConnectionRefusedError" in message.last_error


def test_back_off_doubles_and_stops_at_one_hour():
    delays = [outbox.retry_delay(n).total_seconds() for n in (1, 2, 3, 8, 20)]

    assert delays == [30, 60, 120, 3600, 3600]


def test_a_batch_stops_at_the_first_sign_the_server_is_down(settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_outbox.DownBackend"
    for number in range(5):
        queue(key=f"bulk:{number}")

    assert outbox.deliver_due() == 0

    attempts = sorted(OutboxMessage.objects.values_list("attempts", flat=True))
    assert attempts == [0, 0, 0, 0, 1]


def test_a_refused_recipient_fails_for_good_on_the_timeline(settings, n1_agent):
    settings.EMAIL_BACKEND = "tests.notifications.test_outbox.RefusingBackend"
    ticket = open_ticket(n1_agent)
    message = queue(ticket=ticket)

    outbox.deliver(message.pk)

    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED
    assert ticket.events.filter(kind=EventKind.EMAIL_FAILED).exists()


def test_a_claim_whose_worker_died_is_released_after_its_lease(settings):
    settings.ESCALADE = {**settings.ESCALADE, "OUTBOX_LEASE_SECONDS": 60}
    with clock.travel_to(NOW):
        message = queue()
        outbox.claim(message.pk)  # the worker dies here
    with clock.travel_to(NOW + timedelta(seconds=30)):
        assert outbox.deliver_due() == 0
    with clock.travel_to(NOW + timedelta(seconds=61)):
        assert outbox.deliver_due() == 1

    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.attempts == 2
    assert len(mail.outbox) == 1


def test_a_message_held_for_the_morning_waits(django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    morning = NOW + timedelta(hours=12)
    with clock.travel_to(NOW), django_capture_on_commit_callbacks(execute=True):
        queue(send_after=morning)
        assert outbox.deliver_due() == 0

    task = DBTaskResult.objects.get(task_path__endswith="deliver_email")
    assert task.run_after == morning
    with clock.travel_to(morning):
        assert outbox.deliver_due() == 1
