"""Every example and cell of the specification, the quiz, and our own cases,
decided by the engine (rules only, no classifier)."""

import pytest
from django.utils import translation

from escalade.triage.rules import RULES
from escalade.triage.services import triage
from tests.triage.cases import ALL_ROWS, OWN_ROWS, SPEC_ROWS, Row


@pytest.mark.parametrize("row", ALL_ROWS, ids=[row.id for row in ALL_ROWS])
def test_case_is_decided_as_the_matrix_says(row: Row):
    decision = triage(row.case, second_opinion=False)

    fired = [reason.rule for reason in decision.reasons]
    assert decision.outcome == row.outcome, fired
    if row.rule:
        assert row.rule in fired
    if row.category:
        assert decision.category == row.category
    if row.priority:
        assert decision.priority == row.priority
    assert set(row.missing) <= set(decision.missing)
    assert not set(row.not_missing) & set(decision.missing)


def test_every_rule_is_exercised_by_the_table():
    exercised = {row.rule for row in ALL_ROWS}
    for row in ALL_ROWS:
        decision = triage(row.case, second_opinion=False)
        exercised.update(reason.rule for reason in decision.reasons)

    assert {rule.id for rule in RULES} - exercised == set()


def test_the_table_holds_sixty_own_cases_in_both_languages():
    assert len(OWN_ROWS) >= 60
    assert sum(row.id.startswith("own.fr.") for row in OWN_ROWS) >= 20
    assert sum(row.id.startswith("own.en.") for row in OWN_ROWS) >= 20
    assert len({row.id for row in ALL_ROWS}) == len(ALL_ROWS)


def test_every_section_of_the_spec_has_rows():
    for section in ("1.n1.", "1.n2.", "1C.", "6.1.", "7.1.", "7.2.", "7.3.", "5.1."):
        assert any(row.id.startswith(section) for row in SPEC_ROWS), section


@pytest.mark.parametrize(
    ("language", "word"), [("fr", "mot de passe"), ("en", "password")]
)
def test_reasons_speak_the_active_language(language, word):
    row = next(row for row in SPEC_ROWS if row.id == "1C.never.password")
    with translation.override(language):
        decision = triage(row.case, second_opinion=False)

    assert word in decision.reasons[0].text.lower()
