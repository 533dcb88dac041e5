"""Reads for the training pages; each runs a fixed number of queries."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Max, Q

from escalade.training.models import QuizAnswer, QuizAttempt


@dataclass(frozen=True)
class RuleMistakes:
    rule: str
    answered: int
    wrong: int

    @property
    def wrong_percent(self) -> int:
        return round(100 * self.wrong / self.answered) if self.answered else 0


def mistakes_by_rule() -> list[RuleMistakes]:
    """How often each rule was got wrong, most missed first."""
    rows = (
        QuizAnswer.objects.values("rule")
        .annotate(answered=Count("id"), wrong=Count("id", filter=Q(is_correct=False)))
        .order_by("-wrong", "rule")
    )
    return [RuleMistakes(row["rule"], row["answered"], row["wrong"]) for row in rows]


def scores_by_agent():
    """Agents who took the quiz, with attempts, average and last date."""
    return (
        get_user_model()
        .objects.filter(quiz_attempts__isnull=False)
        .annotate(
            attempts=Count("quiz_attempts"),
            average=Avg("quiz_attempts__score"),
            last_taken_at=Max("quiz_attempts__taken_at"),
        )
        .order_by("average", "username")
    )


def wrong_rules_by_agent() -> dict[int, list[str]]:
    """For each agent, the rules they got wrong at least once."""
    rows = (
        QuizAnswer.objects.filter(is_correct=False, attempt__agent__isnull=False)
        .values_list("attempt__agent_id", "rule")
        .distinct()
        .order_by("attempt__agent_id", "rule")
    )
    found: dict[int, list[str]] = {}
    for agent_id, rule in rows:
        found.setdefault(agent_id, []).append(rule)
    return found


def last_attempt(agent) -> QuizAttempt | None:
    return QuizAttempt.objects.filter(agent=agent).order_by("-taken_at").first()
