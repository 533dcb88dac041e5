"""The quiz of the "when to escalate" training (spec section 10.1), in our
own words. Each question points at the rule (or requirement) of
triage/rules.py whose explanation is shown after answering, so the quiz
explains itself with the same sentences as the engine."""

from dataclasses import dataclass

from escalade.triage.rules import REQUIREMENTS_BY_ID, RULES_BY_ID, is_french


@dataclass(frozen=True)
class Choice:
    key: str
    text_fr: str
    text_en: str

    def text(self, language: str | None = None) -> str:
        return self.text_fr if is_french(language) else self.text_en


@dataclass(frozen=True)
class Question:
    id: str
    prompt_fr: str
    prompt_en: str
    choices: tuple[Choice, ...]
    answer: str
    rule: str  # a rule id or a requirement id of triage/rules.py

    def prompt(self, language: str | None = None) -> str:
        return self.prompt_fr if is_french(language) else self.prompt_en

    def explanation(self, language: str | None = None) -> str:
        source = RULES_BY_ID.get(self.rule) or REQUIREMENTS_BY_ID[self.rule]
        return source.explanation(language)

    def choice(self, key: str) -> Choice | None:
        return next((choice for choice in self.choices if choice.key == key), None)


QUESTIONS: tuple[Question, ...] = (
    Question(
        id="q1_delay_between_devices",
        prompt_fr=(
            "Une cliente voit chaque message arriver sur son téléphone une "
            "demi-minute après son ordinateur. Faut-il escalader ?"
        ),
        prompt_en=(
            "A customer sees each message reach her phone half a minute after "
            "her computer. Should it be escalated?"
        ),
        choices=(
            Choice("a", "Non, c'est le réseau", "No, it is the network"),
            Choice(
                "b",
                "Oui, c'est un problème de synchronisation",
                "Yes, it is a sync problem",
            ),
            Choice("c", "Non, qu'elle patiente", "No, she should wait"),
            Choice(
                "d",
                "Oui, mais seulement si elle le demande",
                "Yes, but only if she asks",
            ),
        ),
        answer="b",
        rule="always.sync",
    ),
    Question(
        id="q2_forgotten_password",
        prompt_fr="Un client a oublié son mot de passe du portail. On escalade ?",
        prompt_en="A customer forgot his portal password. Do we escalate?",
        choices=(
            Choice("a", "Oui, c'est technique", "Yes, it is technical"),
            Choice("b", "Non, N1 le réinitialise", "No, N1 resets it"),
            Choice("c", "Oui, par sécurité", "Yes, for safety"),
            Choice("d", "Non, il doit s'en souvenir", "No, he must remember it"),
        ),
        answer="b",
        rule="never.password",
    ),
    Question(
        id="q3_before_escalating",
        prompt_fr="Que doit faire N1 avant toute escalade ?",
        prompt_en="What must N1 do before any escalation?",
        choices=(
            Choice(
                "a",
                "Ouvrir un ticket et passer la main",
                "Open a ticket and hand over",
            ),
            Choice(
                "b",
                "Essayer les solutions de base et noter le résultat",
                "Try the basic fixes and write down the result",
            ),
            Choice(
                "c", "Rappeler le client trois fois", "Call the customer three times"
            ),
            Choice("d", "Chercher la réponse sur Internet", "Search the web for it"),
        ),
        answer="b",
        rule="attempts",
    ),
    Question(
        id="q4_briefing_contents",
        prompt_fr="Que doit contenir le briefing envoyé à N2 ?",
        prompt_en="What must the briefing sent to N2 hold?",
        choices=(
            Choice("a", "La description seule", "The description only"),
            Choice(
                "b",
                "Titre, description, environnement technique, essais",
                "Title, description, technical environment, attempts",
            ),
            Choice(
                "c",
                "Tout ce qu'on sait, en 500 mots",
                "Everything we know, in 500 words",
            ),
            Choice("d", "Rien, N2 trouvera", "Nothing, N2 will find out"),
        ),
        answer="b",
        rule="environment",
    ),
    Question(
        id="q5_urgent_no_mail",
        prompt_fr=(
            "« C'est urgent, plus aucun de mes e-mails ne marche ! » Que faites-vous ?"
        ),
        prompt_en="'It's urgent, none of my e-mails work!' What do you do?",
        choices=(
            Choice("a", "J'escalade tout de suite", "Escalate at once"),
            Choice(
                "b",
                "Je diagnostique d'abord (30 secondes)",
                "Diagnose first (30 seconds)",
            ),
            Choice("c", "Je dis que ce n'est pas urgent", "Say it is not urgent"),
            Choice("d", "Je transfère à N2", "Transfer to N2"),
        ),
        answer="b",
        rule="borderline.diagnose_first",
    ),
)

QUESTIONS_BY_ID = {question.id: question for question in QUESTIONS}
