"""Unique, never reused references: TK-00789, CLT-00245, TK-00789-TECH-001."""

from django.db import IntegrityError, transaction
from django.db.models import F

from escalade.tickets.models import ReferenceCounter

TICKET_PREFIX = "TK"
CUSTOMER_PREFIX = "CLT"


def next_number(name: str) -> int:
    """Take the next number of a counter, safely under concurrent callers.

    The increment is a single UPDATE, which holds the row's lock until the
    caller's transaction ends; a rolled-back creation gives its number back
    only because nothing else could have seen it.
    """
    _ensure_counter(name)
    with transaction.atomic():
        ReferenceCounter.objects.filter(name=name).update(value=F("value") + 1)
        return ReferenceCounter.objects.get(name=name).value


def reserve_block(name: str, count: int) -> range:
    """Take ``count`` consecutive numbers at once (used by bulk imports).

    Same locking as ``next_number``: one UPDATE moves the counter past the
    whole block, so concurrent creations never get a number of the block.
    """
    _ensure_counter(name)
    with transaction.atomic():
        ReferenceCounter.objects.filter(name=name).update(value=F("value") + count)
        last = ReferenceCounter.objects.get(name=name).value
    return range(last - count + 1, last + 1)


def reserve_up_to(name: str, number: int) -> None:
    """Make sure later numbers come after ``number`` (used for demo and import)."""
    _ensure_counter(name)
    ReferenceCounter.objects.filter(name=name, value__lt=number).update(value=number)


def _ensure_counter(name: str) -> None:
    if ReferenceCounter.objects.filter(name=name).exists():
        return
    try:
        with transaction.atomic():
            ReferenceCounter.objects.create(name=name, value=0)
    except IntegrityError:
        pass  # created meanwhile by another process


def format_reference(prefix: str, number: int) -> str:
    return f"{prefix}-{number:05d}"


def next_ticket_reference() -> str:
    return format_reference(TICKET_PREFIX, next_number(TICKET_PREFIX))


def next_customer_reference() -> str:
    return format_reference(CUSTOMER_PREFIX, next_number(CUSTOMER_PREFIX))


def escalation_reference(ticket_reference: str, number: int) -> str:
    return f"{ticket_reference}-TECH-{number:03d}"


def parse_number(reference: str) -> int | None:
    """The number in TK-00789 or CLT-00245, or None if it is not one."""
    prefix, _sep, digits = reference.partition("-")
    if not digits.isdigit():
        return None
    return int(digits)
