"""``escalade triage [FILE]``: decide on cases given as JSON.

``escalade triage --from-db [--source S] [--overwrite]`` instead stores a
suggestion on the imported tickets that have text.

Reads one JSON object, or JSON lines (one object a line), from FILE or
standard input, and prints one JSON decision a line. Input is checked in
full before anything is printed: on a bad case the command names the line
and the field on standard error, prints nothing on standard output and
exits with status 2.
"""

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from escalade.imports.triage import fill_triage
from escalade.tickets.exceptions import InvalidInput
from escalade.triage.services import decision_as_dict, parse_case, triage
from escalade.triage.types import TriageCase

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Triage cases given as JSON (one object, or JSON lines) from FILE or stdin."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "file", nargs="?", help="a JSON or JSON-lines file; stdin when absent"
        )
        parser.add_argument(
            "--from-db",
            action="store_true",
            help="fill a suggestion on imported tickets that have text",
        )
        parser.add_argument("--source", help="with --from-db: only this import format")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="with --from-db: replace suggestions already stored",
        )
        parser.add_argument(
            "--no-second-opinion",
            action="store_true",
            help="leave out the classifier's opinion",
        )

    def handle(self, *args, file: str | None = None, **options) -> None:
        if options["from_db"]:
            self._fill_from_db(options["source"], options["overwrite"])
            return

        text = _read_input(file)
        cases = _parse_all(text)

        for case in cases:
            decision = triage(case, second_opinion=not options["no_second_opinion"])
            self.stdout.write(
                json.dumps(decision_as_dict(decision), ensure_ascii=False)
            )

    def _fill_from_db(self, source: str | None, overwrite: bool) -> None:
        # The rules alone: the classifier's opinion is not stored on tickets.
        filled = fill_triage(
            lambda case: triage(case, second_opinion=False),
            source=source,
            overwrite=overwrite,
        )
        self.stdout.write(f"{filled} tickets given a triage suggestion.")


def _read_input(file: str | None) -> str:
    if file is None or file == "-":
        return sys.stdin.read()
    try:
        with open(file, encoding="utf-8") as handle:
            return handle.read()
    except OSError as error:
        raise CommandError(
            f"cannot read {file}: {error.strerror}", returncode=BAD_INPUT
        ) from None
    except UnicodeDecodeError:
        raise CommandError(f"{file} is not UTF-8 text", returncode=BAD_INPUT) from None


def _parse_all(text: str) -> list[TriageCase]:
    """Every case of the input, or CommandError naming the line and field."""
    documents = _documents(text)
    if not documents:
        raise CommandError(
            "no case given: expected a JSON object", returncode=BAD_INPUT
        )

    cases = []
    problems = []
    for line_number, data in documents:
        try:
            cases.append(parse_case(data))
        except InvalidInput as error:
            for field, messages in error.errors.items():
                for message in messages:
                    problems.append(f"line {line_number}: {field}: {message}")
    if problems:
        raise CommandError("\n".join(problems), returncode=BAD_INPUT)
    return cases


def _documents(text: str) -> list[tuple[int, Any]]:
    """(line number, parsed JSON) pairs: the whole text as one object when
    it is one (pretty-printed JSON), else one object per non-blank line."""
    stripped = text.strip()
    if not stripped:
        return []
    try:
        whole = json.loads(stripped)
    except json.JSONDecodeError:
        whole = None
    else:
        if isinstance(whole, dict):
            return [(1, whole)]

    documents = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            documents.append((number, json.loads(line)))
        except json.JSONDecodeError as error:
            raise CommandError(
                f"line {number}: not valid JSON ({error.msg})", returncode=BAD_INPUT
            ) from None
    return documents
