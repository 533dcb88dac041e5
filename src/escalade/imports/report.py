"""The report of rejected rows: one CSV line per row, with its line and reason."""

import csv
import json
from pathlib import Path
from typing import Any


class RejectReport:
    """Opened on the first rejected row, so a clean import leaves no file."""

    COLUMNS = ["line", "ticket", "reason", "row"]

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._file = None
        self._writer = None

    def add(self, line: int, ticket: str, reason: str, row: Any) -> None:
        if self._writer is None:
            self._file = open(self.path, "w", encoding="utf-8", newline="")
            self._writer = csv.writer(self._file)
            self._writer.writerow(self.COLUMNS)
        raw = json.dumps(row, ensure_ascii=False, default=str)
        self._writer.writerow([line, ticket, reason, raw])
        self.count += 1

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
