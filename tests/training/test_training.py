import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from escalade.accounts.models import Role
from escalade.tickets.exceptions import InvalidInput, NotAllowed
from escalade.training import services
from escalade.training.models import QuizAnswer
from escalade.training.quiz import QUESTIONS
from escalade.triage.rules import RULES, RULES_BY_ID
from tests.factories import make_person

RIGHT = {question.id: question.answer for question in QUESTIONS}


def wrong_on(*question_ids: str) -> dict[str, str]:
    answers = dict(RIGHT)
    for question_id in question_ids:
        answers[question_id] = "a"
    return answers


def test_the_quiz_has_five_questions_whose_answer_is_a_choice():
    assert len(QUESTIONS) == 5
    for question in QUESTIONS:
        assert question.choice(question.answer) is not None
        assert question.explanation("fr") and question.explanation("en")


def test_quiz_explanations_come_from_the_rules():
    question = next(q for q in QUESTIONS if q.id == "q2_forgotten_password")

    assert question.explanation("en") == RULES_BY_ID["never.password"].explanation("en")


def test_the_matrix_page_shows_every_rule(client, n1_agent):
    client.force_login(n1_agent)

    with translation.override("en"):
        page = client.get(reverse("training:matrix"), HTTP_ACCEPT_LANGUAGE="en")

    content = page.content.decode()
    assert page.status_code == 200
    for rule in RULES:
        assert rule.id in content
    assert escape(RULES_BY_ID["always.security"].explanation("en")) in content


def test_the_matrix_speaks_french_by_default(client, n1_agent):
    client.force_login(n1_agent)

    page = client.get(reverse("training:matrix"), HTTP_ACCEPT_LANGUAGE="fr")

    expected = escape(RULES_BY_ID["never.password"].explanation("fr"))
    assert expected in page.content.decode()


def test_submitting_the_quiz_scores_it_and_explains(client, n1_agent):
    client.force_login(n1_agent)

    response = client.post(
        reverse("training:quiz"), wrong_on("q1_delay_between_devices")
    )

    assert response.status_code == 200
    assert response.context["attempt"].score == 4
    expected = escape(RULES_BY_ID["always.sync"].explanation("fr"))
    assert expected in response.content.decode()
    wrong = QuizAnswer.objects.get(is_correct=False)
    assert (wrong.rule, wrong.attempt.agent) == ("always.sync", n1_agent)


def test_an_unanswered_question_is_refused_and_nothing_is_stored(client, n1_agent):
    client.force_login(n1_agent)
    answers = dict(RIGHT)
    del answers["q3_before_escalating"]

    response = client.post(reverse("training:quiz"), answers)

    assert response.status_code == 400
    assert "q3_before_escalating" in response.context["errors"]
    assert not QuizAnswer.objects.exists()


def test_an_unknown_choice_is_refused(n1_agent):
    with pytest.raises(InvalidInput) as raised:
        services.submit_quiz(n1_agent, {**RIGHT, "q5_urgent_no_mail": "z"})

    assert list(raised.value.errors) == ["q5_urgent_no_mail"]


def test_someone_without_a_role_cannot_take_the_quiz(outsider):
    with pytest.raises(NotAllowed):
        services.submit_quiz(outsider, RIGHT)


def test_the_supervisor_sees_which_rules_agents_get_wrong(client, supervisor, n1_agent):
    other = make_person(Role.N1, "jean")
    services.submit_quiz(n1_agent, wrong_on("q2_forgotten_password"))
    services.submit_quiz(other, wrong_on("q2_forgotten_password", "q5_urgent_no_mail"))
    client.force_login(supervisor)

    response = client.get(reverse("training:report"))

    mistakes = {row["rule"]: row["wrong"] for row in response.context["mistakes"]}
    assert mistakes["never.password"] == 2
    assert mistakes["borderline.diagnose_first"] == 1
    assert mistakes["always.sync"] == 0
    assert response.context["mistakes"][0]["rule"] == "never.password"
    agents = {row["name"]: row for row in response.context["agents"]}
    assert agents["Jean Test"]["average"] == 3


def test_an_agent_cannot_see_the_report(client, n1_agent):
    client.force_login(n1_agent)

    assert client.get(reverse("training:report")).status_code == 403


def test_the_report_query_count_does_not_grow_with_agents(client, supervisor):
    client.force_login(supervisor)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("training:report"))
        return len(queries)

    services.submit_quiz(make_person(Role.N1), wrong_on("q1_delay_between_devices"))
    small = count_queries()
    for _ in range(5):
        services.submit_quiz(make_person(Role.N1), wrong_on("q4_briefing_contents"))
    assert count_queries() == small


def test_the_nav_links_to_the_training_page(client, n1_agent):
    client.force_login(n1_agent)

    page = client.get(reverse("desk:home"))

    assert reverse("training:matrix") in page.content.decode()
