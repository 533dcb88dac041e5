"""The table of triage cases: the specification's own examples and cells,
the five quiz questions, and cases of our own.

Each row: an id naming where the case comes from, the case, and what the
decision must say. `rule` is a rule that must be among the reasons;
`missing` lists items that must be in the decision's `missing`.
"""

from dataclasses import dataclass, field

from escalade.triage.types import Attempt, TriageCase

H, E, B = "handle_at_n1", "escalate", "borderline"


@dataclass(frozen=True)
class Row:
    id: str
    case: TriageCase
    outcome: str
    rule: str = ""
    category: str = ""
    priority: str = ""
    missing: tuple[str, ...] = ()
    not_missing: tuple[str, ...] = field(default=())


def case(description: str, failed: int = 0, succeeded: int = 0, **facts) -> TriageCase:
    attempts = tuple(
        [Attempt(f"essai {n}", "failed") for n in range(failed)]
        + [Attempt("correctif", "succeeded") for _ in range(succeeded)]
    )
    return TriageCase(description=description, attempts=attempts, **facts)


SPEC_ROWS = [
    # Section 1: level-1 examples.
    Row(
        "1.n1.mail_not_receiving",
        case("Ma boîte mail ne reçoit plus de messages depuis hier"),
        H,
        "never.simple_email",
        "simple_email",
    ),
    Row(
        "1.n1.how_to_configure",
        case("Comment je configure mon logiciel de messagerie ?"),
        H,
        "never.simple_email",
        "simple_email",
    ),
    Row(
        "1.n1.portal_login",
        case("Je n'arrive pas à me connecter au portail"),
        H,
        "never.portal_login",
        "portal_login",
    ),
    Row(
        "1.n1.third_party_error",
        case("Qu'est-ce que c'est que ce message d'erreur sur le site Ameli ?"),
        H,
        "never.out_of_scope",
        "out_of_scope",
    ),
    Row(
        "1.n1.password",
        case("Mon mot de passe ne marche pas"),
        H,
        "never.password",
        "password",
    ),
    # Section 1: level-2 examples.
    Row(
        "1.n2.attachments",
        case("Les pièces jointes de mes mails ont disparu"),
        E,
        "always.system_error",
        "system_error",
    ),
    Row(
        "1.n2.err_502",
        case("Le client a une erreur système précise : ERR_502_TIMEOUT"),
        E,
        "always.system_error",
        "system_error",
    ),
    Row(
        "1.n2.imap_smtp",
        case("Réglage très complexe du serveur mail, paramètres IMAP et SMTP"),
        E,
        "always.server_config",
        "server_config",
    ),
    Row(
        "1.n2.portal_bug",
        case("Bug du portail jamais vu : il plante au hasard, de façon aléatoire"),
        E,
        "always.portal_bug",
        "portal_bug",
    ),
    Row(
        "1.n2.sync",
        case("Souci de synchronisation entre mes appareils"),
        E,
        "always.sync",
        "sync",
    ),
    Row(
        "1.n2.crm",
        case("Relier ma messagerie à notre CRM, un système tiers"),
        E,
        "always.integration",
        "integration",
    ),
    Row(
        "1.n2.security",
        case("Accès non autorisé à mon compte, problème de sécurité"),
        E,
        "always.security",
        "security",
        "urgent",
    ),
    Row(
        "1.n2.performance",
        case("Tout est devenu très lent sans raison, performances dégradées"),
        E,
        "always.performance",
        "performance",
    ),
    # Section 1C: escalate.
    Row(
        "1C.escalate.system_error",
        case("Erreur technique complexe : HTTP 503 à chaque envoi"),
        E,
        "always.system_error",
        "system_error",
    ),
    Row(
        "1C.escalate.portal_bug",
        case("Le portail affiche une page blanche sur la page factures"),
        E,
        "always.portal_bug",
        "portal_bug",
    ),
    Row(
        "1C.escalate.sync",
        case(
            "Les mails lus sur le téléphone restent non lus sur le PC, "
            "la synchro ne suit pas"
        ),
        E,
        "always.sync",
        "sync",
    ),
    Row(
        "1C.escalate.server_config",
        case("Il faut configurer un serveur SMTP personnalisé avec certificat"),
        E,
        "always.server_config",
        "server_config",
    ),
    Row(
        "1C.escalate.integration",
        case("Notre API de commandes n'envoie plus les mails de confirmation"),
        E,
        "always.integration",
        "integration",
    ),
    Row(
        "1C.escalate.security",
        case(
            "Quelqu'un s'est connecté à ma boîte depuis l'étranger, connexion suspecte"
        ),
        E,
        "always.security",
        "security",
        "urgent",
    ),
    Row(
        "1C.escalate.performance",
        case("Le webmail met des minutes à s'ouvrir, lenteur inexpliquée"),
        E,
        "always.performance",
        "performance",
    ),
    Row(
        "1C.escalate.database",
        case("Message SQLSTATE[HY000] General error quand on exporte"),
        E,
        "always.database",
        "database",
    ),
    Row(
        "1C.escalate.cryptic_logs",
        case("Le journal d'erreur affiche des lignes incompréhensibles"),
        E,
        "always.cryptic_logs",
        "cryptic_logs",
    ),
    Row(
        "1C.escalate.not_reproduced",
        case(
            "Le tableau de bord montre de faux chiffres chez le client",
            failed=1,
            reproduced_by_agent=False,
        ),
        E,
        "if.not_reproduced",
        "other",
    ),
    # Section 1C: do not escalate.
    Row(
        "1C.never.simple_email",
        case("Configurer mon adresse mail sur le nouveau PC"),
        H,
        "never.simple_email",
        "simple_email",
    ),
    Row(
        "1C.never.password",
        case("J'ai oublié mon mot de passe"),
        H,
        "never.password",
        "password",
    ),
    Row(
        "1C.never.feature_question",
        case("Comment fonctionne la fonctionnalité de réponse automatique ?"),
        H,
        "never.faq",
        "faq",
        "low",
    ),
    Row(
        "1C.never.portal_login",
        case("Impossible de me connecter au portail client"),
        H,
        "never.portal_login",
        "portal_login",
    ),
    Row(
        "1C.never.customer_error",
        case("Il tapait un mauvais identifiant, verr maj activé"),
        H,
        "never.customer_error",
    ),
    Row(
        "1C.never.out_of_scope",
        case("Ma box internet Livebox ne marche plus"),
        H,
        "never.out_of_scope",
        "out_of_scope",
    ),
    Row(
        "1C.never.training",
        case("Je voudrais une formation à l'outil pour mon équipe"),
        H,
        "never.faq",
        "faq",
        "low",
    ),
    # Section 1C: borderline, N1 tries simple fixes first.
    Row(
        "1C.borderline.asked_third_time",
        case("Je vous appelle pour la troisième fois pour ce souci d'affichage"),
        B,
        "borderline.asked_again",
        missing=("attempts",),
    ),
    Row(
        "1C.borderline.asked_third_time.fails",
        case("Problème d'affichage", failed=1, times_asked=3),
        E,
        "borderline.asked_again",
    ),
    Row(
        "1C.borderline.intermittent",
        case("Le bouton d'envoi ne répond pas, de temps en temps"),
        B,
        "borderline.intermittent",
        missing=("attempts", "reproduction"),
    ),
    Row(
        "1C.borderline.old_browser",
        case("L'affichage est cassé sur son vieux navigateur Internet Explorer"),
        B,
        "try.old_client",
        missing=("attempts",),
    ),
    # Section 6.1: simple configuration, do not escalate.
    Row(
        "6.1.simple.basic_email",
        case("Ajouter mon compte e-mail dans Thunderbird"),
        H,
        "never.simple_email",
        "simple_email",
    ),
    Row(
        "6.1.simple.forgotten_password",
        case("Mot de passe oublié, il faut le réinitialiser"),
        H,
        "never.password",
        "password",
    ),
    Row(
        "6.1.simple.wrong_login",
        case("Erreur de connexion : mauvais identifiant saisi"),
        H,
        "never.customer_error",
    ),
    Row(
        "6.1.simple.faq",
        case("Question : où trouver mes factures dans l'espace client ?"),
        H,
        "never.faq",
        "faq",
    ),
    # Section 6.1: medium configuration, try at N1 first.
    Row(
        "6.1.medium.after_restart.solved",
        case("Plus de son après redémarrage du PC", succeeded=1),
        H,
        "never.solved_at_n1",
    ),
    Row(
        "6.1.medium.after_restart.persists",
        case("Le logiciel ne s'ouvre plus après redémarrage du PC", failed=1),
        E,
        "try.after_restart",
    ),
    Row(
        "6.1.medium.after_restart.untried",
        case("Le logiciel ne s'ouvre plus après redémarrage du PC"),
        B,
        "try.after_restart",
        missing=("attempts",),
    ),
    Row(
        "6.1.medium.sporadic.reproduced",
        case("Erreur sporadique à l'ouverture d'un dossier", reproduced_by_agent=True),
        H,
        "try.sporadic_error",
    ),
    Row(
        "6.1.medium.sporadic.intermittent",
        case("Erreur sporadique à l'ouverture d'un dossier", reproduced_by_agent=False),
        E,
        "if.intermittent",
    ),
    Row(
        "6.1.medium.old_client.update_fails",
        case("Il utilise Outlook 2010, les dossiers ne s'affichent pas", failed=1),
        E,
        "try.old_client",
    ),
    Row(
        "6.1.medium.old_client.update_works",
        case("Il utilise Outlook 2010, les dossiers ne s'affichent pas", succeeded=1),
        H,
        "never.solved_at_n1",
    ),
    # Section 6.1: complex problems, escalate directly.
    Row(
        "6.1.complex.sync",
        case("Mails en double sur le téléphone et l'ordinateur"),
        E,
        "always.sync",
        "sync",
    ),
    Row(
        "6.1.complex.server_config",
        case("Certificats TLS du serveur IMAP personnalisé à changer"),
        E,
        "always.server_config",
        "server_config",
    ),
    Row(
        "6.1.complex.integration",
        case("Intégration de l'API mail avec le CRM Salesforce"),
        E,
        "always.integration",
        "integration",
        "low",
    ),
    Row(
        "6.1.complex.portal_bug",
        case("Bug sur le portail quand on clique sur Exporter"),
        E,
        "always.portal_bug",
        "portal_bug",
    ),
    Row(
        "6.1.complex.err_502",
        case("ERR_502 en ouvrant la page des contrats"),
        E,
        "always.system_error",
        "system_error",
    ),
    Row(
        "6.1.complex.security",
        case("Compte piraté, des spams partent de ma boîte"),
        E,
        "always.security",
        "security",
        "urgent",
        not_missing=("attempts",),
    ),
    # Section 6.1: red list, always escalate.
    Row(
        "6.1.red.5xx",
        case("Le serveur renvoie error 500 Internal Server Error"),
        E,
        "always.system_error",
        "system_error",
    ),
    Row(
        "6.1.red.security",
        case("Phishing : un collègue a donné ses identifiants"),
        E,
        "always.security",
        "security",
        "urgent",
    ),
    Row(
        "6.1.red.integration",
        case("Le connecteur ERP ne transmet plus les factures"),
        E,
        "always.integration",
        "integration",
    ),
    Row(
        "6.1.red.sync",
        case("Mes contacts ne se synchronisent plus entre iPhone et Mac"),
        E,
        "always.sync",
        "sync",
    ),
    Row(
        "6.1.red.reproducible_bug",
        case(
            "Le portail plante à chaque fois sur la page profil",
            reproduced_by_agent=True,
        ),
        E,
        "always.portal_bug",
        "portal_bug",
        not_missing=("reproduction",),
    ),
    # Section 6.1: yellow list, escalate if.
    Row(
        "6.1.yellow.three_failed",
        case("Le logiciel refuse d'imprimer les étiquettes", failed=3),
        E,
        "if.failed_attempts",
    ),
    Row(
        "6.1.yellow.intermittent",
        case("Le logiciel se ferme", intermittent=True, reproduced_by_agent=False),
        E,
        "if.intermittent",
    ),
    Row(
        "6.1.yellow.expert_request",
        case("Il veut parler à un expert pour son tableau de bord"),
        E,
        "if.expert_requested",
    ),
    Row(
        "6.1.yellow.undocumented",
        case("Le tableau de bord affiche des dates en 1970", failed=1),
        E,
        "if.undocumented",
        "other",
    ),
    Row(
        "6.1.yellow.stuck_15_minutes",
        case(
            "Le logiciel refuse d'imprimer les étiquettes", failed=1, minutes_spent=16
        ),
        E,
        "if.stuck",
    ),
    # Section 6.1: green list, do not escalate.
    Row(
        "6.1.green.standard_config",
        case("Paramétrer la messagerie standard sur son téléphone"),
        H,
        "never.simple_email",
        "simple_email",
    ),
    Row(
        "6.1.green.customer_error",
        case("Il entrait un mauvais mot de passe, touche majuscule bloquée"),
        H,
        "never.customer_error",
    ),
    Row(
        "6.1.green.faq",
        case("Question sur la formation des nouveaux arrivants"),
        H,
        "never.faq",
        "faq",
    ),
    Row(
        "6.1.green.solved_immediately",
        case("Le logiciel refuse d'imprimer", succeeded=1),
        H,
        "never.solved_at_n1",
    ),
    Row(
        "6.1.green.out_of_scope",
        case("Problème avec son imprimante HP"),
        H,
        "never.out_of_scope",
        "out_of_scope",
    ),
    # Section 7.
    Row(
        "7.1.TK-00789",
        case(
            "Depuis lundi, chaque e-mail arrive deux fois sur le PC et sur le "
            "téléphone, dix minutes d'écart. Après la mise à jour Windows. "
            "Outlook 2021 sur Windows 11, Thunderbird sur Android 13.",
            failed=3,
            minutes_spent=8,
            reproduced_by_agent=True,
        ),
        E,
        "always.sync",
        "sync",
        "normal",
        not_missing=("attempts", "environment", "reproduction"),
    ),
    Row(
        "7.2.TK-00793",
        case(
            "Synchronisation e-mail toujours en échec après l'intervention de l'expert",
            failed=3,
            reproduced_by_agent=True,
        ),
        E,
        "always.sync",
        "sync",
    ),
    Row(
        "7.3.TK-00794",
        case(
            "Le client ne peut pas se connecter : c'est juste un mot de passe oublié",
            customer_requests_expert=True,
        ),
        H,
        "never.password",
        "password",
    ),
    # Section 5.1: the queue's examples and their priorities.
    Row(
        "5.1.TK-00790.pop3",
        case("Configuration du serveur POP3"),
        E,
        "always.server_config",
        "server_config",
        "normal",
    ),
    Row(
        "5.1.TK-00791.portal_login_bug",
        case(
            "Bug du portail à la connexion, toute l'équipe est bloquée",
            business_impact=True,
            needed_today=True,
        ),
        E,
        "always.portal_bug",
        "portal_bug",
        "urgent",
    ),
    Row(
        "5.1.TK-00792.crm",
        case("Intégration CRM"),
        E,
        "always.integration",
        "integration",
        "low",
    ),
]

QUIZ_ROWS = [
    Row(
        "10.Q1.delay_between_devices",
        case(
            "Mon Outlook reçoit les e-mails avec 30 secondes de retard "
            "sur mon téléphone"
        ),
        E,
        "always.sync",
        "sync",
    ),
    Row(
        "10.Q2.forgotten_password",
        case("Le client ne se souvient plus de son mot de passe numi"),
        H,
        "never.password",
        "password",
    ),
    Row(
        "10.Q3.try_basics_first",
        case("Les mails arrivent en double sur la tablette et le PC"),
        E,
        "always.sync",
        missing=("attempts",),
    ),
    Row(
        "10.Q4.briefing_needs_environment",
        case("Les mails arrivent en double", failed=1, reproduced_by_agent=True),
        E,
        "always.sync",
        missing=("environment",),
    ),
    Row(
        "10.Q5.urgent_no_mail",
        case("C'est urgent, mes e-mails ne marchent pas du tout !"),
        H,
        "borderline.diagnose_first",
        missing=("diagnosis",),
    ),
]

OWN_ROWS = [
    # English, plain.
    Row(
        "own.en.forgot_password",
        case("I forgot my password"),
        H,
        "never.password",
        "password",
    ),
    Row(
        "own.en.reset_password_typo",
        case("Need to resset my pasword please"),
        H,
        "never.password",
        "password",
    ),
    Row(
        "own.en.passwrod",
        case("passwrod forgoten, cant log in"),
        H,
        "never.password",
        "password",
    ),
    Row(
        "own.en.hacked",
        case("My account was hackd, someone sends mails as me"),
        E,
        "always.security",
        "security",
        "urgent",
    ),
    Row(
        "own.en.phishing_clicked",
        case("I clicked a phishing link and typed my login"),
        E,
        "always.security",
        "security",
        "urgent",
    ),
    Row(
        "own.en.sync_phone",
        case("Emails read on my phone still show unread on my laptop, sync is broken"),
        E,
        "always.sync",
        "sync",
    ),
    Row(
        "own.en.duplicates",
        case("Every email shows up twice on my iPhone and my PC"),
        E,
        "always.sync",
        "sync",
    ),
    Row(
        "own.en.imap_cert",
        case("Outlook says the IMAP server certificate is invalid"),
        E,
        "always.server_config",
        "server_config",
    ),
    Row(
        "own.en.smtp_port",
        case("Which SMTP port for our own relay server?"),
        E,
        "always.server_config",
        "server_config",
    ),
    Row(
        "own.en.crm_webhook",
        case("Our CRM webhook stopped receiving the mail events"),
        E,
        "always.integration",
        "integration",
        "low",
    ),
    Row(
        "own.en.502",
        case("The portal shows 502 Bad Gateway"),
        E,
        "always.system_error",
        "system_error",
    ),
    Row(
        "own.en.gateway_timeout",
        case("Gateway timeout when sending large files"),
        E,
        "always.system_error",
        "system_error",
    ),
    Row(
        "own.en.stack_trace",
        case("The export page prints a long stack trace"),
        E,
        "always.cryptic_logs",
        "cryptic_logs",
    ),
    Row(
        "own.en.exception_name",
        case("App shows NullPointerException then closes"),
        E,
        "always.cryptic_logs",
        "cryptic_logs",
    ),
    Row(
        "own.en.ora",
        case("Report fails with ORA-00942 table or view does not exist"),
        E,
        "always.database",
        "database",
    ),
    Row(
        "own.en.slow",
        case("Webmail is extremely slow since this morning, nobody knows why"),
        E,
        "always.performance",
        "performance",
    ),
    Row(
        "own.en.portal_crash",
        case("The customer portal crashes when I upload a document"),
        E,
        "always.portal_bug",
        "portal_bug",
    ),
    Row(
        "own.en.how_to_signature",
        case("How do I add a signature to my messages?"),
        H,
        "never.faq",
        "faq",
        "low",
    ),
    Row(
        "own.en.training",
        case("Can we book a training workshop for new staff?"),
        H,
        "never.faq",
        "faq",
        "low",
    ),
    Row(
        "own.en.printer",
        case("My printer won't print"),
        H,
        "never.out_of_scope",
        "out_of_scope",
        "low",
    ),
    Row(
        "own.en.setup_mail",
        case("Please help me set up my email on my new laptop"),
        H,
        "never.simple_email",
        "simple_email",
    ),
    Row(
        "own.en.caps_lock",
        case("Wrong password error, caps lock was on"),
        H,
        "never.customer_error",
    ),
    Row(
        "own.en.portal_login",
        case("Can't sign in to the portal"),
        H,
        "never.portal_login",
        "portal_login",
    ),
    Row(
        "own.en.urgent_nothing_works",
        case("URGENT!!! my emails are not working at all"),
        H,
        "borderline.diagnose_first",
        "simple_email",
        missing=("diagnosis",),
    ),
    Row(
        "own.en.many_users",
        case("All users in the office cannot receive email", failed=1),
        E,
        "if.many_users",
    ),
    Row(
        "own.en.after_update",
        case("Since the update, emails arrive twice on my phone and PC"),
        E,
        "always.sync",
        "sync",
    ),
    Row(
        "own.en.after_reboot_untried",
        case("The app won't start after a reboot"),
        B,
        "try.after_restart",
        missing=("attempts",),
    ),
    Row(
        "own.en.after_reboot_failed",
        case("The app won't start after a reboot", failed=2),
        E,
        "try.after_restart",
    ),
    Row(
        "own.en.old_browser",
        case("Pages look broken on an old browser, IE11"),
        B,
        "try.old_client",
    ),
    Row(
        "own.en.sometimes",
        case("Sometimes the send button does nothing", reproduced_by_agent=False),
        E,
        "if.intermittent",
    ),
    Row(
        "own.en.sometimes_reproduced",
        case("Sometimes the send button does nothing", reproduced_by_agent=True),
        H,
        "try.sporadic_error",
    ),
    Row(
        "own.en.third_time",
        case("This is the third time I call about the calendar showing the wrong week"),
        B,
        "borderline.asked_again",
    ),
    Row(
        "own.en.unknown",
        case("The calendar shows wrong week numbers"),
        B,
        "borderline.undocumented",
        "other",
        missing=("attempts",),
    ),
    Row(
        "own.en.unknown_failed",
        case("The calendar shows wrong week numbers", failed=2),
        E,
        "if.undocumented",
        "other",
    ),
    Row(
        "own.en.stuck_20",
        case("The calendar shows wrong week numbers", minutes_spent=20),
        E,
        "if.stuck",
    ),
    Row(
        "own.en.fifteen_is_not_over",
        case("The calendar shows wrong week numbers", minutes_spent=15),
        B,
        "borderline.undocumented",
    ),
    Row(
        "own.en.expert_asked",
        case(
            "Customer, a developer, insists on talking to an expert about the calendar"
        ),
        E,
        "if.expert_requested",
    ),
    # French, with and without accents, with typos.
    Row("own.fr.mdp", case("mdp oublié"), H, "never.password", "password"),
    Row(
        "own.fr.mot_de_passe_caps",
        case("MOT DE PASSE OUBLIÉ"),
        H,
        "never.password",
        "password",
    ),
    Row(
        "own.fr.no_accents",
        case("mot de passe oublie, compte bloque"),
        H,
        "never.password",
        "password",
    ),
    Row(
        "own.fr.pirate",
        case("Mon compte a été piraté !"),
        E,
        "always.security",
        "security",
        "urgent",
    ),
    Row(
        "own.fr.pirate_typo",
        case("mon conte a ete pirater hier soir"),
        E,
        "always.security",
        "security",
        "urgent",
    ),
    Row(
        "own.fr.synchro_typo",
        case("syncronisation des mails entre mon iphone et mon pc"),
        E,
        "always.sync",
        "sync",
    ),
    Row(
        "own.fr.doublons",
        case("Des doublons de mails sur mon téléphone"),
        E,
        "always.sync",
        "sync",
    ),
    Row(
        "own.fr.certificat",
        case("Le certificat SSL du serveur de messagerie a expiré"),
        E,
        "always.server_config",
        "server_config",
    ),
    Row(
        "own.fr.integration_typo",
        case("Intégartion de notre ERP avec la messagerie"),
        E,
        "always.integration",
        "integration",
    ),
    Row(
        "own.fr.erreur_500",
        case("Erreur 500 quand je valide le formulaire"),
        E,
        "always.system_error",
        "system_error",
    ),
    Row(
        "own.fr.err_lower",
        case("le portail affiche err_504_gateway en boucle"),
        E,
        "always.system_error",
        "system_error",
    ),
    Row(
        "own.fr.base_de_donnees",
        case("La base de données des contacts est corrompue"),
        E,
        "always.database",
        "database",
    ),
    Row(
        "own.fr.lenteur",
        case("Grosse lenteur sur le webmail depuis mardi"),
        E,
        "always.performance",
        "performance",
    ),
    Row(
        "own.fr.ca_rame",
        case("Le portail rame énormément"),
        E,
        "always.performance",
        "performance",
    ),
    Row(
        "own.fr.page_blanche",
        case("Page blanche sur le portail après avoir cliqué sur payer"),
        E,
        "always.portal_bug",
        "portal_bug",
    ),
    Row(
        "own.fr.formation",
        case("Avez-vous des ateliers pour apprendre l'outil ?"),
        H,
        "never.faq",
        "faq",
    ),
    Row(
        "own.fr.impots",
        case("Le site des impôts refuse ma déclaration"),
        H,
        "never.out_of_scope",
        "out_of_scope",
    ),
    Row(
        "own.fr.config_thunderbird",
        case("Configurer Thunderbird pour ma nouvelle adresse"),
        H,
        "never.simple_email",
        "simple_email",
    ),
    Row(
        "own.fr.connexion_typo",
        case("Probleme de conexion au portial"),
        H,
        "never.portal_login",
        "portal_login",
    ),
    Row(
        "own.fr.faute_de_frappe",
        case("Faute de frappe dans l'adresse, les mails ne partaient pas"),
        H,
        "never.customer_error",
    ),
    Row(
        "own.fr.urgent_vague",
        case("Urgent : plus aucun mail n'arrive !"),
        H,
        "borderline.diagnose_first",
        missing=("diagnosis",),
    ),
    Row(
        "own.fr.urgent_vague_tried",
        case("Urgent : plus aucun mail n'arrive !", failed=1),
        H,
        "never.simple_email",
        not_missing=("diagnosis",),
    ),
    Row(
        "own.fr.tous_les_utilisateurs",
        case("Tous les utilisateurs de l'agence ne reçoivent plus de mails"),
        E,
        "if.many_users",
    ),
    Row(
        "own.fr.apres_redemarrage",
        case("L'application ne démarre plus après le redémarrage"),
        B,
        "try.after_restart",
    ),
    Row(
        "own.fr.apres_redemarrage_echec",
        case("L'application ne démarre plus après le redémarrage", failed=1),
        E,
        "try.after_restart",
    ),
    Row(
        "own.fr.parfois",
        case("Parfois l'envoi échoue sans message", reproduced_by_agent=False),
        E,
        "if.intermittent",
    ),
    Row(
        "own.fr.parfois_reproduit",
        case("Parfois l'envoi échoue sans message", reproduced_by_agent=True),
        H,
        "try.sporadic_error",
    ),
    Row(
        "own.fr.intermittent_unknown",
        case("Coupures intermittentes de l'application"),
        B,
        "borderline.intermittent",
        missing=("reproduction",),
    ),
    Row(
        "own.fr.vieux_pc",
        case("Sur son vieux PC sous Windows 7, l'application ne s'installe pas"),
        B,
        "try.old_client",
    ),
    Row(
        "own.fr.troisieme_fois",
        case("C'est la 3e fois que j'appelle pour l'affichage du calendrier"),
        B,
        "borderline.asked_again",
    ),
    Row(
        "own.fr.inconnu",
        case("Le calendrier affiche les mauvais jours fériés"),
        B,
        "borderline.undocumented",
        "other",
    ),
    # Extra facts beyond the text.
    Row(
        "own.facts.security_flag",
        case("Le client a reçu un SMS bizarre", security_concern=True),
        E,
        "always.security",
        "security",
        "urgent",
    ),
    Row(
        "own.facts.success_beats_category",
        case("Mails en double sur deux appareils", succeeded=1),
        H,
        "never.solved_at_n1",
        "sync",
    ),
    Row(
        "own.facts.security_beats_success",
        case("Connexion suspecte sur le compte", succeeded=1),
        E,
        "always.security",
    ),
    Row(
        "own.facts.password_stays_at_n1",
        case(
            "Mot de passe oublié",
            failed=3,
            minutes_spent=30,
            customer_requests_expert=True,
        ),
        H,
        "never.password",
    ),
    Row(
        "own.facts.simple_email_three_failed",
        case("Configurer ma messagerie sur mon téléphone", failed=3),
        E,
        "if.failed_attempts",
        "simple_email",
    ),
    Row(
        "own.facts.simple_email_expert_asked",
        case("Configurer ma messagerie", customer_requests_expert=True),
        H,
        "never.simple_email",
    ),
    Row(
        "own.facts.explicit_category",
        case("Le client appelle au sujet de son problème", category="sync"),
        E,
        "always.sync",
        "sync",
    ),
    Row(
        "own.facts.explicit_other",
        case("Le client appelle au sujet de son problème", category="other", failed=1),
        E,
        "if.undocumented",
        "other",
    ),
    Row(
        "own.facts.business_today",
        case(
            "Synchronisation cassée entre les postes",
            business_impact=True,
            needed_today=True,
        ),
        E,
        "priority.business_today",
        priority="urgent",
    ),
    Row(
        "own.facts.business_not_today",
        case("Synchronisation cassée entre les postes", business_impact=True),
        E,
        "priority.normal",
        priority="normal",
    ),
    Row(
        "own.facts.integration_urgent",
        case("Intégration CRM bloquée", business_impact=True, needed_today=True),
        E,
        "always.integration",
        priority="urgent",
    ),
    Row(
        "own.facts.text_business_today",
        case(
            "Erreur 503 sur le portail, on ne peut plus travailler, "
            "il nous faut une solution aujourd'hui"
        ),
        E,
        "priority.business_today",
        priority="urgent",
    ),
    Row(
        "own.facts.explicit_not_intermittent",
        case("Parfois ça coupe", intermittent=False, failed=1),
        E,
        "if.undocumented",
    ),
    Row(
        "own.facts.times_asked_field",
        case("Le calendrier affiche les mauvais jours", times_asked=4),
        B,
        "borderline.asked_again",
    ),
    Row(
        "own.facts.complete_briefing",
        case(
            "Mails en double sur Outlook (Windows 11) et Android",
            failed=1,
            reproduced_by_agent=True,
        ),
        E,
        "always.sync",
        not_missing=("attempts", "environment", "reproduction"),
    ),
]

ALL_ROWS = SPEC_ROWS + QUIZ_ROWS + OWN_ROWS
