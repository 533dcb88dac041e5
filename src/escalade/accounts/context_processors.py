from escalade.accounts.models import Role
from escalade.accounts.roles import main_role, roles_of


def role(request) -> dict:
    user = getattr(request, "user", None)
    held = main_role(user)
    return {
        "user_roles": roles_of(user),
        "main_role": held,
        "main_role_label": Role(held).label if held else "",
    }
