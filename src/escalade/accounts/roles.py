"""Roles are Django groups with permissions; these helpers read and set them.

The role decides what a person may do in the service layer: every transition
checks it, whatever the caller (page, API, command, task).
"""

from django.contrib.auth.models import Group, Permission

from escalade.accounts.models import Role

# Model permissions given to each group, as "app_label.codename".
GROUP_PERMISSIONS: dict[str, list[str]] = {
    Role.N1: [
        "customers.add_customer",
        "customers.change_customer",
        "customers.view_customer",
        "tickets.add_ticket",
        "tickets.view_ticket",
        "tickets.add_escalation",
        "tickets.view_escalation",
    ],
    Role.N2: [
        "customers.view_customer",
        "customers.change_customer",
        "tickets.view_ticket",
        "tickets.change_ticket",
        "tickets.view_escalation",
        "tickets.change_escalation",
        "tickets.add_escalation",
        "tickets.add_hypothesis",
        "tickets.change_hypothesis",
        "tickets.add_resolution",
    ],
    Role.N3: [
        "customers.view_customer",
        "tickets.view_ticket",
        "tickets.change_ticket",
        "tickets.view_escalation",
        "tickets.change_escalation",
        "tickets.add_resolution",
    ],
    Role.SUPERVISOR: [
        "customers.view_customer",
        "customers.change_customer",
        "tickets.view_ticket",
        "tickets.change_ticket",
        "tickets.view_escalation",
        "tickets.change_escalation",
        "tickets.view_timelineevent",
        "tickets.view_briefing",
        "tickets.view_resolution",
        "tickets.view_hypothesis",
        "tickets.view_calllog",
        "notifications.view_outboxmessage",
        "accounts.view_agentprofile",
        "accounts.change_agentprofile",
        "accounts.view_team",
        "accounts.change_team",
    ],
}


def ensure_groups() -> None:
    """Create the role groups with their permissions; safe to run again."""
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        if role == Role.ADMIN:
            continue
        wanted = []
        for dotted in GROUP_PERMISSIONS.get(role, []):
            app_label, codename = dotted.split(".")
            wanted.extend(
                Permission.objects.filter(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group.permissions.set(wanted)


def roles_of(user) -> set[str]:
    """The role names of a user; admins and superusers hold every role."""
    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(user, "_escalade_roles", None)
    if cached is not None:
        return cached
    names = set(user.groups.values_list("name", flat=True))
    if user.is_superuser or Role.ADMIN in names:
        names = {role.value for role in Role}
    user._escalade_roles = names
    return names


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def main_role(user) -> str | None:
    """The role that decides a person's first page, most senior first."""
    held = roles_of(user)
    for role in (Role.ADMIN, Role.SUPERVISOR, Role.N3, Role.N2, Role.N1):
        if role in held:
            return role.value
    return None
