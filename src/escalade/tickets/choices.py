"""The ticket's vocabulary: statuses, priorities, categories, channels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NEW = "new", _("new")
    DIAGNOSING = "diagnosing", _("diagnosing (N1)")
    RESOLVED_N1 = "resolved_n1", _("resolved at N1")
    AWAITING_N2 = "awaiting_n2", _("awaiting N2 assignment")
    IN_PROGRESS = "in_progress", _("in progress (N2)")
    WAITING_CUSTOMER = "waiting_customer", _("waiting on the customer")
    ESCALATED_N3 = "escalated_n3", _("escalated to N3 or vendor")
    WAITING_VENDOR = "waiting_vendor", _("waiting on the vendor")
    RESOLVED = "resolved", _("resolved")
    REOPENED = "reopened", _("reopened")
    CLOSED = "closed", _("closed")


# Statuses in which the SLA clock of the customer is paused.
PAUSED_STATUSES = {Status.WAITING_CUSTOMER, Status.WAITING_VENDOR}
OPEN_STATUSES = {
    Status.NEW,
    Status.DIAGNOSING,
    Status.AWAITING_N2,
    Status.IN_PROGRESS,
    Status.WAITING_CUSTOMER,
    Status.ESCALATED_N3,
    Status.WAITING_VENDOR,
    Status.REOPENED,
}
DONE_STATUSES = {Status.RESOLVED_N1, Status.RESOLVED, Status.CLOSED}


class Priority(models.TextChoices):
    URGENT = "urgent", _("urgent")
    NORMAL = "normal", _("normal")
    LOW = "low", _("low")


PRIORITY_RANK = {Priority.URGENT: 0, Priority.NORMAL: 1, Priority.LOW: 2}


class Channel(models.TextChoices):
    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")
    CHAT = "chat", _("chat")
    PORTAL = "portal", _("portal")


class Category(models.TextChoices):
    SIMPLE_EMAIL = "simple_email", _("simple e-mail set-up")
    PASSWORD = "password", _("password")
    PORTAL_LOGIN = "portal_login", _("portal login")
    FAQ = "faq", _("FAQ or training question")
    OUT_OF_SCOPE = "out_of_scope", _("out of scope")
    SYNC = "sync", _("sync between devices")
    SERVER_CONFIG = "server_config", _("server configuration (IMAP/SMTP/certificates)")
    INTEGRATION = "integration", _("third-party integration (API/CRM)")
    PORTAL_BUG = "portal_bug", _("portal bug")
    SYSTEM_ERROR = "system_error", _("system error")
    SECURITY = "security", _("security or unauthorised access")
    PERFORMANCE = "performance", _("degraded performance")
    DATABASE = "database", _("database")
    CRYPTIC_LOGS = "cryptic_logs", _("cryptic error logs")
    OTHER = "other", _("other")


class EscalationType(models.TextChoices):
    COMPLEX = "complex", _("complex technical problem")
    URGENCY = "urgency", _("urgency or high priority")
    EXPERT_REQUEST = "expert_request", _("special expert request")
    TEST_CASE = "test_case", _("test case or research")


class EscalationStatus(models.TextChoices):
    AWAITING = "awaiting", _("awaiting assignment")
    ACCEPTED = "accepted", _("accepted")
    RESOLVED = "resolved", _("resolved")
    ESCALATED = "escalated", _("escalated further")
    RETURNED = "returned", _("returned to N1 as avoidable")


class AttemptOutcome(models.TextChoices):
    SUCCEEDED = "succeeded", _("succeeded")
    FAILED = "failed", _("failed")


class Verdict(models.TextChoices):
    OPEN = "open", _("to test")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")


class FollowUpAnswer(models.TextChoices):
    STILL_FINE = "still_fine", _("still fine")
    CAME_BACK = "came_back", _("the problem came back")


class NoteKind(models.TextChoices):
    INTERNAL = "internal", _("internal note")
    TO_CUSTOMER = "to_customer", _("message to the customer")
    FROM_CUSTOMER = "from_customer", _("message from the customer")
