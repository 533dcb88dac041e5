"""TK-00789 in the browser: an expert takes it, solves it, the customer confirms.

Debian's Chromium, driven by Playwright, against pytest-django's live_server.
Screenshots of each step go to artifacts/screenshots/.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from escalade.accounts.models import AgentProfile, Role
from escalade.desk import demo, expert_views
from escalade.notifications.models import OutboxMessage
from escalade.tickets import services
from escalade.tickets.choices import AttemptOutcome, Category, Priority, Status
from escalade.tickets.models import FollowUp, Ticket
from tests.browser import shoot
from tests.factories import escalated_ticket, make_customer, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "secret-password-1"

SPEC_HYPOTHESES = [
    (
        "60",
        "La mise à jour a changé les paramètres IMAP d'Outlook",
        "Le client recharge tous les e-mails",
        "Reconfigurer IMAP et reconstruire le cache",
        "Vérifier la version d'Outlook et les logs",
    ),
    (
        "25",
        "Thunderbird synchronise mal les UID",
        "Doublons dans le cache du client",
        "Vider le cache et forcer une resynchronisation",
        "Examiner les fichiers de cache de Thunderbird",
    ),
    (
        "15",
        "Bug du serveur IMAP (remise à zéro des UID)",
        "Le serveur réattribue les identifiants",
        "Reconstruire le cache serveur",
        "Lire les logs du serveur",
    ),
]


@pytest.fixture
def page(chromium, settings):
    settings.LANGUAGE_CODE = "en"
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def log_in(page, live_server, username: str) -> None:
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")


def awaiting_tk00789():
    """TK-00789 as N1 hands it over: the demo's briefing, awaiting N2."""
    claire = make_person(Role.N1, "claire", first_name="Claire", last_name="Martin")
    thomas = make_person(Role.N2, "thomas", first_name="Thomas", last_name="Durand")
    AgentProfile.objects.filter(user=thomas).update(
        specialities=[Category.SYNC, Category.SERVER_CONFIG]
    )
    marie = make_customer(
        reference="CLT-00245",
        first_name="Marie",
        last_name="Dupuis",
        email="marie.dupuis@email.com",
    )
    ticket = services.open_ticket(
        claire,
        customer=marie,
        reference="TK-00789",
        title="E-mails reçus en double sur PC et mobile",
        description=demo.DUPLICATES_BRIEFING.description,
        category=Category.SYNC,
    )
    for action in ("Redémarrage des appareils", "Vérification des filtres"):
        services.add_attempt(
            claire, ticket, action=action, outcome=AttemptOutcome.FAILED
        )
    services.escalate_to_n2(
        claire,
        ticket,
        briefing=demo.DUPLICATES_BRIEFING,
        priority=Priority.NORMAL,
        is_briefing_complete=True,
    )
    return ticket


def test_expert_takes_tk00789_solves_it_and_the_customer_closes_it(page, live_server):
    ticket = awaiting_tk00789()

    # The queue: TK-00789 waits, the expert takes it.
    log_in(page, live_server, "thomas")
    row = page.locator('#awaiting tr[data-reference="TK-00789-TECH-001"]')
    row.wait_for()
    shoot(page, "n2-01-queue")
    row.get_by_role("link", name="Take").click()

    # The reception: the briefing and the checklist of section 8.2.
    page.wait_for_selector("#accept")
    for key in (
        "briefing_complete",
        "diagnosis_logical",
        "attempts_clear",
        "environment_specified",
        "problem_understood",
        "tests_identified",
    ):
        page.check(f"#id_{key}")
    shoot(page, "n2-02-reception-checklist")
    page.get_by_role("button", name="Accept the ticket").click()
    page.wait_for_url(re.compile(r".*/work/TK-00789/$"))
    assert page.locator("#ticket-status").inner_text() == "in progress (N2)"

    # The hypotheses of the specification: 60, 25 and 15%.
    for n, (probability, cause, symptom, fix, test) in enumerate(SPEC_HYPOTHESES):
        page.fill(f"#id_hypotheses-{n}-probability", probability)
        page.fill(f"#id_hypotheses-{n}-cause", cause)
        page.fill(f"#id_hypotheses-{n}-symptom", symptom)
        page.fill(f"#id_hypotheses-{n}-fix", fix)
        page.fill(f"#id_hypotheses-{n}-test", test)
    page.select_option("#id_hypotheses-0-verdict", "confirmed")
    page.get_by_role("button", name="Save the hypotheses").click()
    page.wait_for_selector("text=Hypotheses saved.")
    shoot(page, "n2-03-hypotheses")

    # The call with the customer, 18 minutes.
    page.fill("#id_call-duration_minutes", "18")
    page.fill(
        "#id_call-notes",
        "Chiffrement forcé après la mise à jour ; STARTTLS sur le port 143, "
        "même réglage sur Thunderbird, cache vidé : plus de doublon.",
    )
    page.get_by_role("button", name="Log the call").click()
    page.wait_for_selector("text=Call logged.")

    # The resolution: cause, steps, prevention, the settings to keep.
    resolution = demo.SPEC_RESOLUTION
    page.fill("#id_resolve-cause", resolution["cause"])
    page.fill("#id_resolve-steps", resolution["steps"])
    page.fill("#id_resolve-prevention", resolution["prevention"])
    page.fill("#id_resolve-settings_to_keep", resolution["settings_to_keep"])
    page.fill("#id_resolve-customer_feedback", resolution["customer_feedback"])
    page.select_option("#id_resolve-satisfaction", "5")
    page.fill(
        "#id_resolve-feedback_to_n1", "Briefing clair et complet, bonne piste IMAP."
    )
    shoot(page, "n2-04-resolution-form")
    page.get_by_role("button", name="Resolve and e-mail the customer").click()
    page.wait_for_selector("text=the follow-up is scheduled")
    shoot(page, "n2-05-resolved")

    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    email = OutboxMessage.objects.get(ticket=ticket, kind="ticket_resolved")
    assert "Chiffrement : STARTTLS" in email.body
    follow_up = FollowUp.objects.get(ticket=ticket)
    assert follow_up.due_at - ticket.resolved_at == timedelta(days=3)

    # Day 3: the customer, not logged in, answers "still fine" from the e-mail.
    customer = page.context.browser.new_context().new_page()
    customer.goto(
        live_server.url
        + reverse("tickets:follow_up", args=[follow_up.token])
        + "?answer=still_fine"
    )
    customer.select_option("#satisfaction", "5")
    customer.click("main button[type=submit]")
    customer.wait_for_selector("text=Your answer is recorded")
    shoot(customer, "n2-06-follow-up-still-fine")
    customer.context.close()

    assert Ticket.objects.get(pk=ticket.pk).status == Status.CLOSED


def test_the_queue_shows_a_new_escalation_without_a_reload(
    page, live_server, monkeypatch
):
    monkeypatch.setattr(expert_views, "QUEUE_REFRESH_SECONDS", 1)
    claire = make_person(Role.N1, "claire")
    make_person(Role.N2, "thomas")
    log_in(page, live_server, "thomas")
    page.wait_for_selector("text=No escalation is waiting.")
    page.evaluate("window.notReloaded = true")

    _ticket, escalation = escalated_ticket(claire, priority=Priority.URGENT)

    row = page.locator(f'#awaiting tr[data-reference="{escalation.reference}"]')
    row.wait_for(timeout=5_000)
    assert page.evaluate("window.notReloaded") is True
    shoot(page, "n2-07-queue-refreshed")
