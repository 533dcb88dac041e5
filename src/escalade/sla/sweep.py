"""The periodic sweep: what a lost task would have done, done again.

Every step is idempotent, so the sweep can run as often as wanted, on as
many workers as wanted: SLA clocks of every open ticket, due e-mails of the
outbox (and those whose worker died while sending), due day-3 follow-ups.
"""

import logging

from escalade import clock
from escalade.notifications import services as outbox
from escalade.sla import services as sla
from escalade.tickets import services as tickets
from escalade.tickets.choices import Status
from escalade.tickets.models import FollowUp

logger = logging.getLogger(__name__)


def run_sweep() -> dict:
    """Run each step; one failing step does not stop the others."""
    figures = {}
    for name, step in (
        ("sla_alarms", sla.sweep_clocks),
        ("follow_ups", send_due_follow_ups),
        ("emails_sent", outbox.deliver_due),
    ):
        try:
            figures[name] = step()
        except Exception:
            logger.exception("sweep step %s failed", name)
            figures[name] = None
    return figures


def send_due_follow_ups() -> int:
    due = FollowUp.objects.filter(
        due_at__lte=clock.now(),
        sent_at__isnull=True,
        answered_at__isnull=True,
        ticket__status=Status.RESOLVED,
    )
    return sum(tickets.send_follow_up(follow_up) for follow_up in due)
