"""How a way to reach a customer must look: an e-mail address, a phone number."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

# Digits with the usual separators, an optional leading "+" and country code:
# "06 12 34 56 78", "+33 6 12 34 56 78", "(01) 23.45.67.89".
PHONE_SHAPE = re.compile(r"^\+?[\d\s().-]+$")
PHONE_MIN_DIGITS = 6
PHONE_MAX_DIGITS = 15  # the longest number E.164 allows


def phone_error(phone: str) -> str | None:
    """Why a phone number cannot be dialled, or None when it looks right."""
    digits = re.sub(r"\D", "", phone)
    if not PHONE_SHAPE.match(phone) or not (
        PHONE_MIN_DIGITS <= len(digits) <= PHONE_MAX_DIGITS
    ):
        return _(
            "“%(phone)s” is not a phone number: use digits, spaces and an "
            "optional leading +, for example 06 12 34 56 78."
        ) % {"phone": phone}
    return None


def email_error(email: str) -> str | None:
    """Why an e-mail address cannot be written to, or None when it looks right."""
    try:
        validate_email(email)
    except ValidationError:
        return _(
            "“%(email)s” is not an e-mail address, for example "
            "marie.dupuis@example.com."
        ) % {"email": email}
    return None


def phone_digits(text: str) -> str:
    return re.sub(r"\D", "", text)
