"""The Volvo IT problem log of the BPI Challenge 2013 (4TU.ResearchData).

Problems reach the log at the 2nd line: a case starts with an escalation
from N1 to N2 at its first event. A move to a "3rd" line organisation is an
escalation to N3; a move back to a "2nd" line one, a handover back to N2.
"""

from escalade.accounts.models import Tier
from escalade.imports.formats import CsvFormat
from escalade.imports.readers import Row, parse_time, text
from escalade.imports.records import Phase, RowError, TicketFields, Update
from escalade.tickets.choices import Priority

# (concept:name, lifecycle:transition) -> phase.
PHASES = {
    ("Queued", "Awaiting Assignment"): Phase.NEW,
    ("Accepted", "In Progress"): Phase.ACTIVE,
    ("Accepted", "Assigned"): Phase.ACTIVE,
    # The log does not say on whom a problem waits; the pause is the same.
    ("Accepted", "Wait"): Phase.WAITING_CUSTOMER,
    ("Completed", "Closed"): Phase.CLOSED,
    ("Completed", "Cancelled"): Phase.CLOSED,
}
PRIORITIES = {
    "Major": Priority.URGENT,
    "High": Priority.URGENT,
    "Medium": Priority.NORMAL,
    "Low": Priority.LOW,
}
LINE_TIERS = {"2nd": Tier.N2, "3rd": Tier.N3}


class Bpi2013Problems(CsvFormat):
    name = "bpi2013-problems"
    source = "bpi2013"

    def key(self, line: int, row: Row) -> str:
        case = text(row.get("case:concept:name"))
        if not case:
            raise RowError("no case:concept:name")
        return case

    def updates(self, line: int, row: Row) -> list[Update]:
        status = text(row.get("concept:name"))
        transition = text(row.get("lifecycle:transition"))
        phase = PHASES.get((status, transition))
        if phase is None:
            raise RowError(f"event “{status}/{transition}” has no ticket state")
        at = parse_time(text(row.get("time:timestamp")), self.zone)
        if at is None:
            raise RowError("no time:timestamp")
        impact = text(row.get("impact"))
        if impact not in PRIORITIES:
            raise RowError(f"unknown impact “{impact}”")
        organisation = text(row.get("organization involved"))
        case = self.key(line, row)
        product = text(row.get("product"))
        return [
            Update(
                line=line,
                at=at,
                phase=phase,
                group=organisation,
                tier=LINE_TIERS.get(organisation.rsplit(" ", 1)[-1], ""),
                fields=TicketFields(
                    source_id=case,
                    title=f"Problem {case} · {product}" if product else case,
                    priority=PRIORITIES[impact],
                    extra={
                        "impact": impact,
                        "product": product,
                        "org_group": text(row.get("org:group")),
                    },
                ),
            )
        ]
