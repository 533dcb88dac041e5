from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ContactPreference(models.TextChoices):
    PHONE = "phone", _("phone call")
    EMAIL = "email", _("e-mail")
    CHAT = "chat", _("chat")


class Customer(models.Model):
    reference = models.CharField(_("reference"), max_length=16, unique=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True, db_index=True)
    customer_since = models.DateField(_("customer since"), null=True, blank=True)
    contact_preference = models.CharField(
        _("contact preference"),
        max_length=8,
        choices=ContactPreference.choices,
        default=ContactPreference.PHONE,
    )
    language = models.CharField(_("language"), max_length=8, default="fr")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    source = models.CharField(_("source"), max_length=32, blank=True)
    source_id = models.CharField(_("source identifier"), max_length=64, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [models.Index(fields=["last_name", "first_name"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~models.Q(source=""),
                name="customer_unique_source_id",
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.reference})"

    def get_absolute_url(self) -> str:
        return reverse("customers:detail", args=[self.reference])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.reference
