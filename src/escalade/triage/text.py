"""Reading a free-text description, in French or English: category, error
codes and signals.

Steps:
1. Normalise with Unidecode (accents away), lower-case, keep letters,
   digits and underscores as words.
2. Map each word to its canonical form in the lexicon: exact, then by
   prefix (``synchro*``), then, for words of five letters or more, by
   fuzzy match with RapidFuzz (one edit, two for long words; a swap of two
   letters counts as one edit). Results are cached per word.
3. Look for each concept's expressions in the canonical text.
4. Find error codes with regular expressions on the raw text.
5. Infer the category from concepts and codes, most serious first.

The lexicon is about understanding words; what a category *means* for the
escalation lives in rules.py.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA
from unidecode import unidecode

from escalade.tickets.choices import Category

# Concept -> expressions. An expression is one or more words; a word ending
# in "*" matches any word that starts with it. Written without accents.
LEXICON: dict[str, tuple[str, ...]] = {
    "email": (
        "email*",
        "e mail*",
        "mail",
        "mails",
        "courriel*",
        "messagerie*",
        "outlook",
        "thunderbird",
        "boite mail",
        "boite de reception",
        "inbox",
        "mailbox",
        "webmail",
    ),
    "password": (
        "mot de passe",
        "mots de passe",
        "password*",
        "passwd",
        "mdp",
        "pwd",
        "passcode",
        "mot passe",
    ),
    "login": (
        "connect*",
        "connexion*",
        "login*",
        "log in",
        "sign in",
        "signin",
        "logon",
        "identifiant*",
        "authentif*",
        "authenticat*",
        "acceder",
        "acces au portail",
        "access the portal",
    ),
    "portal": (
        "portail*",
        "portal*",
        "espace client",
        "site",
        "site web",
        "website",
        "customer area",
        "extranet",
        "numi",
    ),
    "bug": (
        "bug*",
        "crash*",
        "plante",
        "plant",
        "planter",
        "page blanche",
        "blank page",
        "white page",
        "freeze*",
        "frozen",
        "fige",
        "figee",
        "glitch*",
        "beug*",
        "bogue*",
    ),
    "configure": (
        "configur*",
        "parametr*",
        "set up",
        "setup",
        "install*",
        "ajouter mon compte",
        "add my account",
        "add an account",
    ),
    "howto": (
        "comment",
        "how do",
        "how to",
        "how can",
        "ou trouver",
        "where can",
        "where do",
        "question*",
        "fonctionnalit*",
        "feature*",
        "a quoi sert",
        "what is the",
        "est il possible",
        "is it possible",
        "can i",
    ),
    "training": (
        "formation*",
        "atelier*",
        "training*",
        "workshop*",
        "tutori*",
        "webinar*",
        "mode d emploi",
        "documentation*",
        "user guide",
        "guide utilisateur",
    ),
    "out_of_scope": (
        "ameli",
        "impots",
        "caf",
        "pole emploi",
        "france travail",
        "banque",
        "bank",
        "facebook",
        "instagram",
        "whatsapp",
        "imprimante*",
        "printer*",
        "hors perimetre",
        "out of scope",
        "netflix",
        "amazon",
        "pas chez vous",
        "not your service",
        "autre fournisseur",
        "another provider",
        "box internet",
        "livebox",
        "freebox",
    ),
    "sync": (
        "synchro*",
        "sync",
        "syncing",
        "synced",
        "synchron*",
        "resync*",
    ),
    "duplicate": (
        "en double",
        "doublon*",
        "duplicat*",
        "deux fois",
        "twice",
        "en plusieurs exemplaires",
        "two copies",
    ),
    "delay": (
        "retard*",
        "delai*",
        "delay*",
        "late",
        "lag",
        "decalage",
        "decale",
        "seconds later",
        "secondes plus tard",
        "minutes plus tard",
        "minutes later",
    ),
    "devices": (
        "telephone*",
        "phone*",
        "smartphone*",
        "mobile*",
        "tablette*",
        "tablet*",
        "ipad",
        "iphone",
        "android",
        "appareil*",
        "device*",
        "pc",
        "ordinateur*",
        "computer*",
        "laptop*",
        "portable",
    ),
    "server_config": (
        "imap",
        "smtp",
        "pop",
        "pop3",
        "certificat*",
        "certificate*",
        "ssl",
        "tls",
        "starttls",
        "port",
        "ports",
        "dns",
        "mx",
        "dkim",
        "spf",
        "dmarc",
        "serveur sortant",
        "serveur entrant",
        "outgoing server",
        "incoming server",
        "serveur mail",
        "mail server",
        "serveur de messagerie",
        "relais",
        "relay",
        "nom de domaine",
        "domain name",
    ),
    "attachment": (
        "piece* jointe*",
        "pj",
        "attachment*",
        "fichier* joint*",
    ),
    "vanish": (
        "dispar*",
        "disappear*",
        "vanish*",
        "go missing",
        "goes missing",
        "are missing",
        "is missing",
        "manquant*",
        "manquent",
    ),
    "integration": (
        "api",
        "apis",
        "crm",
        "erp",
        "salesforce",
        "hubspot",
        "zoho",
        "pipedrive",
        "webhook*",
        "integration*",
        "integrat*",
        "systeme tiers",
        "third party",
        "connecteur*",
        "connector*",
        "zapier",
        "logiciel metier",
    ),
    "system_error": (
        "erreur systeme",
        "system error",
        "erreur serveur",
        "server error",
        "erreur interne",
        "internal error",
        "internal server error",
        "bad gateway",
        "gateway timeout",
        "service unavailable",
        "service indisponible",
        "timeout",
        "time out",
        "timed out",
        "erreur technique",
    ),
    "database": (
        "base de donnees",
        "base de donnee",
        "bases de donnees",
        "database*",
        "sql",
        "sqlstate",
        "mysql",
        "postgres*",
        "postgresql",
        "deadlock*",
        "bdd",
        "db",
    ),
    "cryptic_logs": (
        "stack trace",
        "stacktrace",
        "traceback",
        "core dump",
        "segfault",
        "log d erreur",
        "logs d erreur",
        "journal d erreur",
        "journaux d erreur",
        "error log*",
        "cryptique*",
        "cryptic*",
        "incomprehensible*",
        "code bizarre",
        "strange code",
        "weird code",
        "exception levee",
        "exception thrown",
        "unhandled exception",
        "exception non geree",
        "exception non interceptee",
    ),
    "performance": (
        "lent",
        "lente",
        "lents",
        "lentes",
        "lenteur*",
        "slow*",
        "ralenti*",
        "performance*",
        "perf",
        "latence*",
        "latency",
        "temps de chargement",
        "loading time",
        "sluggish",
        "rame",
        "rament",
        "takes forever",
        "prend des minutes",
        "met des minutes",
    ),
    "security": (
        "pirat*",
        "hack*",
        "phishing",
        "hameconnage",
        "acces non autorise",
        "acces non autorises",
        "unauthorized access",
        "unauthorised access",
        "compromis",
        "compromise*",
        "intrus*",
        "connexion suspecte",
        "connexions suspectes",
        "activite suspecte",
        "suspicious*",
        "probleme de securite",
        "probleme securite",
        "incident de securite",
        "alerte de securite",
        "faille*",
        "security issue",
        "security problem",
        "security incident",
        "security alert",
        "breach",
        "ransomware",
        "malware",
        "virus",
        "usurp*",
        "fuite de donnees",
        "data leak",
        "someone else logged",
        "connecte a ma place",
        "logged in as me",
    ),
    "customer_error": (
        "mauvais mot de passe",
        "mauvais identifiant",
        "mauvaise adresse",
        "wrong password",
        "wrong login",
        "wrong username",
        "wrong address",
        "wrong email",
        "faute de frappe",
        "typo",
        "typos",
        "caps lock",
        "verr maj",
        "verrouillage majuscule",
        "majuscules activees",
        "mal saisi",
        "mal tape",
        "mistyped",
        "incorrect password",
        "mot de passe incorrect",
        "identifiant incorrect",
    ),
    "intermittent": (
        "intermittent*",
        "sporadi*",
        "de temps en temps",
        "de temps a autre",
        "parfois",
        "des fois",
        "aleatoire*",
        "random*",
        "sometimes",
        "from time to time",
        "occasionnel*",
        "occasional*",
        "now and then",
        "par moments",
        "pas toujours",
        "not always",
        "certains jours",
        "some days",
        "va et vient",
        "comes and goes",
        "irregulier*",
    ),
    "after_update": (
        "apres la mise a jour",
        "apres une mise a jour",
        "apres mise a jour",
        "depuis la mise a jour",
        "depuis une mise a jour",
        "depuis mise a jour",
        "apres la maj",
        "apres maj",
        "depuis la maj",
        "depuis maj",
        "after the update",
        "after an update",
        "after update",
        "after updating",
        "since the update",
        "since updating",
        "after the upgrade",
        "after upgrading",
        "since the upgrade",
        "apres avoir mis a jour",
    ),
    "after_restart": (
        "apres redemarr*",
        "apres un redemarr*",
        "apres le redemarr*",
        "apres avoir redemarr*",
        "depuis le redemarr*",
        "depuis redemarr*",
        "after restart*",
        "after a restart*",
        "after the restart*",
        "after reboot*",
        "after a reboot*",
        "after the reboot*",
        "since the restart*",
        "since restart*",
        "since the reboot*",
        "a chaque redemarr*",
        "every restart*",
        "each restart*",
        "every reboot*",
        "quand je redemarr*",
        "when i restart*",
        "when i reboot*",
        "apres avoir eteint",
        "after turning it off",
    ),
    "old_client": (
        "ancien navigateur",
        "vieux navigateur",
        "ancienne version",
        "vieille version",
        "old browser",
        "old version",
        "older version",
        "outdated",
        "obsolete*",
        "internet explorer",
        "ie",
        "ie11",
        "ie8",
        "ie9",
        "outlook 2007",
        "outlook 2010",
        "outlook 2003",
        "office 2010",
        "office 2007",
        "windows xp",
        "windows 7",
        "windows vista",
        "win7",
        "winxp",
        "vieil ordinateur",
        "vieux pc",
        "ancien ordinateur",
        "ancien pc",
        "ancien appareil",
        "vieux telephone",
        "ancien telephone",
        "old phone",
        "old computer",
        "old device",
        "old pc",
        "old client",
        "ancien client mail",
        "ancien client email",
        "ancien logiciel",
        "old mail client",
        "old email client",
        "pas a jour",
        "not up to date",
        "out of date",
        "plus mis a jour",
        "vieux logiciel",
        "old software",
    ),
    "asked_again": (
        "encore une fois",
        "une fois de plus",
        "once again",
        "deja appele",
        "deja signale",
        "deja demande",
        "already called",
        "already reported",
        "already asked",
        "again and again",
        "plusieurs fois deja",
        "rappelle encore",
        "toujours pas regle",
        "still not fixed",
        "je rappelle",
        "calling again",
    ),
    "many_users": (
        "tous les utilisateurs",
        "plusieurs utilisateurs",
        "tous mes collegues",
        "plusieurs collegues",
        "toute l equipe",
        "tout le service",
        "tout le monde",
        "toute la societe",
        "toute l entreprise",
        "tous les postes",
        "all users",
        "many users",
        "several users",
        "multiple users",
        "everyone",
        "everybody",
        "whole team",
        "entire team",
        "all my colleagues",
        "several colleagues",
        "whole office",
        "personne ne peut",
        "nobody can",
        "no one can",
        "all our staff",
        "tous nos salaries",
        "tous les employes",
        "all employees",
    ),
    "urgent": (
        "urgent*",
        "urgence",
        "asap",
        "au plus vite",
        "tout de suite",
        "immediat*",
        "right now",
        "right away",
        "critique",
        "critical",
        "emergency",
        "vite",
    ),
    "today": (
        "aujourd hui",
        "today",
        "ce soir",
        "tonight",
        "avant ce soir",
        "cet apres midi",
        "this afternoon",
        "d ici ce soir",
        "by tonight",
        "end of day",
        "fin de journee",
        "avant demain",
        "before tomorrow",
        "dans l heure",
        "within the hour",
    ),
    "business_stopped": (
        "ne peux plus travailler",
        "peut plus travailler",
        "peux pas travailler",
        "pouvons plus travailler",
        "pouvons pas travailler",
        "can t work",
        "cannot work",
        "cant work",
        "unable to work",
        "production arretee",
        "production stopped",
        "activite arretee",
        "activite bloquee",
        "travail bloque",
        "equipe bloquee",
        "business stopped",
        "business is stopped",
        "paralyse*",
        "a l arret",
        "nous sommes bloques",
        "on est bloque",
        "we are blocked",
        "we re blocked",
        "we are stuck",
        "clients ne peuvent pas",
        "customers cannot",
        "perte de chiffre",
        "losing money",
        "commandes bloquees",
        "orders are blocked",
        "work has stopped",
    ),
    "expert_request": (
        "un expert",
        "parler a un expert",
        "niveau 2",
        "n2",
        "technicien",
        "speak to an expert",
        "talk to an expert",
        "an expert",
        "specialist",
        "specialiste",
        "escalad*",
        "escalat*",
        "level 2",
        "second level",
        "tier 2",
    ),
    "total_failure": (
        "ne marchent pas du tout",
        "ne marche pas du tout",
        "ne fonctionne pas du tout",
        "ne fonctionnent pas du tout",
        "ne marche plus du tout",
        "ne marchent plus du tout",
        "ne fonctionne plus du tout",
        "plus aucun mail",
        "plus aucun e mail",
        "plus aucun message",
        "aucun mail",
        "aucun e mail",
        "plus de mail",
        "plus de mails",
        "don t work at all",
        "doesn t work at all",
        "not working at all",
        "no email at all",
        "no emails at all",
        "nothing works",
        "rien ne marche",
        "plus rien ne marche",
        "rien ne fonctionne",
        "plus rien ne fonctionne",
        "ne marche pas",
        "ne marchent pas",
        "ne fonctionne pas",
        "ne fonctionnent pas",
        "doesn t work",
        "don t work",
        "not working",
        "ne marche plus",
        "ne fonctionne plus",
        "stopped working",
    ),
    "environment": (
        "windows*",
        "win10",
        "win11",
        "macos",
        "mac os",
        "osx",
        "mac",
        "macbook*",
        "linux",
        "ubuntu",
        "android",
        "ios",
        "iphone",
        "ipad",
        "chrome",
        "firefox",
        "safari",
        "edge",
        "opera",
        "brave",
        "outlook",
        "thunderbird",
        "apple mail",
        "version",
        "pc",
        "ordinateur*",
        "computer*",
        "laptop*",
        "telephone*",
        "phone*",
        "smartphone*",
        "tablette*",
        "tablet*",
        "navigateur*",
        "browser*",
        "samsung",
        "pixel",
        "huawei",
        "xiaomi",
        "galaxy",
    ),
}

# Error codes found in the raw text.
_ERR_CODE = re.compile(r"\bERR_[A-Z0-9_]+\b", re.IGNORECASE)
_HTTP_5XX = re.compile(
    r"\b(?:http|erreur|error|err|code|status|statut)\s*[:#-]?\s*(5\d\d)\b"
    r"|\b(5\d\d)\s+(?:bad gateway|internal|service unavailable|gateway"
    r"|error|erreur)",
    re.IGNORECASE,
)
_SQLSTATE = re.compile(
    r"\bSQLSTATE\s*[\[:=]?\s*([0-9A-Z]{5})\b|\bORA-\d{5}\b", re.IGNORECASE
)
_EXCEPTION = re.compile(r"\b[A-Z][A-Za-z]+(?:Exception|Error)\b|\b0x[0-9a-fA-F]{6,}\b")
_NTH_TIME = re.compile(
    r"\b(\d+)\s*(?:e|eme|ème|è|th|rd|nd|st)?\s+(?:fois|time)\b", re.IGNORECASE
)
_THIRD_TIME = re.compile(
    r"\b(?:troisi[eè]me|quatri[eè]me|cinqui[eè]me|third|fourth|fifth)\s+"
    r"(?:fois|time)\b",
    re.IGNORECASE,
)
# An ERR_ code that names a user-side problem rather than a system failure.
_USER_SIDE_CODE = re.compile(r"(?:4\d\d|PASSWORD|LOGIN|AUTH|CREDENTIAL)", re.I)

_WORD = re.compile(r"[a-z0-9_]+")


def _compile_lexicon() -> tuple[frozenset[str], tuple[str, ...], list[str]]:
    """The lexicon's prefixes (longest first) and its whole words, where a
    whole word that a prefix already covers counts as that prefix."""
    prefixes = {
        word[:-1]
        for expressions in LEXICON.values()
        for expression in expressions
        for word in expression.split()
        if word.endswith("*")
    }
    by_length = tuple(sorted(prefixes, key=len, reverse=True))
    words = {
        word
        for expressions in LEXICON.values()
        for expression in expressions
        for word in expression.split()
        if not word.endswith("*") and not word.startswith(by_length)
    }
    fuzzy_words = sorted(word for word in words if len(word) >= 5)
    return frozenset(words), by_length, fuzzy_words


_WORDS, _PREFIXES, _FUZZY_WORDS = _compile_lexicon()


def _exact(word: str) -> str:
    """A lexicon word's canonical form: its prefix if one covers it."""
    for prefix in _PREFIXES:
        if word.startswith(prefix):
            return prefix + "*"
    return word


@lru_cache(maxsize=50_000)
def canonical(word: str) -> str:
    """The lexicon's form of one normalised word, or the word itself."""
    if word in _WORDS:
        return word
    found = _exact(word)
    if found != word or len(word) < 5 or word.isdigit():
        return found

    # A typo: one edit for a short word, two for a long one.
    allowed = 1 if len(word) < 8 else 2
    match = process.extractOne(
        word, _FUZZY_WORDS, scorer=OSA.distance, score_cutoff=allowed
    )
    if match is not None:
        return match[0]
    for prefix in _PREFIXES:
        if len(prefix) >= 5 and _near_prefix(word, prefix):
            return prefix + "*"
    return word


def _near_prefix(word: str, prefix: str) -> bool:
    # The word's start, cut at the prefix's length give or take one letter
    # (a letter missing or doubled), is one edit away from the prefix.
    size = len(prefix)
    return any(
        OSA.distance(word[:cut], prefix) <= 1 for cut in (size - 1, size, size + 1)
    )


def _expression_pattern(expressions: tuple[str, ...]) -> re.Pattern:
    canonical_expressions = (
        " ".join(word if word.endswith("*") else _exact(word) for word in e.split())
        for e in expressions
    )
    alternatives = "|".join(re.escape(e) for e in canonical_expressions)
    return re.compile(rf"(?<!\S)(?:{alternatives})(?!\S)")


_PATTERNS: dict[str, re.Pattern] = {
    concept: _expression_pattern(expressions)
    for concept, expressions in LEXICON.items()
}


def normalise(text: str) -> str:
    """Lower-case ASCII words separated by single spaces."""
    return " ".join(_WORD.findall(unidecode(text).lower()))


def canonical_text(text: str) -> str:
    return " ".join(canonical(word) for word in normalise(text).split())


@dataclass(frozen=True)
class Reading:
    """What the description says: category, error codes, signals."""

    category: str
    concepts: frozenset[str]
    error_codes: tuple[str, ...] = ()
    system_codes: tuple[str, ...] = ()  # the codes that mean a server fault
    database_codes: tuple[str, ...] = ()
    log_codes: tuple[str, ...] = ()
    times_asked: int = 1

    def has(self, concept: str) -> bool:
        return concept in self.concepts


def read(text: str) -> Reading:
    """Understand one description (see the module's steps)."""
    canon = canonical_text(text)
    concepts = frozenset(
        concept for concept, pattern in _PATTERNS.items() if pattern.search(canon)
    )

    ascii_text = unidecode(text)
    err_codes = [code.upper() for code in _ERR_CODE.findall(ascii_text)]
    http_codes = [
        f"HTTP {a or b}" for a, b in _HTTP_5XX.findall(ascii_text) if (a or b)
    ]
    database_codes = [
        match.group(0).upper() for match in _SQLSTATE.finditer(ascii_text)
    ]
    log_codes = _EXCEPTION.findall(ascii_text)
    system_codes = [
        code for code in err_codes if not _USER_SIDE_CODE.search(code)
    ] + http_codes
    error_codes = _unique(err_codes + http_codes + database_codes + log_codes)

    reading = Reading(
        category="",
        concepts=concepts,
        error_codes=error_codes,
        system_codes=_unique(system_codes),
        database_codes=_unique(database_codes),
        log_codes=_unique(log_codes),
        times_asked=_times_asked(ascii_text, concepts),
    )
    return Reading(**{**reading.__dict__, "category": infer_category(reading)})


def _times_asked(text: str, concepts: frozenset[str]) -> int:
    counts = [int(number) for number in _NTH_TIME.findall(text) if number.isdigit()]
    if _THIRD_TIME.search(text):
        counts.append(3)
    if "asked_again" in concepts:
        counts.append(2)
    return max(counts, default=1)


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def infer_category(reading: Reading) -> str:
    """The most serious category the reading supports; OTHER when none."""
    has = reading.has
    checks: tuple[tuple[str, bool], ...] = (
        (Category.SECURITY, has("security")),
        (Category.DATABASE, has("database") or bool(reading.database_codes)),
        (Category.CRYPTIC_LOGS, has("cryptic_logs") or bool(reading.log_codes)),
        (
            Category.SYSTEM_ERROR,
            has("system_error")
            or (has("vanish") and (has("attachment") or has("email")))
            or bool(reading.system_codes),
        ),
        (Category.INTEGRATION, has("integration")),
        (
            Category.SYNC,
            has("sync")
            or (has("duplicate") and (has("devices") or has("email")))
            or (has("delay") and has("devices") and has("email")),
        ),
        (Category.SERVER_CONFIG, has("server_config")),
        (Category.PORTAL_BUG, has("bug") and not has("email")),
        (Category.PERFORMANCE, has("performance")),
        (Category.PASSWORD, has("password")),
        (Category.PORTAL_LOGIN, has("login") and (has("portal") or not has("email"))),
        (Category.OUT_OF_SCOPE, has("out_of_scope")),
        (Category.SIMPLE_EMAIL, has("configure") and has("email")),
        (Category.FAQ, has("howto") or has("training")),
        (Category.SIMPLE_EMAIL, has("email") or has("login")),
    )
    for category, matched in checks:
        if matched:
            return category
    return Category.OTHER
