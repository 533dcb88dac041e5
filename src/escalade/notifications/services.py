"""The outbox: e-mails written with the change that causes them, sent later.

``queue_email`` must run inside the transaction of the change; the message
row commits or rolls back with it, and the sending task is enqueued only
after the commit. ``deliver`` claims a message with a conditional UPDATE, so
two workers never send the same one.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import translation

from escalade import clock
from escalade.notifications.models import OutboxMessage, OutboxStatus
from escalade.tickets import timeline
from escalade.tickets.timeline import EventKind

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# A message left "sending" this long by a worker that died is tried again.
STALE_SENDING = timedelta(minutes=10)


def queue_email(
    *,
    key: str,
    kind: str,
    recipients: list[str],
    context: dict,
    ticket=None,
    actor=None,
    language: str = "fr",
) -> OutboxMessage | None:
    """Render the e-mail ``kind`` and write it to the outbox, once per key."""
    recipients = [address for address in recipients if address]
    if not recipients:
        return None
    existing = OutboxMessage.objects.filter(key=key).first()
    if existing is not None:
        return existing

    subject, body = render_email(kind, context, language)
    message = OutboxMessage.objects.create(
        key=key, ticket=ticket, kind=kind, to=recipients, subject=subject, body=body
    )
    if ticket is not None:
        timeline.record(
            ticket,
            EventKind.EMAIL_QUEUED,
            actor,
            after={"email": kind, "key": key},
            note=subject,
        )
    transaction.on_commit(lambda: enqueue_delivery(message.pk))
    return message


def render_email(kind: str, context: dict, language: str = "fr") -> tuple[str, str]:
    language = language if language in {"fr", "en"} else "fr"
    full_context = {**desk_context(), **context}
    with translation.override(language):
        subject = render_to_string(
            f"notifications/email/{language}/{kind}_subject.txt", full_context
        )
        body = render_to_string(
            f"notifications/email/{language}/{kind}_body.txt", full_context
        )
    return " ".join(subject.split()), body.strip() + "\n"


def desk_context() -> dict:
    return {"desk": settings.ESCALADE}


def enqueue_delivery(message_id: int) -> None:
    from escalade.notifications.tasks import deliver_email

    try:
        deliver_email.enqueue(message_id)
    except Exception:
        # The periodic sweep sends what could not be enqueued now.
        logger.warning("could not enqueue e-mail %s", message_id, exc_info=True)


def deliver(message_id: int) -> bool:
    """Send one message if it is due; True when it went out."""
    now = clock.now()
    claimed = OutboxMessage.objects.filter(
        pk=message_id, status=OutboxStatus.PENDING, next_attempt_at__lte=now
    ).update(
        status=OutboxStatus.SENDING, attempts=F("attempts") + 1, next_attempt_at=now
    )
    if not claimed:
        return False

    message = OutboxMessage.objects.select_related("ticket").get(pk=message_id)
    try:
        _send(message)
    except Exception as error:  # SMTP, network, DNS: all retried the same way
        _record_failure(message, error)
        return False

    _record_success(message)
    return True


def _send(message: OutboxMessage) -> None:
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=message.to,
        headers={
            "Message-ID": f"<{message.key}@escalade>",
            "X-Escalade-Key": message.key,
        },
    )
    email.send(fail_silently=False)


def _record_success(message: OutboxMessage) -> None:
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxStatus.SENT, sent_at=clock.now(), last_error=""
        )
        if message.ticket is not None:
            timeline.record(
                message.ticket,
                EventKind.EMAIL_SENT,
                after={"email": message.kind, "key": message.key},
                note=message.subject,
            )
    logger.info("e-mail sent", extra={"ticket": _ref(message)})


def _record_failure(message: OutboxMessage, error: Exception) -> None:
    attempts = message.attempts
    gives_up = attempts >= MAX_ATTEMPTS
    delay = retry_delay(attempts)
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxStatus.FAILED if gives_up else OutboxStatus.PENDING,
            next_attempt_at=clock.now() + delay,
            last_error=f"{type(error).__name__}: {error}"[:500],
        )
        if gives_up and message.ticket is not None:
            timeline.record(
                message.ticket,
                EventKind.EMAIL_FAILED,
                after={"email": message.kind, "key": message.key, "attempts": attempts},
            )
    logger.warning(
        "e-mail %s not sent (attempt %s): %s",
        message.pk,
        attempts,
        error,
        extra={"ticket": _ref(message)},
    )


def retry_delay(attempts: int) -> timedelta:
    """Back-off: 30 s, 1 min, 2 min, ... capped at one hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def release_stale() -> int:
    """Give back messages claimed by a worker that died while sending."""
    limit = clock.now() - STALE_SENDING
    return OutboxMessage.objects.filter(
        status=OutboxStatus.SENDING, next_attempt_at__lt=limit
    ).update(status=OutboxStatus.PENDING)


def deliver_due(limit: int = 200) -> int:
    """Send every due message; returns how many went out."""
    release_stale()
    due = OutboxMessage.objects.filter(
        status=OutboxStatus.PENDING, next_attempt_at__lte=clock.now()
    ).values_list("pk", flat=True)[:limit]
    return sum(1 for pk in list(due) if deliver(pk))


def _ref(message: OutboxMessage) -> str:
    return message.ticket.reference if message.ticket_id else "-"
