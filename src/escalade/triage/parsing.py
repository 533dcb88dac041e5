"""Turning outside JSON (API body, command-line line) into a TriageCase.

Every problem is reported under the name of the field it concerns, so the
API can answer 400 with field errors and the command can say which field
of which line is wrong.
"""

from typing import Any

from django.utils.translation import gettext as _

from escalade.tickets.choices import AttemptOutcome, Category
from escalade.tickets.exceptions import InvalidInput
from escalade.triage.types import Attempt, TriageCase

MAX_DESCRIPTION = 20_000
MAX_ATTEMPTS = 50
BOOLEAN_FIELDS = (
    "customer_requests_expert",
    "security_concern",
    "business_impact",
    "needed_today",
)
OPTIONAL_BOOLEAN_FIELDS = ("reproduced_by_agent", "intermittent")
KNOWN_FIELDS = frozenset(
    {
        "description",
        "category",
        "attempts",
        "minutes_spent",
        "times_asked",
        *BOOLEAN_FIELDS,
        *OPTIONAL_BOOLEAN_FIELDS,
    }
)


def parse_case(data: Any) -> TriageCase:
    """Validate one JSON object; raise InvalidInput with errors by field."""
    if not isinstance(data, dict):
        raise InvalidInput(_("A case must be a JSON object."), field="__all__")

    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}

    def fail(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    for name in sorted(set(data) - KNOWN_FIELDS):
        fail(name, _("Unknown field."))

    description = data.get("description")
    if not isinstance(description, str) or not description.strip():
        fail("description", _("Describe the problem (a non-empty text)."))
    elif len(description) > MAX_DESCRIPTION:
        fail("description", _("The description is too long."))
    else:
        values["description"] = description.strip()

    category = data.get("category", "")
    if category is None or category == "":
        values["category"] = ""
    elif category not in Category.values:
        fail(
            "category",
            _("Unknown category; use one of: %(values)s.")
            % {"values": ", ".join(Category.values)},
        )
    else:
        values["category"] = category

    attempts = _parse_attempts(data.get("attempts", []), fail)
    if attempts is not None:
        values["attempts"] = attempts

    for name, minimum in (("minutes_spent", 0), ("times_asked", 1)):
        if data.get(name) is None:
            continue
        number = data[name]
        if isinstance(number, bool) or not isinstance(number, int):
            fail(name, _("Give a whole number."))
        elif number < minimum:
            fail(
                name, _("Give a number of at least %(minimum)s.") % {"minimum": minimum}
            )
        else:
            values[name] = number

    for name in BOOLEAN_FIELDS + OPTIONAL_BOOLEAN_FIELDS:
        value = data.get(name)
        if value is None:
            continue
        if not isinstance(value, bool):
            fail(name, _("Give true or false."))
        else:
            values[name] = value

    if errors:
        raise InvalidInput(errors=errors)
    return TriageCase(**values)


def _parse_attempts(raw: Any, fail) -> tuple[Attempt, ...] | None:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        fail("attempts", _("Give a list of {action, outcome}."))
        return None
    if len(raw) > MAX_ATTEMPTS:
        fail("attempts", _("Too many attempts."))
        return None

    attempts = []
    for index, item in enumerate(raw):
        name = f"attempts[{index}]"
        if not isinstance(item, dict):
            fail(name, _("Give an object {action, outcome}."))
            continue
        action = item.get("action")
        outcome = item.get("outcome")
        if not isinstance(action, str) or not action.strip():
            fail(f"{name}.action", _("Say what was tried."))
        if outcome not in AttemptOutcome.values:
            fail(f"{name}.outcome", _("Use succeeded or failed."))
        if (
            isinstance(action, str)
            and action.strip()
            and outcome in AttemptOutcome.values
        ):
            attempts.append(Attempt(action=action.strip(), outcome=outcome))
    return tuple(attempts)
