"""The N2 reception checklist (section 8.2), as data the pages read.

Ticked items are stored on the escalation (``reception_checklist``, a dict
of item key to True). The expert ticks what holds when accepting; what is
left shows in the workspace until it is ticked there.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ChecklistGroup:
    title: str
    items: tuple[tuple[str, str], ...]


RECEPTION_CHECKLIST: tuple[ChecklistGroup, ...] = (
    ChecklistGroup(
        _("Review of the N1 briefing"),
        (
            ("briefing_complete", _("Briefing received and complete")),
            ("diagnosis_logical", _("N1 diagnosis makes sense")),
            ("attempts_clear", _("Attempts clearly documented")),
            ("environment_specified", _("Environment well specified")),
            ("customer_data_valid", _("Customer details valid")),
            ("no_ambiguity", _("Nothing ambiguous")),
        ),
    ),
    ChecklistGroup(
        _("Technical analysis"),
        (
            ("problem_understood", _("Problem understood")),
            ("hypotheses_listed", _("Hypotheses written (three or more)")),
            ("tests_identified", _("Tests to run identified")),
            ("resources_identified", _("Resources needed identified (logs, access…)")),
            ("data_reachable", _("Access to the data checked")),
            ("delay_estimated", _("Time to resolve estimated")),
        ),
    ),
    ChecklistGroup(
        _("Acceptance"),
        (
            ("priority_right", _("Priority is right")),
            ("customer_informed", _("Customer told that N2 has it (e-mail)")),
            ("delay_communicated", _("Expected delay given to the customer")),
        ),
    ),
    ChecklistGroup(
        _("Ready to go on"),
        (
            ("knows_how_to_call", _("Knows how to reach the customer")),
            ("has_what_to_debug", _("Has everything needed to debug")),
            ("time_blocked", _("Time set aside for the work")),
            ("access_ok", _("Required access granted")),
            ("notes_ready", _("Notes ready")),
        ),
    ),
)

ITEM_KEYS: tuple[str, ...] = tuple(
    key for group in RECEPTION_CHECKLIST for key, _label in group.items
)

# Done by the desk itself when the escalation is accepted.
AUTOMATIC_ITEMS = ("customer_informed", "delay_communicated")


def missing_items(ticked: dict) -> list[str]:
    return [key for key in ITEM_KEYS if not ticked.get(key)]
