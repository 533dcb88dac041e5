import logging


class TicketFilter(logging.Filter):
    """Give every log line a ``ticket`` field, '-' when it concerns none."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "ticket"):
            record.ticket = "-"
        return True
