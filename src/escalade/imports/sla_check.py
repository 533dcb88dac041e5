"""How far the desk's SLA verdict agrees with the one the source recorded.

The desk's verdict on an imported ticket: resolved by its resolution due
time (``Ticket.resolution_due_at``, from the priority's targets). The
source's verdict is kept on the ticket's import event (UCI ``made_sla``,
GLPI ``sla_breached``). Only resolved tickets are compared.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import F, Q

from escalade.tickets.models import TimelineEvent
from escalade.tickets.timeline import EventKind


@dataclass
class SlaAgreement:
    source: str
    compared: int = 0
    both_met: int = 0
    both_missed: int = 0
    only_desk_met: int = 0
    only_source_met: int = 0
    by_priority: dict[str, Counter] = field(default_factory=dict)

    @property
    def agreeing(self) -> int:
        return self.both_met + self.both_missed

    @property
    def rate(self) -> float:
        return self.agreeing / self.compared if self.compared else 0.0


def sla_agreement(source: str) -> SlaAgreement:
    result = SlaAgreement(source=source)
    rows = (
        TimelineEvent.objects.filter(
            kind=EventKind.IMPORTED,
            ticket__source=source,
            ticket__resolved_at__isnull=False,
            ticket__resolution_due_at__isnull=False,
        )
        .filter(Q(after__has_key="source_sla_met"))
        .annotate(
            resolved_at=F("ticket__resolved_at"),
            due_at=F("ticket__resolution_due_at"),
            priority=F("ticket__priority"),
        )
        .values_list("resolved_at", "due_at", "priority", "after")
    )
    for resolved_at, due_at, priority, after in rows.iterator(chunk_size=5000):
        desk_met = resolved_at <= due_at
        source_met = bool(after["source_sla_met"])
        result.compared += 1
        counts = result.by_priority.setdefault(priority, Counter())
        counts["compared"] += 1
        counts["agreeing"] += desk_met == source_met
        if desk_met and source_met:
            result.both_met += 1
        elif not desk_met and not source_met:
            result.both_missed += 1
        elif desk_met:
            result.only_desk_met += 1
        else:
            result.only_source_met += 1
    return result
