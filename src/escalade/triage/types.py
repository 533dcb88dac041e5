"""The payloads that cross the triage layer: a case in, a decision out.

The N1 console, the API (`POST /api/triage`), the command line
(`escalade triage`) and the classifier all speak these two types.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Attempt:
    action: str
    outcome: str  # "succeeded" or "failed"


@dataclass(frozen=True)
class TriageCase:
    description: str
    category: str = ""  # a tickets.choices.Category value, or "" to infer it
    attempts: tuple[Attempt, ...] = ()
    minutes_spent: int | None = None
    reproduced_by_agent: bool | None = None
    intermittent: bool | None = None
    customer_requests_expert: bool = False
    times_asked: int = 1
    security_concern: bool = False
    business_impact: bool = False
    needed_today: bool = False


@dataclass(frozen=True)
class Reason:
    rule: str  # the rule's id, e.g. "always.system_error"
    text: str  # its explanation, in the active language


@dataclass(frozen=True)
class SecondOpinion:
    """The classifier's guess, shown beside the rules, never instead."""

    label: str  # "escalate" or "handle_at_n1"
    confidence: float  # probability of that label, 0 to 1
    model_version: str


@dataclass(frozen=True)
class Decision:
    outcome: str  # "handle_at_n1", "escalate" or "borderline"
    priority: str  # "urgent", "normal" or "low"
    category: str
    reasons: tuple[Reason, ...] = ()
    missing: tuple[str, ...] = ()
    # Everything the text revealed: error codes, signals; for display.
    error_codes: tuple[str, ...] = ()
    signals: tuple[str, ...] = field(default_factory=tuple)
    second_opinion: SecondOpinion | None = None
