"""The 8.1 checklist and the briefing measures, read from the call as typed."""

import pytest
from django.http import QueryDict

from escalade.desk.console import briefing, checklist
from escalade.desk.console.call import read_call, triage_case
from tests.desk.test_console import call_post

pytestmark = pytest.mark.django_db


def posted(customer, **changes):
    query = QueryDict(mutable=True)
    query.update(call_post(customer, **changes))
    return read_call(query)


def states(call, briefing_fields=None, confirmed=(), reading=None) -> dict[str, str]:
    groups = checklist.evaluate(
        checklist.Draft(
            call=call,
            briefing=briefing_fields,
            escalation={"priority": "normal"},
            reading_minutes=reading,
            missing_from_triage=(),
            confirmed=frozenset(confirmed),
        )
    )
    return {item.key: item.state for group in groups for item in group.items}


def test_items_are_met_by_the_fields_that_show_them(customer):
    call = posted(customer, trigger="", urgency="")

    found = states(call)

    assert found["described"] == checklist.MET
    assert found["environment"] == checklist.MET
    assert found["restart"] == checklist.MET
    assert found["context"] == checklist.MISSING
    assert found["urgency"] == checklist.MISSING
    assert found["cache"] == checklist.MISSING


def test_an_item_the_form_cannot_show_is_confirmed_by_hand(customer):
    call = posted(customer)

    found = states(call, confirmed={"cache", "why"})

    assert found["cache"] == checklist.CONFIRMED
    assert found["why"] == checklist.CONFIRMED
    assert found["delay"] == checklist.MISSING


def test_customer_with_an_email_is_told_the_reference_by_the_confirmation(customer):
    assert states(posted(customer))["reference"] == checklist.MET


@pytest.mark.parametrize(
    "minutes, expected", [(1.9, checklist.MET), (2.4, checklist.MISSING)]
)
def test_two_minutes_item_follows_the_reading_time(customer, minutes, expected):
    assert states(posted(customer), reading=minutes)["two_minutes"] == expected


@pytest.mark.parametrize(
    "words, expected", [(100, checklist.MET), (101, checklist.MISSING)]
)
def test_summary_item_holds_one_hundred_words(customer, words, expected):
    found = states(posted(customer), briefing_fields={"summary": "word " * words})

    assert found["summary"] == expected


def test_briefing_prefill_reuses_what_the_call_says(customer):
    call = posted(customer)

    initial = briefing.prefill(call, decision=None)

    assert initial["summary"].startswith("E-mails arrive twice on PC and phone.")
    assert "Windows update on Sunday" in initial["context"]
    assert initial["environment"] == call.text("devices")
    # The standard checks are written in the agent's language (French here).
    assert initial["checks_done"] == "Redémarrer l'appareil"
    assert "Vider le cache et les cookies" in initial["checks_not_done"]
    assert initial["priority"] == "normal"


def test_reading_time_is_words_over_two_hundred_a_minute():
    assert briefing.reading_minutes("word " * 500) == 2.5


def test_triage_case_carries_the_attempts_and_reproducibility(customer):
    case = triage_case(posted(customer))

    assert [attempt.action for attempt in case.attempts] == ["Redémarrer l'appareil"]
    assert case.reproduced_by_agent is True
    assert case.intermittent is False
    assert "Windows 11" in case.description


def test_summary_does_not_say_since_twice():
    from escalade.desk.console.briefing import _since

    assert _since("depuis lundi") == "Depuis lundi."
    assert _since("Since Monday.") == "Since Monday."
    assert "lundi" in _since("lundi") and _since("lundi") != "lundi."
