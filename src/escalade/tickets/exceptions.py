from django.utils.translation import gettext_lazy as _


class TransitionError(Exception):
    """A change the ticket's state or the actor's role does not allow.

    ``status`` is the HTTP status the API answers with: 409 when the state
    forbids the move, 403 when the role does, 400 when the input is wrong.
    """

    status = 409
    code = "conflict"

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = str(message)
        self.field = field


class NotAllowed(TransitionError):
    status = 403
    code = "forbidden"


class InvalidInput(TransitionError):
    status = 400
    code = "invalid"

    def __init__(self, message=None, field: str | None = None, errors=None):
        self.errors: dict[str, list[str]] = errors or {}
        if field and message:
            self.errors.setdefault(field, []).append(str(message))
        if message is None:
            message = _("The input is not valid.")
        super().__init__(message, field)
