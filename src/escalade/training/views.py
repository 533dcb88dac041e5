from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from escalade.accounts.models import Role
from escalade.accounts.roles import has_role
from escalade.tickets.exceptions import InvalidInput, NotAllowed
from escalade.training import selectors, services
from escalade.training.quiz import QUESTIONS
from escalade.triage.rules import (
    EFFECT_LABELS,
    REQUIREMENTS,
    RULES_BY_ID,
    is_french,
    rules_by_effect,
)


@login_required
def matrix(request):
    """The decision matrix, drawn from triage/rules.py."""
    french = is_french(None)
    groups = [
        {
            "title": EFFECT_LABELS[effect][0 if french else 1],
            "effect": effect.value,
            "rules": [_rule_row(rule) for rule in rules],
        }
        for effect, rules in rules_by_effect()
    ]
    requirements = [
        {"label": item.label(), "explanation": item.explanation()}
        for item in REQUIREMENTS
    ]
    return render(
        request,
        "training/matrix.html",
        {"groups": groups, "requirements": requirements},
    )


def _rule_row(rule) -> dict:
    return {
        "id": rule.id,
        "title": rule.title(),
        "explanation": rule.explanation(),
        "facts": ", ".join(rule.facts),
        "sections": ", ".join(rule.sections),
    }


@login_required
def quiz(request):
    """The quiz: the form, then the score with each rule's explanation."""
    if request.method != "POST":
        return render(request, "training/quiz.html", {"questions": _questions()})

    answers = {q.id: request.POST.get(q.id, "") for q in QUESTIONS}
    try:
        attempt = services.submit_quiz(request.user, answers)
    except NotAllowed as error:
        raise PermissionDenied(error.message) from None
    except InvalidInput as error:
        context = {"questions": _questions(answers), "errors": error.errors}
        return render(request, "training/quiz.html", context, status=400)

    results = [
        {
            **question,
            "is_correct": question["chosen"] == question["answer"],
            "explanation": question["explanation"],
        }
        for question in _questions(answers)
    ]
    return render(
        request, "training/quiz_result.html", {"attempt": attempt, "results": results}
    )


def _questions(answers: dict[str, str] | None = None) -> list[dict]:
    answers = answers or {}
    return [
        {
            "id": question.id,
            "prompt": question.prompt(),
            "choices": [(c.key, c.text()) for c in question.choices],
            "answer": question.answer,
            "answer_text": question.choice(question.answer).text(),
            "chosen": answers.get(question.id, ""),
            "explanation": question.explanation(),
        }
        for question in QUESTIONS
    ]


@login_required
def report(request):
    """For supervisors: which rules agents get wrong, and each agent's scores."""
    if not has_role(request.user, Role.SUPERVISOR, Role.ADMIN):
        raise PermissionDenied
    mistakes = [
        {
            "rule": row.rule,
            "title": _title(row.rule),
            "answered": row.answered,
            "wrong": row.wrong,
            "wrong_percent": row.wrong_percent,
        }
        for row in selectors.mistakes_by_rule()
    ]
    wrong_rules = selectors.wrong_rules_by_agent()
    agents = [
        {
            "name": agent.get_full_name() or agent.username,
            "attempts": agent.attempts,
            "average": agent.average,
            "last_taken_at": agent.last_taken_at,
            "wrong_rules": [_title(rule) for rule in wrong_rules.get(agent.pk, [])],
        }
        for agent in selectors.scores_by_agent()
    ]
    return render(
        request,
        "training/report.html",
        {"mistakes": mistakes, "agents": agents, "total": len(QUESTIONS)},
    )


def _title(rule_id: str) -> str:
    rule = RULES_BY_ID.get(rule_id)
    if rule is not None:
        return rule.title()
    item = next((item for item in REQUIREMENTS if item.id == rule_id), None)
    return item.label() if item is not None else rule_id
