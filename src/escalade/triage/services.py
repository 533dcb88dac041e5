"""The triage service: what the N1 console, the API and the command call.

`triage(case)` applies the decision matrix (engine.py reading rules.py) and,
when a trained model file exists, adds the classifier's second opinion
beside it. The second opinion never changes the outcome.
"""

import dataclasses
from typing import Any

from escalade.triage import classifier
from escalade.triage.engine import decide
from escalade.triage.parsing import parse_case
from escalade.triage.types import Decision, TriageCase

__all__ = ["decision_as_dict", "parse_case", "triage"]


def triage(case: TriageCase, *, second_opinion: bool = True) -> Decision:
    """Decide whether to escalate one case, and explain why."""
    decision = decide(case)
    if not second_opinion:
        return decision

    opinion = classifier.second_opinion(case.description)
    if opinion is None:
        return decision
    return dataclasses.replace(decision, second_opinion=opinion)


def decision_as_dict(decision: Decision) -> dict[str, Any]:
    """The JSON shape shared by the API and the command line."""
    opinion = decision.second_opinion
    return {
        "outcome": decision.outcome,
        "priority": decision.priority,
        "category": decision.category,
        "reasons": [
            {"rule": reason.rule, "text": reason.text} for reason in decision.reasons
        ],
        "missing": list(decision.missing),
        "error_codes": list(decision.error_codes),
        "signals": list(decision.signals),
        "second_opinion": None
        if opinion is None
        else {
            "label": opinion.label,
            "confidence": round(opinion.confidence, 3),
            "model_version": opinion.model_version,
        },
    }
