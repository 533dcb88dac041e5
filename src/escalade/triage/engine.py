"""The triage engine: applies the rules of rules.py to one case.

The engine decides the order in which rules are consulted; what each rule
means, and every sentence shown to the agent, comes from rules.py. It is
pure: no database, no clock, so it runs thousands of times a second.

Order of consultation:
1. Security: escalate at once, urgent, nothing else needed.
2. An attempt that succeeded: solved at N1.
3. A server error code, or a complex category: escalate.
4. A firm level-1 subject (password, FAQ, out of scope, customer error):
   handle at N1, whatever else is said.
5. The yellow list (three failed attempts, over 15 minutes, intermittent
   and not reproduced...): escalate.
6. Try-at-N1-first cases (after a restart, old client, sporadic error,
   asked a third time): escalate when N1's attempt failed, handle at N1
   when N1 reproduced the sporadic error, borderline until N1 tried.
7. A soft level-1 subject (simple e-mail, portal login): handle at N1.
8. Anything else: borderline until N1 tried, escalate when it failed.
Then the suggested priority, and what is missing before sending.
"""

from dataclasses import dataclass, field

from escalade.tickets.choices import AttemptOutcome, Category
from escalade.triage import rules
from escalade.triage.rules import CATEGORY_RULES, RULES_BY_ID, Effect
from escalade.triage.text import Reading, read
from escalade.triage.types import Decision, Reason, TriageCase

HANDLE = "handle_at_n1"
ESCALATE = "escalate"
BORDERLINE = "borderline"

# Concepts of the text reported as signals, under the names the API shows.
SIGNAL_CONCEPTS = {
    "intermittent": "intermittent",
    "after_update": "after_update",
    "after_restart": "after_restart",
    "old_client": "old_client",
    "asked_again": "asked_again",
    "many_users": "many_users_affected",
    "urgent": "urgent",
    "business_stopped": "business_stopped",
    "expert_request": "expert_requested",
}


@dataclass
class Facts:
    """The case's facts, merged from the agent's answers and the text."""

    category: str
    is_explicit_category: bool
    reading: Reading
    failed: int
    succeeded: bool
    has_attempts: bool
    minutes_spent: int | None
    reproduced: bool | None
    intermittent: bool
    expert_requested: bool
    times_asked: int
    security: bool
    business_impact: bool
    needed_today: bool

    @classmethod
    def of(cls, case: TriageCase) -> "Facts":
        reading = read(case.description)
        explicit = bool(case.category)
        category = case.category or reading.category
        if not explicit and category == Category.OTHER and reading.system_codes:
            category = Category.SYSTEM_ERROR

        # The agent's own answer wins over what the text suggests.
        if case.intermittent is None:
            intermittent = reading.has("intermittent")
        else:
            intermittent = case.intermittent
        return cls(
            category=category,
            is_explicit_category=explicit,
            reading=reading,
            failed=sum(a.outcome == AttemptOutcome.FAILED for a in case.attempts),
            succeeded=any(a.outcome == AttemptOutcome.SUCCEEDED for a in case.attempts),
            has_attempts=bool(case.attempts),
            minutes_spent=case.minutes_spent,
            reproduced=case.reproduced_by_agent,
            intermittent=intermittent,
            expert_requested=case.customer_requests_expert
            or reading.has("expert_request"),
            times_asked=max(case.times_asked, reading.times_asked),
            security=case.security_concern
            or category == Category.SECURITY
            or reading.has("security"),
            business_impact=case.business_impact or reading.has("business_stopped"),
            needed_today=case.needed_today
            or reading.has("today")
            or reading.has("urgent"),
        )

    def has(self, concept: str) -> bool:
        return self.reading.has(concept)


@dataclass
class _Verdict:
    outcome: str
    fired: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def decide(case: TriageCase) -> Decision:
    """Apply the matrix to one case (see the module's order)."""
    facts = Facts.of(case)
    verdict = _outcome(facts)
    priority_rule = _priority_rule(facts)

    reasons = tuple(
        Reason(rule=rule_id, text=RULES_BY_ID[rule_id].explanation())
        for rule_id in [*verdict.fired, priority_rule]
    )
    category = facts.category
    if category == Category.OTHER and facts.security:
        category = Category.SECURITY
    return Decision(
        outcome=verdict.outcome,
        priority=RULES_BY_ID[priority_rule].priority,
        category=str(category),
        reasons=reasons,
        missing=tuple(dict.fromkeys(verdict.missing)),
        error_codes=facts.reading.error_codes,
        signals=_signals(facts),
    )


def _outcome(facts: Facts) -> _Verdict:
    if facts.security:
        return _Verdict(ESCALATE, ["always.security"])

    if facts.succeeded:
        return _Verdict(HANDLE, ["never.solved_at_n1"])

    complex_rule = _complex_rule(facts)
    if complex_rule:
        fired = [complex_rule, *_escalate_if(facts, level_one=False)]
        return _Verdict(ESCALATE, fired, _missing_to_escalate(facts))

    firm_rule = _firm_level_one_rule(facts)
    if firm_rule:
        return _Verdict(HANDLE, [firm_rule])

    category_rule = CATEGORY_RULES.get(facts.category)
    level_one = category_rule is not None and category_rule.effect == Effect.NEVER
    triggers = _escalate_if(facts, level_one=level_one)
    if triggers:
        return _Verdict(ESCALATE, triggers, _missing_to_escalate(facts))

    tried_first = _try_first(facts)
    if tried_first:
        return tried_first

    diagnose = _needs_diagnosis(facts)
    if level_one:
        fired = [category_rule.id, *(["borderline.diagnose_first"] if diagnose else [])]
        return _Verdict(HANDLE, fired, ["diagnosis"] if diagnose else [])

    if facts.failed:
        return _Verdict(ESCALATE, ["if.undocumented"], _missing_to_escalate(facts))
    fired = ["borderline.undocumented"]
    missing = ["attempts"]
    if diagnose:
        fired.append("borderline.diagnose_first")
        missing.insert(0, "diagnosis")
    return _Verdict(BORDERLINE, fired, missing)


def _complex_rule(facts: Facts) -> str:
    """The always-escalate rule for a server error code or complex category."""
    if facts.reading.system_codes and facts.category not in (
        Category.DATABASE,
        Category.CRYPTIC_LOGS,
    ):
        return "always.system_error"
    rule = CATEGORY_RULES.get(facts.category)
    if rule is not None and rule.effect == Effect.ALWAYS:
        return rule.id
    return ""


def _firm_level_one_rule(facts: Facts) -> str:
    if facts.has("customer_error") and facts.category in (
        Category.PASSWORD,
        Category.PORTAL_LOGIN,
        Category.SIMPLE_EMAIL,
        Category.OTHER,
    ):
        return "never.customer_error"
    rule = CATEGORY_RULES.get(facts.category)
    if rule is not None and rule.effect == Effect.NEVER and rule.is_firm:
        return rule.id
    return ""


def _escalate_if(facts: Facts, level_one: bool) -> list[str]:
    """The yellow-list rules that hold. On a level-1 subject, only those
    that show the problem is bigger than it looked count."""
    fired = []
    if facts.failed >= rules.FAILED_ATTEMPTS_TO_ESCALATE:
        fired.append("if.failed_attempts")
    if (
        facts.minutes_spent is not None
        and facts.minutes_spent > rules.MINUTES_WITHOUT_PROGRESS
    ):
        fired.append("if.stuck")
    if facts.intermittent and facts.reproduced is False:
        fired.append("if.intermittent")
    if facts.has("many_users"):
        fired.append("if.many_users")
    if level_one:
        return fired

    if not facts.intermittent and facts.reproduced is False and facts.failed:
        fired.append("if.not_reproduced")
    if facts.expert_requested:
        fired.append("if.expert_requested")
    return fired


def _try_first(facts: Facts) -> _Verdict | None:
    """The medium cases: N1 tries, then escalates if that fails."""
    fired = []
    if facts.has("after_restart"):
        fired.append("try.after_restart")
    if facts.has("old_client"):
        fired.append("try.old_client")
    if facts.times_asked >= rules.TIMES_ASKED_BORDERLINE:
        fired.append("borderline.asked_again")
    if facts.intermittent and facts.reproduced is True and not fired:
        return _Verdict(HANDLE, ["try.sporadic_error"])
    if facts.intermittent and facts.reproduced is None:
        fired.append("borderline.intermittent")
    if not fired:
        return None

    if facts.failed:
        return _Verdict(ESCALATE, fired, _missing_to_escalate(facts))
    missing = ["attempts"]
    if facts.intermittent and facts.reproduced is None:
        missing.append("reproduction")
    return _Verdict(BORDERLINE, fired, missing)


def _needs_diagnosis(facts: Facts) -> bool:
    """Urgent words or a vague 'nothing works', and nothing tried yet."""
    if facts.has_attempts:
        return False
    return facts.needed_today or facts.has("total_failure")


def _missing_to_escalate(facts: Facts) -> list[str]:
    missing = []
    if not facts.has_attempts:
        missing.append("attempts")
    if not facts.has("environment"):
        missing.append("environment")
    if facts.reproduced is None:
        missing.append("reproduction")
    return missing


def _priority_rule(facts: Facts) -> str:
    if facts.security:
        return "priority.security"
    if facts.business_impact and facts.needed_today:
        return "priority.business_today"
    if facts.category in rules.CAN_WAIT_CATEGORIES:
        return "priority.can_wait"
    return "priority.normal"


def _signals(facts: Facts) -> tuple[str, ...]:
    found = [
        name for concept, name in SIGNAL_CONCEPTS.items() if facts.reading.has(concept)
    ]
    if facts.intermittent and "intermittent" not in found:
        found.append("intermittent")
    if facts.times_asked >= rules.TIMES_ASKED_BORDERLINE and "asked_again" not in found:
        found.append("asked_again")
    return tuple(found)
