import pytest

from escalade.tickets.exceptions import InvalidInput
from escalade.triage.parsing import parse_case
from escalade.triage.types import Attempt


def test_a_full_case_is_parsed():
    case = parse_case(
        {
            "description": "  Mails en double  ",
            "category": "sync",
            "attempts": [{"action": "redémarrage", "outcome": "failed"}],
            "minutes_spent": 8,
            "reproduced_by_agent": True,
            "intermittent": False,
            "customer_requests_expert": False,
            "times_asked": 2,
            "security_concern": False,
            "business_impact": True,
            "needed_today": False,
        }
    )

    assert case.description == "Mails en double"
    assert case.attempts == (Attempt("redémarrage", "failed"),)
    assert case.reproduced_by_agent is True
    assert case.times_asked == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "description"),
        ({"description": "   "}, "description"),
        ({"description": 3}, "description"),
        ({"description": "x", "category": "nonsense"}, "category"),
        ({"description": "x", "attempts": "restart"}, "attempts"),
        (
            {"description": "x", "attempts": [{"action": "a", "outcome": "ok"}]},
            "attempts[0].outcome",
        ),
        (
            {"description": "x", "attempts": [{"outcome": "failed"}]},
            "attempts[0].action",
        ),
        ({"description": "x", "minutes_spent": -1}, "minutes_spent"),
        ({"description": "x", "minutes_spent": "ten"}, "minutes_spent"),
        ({"description": "x", "times_asked": 0}, "times_asked"),
        ({"description": "x", "needed_today": "yes"}, "needed_today"),
        ({"description": "x", "intermittent": 1}, "intermittent"),
        ({"description": "x", "colour": "blue"}, "colour"),
    ],
)
def test_bad_input_names_the_field(data, field):
    with pytest.raises(InvalidInput) as raised:
        parse_case(data)

    assert field in raised.value.errors


def test_a_list_is_not_a_case():
    with pytest.raises(InvalidInput) as raised:
        parse_case([{"description": "x"}])

    assert "__all__" in raised.value.errors
