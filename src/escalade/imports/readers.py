"""Streaming readers: rows of CSV (plain or in a zip), JSON and XLSX files.

Each reader yields ``(line, row)`` one at a time, ``line`` being where the
row is in the file (the CSV line, the JSON record's position, the sheet row),
so memory does not grow with the file and the report can point at the row.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from escalade.imports.records import RowError

Row = dict[str, Any]

# Excel and some exports allow very long cells; the csv module's default
# limit (128 kB) would stop the import on one of them.
csv.field_size_limit(16 * 1024 * 1024)


class UnreadableFile(Exception):
    """The file itself cannot be read as its format says (not one bad row)."""


def read_csv(
    path: Path, *, delimiter: str = ",", encoding: str = "utf-8-sig"
) -> Iterator[tuple[int, Row]]:
    """Rows of a CSV file, or of the CSV file inside a zip archive."""
    try:
        with _open_text(path, encoding) as text:
            reader = csv.DictReader(text, delimiter=delimiter)
            for row in reader:
                yield reader.line_num, row
    except UnicodeDecodeError:
        raise UnreadableFile(f"is not {encoding} text") from None
    except (csv.Error, zipfile.BadZipFile) as error:
        raise UnreadableFile(f"is not a readable CSV file ({error})") from None


@contextmanager
def _open_text(path: Path, encoding: str):
    if path.suffix.lower() != ".zip":
        with open(path, encoding=encoding, newline="") as text:
            yield text
        return
    # The member is decompressed as it is read, never extracted whole.
    with zipfile.ZipFile(path) as archive:
        members = [n for n in archive.namelist() if n.lower().endswith(".csv")]
        if len(members) != 1:
            raise UnreadableFile("should hold exactly one CSV file")
        with archive.open(members[0]) as raw:
            yield io.TextIOWrapper(raw, encoding=encoding, newline="")


def read_json(path: Path, *, records_path: str = "item") -> Iterator[tuple[int, Row]]:
    """Objects of a JSON array (or of the array at ``records_path``), streamed."""
    import ijson

    try:
        with open(path, "rb") as stream:
            records = ijson.items(stream, records_path, use_float=True)
            yield from enumerate(records, start=1)
    except ijson.JSONError as error:
        # The parser's message runs over several lines; its first says what.
        problem = str(error).strip().splitlines()[0].rstrip(".")
        raise UnreadableFile(f"is not valid JSON ({problem})") from None


def read_xlsx(path: Path, *, sheet: str | None = None) -> Iterator[tuple[int, Row]]:
    """Rows of a sheet (the first by default); its first row names the columns."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile) as error:
        raise UnreadableFile(f"is not a readable XLSX workbook ({error})") from None
    try:
        if sheet and sheet not in workbook.sheetnames:
            raise UnreadableFile(f"has no sheet named {sheet!r}")
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        rows = worksheet.iter_rows(values_only=True)
        first = next(rows, None)
        if first is None:
            return
        header = [str(cell).strip() if cell is not None else "" for cell in first]
        for number, values in enumerate(rows, start=2):
            if all(value is None for value in values):
                continue
            yield number, dict(zip(header, values, strict=False))
    finally:
        workbook.close()


# -- values -----------------------------------------------------------------


def text(value: Any, empty: frozenset[str] = frozenset({""})) -> str:
    """A cell as stripped text, "" for the source's empty markers."""
    if value is None:
        return ""
    value = str(value).strip()
    return "" if value in empty else value


def parse_time(value: Any, zone: ZoneInfo, fmt: str | None = None) -> datetime | None:
    """A date and time; naive values are local times of ``zone``."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = (
                datetime.strptime(value, fmt) if fmt else datetime.fromisoformat(value)
            )
        except ValueError:
            raise RowError(f"“{value}” is not a date and time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment


def parse_dmy_time(value: str, zone: ZoneInfo) -> datetime | None:
    """The UCI log's ``d/m/yyyy H:MM``, parsed by hand: strptime is the slowest
    step of a 100,000-row import."""
    if not value or value == "?":
        return None
    try:
        day_part, _sep, time_part = value.partition(" ")
        day, month, year = day_part.split("/")
        hour, minute = time_part.split(":")[:2]
        return datetime(
            int(year), int(month), int(day), int(hour), int(minute), tzinfo=zone
        )
    except ValueError:
        raise RowError(f"“{value}” is not a d/m/yyyy H:MM date") from None
