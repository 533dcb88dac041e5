from django import forms
from django.utils.translation import gettext_lazy as _

from escalade.customers.models import ContactPreference


class CustomerForm(forms.Form):
    """A new caller; the service checks that there is a way to reach them."""

    first_name = forms.CharField(label=_("first name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("last name"), max_length=100, required=False)
    # Plain text fields: the service explains a malformed address or number in
    # the desk's own words, the same for the pages and the API.
    email = forms.CharField(label=_("e-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("phone"), max_length=32, required=False)
    contact_preference = forms.ChoiceField(
        label=_("contact preference"),
        choices=ContactPreference.choices,
        initial=ContactPreference.PHONE,
    )


def initial_from_search(text: str) -> dict[str, str]:
    """Put what the agent typed in the search box into the right field."""
    text = text.strip()
    if not text:
        return {}
    if "@" in text:
        return {"email": text}
    if sum(character.isdigit() for character in text) >= len(text.replace(" ", "")) - 1:
        return {"phone": text}
    first, _space, last = text.rpartition(" ")
    return {"first_name": first, "last_name": last} if first else {"last_name": last}
