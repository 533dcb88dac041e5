"""The decision matrix, as data: the one source the engine, the training page
and the quiz explanations all read.

Each rule says what it looks at (`facts`), what it does when it fires
(`effect`) and why, in French and in English. The engine in `engine.py`
decides the order in which rules are consulted; it never holds an
explanation of its own. Change a sentence here and the N1 console, the
training page and the quiz follow.

The rules come from the specification's sections 1 and 1C (the subjects of
N1 and N2 and the borderline cases), 6.1 (the training matrix: simple,
medium and complex configurations and the red, yellow and green lists) and
the quiz of section 10. A few rules the desk added are marked `desk`.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.utils import translation

from escalade.tickets.choices import Category, Priority


class Effect(StrEnum):
    ALWAYS = "always"  # escalate, whatever else is true (security first)
    ESCALATE_IF = "escalate_if"  # escalate when the fact holds
    NEVER = "never"  # do not escalate; N1 handles it
    BORDERLINE = "borderline"  # analysis needed before deciding
    TRY_N1_FIRST = "try_n1_first"  # N1 tries simple fixes, escalates if stuck
    PRIORITY = "priority"  # sets the suggested priority


# How each effect is shown on the training page, in the matrix's order.
EFFECT_LABELS: dict[Effect, tuple[str, str]] = {
    Effect.ALWAYS: ("Toujours escalader", "Always escalate"),
    Effect.ESCALATE_IF: ("Escalader si", "Escalate if"),
    Effect.TRY_N1_FIRST: (
        "Essayer d'abord en N1, escalader si bloqué",
        "Try at N1 first, escalate if stuck",
    ),
    Effect.BORDERLINE: ("Cas limites : analyse requise", "Borderline: analyse first"),
    Effect.NEVER: ("Ne pas escalader", "Do not escalate"),
    Effect.PRIORITY: ("Priorité suggérée", "Suggested priority"),
}


@dataclass(frozen=True)
class Rule:
    id: str
    effect: Effect
    title_fr: str
    title_en: str
    explanation_fr: str
    explanation_en: str
    facts: tuple[str, ...]
    sections: tuple[str, ...]  # where the matrix states it ("1C", "6.1", "desk")
    # For NEVER rules: a firm rule holds even when escalate-if facts appear
    # (a forgotten password stays at N1 after three failed resets).
    is_firm: bool = False
    category: str = ""  # the category this rule decides, if any
    priority: str = ""  # for PRIORITY rules: the priority it suggests

    def title(self, language: str | None = None) -> str:
        return self.title_fr if is_french(language) else self.title_en

    def explanation(self, language: str | None = None) -> str:
        return self.explanation_fr if is_french(language) else self.explanation_en


@dataclass(frozen=True)
class Requirement:
    """Something an escalation needs before it can be sent (`missing`)."""

    id: str
    label_fr: str
    label_en: str
    explanation_fr: str
    explanation_en: str

    def label(self, language: str | None = None) -> str:
        return self.label_fr if is_french(language) else self.label_en

    def explanation(self, language: str | None = None) -> str:
        return self.explanation_fr if is_french(language) else self.explanation_en


def is_french(language: str | None) -> bool:
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return language.lower().startswith("fr")


RULES: tuple[Rule, ...] = (
    # ── Always escalate: the complex problems of 1C and 6.1 ──────────────
    Rule(
        id="always.security",
        effect=Effect.ALWAYS,
        title_fr="Problème de sécurité ou accès suspect",
        title_en="Security problem or suspicious access",
        explanation_fr=(
            "Un accès non autorisé ou un compte compromis part tout de suite "
            "chez un expert, en urgence : chaque minute compte."
        ),
        explanation_en=(
            "Unauthorised access or a compromised account goes to an expert "
            "at once, as urgent: every minute counts."
        ),
        facts=("category", "security_concern", "description"),
        sections=("1", "1C", "6.1"),
        category=Category.SECURITY,
    ),
    Rule(
        id="always.system_error",
        effect=Effect.ALWAYS,
        title_fr="Erreur système ou technique complexe",
        title_en="System or complex technical error",
        explanation_fr=(
            "Un code d'erreur serveur (ERR_502, erreur 5xx) ou des messages et "
            "pièces jointes qui disparaissent se règlent avec un accès au "
            "serveur et à l'infrastructure, que N1 n'a pas."
        ),
        explanation_en=(
            "A server error code (ERR_502, HTTP 5xx) or messages and "
            "attachments that disappear are fixed with access to servers and "
            "infrastructure, which N1 does not have."
        ),
        facts=("category", "description"),
        sections=("1", "1C", "6.1"),
        category=Category.SYSTEM_ERROR,
    ),
    Rule(
        id="always.database",
        effect=Effect.ALWAYS,
        title_fr="Problème de base de données",
        title_en="Database problem",
        explanation_fr=(
            "Les erreurs de base de données (SQLSTATE, verrous, tables) "
            "demandent un accès aux données que seuls les experts ont."
        ),
        explanation_en=(
            "Database errors (SQLSTATE, locks, tables) need access to the "
            "data that only experts have."
        ),
        facts=("category", "description"),
        sections=("1C",),
        category=Category.DATABASE,
    ),
    Rule(
        id="always.cryptic_logs",
        effect=Effect.ALWAYS,
        title_fr="Journaux d'erreur incompréhensibles",
        title_en="Cryptic error logs",
        explanation_fr=(
            "Une trace d'exception ou un journal illisible se lit avec les "
            "outils et la connaissance du code d'un expert."
        ),
        explanation_en=(
            "A stack trace or an unreadable log is read with an expert's "
            "tools and knowledge of the code."
        ),
        facts=("category", "description"),
        sections=("1C", "6.1"),
        category=Category.CRYPTIC_LOGS,
    ),
    Rule(
        id="always.integration",
        effect=Effect.ALWAYS,
        title_fr="Intégration avec un système tiers (API, CRM)",
        title_en="Third-party integration (API, CRM)",
        explanation_fr=(
            "Relier la messagerie à un CRM ou à une API suppose de connaître "
            "l'architecture : c'est le travail d'un expert."
        ),
        explanation_en=(
            "Connecting mail to a CRM or an API takes knowledge of the "
            "architecture: that is an expert's job."
        ),
        facts=("category", "description"),
        sections=("1", "1C", "6.1"),
        category=Category.INTEGRATION,
    ),
    Rule(
        id="always.sync",
        effect=Effect.ALWAYS,
        title_fr="Synchronisation entre plusieurs appareils",
        title_en="Sync between several devices",
        explanation_fr=(
            "Des messages en double ou en retard d'un appareil à l'autre "
            "relèvent du serveur IMAP : il faut un expert."
        ),
        explanation_en=(
            "Messages duplicated or late from one device to another come "
            "from the IMAP server: an expert is needed."
        ),
        facts=("category", "description"),
        sections=("1", "1C", "6.1", "10"),
        category=Category.SYNC,
    ),
    Rule(
        id="always.server_config",
        effect=Effect.ALWAYS,
        title_fr="Configuration serveur avancée (IMAP/SMTP, certificats)",
        title_en="Advanced server set-up (IMAP/SMTP, certificates)",
        explanation_fr=(
            "Un serveur IMAP ou SMTP personnalisé, des ports ou des "
            "certificats se règlent avec l'expertise serveur du niveau 2."
        ),
        explanation_en=(
            "A custom IMAP or SMTP server, ports or certificates are set "
            "with the server expertise of level 2."
        ),
        facts=("category", "description"),
        sections=("1", "1C", "6.1"),
        category=Category.SERVER_CONFIG,
    ),
    Rule(
        id="always.portal_bug",
        effect=Effect.ALWAYS,
        title_fr="Bug du portail",
        title_en="Portal bug",
        explanation_fr=(
            "Un plantage ou un comportement anormal du portail se diagnostique "
            "dans les journaux de l'application, réservés aux experts."
        ),
        explanation_en=(
            "A crash or odd behaviour of the portal is diagnosed in the "
            "application's logs, which only experts can read."
        ),
        facts=("category", "description", "reproduced_by_agent"),
        sections=("1", "1C", "6.1"),
        category=Category.PORTAL_BUG,
    ),
    Rule(
        id="always.performance",
        effect=Effect.ALWAYS,
        title_fr="Performances dégradées sans explication",
        title_en="Unexplained slowness",
        explanation_fr=(
            "Une lenteur sans cause visible se mesure côté serveur : "
            "l'expert a les outils pour ça."
        ),
        explanation_en=(
            "Slowness with no visible cause is measured on the server side: "
            "the expert has the tools for it."
        ),
        facts=("category", "description"),
        sections=("1", "1C"),
        category=Category.PERFORMANCE,
    ),
    # ── Escalate if: the yellow list of 6.1, and 1C's last subject ───────
    Rule(
        id="if.failed_attempts",
        effect=Effect.ESCALATE_IF,
        title_fr="Trois solutions ou plus essayées sans succès",
        title_en="Three or more fixes tried without success",
        explanation_fr=(
            "Après trois essais documentés qui ont échoué, N1 a fait sa part : "
            "on escalade avec la liste de ce qui a été tenté."
        ),
        explanation_en=(
            "After three documented attempts that failed, N1 has done its "
            "part: escalate with the list of what was tried."
        ),
        facts=("attempts",),
        sections=("6.1",),
    ),
    Rule(
        id="if.stuck",
        effect=Effect.ESCALATE_IF,
        title_fr="Plus de 15 minutes sans avancer",
        title_en="Over 15 minutes without progress",
        explanation_fr=(
            "Au-delà d'un quart d'heure sans progrès, le client attend pour "
            "rien : mieux vaut passer la main à un expert."
        ),
        explanation_en=(
            "Past a quarter of an hour without progress the customer waits "
            "for nothing: better hand over to an expert."
        ),
        facts=("minutes_spent", "attempts"),
        sections=("6.1",),
    ),
    Rule(
        id="if.intermittent",
        effect=Effect.ESCALATE_IF,
        title_fr="Problème intermittent que N1 ne reproduit pas",
        title_en="Intermittent problem N1 cannot reproduce",
        explanation_fr=(
            "Un problème qui va et vient sans que N1 le reproduise se traque "
            "dans les journaux du serveur : on escalade."
        ),
        explanation_en=(
            "A problem that comes and goes and that N1 cannot reproduce is "
            "tracked in the server's logs: escalate."
        ),
        facts=("intermittent", "reproduced_by_agent"),
        sections=("1C", "6.1"),
    ),
    Rule(
        id="if.not_reproduced",
        effect=Effect.ESCALATE_IF,
        title_fr="N1 n'arrive pas à reproduire après avoir essayé",
        title_en="N1 tried and cannot reproduce it",
        explanation_fr=(
            "Si N1 a essayé sans parvenir à reproduire le problème, l'expert "
            "le cherchera avec un accès que N1 n'a pas."
        ),
        explanation_en=(
            "When N1 tried and could not reproduce the problem, the expert "
            "will look for it with access N1 does not have."
        ),
        facts=("reproduced_by_agent", "attempts"),
        sections=("1C",),
    ),
    Rule(
        id="if.expert_requested",
        effect=Effect.ESCALATE_IF,
        title_fr="Client très technique qui demande un expert",
        title_en="Very technical customer asking for an expert",
        explanation_fr=(
            "Un client technique qui demande un expert pour un problème qui "
            "n'est pas du niveau 1 peut être escaladé ; pour un sujet de "
            "niveau 1, N1 le règle quand même."
        ),
        explanation_en=(
            "A technical customer asking for an expert on a problem that is "
            "not a level-1 subject may be escalated; on a level-1 subject, "
            "N1 still solves it."
        ),
        facts=("customer_requests_expert", "category"),
        sections=("6.1",),
    ),
    Rule(
        id="if.undocumented",
        effect=Effect.ESCALATE_IF,
        title_fr="Cas limite non documenté, N1 bloqué",
        title_en="Undocumented borderline case, N1 stuck",
        explanation_fr=(
            "Un cas qu'aucune règle ne couvre, où les essais de N1 ont "
            "échoué, part chez l'expert ; il servira à compléter la matrice."
        ),
        explanation_en=(
            "A case no rule covers, where N1's attempts failed, goes to the "
            "expert; it will help complete the matrix."
        ),
        facts=("category", "attempts"),
        sections=("6.1",),
    ),
    Rule(
        id="if.many_users",
        effect=Effect.ESCALATE_IF,
        title_fr="Plusieurs utilisateurs touchés",
        title_en="Many users affected",
        explanation_fr=(
            "Quand plusieurs personnes ont le même problème, la cause est "
            "presque toujours côté serveur : on escalade."
        ),
        explanation_en=(
            "When several people have the same problem the cause is almost "
            "always on the server side: escalate."
        ),
        facts=("description",),
        sections=("desk",),
    ),
    # ── Try at N1 first: the medium configurations of 6.1 ────────────────
    Rule(
        id="try.after_restart",
        effect=Effect.TRY_N1_FIRST,
        title_fr="Problème après un redémarrage",
        title_en="Problem after a restart",
        explanation_fr=(
            "N1 essaie les solutions simples ; si c'est réglé, on s'arrête là, "
            "si le problème persiste, on escalade."
        ),
        explanation_en=(
            "N1 tries the simple fixes; if that solves it we stop there, if "
            "the problem persists we escalate."
        ),
        facts=("description", "attempts"),
        sections=("6.1",),
    ),
    Rule(
        id="try.sporadic_error",
        effect=Effect.TRY_N1_FIRST,
        title_fr="Erreur sporadique que N1 reproduit",
        title_en="Sporadic error N1 can reproduce",
        explanation_fr=(
            "Si N1 reproduit l'erreur, il peut la traiter lui-même ; s'il n'y "
            "arrive pas, le problème est intermittent et on escalade."
        ),
        explanation_en=(
            "If N1 reproduces the error it can handle it; if it cannot, the "
            "problem is intermittent and we escalate."
        ),
        facts=("intermittent", "reproduced_by_agent"),
        sections=("6.1",),
    ),
    Rule(
        id="try.old_client",
        effect=Effect.TRY_N1_FIRST,
        title_fr="Ancien navigateur, appareil ou logiciel de messagerie",
        title_en="Old browser, device or mail client",
        explanation_fr=(
            "N1 propose d'abord la mise à jour ; si elle échoue ou ne change "
            "rien, on escalade."
        ),
        explanation_en=(
            "N1 first suggests the update; if it fails or changes nothing, we escalate."
        ),
        facts=("description", "attempts"),
        sections=("1C", "6.1"),
    ),
    # ── Borderline: the cases of 1C that need analysis ───────────────────
    Rule(
        id="borderline.asked_again",
        effect=Effect.BORDERLINE,
        title_fr="Client qui demande la même chose pour la 3e fois",
        title_en="Customer asking the same thing a third time",
        explanation_fr=(
            "La patience du client est à bout : N1 reprend calmement les "
            "solutions simples et escalade si elles échouent."
        ),
        explanation_en=(
            "The customer's patience is running out: N1 calmly goes back over "
            "the simple fixes and escalates if they fail."
        ),
        facts=("times_asked", "description", "attempts"),
        sections=("1C",),
    ),
    Rule(
        id="borderline.intermittent",
        effect=Effect.BORDERLINE,
        title_fr="Problème intermittent, reproduction pas encore tentée",
        title_en="Intermittent problem, reproduction not tried yet",
        explanation_fr=(
            "Un problème rare ou difficile à reproduire : N1 essaie d'abord de "
            "le reproduire ; s'il n'y arrive pas, on escalade."
        ),
        explanation_en=(
            "A rare problem, hard to reproduce: N1 first tries to reproduce "
            "it; if it cannot, we escalate."
        ),
        facts=("intermittent", "reproduced_by_agent", "description"),
        sections=("1C",),
    ),
    Rule(
        id="borderline.undocumented",
        effect=Effect.BORDERLINE,
        title_fr="Cas que la matrice ne couvre pas",
        title_en="A case the matrix does not cover",
        explanation_fr=(
            "Aucune règle ne s'applique encore : N1 pose les questions de "
            "diagnostic et essaie les solutions simples avant de décider."
        ),
        explanation_en=(
            "No rule applies yet: N1 asks the diagnostic questions and tries "
            "the simple fixes before deciding."
        ),
        facts=("category", "attempts"),
        sections=("1C", "6.1"),
    ),
    Rule(
        id="borderline.diagnose_first",
        effect=Effect.BORDERLINE,
        title_fr="« C'est urgent » : diagnostiquer d'abord",
        title_en="'It's urgent': diagnose first",
        explanation_fr=(
            "L'urgence ne remplace pas le diagnostic : « plus aucun e-mail » "
            "est souvent un mauvais mot de passe, vérifiable en 30 secondes."
        ),
        explanation_en=(
            "Urgency does not replace the diagnosis: 'no e-mail at all' is "
            "often a wrong password, checked in 30 seconds."
        ),
        facts=("description", "attempts", "needed_today"),
        sections=("1C", "10"),
    ),
    # ── Do not escalate: the level-1 subjects ────────────────────────────
    Rule(
        id="never.solved_at_n1",
        effect=Effect.NEVER,
        title_fr="Problème simple résolu sur le champ",
        title_en="Simple problem solved on the spot",
        explanation_fr=(
            "Un essai de N1 a réglé le problème : rien à escalader, on clôt "
            "au niveau 1."
        ),
        explanation_en=(
            "One of N1's attempts solved the problem: nothing to escalate, "
            "close it at level 1."
        ),
        facts=("attempts",),
        sections=("6.1",),
        is_firm=True,
    ),
    Rule(
        id="never.password",
        effect=Effect.NEVER,
        title_fr="Mot de passe oublié ou qui ne marche plus",
        title_en="Forgotten or failing password",
        explanation_fr=(
            "N1 réinitialise le mot de passe : c'est une opération standard, "
            "jamais un sujet d'expert, même si elle semble « technique »."
        ),
        explanation_en=(
            "N1 resets the password: a standard operation, never an expert's "
            "subject, even when it looks 'technical'."
        ),
        facts=("category", "description"),
        sections=("1", "1C", "6.1", "7.3", "10"),
        is_firm=True,
        category=Category.PASSWORD,
    ),
    Rule(
        id="never.customer_error",
        effect=Effect.NEVER,
        title_fr="Erreur du client (mauvais identifiant, faute de frappe)",
        title_en="Customer error (wrong login, typo)",
        explanation_fr=(
            "Un identifiant mal saisi ou une touche majuscule bloquée se "
            "vérifie et se corrige par N1."
        ),
        explanation_en=(
            "A mistyped login or a stuck caps lock is checked and put right by N1."
        ),
        facts=("description",),
        sections=("1C", "6.1"),
        is_firm=True,
    ),
    Rule(
        id="never.portal_login",
        effect=Effect.NEVER,
        title_fr="Connexion au portail",
        title_en="Portal login",
        explanation_fr=(
            "Un souci de connexion au portail se vérifie par N1 : identifiant, "
            "compte, réinitialisation."
        ),
        explanation_en=(
            "A portal login problem is checked by N1: login name, account, reset."
        ),
        facts=("category", "description"),
        sections=("1", "1C", "6.1"),
        category=Category.PORTAL_LOGIN,
    ),
    Rule(
        id="never.simple_email",
        effect=Effect.NEVER,
        title_fr="Configuration e-mail simple ou standard",
        title_en="Simple or standard e-mail set-up",
        explanation_fr=(
            "Configurer une boîte avec les paramètres génériques est le travail de N1."
        ),
        explanation_en=("Setting up a mailbox with the generic settings is N1's work."),
        facts=("category", "description"),
        sections=("1", "1C", "6.1"),
        category=Category.SIMPLE_EMAIL,
    ),
    Rule(
        id="never.faq",
        effect=Effect.NEVER,
        title_fr="Question FAQ, fonctionnalité ou formation",
        title_en="FAQ, feature or training question",
        explanation_fr=(
            "N1 répond avec la documentation ; une demande de formation ou "
            "d'atelier se planifie, elle ne s'escalade pas."
        ),
        explanation_en=(
            "N1 answers from the documentation; a training or workshop "
            "request is scheduled, not escalated."
        ),
        facts=("category", "description"),
        sections=("1", "1C", "6.1"),
        is_firm=True,
        category=Category.FAQ,
    ),
    Rule(
        id="never.out_of_scope",
        effect=Effect.NEVER,
        title_fr="Hors périmètre : rediriger",
        title_en="Out of scope: redirect",
        explanation_fr=(
            "Un problème sur un service qui n'est pas le nôtre se redirige "
            "vers le bon interlocuteur ; ce n'est pas une escalade."
        ),
        explanation_en=(
            "A problem with a service that is not ours is redirected to the "
            "right party; that is not an escalation."
        ),
        facts=("category", "description"),
        sections=("1", "1C", "6.1"),
        is_firm=True,
        category=Category.OUT_OF_SCOPE,
    ),
    # ── Suggested priority ───────────────────────────────────────────────
    Rule(
        id="priority.security",
        effect=Effect.PRIORITY,
        title_fr="Sécurité : toujours urgent",
        title_en="Security: always urgent",
        explanation_fr="Un problème de sécurité est toujours traité en urgence.",
        explanation_en="A security problem is always handled as urgent.",
        facts=("category", "security_concern"),
        sections=("6.1",),
        priority=Priority.URGENT,
    ),
    Rule(
        id="priority.business_today",
        effect=Effect.PRIORITY,
        title_fr="Activité bloquée et besoin aujourd'hui : urgent",
        title_en="Business stopped and needed today: urgent",
        explanation_fr=(
            "Le travail du client est bloqué et il lui faut une solution "
            "aujourd'hui : priorité urgente (4 h)."
        ),
        explanation_en=(
            "The customer's work is stopped and a fix is needed today: "
            "urgent priority (4 h)."
        ),
        facts=("business_impact", "needed_today"),
        sections=("1B", "5.1"),
        priority=Priority.URGENT,
    ),
    Rule(
        id="priority.can_wait",
        effect=Effect.PRIORITY,
        title_fr="Projet ou question qui peut attendre : basse",
        title_en="A project or question that can wait: low",
        explanation_fr=(
            "Un projet d'intégration ou une question de formation peut "
            "attendre quelques jours : priorité basse (3 jours)."
        ),
        explanation_en=(
            "An integration project or a training question can wait a few "
            "days: low priority (3 days)."
        ),
        facts=("category",),
        sections=("5.1",),
        priority=Priority.LOW,
    ),
    Rule(
        id="priority.normal",
        effect=Effect.PRIORITY,
        title_fr="Pas d'urgence déclarée : normale",
        title_en="No stated urgency: normal",
        explanation_fr=(
            "Sans activité bloquée pour aujourd'hui, 24 h pour un premier "
            "contact est acceptable : priorité normale."
        ),
        explanation_en=(
            "With no business stopped for today, 24 h to first contact is "
            "acceptable: normal priority."
        ),
        facts=("business_impact", "needed_today"),
        sections=("2", "5.1"),
        priority=Priority.NORMAL,
    ),
)

REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        id="attempts",
        label_fr="essais de N1 et leur résultat",
        label_en="N1 attempts and their outcome",
        explanation_fr=(
            "Avant d'escalader, N1 essaie les solutions de base et note ce "
            "qu'elles ont donné ; sinon l'expert refait les mêmes essais."
        ),
        explanation_en=(
            "Before escalating, N1 tries the basic fixes and writes down what "
            "they gave; otherwise the expert repeats the same attempts."
        ),
    ),
    Requirement(
        id="environment",
        label_fr="environnement technique (appareil, système, logiciel)",
        label_en="technical environment (device, system, software)",
        explanation_fr=(
            "Le briefing dit sur quel appareil, quel système et quel logiciel "
            "le problème se produit, avec les versions."
        ),
        explanation_en=(
            "The briefing says on which device, system and software the "
            "problem happens, with versions."
        ),
    ),
    Requirement(
        id="reproduction",
        label_fr="reproductibilité vérifiée",
        label_en="reproducibility checked",
        explanation_fr=(
            "N1 dit s'il a pu reproduire le problème, toujours ou parfois."
        ),
        explanation_en=(
            "N1 says whether it could reproduce the problem, always or sometimes."
        ),
    ),
    Requirement(
        id="diagnosis",
        label_fr="diagnostic initial (les six questions)",
        label_en="first diagnosis (the six questions)",
        explanation_fr=(
            "Les six questions de diagnostic viennent avant toute décision : "
            "quand, après quoi, où, quoi, déjà essayé, urgence."
        ),
        explanation_en=(
            "The six diagnostic questions come before any decision: when, "
            "after what, where, what, tried already, urgency."
        ),
    ),
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
REQUIREMENTS_BY_ID: dict[str, Requirement] = {item.id: item for item in REQUIREMENTS}

# The category rules, keyed by the category they decide.
CATEGORY_RULES: dict[str, Rule] = {
    rule.category: rule for rule in RULES if rule.category
}

# Categories whose escalation can wait a few days.
CAN_WAIT_CATEGORIES = frozenset(
    {Category.INTEGRATION, Category.FAQ, Category.OUT_OF_SCOPE}
)

# Thresholds the yellow list names.
FAILED_ATTEMPTS_TO_ESCALATE = 3
MINUTES_WITHOUT_PROGRESS = 15
TIMES_ASKED_BORDERLINE = 3


def rules_by_effect() -> list[tuple[Effect, list[Rule]]]:
    """The rules grouped in the matrix's order, for the training page."""
    return [
        (effect, [rule for rule in RULES if rule.effect == effect])
        for effect in EFFECT_LABELS
    ]
