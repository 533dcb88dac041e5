"""The N1 checklist before escalating (section 8.1), made executable.

Each item is *met* when the fields of the call or of the briefing show it,
*confirmed* when the agent ticks it by hand (what happens on the phone cannot
be read from a form), or *missing*. The briefing is complete when no item is
missing; the console shows the list ticking itself as the agent types.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from escalade.desk.console.call import Call
from escalade.desk.console.forms import STANDARD_CHECKS
from escalade.tickets.choices import Category, Priority

MET, CONFIRMED, MISSING = "met", "confirmed", "missing"
READING_LIMIT_MINUTES = 2
# A title of fewer words rarely says what is wrong ("Problème", "Email").
TITLE_MIN_WORDS = 3


@dataclass(frozen=True)
class Draft:
    """Everything the checklist reads: the call, and the briefing once begun."""

    call: Call
    briefing: dict | None  # cleaned briefing fields, None before escalating
    escalation: dict | None  # cleaned priority, type, team
    reading_minutes: float | None
    missing_from_triage: tuple[str, ...]
    confirmed: frozenset[str]

    def field(self, name: str) -> str:
        return ((self.briefing or {}).get(name) or "").strip()


@dataclass(frozen=True)
class Item:
    key: str
    label: Promise
    is_met: Callable[[Draft], bool] | None  # None: only the agent can tell


@dataclass(frozen=True)
class Group:
    key: str
    label: Promise
    items: tuple[Item, ...]


@dataclass(frozen=True)
class ItemState:
    key: str
    label: str
    state: str


@dataclass(frozen=True)
class GroupState:
    key: str
    label: str
    items: list[ItemState]


def _filled(*names: str) -> Callable[[Draft], bool]:
    return lambda draft: all(draft.call.text(name) for name in names)


def _briefing_filled(*names: str) -> Callable[[Draft], bool]:
    return lambda draft: all(draft.field(name) for name in names)


def _tried(check: str) -> Callable[[Draft], bool]:
    return lambda draft: check in draft.call.tried_checks


def _summary_fits(draft: Draft) -> bool:
    words = len(draft.field("summary").split())
    return 0 < words <= 100


def _reachable_both_ways(draft: Draft) -> bool:
    customer = draft.call.customer
    return customer is not None and bool(customer.email and customer.phone)


def _reachable(draft: Draft) -> bool:
    customer = draft.call.customer
    return customer is not None and bool(customer.email or customer.phone)


def _told_by_email(draft: Draft) -> bool:
    """The confirmation e-mail carries the reference and the desk's contacts."""
    customer = draft.call.customer
    return customer is not None and bool(customer.email)


def _clear_title(draft: Draft) -> bool:
    return len(draft.call.text("title").split()) >= TITLE_MIN_WORDS


def _category_chosen(draft: Draft) -> bool:
    return draft.call.data.get("category") not in ("", None, Category.OTHER)


def _priority_chosen(draft: Draft) -> bool:
    return (draft.escalation or {}).get("priority") in Priority.values


def _reads_in_two_minutes(draft: Draft) -> bool:
    minutes = draft.reading_minutes
    return minutes is not None and minutes <= READING_LIMIT_MINUTES


def _all_information(draft: Draft) -> bool:
    return bool(
        draft.briefing
        and all(draft.field(name) for name in ("description", "context", "environment"))
        and draft.call.attempts
    )


CHECKLIST: tuple[Group, ...] = (
    Group(
        "diagnosis",
        _("Complete diagnosis"),
        (
            Item(
                "described",
                _("Problem described in full by the customer"),
                _filled("description", "symptoms"),
            ),
            Item(
                "context",
                _("Context noted: since when, after what"),
                _filled("started_when", "trigger"),
            ),
            Item(
                "environment",
                _("Technical environment identified (system, browser, version)"),
                _filled("devices"),
            ),
            Item(
                "attempts",
                _("N1 attempts written down with their result"),
                lambda draft: bool(draft.call.attempts),
            ),
            Item(
                "reproducibility",
                _("Reproducibility checked (every time or now and then)"),
                _filled("reproducibility"),
            ),
            Item(
                "urgency",
                _("Urgency assessed (impact on work or business)"),
                _filled("urgency"),
            ),
        ),
    ),
    Group(
        "solutions",
        _("N1 solutions tried"),
        tuple(Item(key, label, _tried(key)) for key, label in STANDARD_CHECKS),
    ),
    Group(
        "briefing",
        _("Briefing ready"),
        (
            Item("summary", _("Clear summary (100 words at most)"), _summary_fits),
            Item(
                "details",
                _("Every technical detail written down"),
                _briefing_filled("description", "context"),
            ),
            Item(
                "environment_specified",
                _("Environment specified (system, versions, settings)"),
                _briefing_filled("environment"),
            ),
            Item("leads", _("N1's leads included"), _briefing_filled("leads")),
            Item(
                "customer_checked",
                _("Customer details checked"),
                lambda draft: draft.call.customer is not None,
            ),
            Item(
                "contact",
                _("Customer contact right (e-mail and phone)"),
                _reachable_both_ways,
            ),
        ),
    ),
    Group(
        "communication",
        _("Customer told"),
        (
            Item("why", _("Explained why an expert is the better way"), None),
            Item("delay", _("Gave the expected delay"), None),
            Item("not_refusal", _("The customer knows it is not a refusal"), None),
            Item("contacts", _("Gave a contact (e-mail and phone)"), _told_by_email),
            Item(
                "reference", _("Ticket reference given for follow-up"), _told_by_email
            ),
        ),
    ),
    Group(
        "ticket",
        _("Ticket"),
        (
            Item("title", _("Clear and specific title"), _clear_title),
            Item(
                "description_copied",
                _("Full description (the briefing goes with it)"),
                _briefing_filled("summary", "description"),
            ),
            Item("priority", _("Priority assessed"), _priority_chosen),
            Item("category", _("Category chosen"), _category_chosen),
            Item(
                "customer_attached",
                _("Customer attached"),
                lambda draft: draft.call.customer is not None,
            ),
            Item("follow_up_contact", _("A way to reach the customer"), _reachable),
        ),
    ),
    Group(
        "ready",
        _("Ready for N2"),
        (
            Item(
                "two_minutes", _("N2 can read it in two minutes"), _reads_in_two_minutes
            ),
            Item(
                "all_information", _("N2 has all it needs to go on"), _all_information
            ),
            Item(
                "no_open_question",
                _("No basic question left open"),
                lambda draft: (
                    draft.briefing is not None and not draft.missing_from_triage
                ),
            ),
            Item(
                "next_step",
                _("N2 knows what to do first"),
                lambda draft: bool(draft.field("leads") or draft.field("n1_opinion")),
            ),
        ),
    ),
)

ITEM_KEYS = frozenset(item.key for group in CHECKLIST for item in group.items)


def evaluate(draft: Draft) -> list[GroupState]:
    return [
        GroupState(
            key=group.key,
            label=str(group.label),
            items=[
                ItemState(item.key, str(item.label), _state(item, draft))
                for item in group.items
            ],
        )
        for group in CHECKLIST
    ]


def _state(item: Item, draft: Draft) -> str:
    if item.is_met is not None and item.is_met(draft):
        return MET
    if item.key in draft.confirmed:
        return CONFIRMED
    return MISSING


def missing_items(groups: list[GroupState]) -> list[ItemState]:
    return [item for group in groups for item in group.items if item.state == MISSING]
