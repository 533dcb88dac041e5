"""The admin, for supervisors and administrators.

Tickets change state only through the lifecycle services, so the admin shows
their life read-only; it edits reference data (teams, customers, profiles)
and lets a supervisor look at everything.
"""

from django.contrib import admin

from escalade.tickets.models import (
    Briefing,
    CallLog,
    Escalation,
    Hypothesis,
    Resolution,
    Ticket,
    TimelineEvent,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class EscalationInline(ReadOnlyInline):
    model = Escalation
    fields = [
        "reference",
        "to_tier",
        "status",
        "priority",
        "requested_by",
        "accepted_by",
    ]
    readonly_fields = fields


class TimelineInline(ReadOnlyInline):
    model = TimelineEvent
    fields = ["at", "kind", "actor", "status_before", "status_after", "note"]
    readonly_fields = fields
    ordering = ["at", "pk"]


class CallInline(ReadOnlyInline):
    model = CallLog
    fields = ["started_at", "agent", "tier", "duration_seconds", "notes"]
    readonly_fields = fields


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "title",
        "customer",
        "status",
        "priority",
        "current_tier",
        "assignee",
        "created_at",
    ]
    list_filter = ["status", "priority", "current_tier", "category", "channel", "team"]
    search_fields = ["reference", "title", "customer__last_name", "customer__reference"]
    date_hierarchy = "created_at"
    list_select_related = ["customer", "assignee"]
    inlines = [EscalationInline, CallInline, TimelineInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Ticket._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # A ticket is never lost: close it instead.
        return False


class HypothesisInline(ReadOnlyInline):
    model = Hypothesis
    fields = ["position", "probability", "cause", "verdict"]
    readonly_fields = fields


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "status",
        "priority",
        "to_tier",
        "requested_by",
        "requested_at",
        "accepted_by",
        "is_avoidable",
    ]
    list_filter = ["status", "priority", "to_tier", "type", "is_avoidable", "team"]
    search_fields = ["reference", "ticket__title"]
    list_select_related = ["requested_by", "accepted_by"]
    inlines = [HypothesisInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Escalation._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Briefing)
class BriefingAdmin(admin.ModelAdmin):
    list_display = ["escalation", "call_duration_minutes"]
    search_fields = ["escalation__reference", "summary"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Briefing._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Resolution)
class ResolutionAdmin(admin.ModelAdmin):
    list_display = ["ticket", "tier", "resolved_by", "resolved_at", "satisfaction"]
    list_filter = ["tier"]
    search_fields = ["ticket__reference", "cause"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Resolution._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
