"""The outbox: e-mails written with the change that causes them, sent later.

``queue_email`` runs inside the transaction of the change; the message row
commits or rolls back with it, and the sending task is enqueued only after
the commit. A lost task costs nothing: the sweep sends every due message.

``deliver`` sends one message:

1. claim it with a conditional UPDATE (pending and due -> sending, with a
   lease), committed on its own, so two workers never hold it together;
2. hand it to Django's mail backend (SMTP);
3. mark it sent, or pending again after a back-off, or failed for good,
   with a timeline event on the ticket.

The guarantee is *at least once, and once in practice*. A worker that dies
before step 3 leaves the message "sending"; when its lease runs out the
message is sent again. If the death fell between the SMTP server's "250
OK" and the commit of step 3 (a few milliseconds), the recipient gets it
twice; both copies carry the same Message-ID, which mail clients use to
drop the second. No design can close that window without the receiving
server's help: marking the message sent before talking to SMTP would turn
it into "at most once", losing mail instead.
"""

import logging
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import translation

from escalade import clock
from escalade.notifications.models import OutboxMessage, OutboxStatus
from escalade.tickets import timeline
from escalade.tickets.timeline import EventKind

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def queue_email(
    *,
    key: str,
    kind: str,
    recipients: list[str],
    context: dict,
    ticket=None,
    actor=None,
    language: str = "fr",
    send_after: datetime | None = None,
) -> OutboxMessage | None:
    """Render the e-mail ``kind`` and write it to the outbox, once per key.

    Call it in the transaction of the change. ``send_after`` holds the
    message back (quiet hours); the task is enqueued for that moment.
    """
    recipients = [address for address in recipients if address]
    if not recipients:
        return None
    existing = OutboxMessage.objects.filter(key=key).first()
    if existing is not None:
        return existing

    subject, body = render_email(kind, context, language)
    now = clock.now()
    try:
        # A savepoint, so a concurrent writer of the same key loses cleanly.
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                key=key,
                ticket=ticket,
                kind=kind,
                to=recipients,
                subject=subject,
                body=body,
                created_at=now,
                next_attempt_at=max(send_after or now, now),
            )
    except IntegrityError:
        return OutboxMessage.objects.get(key=key)

    if ticket is not None:
        timeline.record(
            ticket,
            EventKind.EMAIL_QUEUED,
            actor,
            after={"email": kind, "key": key, "send_after": send_after},
            note=subject,
        )
    run_after = message.next_attempt_at if message.next_attempt_at > now else None
    transaction.on_commit(lambda: enqueue_delivery(message.pk, run_after))
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


def enqueue_delivery(message_id: int, run_after: datetime | None = None) -> None:
    from escalade.notifications.tasks import deliver_email

    try:
        deliver_email.using(run_after=run_after).enqueue(message_id)
    except Exception:
        # The periodic sweep sends what could not be enqueued now.
        logger.warning("could not enqueue e-mail %s", message_id, exc_info=True)


def lease() -> timedelta:
    """How long a claim holds; must outlast a slow send (several timeouts)."""
    return timedelta(seconds=settings.ESCALADE["OUTBOX_LEASE_SECONDS"])


def claim(message_id: int) -> OutboxMessage | None:
    """Take a due message for sending; None when it is not due or not free."""
    now = clock.now()
    claimed = OutboxMessage.objects.filter(
        pk=message_id, status=OutboxStatus.PENDING, next_attempt_at__lte=now
    ).update(
        status=OutboxStatus.SENDING,
        attempts=F("attempts") + 1,
        next_attempt_at=now + lease(),
    )
    if not claimed:
        return None
    return OutboxMessage.objects.select_related("ticket").get(pk=message_id)


def deliver(message_id: int) -> bool:
    """Send one message if it is due and free; True when it went out."""
    return _deliver(message_id) == SENT


SENT, SKIPPED, FAILED, UNREACHABLE = "sent", "skipped", "failed", "unreachable"


def _deliver(message_id: int) -> str:
    """Claim, send, record; say how it went.

    Runs outside any transaction: the claim must be committed before the
    SMTP conversation, and the outcome after it.
    """
    message = claim(message_id)
    if message is None:
        return SKIPPED
    try:
        _send(message)
    except Exception as error:  # SMTP, network, DNS: all recorded the same way
        _record_failure(message, error)
        return UNREACHABLE if is_unreachable(error) else FAILED

    _record_success(message)
    return SENT


def _send(message: OutboxMessage) -> None:
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=message.to,
        headers={
            # The same Message-ID on every attempt lets a mail client drop
            # the copy a crash after "250 OK" could cause.
            "Message-ID": f"<{message.key}@escalade>",
            "X-Escalade-Key": message.key,
        },
    )
    email.send(fail_silently=False)


def _record_success(message: OutboxMessage) -> None:
    with transaction.atomic():
        updated = (
            OutboxMessage.objects.filter(pk=message.pk)
            .exclude(status=OutboxStatus.SENT)
            .update(status=OutboxStatus.SENT, sent_at=clock.now(), last_error="")
        )
        if updated and message.ticket is not None:
            timeline.record(
                message.ticket,
                EventKind.EMAIL_SENT,
                after={"email": message.kind, "key": message.key},
                note=message.subject,
            )
    logger.info("e-mail %s sent", message.pk, extra={"ticket": _ref(message)})


def _record_failure(message: OutboxMessage, error: Exception) -> None:
    attempts = message.attempts
    gives_up = attempts >= MAX_ATTEMPTS or is_permanent(error)
    with transaction.atomic():
        # Only the holder of this claim records its outcome.
        updated = OutboxMessage.objects.filter(
            pk=message.pk, status=OutboxStatus.SENDING, attempts=attempts
        ).update(
            status=OutboxStatus.FAILED if gives_up else OutboxStatus.PENDING,
            next_attempt_at=clock.now() + retry_delay(attempts),
            last_error=f"{type(error).__name__}: {error}"[:500],
        )
        if updated and not gives_up:
            # Retry on time without waiting for the sweep.
            run_after = clock.now() + retry_delay(attempts)
            transaction.on_commit(lambda: enqueue_delivery(message.pk, run_after))
        if updated and gives_up and message.ticket is not None:
            timeline.record(
                message.ticket,
                EventKind.EMAIL_FAILED,
                after={"email": message.kind, "key": message.key, "attempts": attempts},
                note=f"{type(error).__name__}"[:200],
            )
    logger.warning(
        "e-mail %s not sent (attempt %s): %s",
        message.pk,
        attempts,
        type(error).__name__,
        extra={"ticket": _ref(message)},
    )


def is_permanent(error: Exception) -> bool:
    """A 5xx answer about the sender, the recipients or the data: no retry."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def is_unreachable(error: Exception) -> bool:
    """The server is out of reach (refused, timed out, hung up), not picky."""
    if isinstance(error, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    # SMTPException derives from OSError; only the plain network errors count.
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def retry_delay(attempts: int) -> timedelta:
    """Back-off: 30 s, 1 min, 2 min, ... capped at one hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def release_stale() -> int:
    """Give back messages whose claim ran out (their worker died sending)."""
    return OutboxMessage.objects.filter(
        status=OutboxStatus.SENDING, next_attempt_at__lt=clock.now()
    ).update(status=OutboxStatus.PENDING)


def deliver_due(limit: int = 500) -> int:
    """Send every due message, oldest first; returns how many went out.

    Stops at the first sign that the server is out of reach: the others
    stay pending, untouched, for the next round.
    """
    release_stale()
    due = OutboxMessage.objects.filter(
        status=OutboxStatus.PENDING, next_attempt_at__lte=clock.now()
    ).order_by("next_attempt_at", "pk")
    sent = 0
    for pk in list(due.values_list("pk", flat=True)[:limit]):
        outcome = _deliver(pk)
        if outcome == UNREACHABLE:
            break
        sent += outcome == SENT
    return sent


def _ref(message: OutboxMessage) -> str:
    return message.ticket.reference if message.ticket_id else "-"
