"""Scoring the quiz: the one state change of the training package."""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from escalade.accounts.roles import roles_of
from escalade.tickets.exceptions import InvalidInput, NotAllowed
from escalade.training.models import QuizAnswer, QuizAttempt
from escalade.training.quiz import QUESTIONS

logger = logging.getLogger(__name__)


def submit_quiz(agent, answers: dict[str, str]) -> QuizAttempt:
    """Score one pass through the quiz and store each answer with its rule.

    Every question must be answered with one of its choices; otherwise
    InvalidInput names the questions, and nothing is stored.
    """
    if not roles_of(agent):
        raise NotAllowed(_("Only desk agents take the quiz."))

    errors = {}
    for question in QUESTIONS:
        if question.choice(answers.get(question.id, "")) is None:
            errors[question.id] = [_("Pick one answer.")]
    if errors:
        raise InvalidInput(errors=errors)

    with transaction.atomic():
        attempt = QuizAttempt.objects.create(agent=agent, score=0, total=len(QUESTIONS))
        rows = [
            QuizAnswer(
                attempt=attempt,
                question=question.id,
                rule=question.rule,
                choice=answers[question.id],
                is_correct=answers[question.id] == question.answer,
            )
            for question in QUESTIONS
        ]
        QuizAnswer.objects.bulk_create(rows)
        attempt.score = sum(row.is_correct for row in rows)
        attempt.save(update_fields=["score"])
    logger.info("quiz taken: %s/%s", attempt.score, attempt.total)
    return attempt
