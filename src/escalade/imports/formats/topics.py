"""IT helpdesk texts with a topic group (Kaggle "IT Service Ticket
Classification", CC0, from an anonymised Endava export).

A row is a ticket's text and its topic group, nothing else: no identifier
(the line number stands for one, so re-importing the same file creates no
duplicates), no times (the ticket is dated when it is imported), no status
(it is imported as new, at N1), no customer.
"""

from escalade import clock
from escalade.imports.formats import CsvFormat
from escalade.imports.readers import Row, text
from escalade.imports.records import Phase, RowError, TicketFields, Update

TITLE_WORDS = 12


class TopicGroupTickets(CsvFormat):
    name = "it-topic-groups"
    source = "it-topic-groups"

    def __init__(self, timezone: str | None = None) -> None:
        super().__init__(timezone)
        self.imported_at = clock.now()

    def key(self, line: int, row: Row) -> str:
        return f"line-{line}"

    def updates(self, line: int, row: Row) -> list[Update]:
        document = text(row.get("Document"))
        if not document:
            raise RowError("empty Document")
        title = " ".join(document.split()[:TITLE_WORDS])[:200]
        fields = TicketFields(
            source_id=self.key(line, row),
            title=title,
            description=document,
            opened_at=self.imported_at,
            extra={"topic_group": text(row.get("Topic_group"))},
        )
        return [Update(line, self.imported_at, Phase.NEW, fields=fields)]
