"""Fill triage suggestions on imported tickets that have text.

The triage engine lives in the triage package; this takes any callable from
a ``TriageCase`` to a ``Decision`` (the engine's entry point), so the
``escalade triage --from-db`` command wires the two together:

    from escalade.imports.triage import fill_triage
    count = fill_triage(engine.decide)
"""

from collections.abc import Callable

from django.db import transaction

from escalade.tickets.choices import Category
from escalade.tickets.models import Ticket
from escalade.triage.types import Decision, TriageCase

CHUNK = 500


def fill_triage(
    decide: Callable[[TriageCase], Decision],
    *,
    source: str | None = None,
    overwrite: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Store a suggestion on every imported ticket with a description.

    Tickets that already have one are left alone unless ``overwrite``.
    Returns the number of tickets filled. Writes in chunks, one transaction
    each, so a long run can be stopped without losing what is done.
    """
    tickets = Ticket.objects.exclude(source="").exclude(description="")
    if source:
        tickets = tickets.filter(source=source)
    if not overwrite:
        tickets = tickets.filter(triage_outcome="")
    # The ids first: the loop writes to the rows the query selects.
    pks = list(tickets.order_by("pk").values_list("pk", flat=True))
    filled = 0
    for start in range(0, len(pks), CHUNK):
        chunk = list(
            Ticket.objects.filter(pk__in=pks[start : start + CHUNK]).only(
                "pk", "description", "category"
            )
        )
        for ticket in chunk:
            decision = decide(_case(ticket))
            ticket.triage_outcome = decision.outcome
            ticket.triage_priority = decision.priority
            ticket.triage_reasons = [
                {"rule": reason.rule, "text": reason.text}
                for reason in decision.reasons
            ]
        filled += _save(chunk)
        if progress:
            progress(filled)
    return filled


def _case(ticket: Ticket) -> TriageCase:
    category = "" if ticket.category == Category.OTHER else ticket.category
    return TriageCase(description=ticket.description, category=category)


@transaction.atomic
def _save(chunk: list[Ticket]) -> int:
    Ticket.objects.bulk_update(
        chunk, ["triage_outcome", "triage_priority", "triage_reasons"]
    )
    return len(chunk)
