from escalade.accounts.roles import main_role, roles_of


def role(request) -> dict:
    user = getattr(request, "user", None)
    return {"user_roles": roles_of(user), "main_role": main_role(user)}
