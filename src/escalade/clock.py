"""The desk's clock: ``timezone.now()``, unless a block of code travels in time.

Loading a story that happened (the demo, an import replaying history) runs
the real service functions at the moments things happened, so every row and
timeline event carries its true time.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.utils import timezone

_frozen: ContextVar[datetime | None] = ContextVar("escalade_frozen_now", default=None)


def now() -> datetime:
    return _frozen.get() or timezone.now()


@contextmanager
def travel_to(moment: datetime):
    """Run the block as if it were ``moment`` (an aware datetime)."""
    if timezone.is_naive(moment):
        raise ValueError("travel_to needs an aware datetime")
    token = _frozen.set(moment)
    try:
        yield moment
    finally:
        _frozen.reset(token)
