from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from escalade import clock


class QuizAttempt(models.Model):
    """One agent's pass through the quiz, with its score."""

    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="quiz_attempts",
    )
    score = models.PositiveSmallIntegerField(_("score"))
    total = models.PositiveSmallIntegerField(_("questions"))
    taken_at = models.DateTimeField(_("taken at"), default=clock.now)

    class Meta:
        ordering = ["-taken_at"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        indexes = [models.Index(fields=["agent", "taken_at"])]

    def __str__(self) -> str:
        return f"{self.agent_id} {self.score}/{self.total}"


class QuizAnswer(models.Model):
    """One answer, with the rule it tests, so mistakes add up per rule."""

    attempt = models.ForeignKey(
        QuizAttempt, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.CharField(_("question"), max_length=64)
    rule = models.CharField(_("rule"), max_length=64, db_index=True)
    choice = models.CharField(_("choice"), max_length=8)
    is_correct = models.BooleanField(_("correct"))

    class Meta:
        verbose_name = _("quiz answer")
        verbose_name_plural = _("quiz answers")

    def __str__(self) -> str:
        return f"{self.question}={self.choice}"
