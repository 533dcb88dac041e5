"""The demo desk: the specification's story, played through the real services.

Every ticket is created by the same functions the pages call, at the moment
it happened (``clock.travel_to``), so the timeline, the SLA due times and the
outbox look exactly as they would on a real desk. Times are relative to now,
so the queue always shows what waits. Loading twice changes nothing: each
ticket is looked up by its reference first.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from escalade import clock
from escalade.accounts.models import AgentProfile, Role, Team, Tier
from escalade.accounts.roles import ensure_groups
from escalade.customers.models import ContactPreference, Customer
from escalade.tickets import references
from escalade.tickets import services as lifecycle
from escalade.tickets.choices import (
    AttemptOutcome,
    Category,
    EscalationType,
    FollowUpAnswer,
    Priority,
)
from escalade.tickets.models import Escalation, Ticket
from escalade.tickets.services import BriefingData

User = get_user_model()


@dataclass(frozen=True)
class DemoAgent:
    username: str
    first_name: str
    last_name: str
    role: str
    tier: str
    team: str
    title: str = ""
    specialities: tuple[str, ...] = ()

    @property
    def password(self) -> str:
        return f"{self.username}-demo"


AGENTS = [
    DemoAgent("claire", "Claire", "Martin", Role.N1, Tier.N1, "Hotline N1", "Hotliner"),
    DemoAgent("jean", "Jean", "Petit", Role.N1, Tier.N1, "Hotline N1", "Hotliner"),
    DemoAgent(
        "sophie", "Sophie", "Lambert", Role.N1, Tier.N1, "Hotline N1", "Hotliner"
    ),
    DemoAgent(
        "thomas",
        "Thomas",
        "Durand",
        Role.N2,
        Tier.N2,
        "Experts techniques N2",
        "Expert technique senior",
        (Category.SYNC, Category.SERVER_CONFIG),
    ),
    DemoAgent(
        "sarah",
        "Sarah",
        "Klein",
        Role.N2,
        Tier.N2,
        "Experts techniques N2",
        "Experte intégrations",
        (Category.INTEGRATION, Category.SYSTEM_ERROR),
    ),
    DemoAgent(
        "alex",
        "Alex",
        "Moreau",
        Role.N3,
        Tier.N3,
        "Architecture système N3",
        "Architecte système",
    ),
    DemoAgent(
        "nadia",
        "Nadia",
        "Roux",
        Role.SUPERVISOR,
        Tier.N2,
        "Experts techniques N2",
        "Superviseuse",
    ),
    DemoAgent(
        "admin",
        "Admin",
        "Escalade",
        Role.ADMIN,
        Tier.N3,
        "Architecture système N3",
        "Administrateur",
    ),
]

TEAMS = [
    ("Hotline N1", Tier.N1, False),
    ("Experts techniques N2", Tier.N2, False),
    ("Architecture système N3", Tier.N3, False),
]

# The story's people at example.com, a domain reserved for examples: a demo
# desk pointed at a real mail server sends nothing to anyone.
CUSTOMERS = [
    # reference, first name, last name, e-mail, phone, customer since
    (
        "CLT-00245",
        "Marie",
        "Dupuis",
        "marie.dupuis@example.com",
        "06 12 34 56 78",
        date(2025, 9, 15),
    ),
    (
        "CLT-00246",
        "Pierre",
        "Martin",
        "pierre.martin@example.com",
        "06 23 45 67 89",
        None,
    ),
    (
        "CLT-00247",
        "Sophie",
        "Blanc",
        "sophie.blanc@example.com",
        "06 34 56 78 90",
        None,
    ),
    ("CLT-00248", "Jean", "Dupont", "jean.dupont@example.com", "06 45 67 89 01", None),
    ("CLT-00249", "Paul", "Michel", "paul.michel@example.com", "06 56 78 90 12", None),
    (
        "CLT-00250",
        "Pierre",
        "Leclerc",
        "pierre.leclerc@example.com",
        "06 67 89 01 23",
        None,
    ),
    ("CLT-00251", "Jean", "Durand", "jean.durand@example.com", "06 78 90 12 34", None),
]


def load_demo(now: datetime | None = None) -> list[DemoAgent]:
    """Create the demo agents, customers and tickets; return the agents."""
    # Story times ("14:30") are wall-clock times of the desk's time zone.
    now = timezone.localtime(now or timezone.now())
    ensure_groups()
    with transaction.atomic():
        teams = _teams()
        users = {agent.username: _agent(agent, teams) for agent in AGENTS}
        customers = {row[0]: _customer(*row) for row in CUSTOMERS}
    _story_tk00789(users, customers["CLT-00245"], now - timedelta(days=4))
    _queue(users, customers, now)
    _story_tk00793(users, customers["CLT-00250"], now - timedelta(days=2))
    _story_tk00794(users, customers["CLT-00251"], now - timedelta(days=1))
    return AGENTS


def _teams() -> dict[str, Team]:
    return {
        name: Team.objects.get_or_create(name=name, defaults={"tier": tier})[0]
        for name, tier, _round_robin in TEAMS
    }


def _agent(agent: DemoAgent, teams: dict[str, Team]):
    from django.contrib.auth.models import Group

    user, created = User.objects.get_or_create(
        username=agent.username,
        defaults={
            "first_name": agent.first_name,
            "last_name": agent.last_name,
            "email": f"{agent.username}@numi.support",
            "is_staff": agent.role in (Role.SUPERVISOR, Role.ADMIN),
            "is_superuser": agent.role == Role.ADMIN,
        },
    )
    if created:
        user.set_password(agent.password)
        user.save()
    user.groups.add(Group.objects.get(name=agent.role))
    AgentProfile.objects.update_or_create(
        user=user,
        defaults={
            "tier": agent.tier,
            "team": teams[agent.team],
            "title": agent.title,
            "specialities": list(agent.specialities),
        },
    )
    return user


def _customer(reference, first_name, last_name, email, phone, since) -> Customer:
    customer, _created = Customer.objects.get_or_create(
        reference=reference,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": email,
            "phone": phone,
            "customer_since": since,
            "contact_preference": ContactPreference.PHONE,
        },
    )
    references.reserve_up_to(
        references.CUSTOMER_PREFIX, references.parse_number(reference)
    )
    return customer


def _exists(reference: str) -> bool:
    return Ticket.objects.filter(reference=reference).exists()


DUPLICATES_BRIEFING = BriefingData(
    summary=(
        "Depuis lundi, chaque e-mail arrive deux fois, sur le PC (Outlook 2021) "
        "et sur le téléphone (Thunderbird), à quelques minutes d'écart. Début "
        "après la mise à jour Windows de dimanche. Même adresse IMAP sur les deux "
        "appareils. Redémarrage, filtres et reconnexion essayés sans effet."
    ),
    description=(
        "« Depuis lundi, je reçois les mêmes e-mails deux fois sur mon PC et mon "
        "téléphone. Un e-mail arrive sur le PC, dix minutes plus tard sur le "
        "téléphone, puis revient sur le PC. »"
    ),
    context=(
        "Après la mise à jour Windows de dimanche. Outlook sur le PC, Thunderbird "
        "sur le mobile, même adresse sur les deux."
    ),
    environment=(
        "PC : Windows 11, Outlook 2021\nMobile : Android 13, Thunderbird (dernière "
        "version)\nServeur : IMAP personnalisé\nConnexion : Wi-Fi et 4G"
    ),
    diagnostics=[
        {"label": "Redémarrage des deux appareils", "done": True},
        {"label": "Vérification du mot de passe", "done": True},
        {"label": "Vérification des règles et filtres", "done": True},
        {"label": "Paramètres IMAP avancés", "done": False},
        {"label": "Test de synchronisation", "done": False},
        {"label": "Analyse des logs serveur", "done": False},
    ],
    reproducibility="always",
    frequency="À chaque e-mail reçu",
    pattern="Pas encore identifié",
    customer_understanding="Sait que c'est un problème technique qui demande un expert",
    customer_patience="Compréhensive, peut attendre",
    test_account="marie@example.com",
    call_duration_minutes=8,
    n1_opinion=(
        "Synchronisation IMAP entre appareils : probablement un cache client ou "
        "des UID serveur. Il faut un expert."
    ),
    leads=(
        "Vérifier les paramètres IMAP (certificat SSL/TLS)\nComparer les UID vus "
        "par les deux clients\nChercher un conflit de cache client\nMettre à jour "
        "Outlook et Thunderbird"
    ),
)


def _story_tk00789(users, customer: Customer, day: datetime) -> None:
    """The duplicate e-mails case, from the call to the day-3 follow-up."""
    if _exists("TK-00789"):
        return
    start = day.replace(hour=14, minute=22, second=0, microsecond=0)
    claire, thomas = users["claire"], users["thomas"]

    with clock.travel_to(start):
        ticket = lifecycle.open_ticket(
            claire,
            customer=customer,
            reference="TK-00789",
            title="E-mails reçus en double sur PC et mobile",
            description=DUPLICATES_BRIEFING.description,
            category=Category.SYNC,
            call_started_at=start,
        )
        lifecycle.record_diagnosis(
            claire,
            ticket,
            started_when="Depuis lundi",
            is_recurring=False,
            trigger="Mise à jour Windows dimanche",
            devices="PC Windows 11 (Outlook 2021), Android 13 (Thunderbird)",
            symptoms="Chaque e-mail arrive deux fois, à quelques minutes d'écart",
            tried_by_customer="Redémarrage",
            urgency_notes="Peut attendre 24 h",
        )
    for minute, action, result in [
        (3, "Redémarrage des appareils", "Pas de changement"),
        (5, "Vérification des filtres", "Aucun filtre trouvé"),
        (7, "Reconnexion du compte e-mail", "Le problème persiste"),
    ]:
        with clock.travel_to(start + timedelta(minutes=minute)):
            lifecycle.add_attempt(
                claire,
                ticket,
                action=action,
                outcome=AttemptOutcome.FAILED,
                result=result,
            )
    with clock.travel_to(start + timedelta(minutes=8)):
        escalation = lifecycle.escalate_to_n2(
            claire,
            ticket,
            briefing=DUPLICATES_BRIEFING,
            priority=Priority.NORMAL,
            escalation_type=EscalationType.COMPLEX,
            is_briefing_complete=True,
        )
    with clock.travel_to(start + timedelta(minutes=18)):
        lifecycle.accept_escalation(thomas, escalation)
        lifecycle.set_hypotheses(thomas, escalation, SPEC_HYPOTHESES)
    with clock.travel_to(start + timedelta(minutes=60)):
        lifecycle.log_call(
            thomas,
            ticket,
            duration_seconds=18 * 60,
            is_outbound=True,
            started_at=start + timedelta(minutes=40),
            notes=(
                "Paramètres Outlook relus avec la cliente : chiffrement forcé après la "
                "mise à jour. Passage en STARTTLS sur le port 143, même réglage sur "
                "Thunderbird, cache vidé. Plus de doublon."
            ),
        )
    with clock.travel_to(start + timedelta(minutes=98)):
        lifecycle.resolve_ticket(thomas, ticket, **SPEC_RESOLUTION)
        lifecycle.give_feedback(
            thomas,
            escalation,
            feedback=(
                "Briefing clair et complet, bonne piste IMAP. Pour la prochaine fois : "
                "noter les versions exactes et le chiffrement choisi dans le client."
            ),
        )
    follow_up = ticket.follow_ups.get()
    with clock.travel_to(follow_up.due_at):
        lifecycle.send_follow_up(follow_up)
    with clock.travel_to(follow_up.due_at + timedelta(hours=2)):
        lifecycle.answer_follow_up(
            follow_up,
            answer=FollowUpAnswer.STILL_FINE,
            satisfaction=5,
            comment="Tout fonctionne, merci !",
        )


SPEC_HYPOTHESES = [
    {
        "probability": 60,
        "cause": "La mise à jour a changé les paramètres IMAP d'Outlook",
        "symptom": "Le client recharge tous les e-mails",
        "fix": "Reconfigurer IMAP et reconstruire le cache",
        "test": "Vérifier la version d'Outlook et les logs",
        "verdict": "confirmed",
    },
    {
        "probability": 25,
        "cause": (
            "Thunderbird synchronise mal les UID après un changement de configuration"
        ),
        "symptom": "Doublons dans le cache du client",
        "fix": "Vider le cache et forcer une resynchronisation",
        "test": "Examiner les fichiers de cache de Thunderbird",
        "verdict": "rejected",
    },
    {
        "probability": 15,
        "cause": "Bug du serveur IMAP (remise à zéro des UID)",
        "symptom": "Le serveur réattribue les identifiants",
        "fix": "Reconstruire le cache serveur",
        "test": "Lire les logs du serveur",
        "verdict": "rejected",
    },
]

SPEC_RESOLUTION = {
    "cause": (
        "La mise à jour Windows a modifié les réglages IMAP d'Outlook : le "
        "chiffrement imposé ne correspondait plus au serveur, qui recevait les "
        "demandes en double."
    ),
    "steps": (
        "1. Paramètres IMAP d'Outlook corrigés : port 143 avec STARTTLS (le "
        "chiffrement reste actif).\n2. Même réglage sur Thunderbird.\n3. Cache vidé, "
        "test : plus de doublon."
    ),
    "prevention": (
        "Garder une fiche des bons paramètres IMAP ; après une mise à jour du "
        "système, les revérifier d'abord."
    ),
    "settings_to_keep": (
        "Serveur IMAP : imap.numi.support\nPort : 143\nChiffrement : STARTTLS\n"
        "Authentification : adresse e-mail et mot de passe\nDossier racine : INBOX"
    ),
    "customer_feedback": "« Excellent, merci ! Je comprends le problème. »",
    "satisfaction": 5,
    "is_diagnosis_correct": True,
}


def _escalated(
    users,
    customer,
    *,
    reference,
    n1,
    title,
    category,
    priority,
    at,
    summary,
    escalation_type=EscalationType.COMPLEX,
) -> Escalation:
    with clock.travel_to(at - timedelta(minutes=7)):
        ticket = lifecycle.open_ticket(
            users[n1],
            customer=customer,
            reference=reference,
            title=title,
            description=summary,
            category=category,
        )
        lifecycle.add_attempt(
            users[n1],
            ticket,
            action="Vérification des paramètres de base",
            outcome=AttemptOutcome.FAILED,
            result="Sans effet",
        )
    with clock.travel_to(at):
        return lifecycle.escalate_to_n2(
            users[n1],
            ticket,
            briefing=BriefingData(
                summary=summary, environment="Poste Windows 11", call_duration_minutes=7
            ),
            priority=priority,
            escalation_type=escalation_type,
            is_briefing_complete=True,
        )


def _queue(users, customers, now: datetime) -> None:
    """The queue of section 5.1: three waiting, one in progress."""
    waiting = [
        (
            "TK-00790",
            "jean",
            "CLT-00246",
            "Configuration serveur POP3",
            Category.SERVER_CONFIG,
            Priority.NORMAL,
            15,
            "Le client ne reçoit plus rien en POP3 depuis la migration de son "
            "serveur ; paramètres vérifiés, erreur d'authentification côté serveur.",
        ),
        (
            "TK-00791",
            "claire",
            "CLT-00247",
            "Bug portail à la connexion",
            Category.PORTAL_BUG,
            Priority.URGENT,
            2,
            "Le portail plante au moment de la connexion avec une page blanche, sur "
            "deux navigateurs ; la cliente ne peut plus travailler.",
        ),
        (
            "TK-00792",
            "sophie",
            "CLT-00248",
            "Intégration CRM",
            Category.INTEGRATION,
            Priority.LOW,
            90,
            "Projet d'intégration de la messagerie avec le CRM du client ; l'API "
            "renvoie une erreur d'autorisation.",
        ),
    ]
    for reference, n1, customer, title, category, priority, minutes, summary in waiting:
        if _exists(reference):
            continue
        _escalated(
            users,
            customers[customer],
            reference=reference,
            n1=n1,
            title=title,
            category=category,
            priority=priority,
            at=now - timedelta(minutes=minutes),
            summary=summary,
        )

    if not _exists("TK-00788"):
        escalation = _escalated(
            users,
            customers["CLT-00249"],
            reference="TK-00788",
            n1="jean",
            title="Délai d'attente de l'API",
            category=Category.SYSTEM_ERROR,
            priority=Priority.NORMAL,
            at=now - timedelta(hours=1, minutes=10),
            summary="Les appels à l'API du portail échouent avec ERR_502_TIMEOUT "
            "depuis ce matin, pour tous les utilisateurs du client.",
        )
        with clock.travel_to(now - timedelta(hours=1)):
            lifecycle.accept_escalation(users["sarah"], escalation)


def _story_tk00793(users, customer, day: datetime) -> None:
    """Section 7.2: N2 cannot solve it, the ticket goes to N3."""
    if _exists("TK-00793"):
        return
    at = day.replace(hour=10, minute=0, second=0, microsecond=0)
    escalation = _escalated(
        users,
        customer,
        reference="TK-00793",
        n1="sophie",
        title="Synchronisation e-mail toujours en échec",
        category=Category.SYNC,
        priority=Priority.NORMAL,
        at=at,
        summary="Les e-mails ne se synchronisent plus entre Outlook et le serveur ; "
        "le problème n'existe pas sur un autre PC.",
    )
    ticket = escalation.ticket
    thomas = users["thomas"]
    with clock.travel_to(at + timedelta(minutes=20)):
        lifecycle.accept_escalation(thomas, escalation)
    for minute, action in [
        (40, "Changement des paramètres IMAP"),
        (50, "Cache vidé"),
        (60, "Mise à jour du client"),
    ]:
        with clock.travel_to(at + timedelta(minutes=minute)):
            lifecycle.add_attempt(
                thomas,
                ticket,
                action=action,
                outcome=AttemptOutcome.FAILED,
                result="Pas de changement",
            )
    with clock.travel_to(at + timedelta(minutes=70)):
        lifecycle.add_attempt(
            thomas,
            ticket,
            action="Test depuis un autre PC",
            outcome=AttemptOutcome.SUCCEEDED,
            result="Le problème n'existe pas sur l'autre PC",
        )
        lifecycle.log_call(
            thomas,
            ticket,
            duration_seconds=25 * 60,
            is_outbound=True,
            notes="Tests avec le client, problème propre au poste.",
        )
    with clock.travel_to(at + timedelta(minutes=90)):
        lifecycle.escalate_further(
            thomas,
            ticket,
            reason="Problème propre au poste (fichier corrompu ou disque ?) : "
            "réinstallation et analyse système nécessaires.",
        )


def _story_tk00794(users, customer, day: datetime) -> None:
    """Section 7.3: a forgotten password escalated, returned as avoidable."""
    if _exists("TK-00794"):
        return
    at = day.replace(hour=9, minute=30, second=0, microsecond=0)
    escalation = _escalated(
        users,
        customer,
        reference="TK-00794",
        n1="jean",
        title="Le client ne peut pas se connecter",
        category=Category.PORTAL_LOGIN,
        priority=Priority.NORMAL,
        at=at,
        summary="Le client ne peut pas se connecter au portail : trop technique.",
    )
    with clock.travel_to(at + timedelta(hours=2)):
        lifecycle.accept_escalation(users["sarah"], escalation)
        lifecycle.return_as_avoidable(
            users["sarah"],
            escalation,
            feedback="C'était un mot de passe oublié : N1 peut le réinitialiser "
            "directement. Ne pas confondre « technique » et « compliqué ».",
        )
    with clock.travel_to(at + timedelta(hours=2, minutes=10)):
        lifecycle.resolve_at_n1(
            users["jean"],
            escalation.ticket,
            solution="Mot de passe réinitialisé avec le client.",
        )
        lifecycle.close_ticket(users["jean"], escalation.ticket)
