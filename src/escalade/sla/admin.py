from django.contrib import admin

from escalade.sla.models import Calendar, Clock, Policy, Recipient, TeamCalendar


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = [
        "priority",
        "first_response_target",
        "resolution_target",
        "n3_target",
        "calendar",
        "breach_action",
    ]


@admin.register(Calendar)
class CalendarAdmin(admin.ModelAdmin):
    list_display = ["name", "is_round_the_clock", "time_zone", "holiday_country"]


admin.site.register(TeamCalendar)
admin.site.register(Recipient)


@admin.register(Clock)
class ClockAdmin(admin.ModelAdmin):
    list_display = ["ticket", "kind", "state", "due_at", "breached_at"]
    list_filter = ["kind", "state"]
    readonly_fields = [field.name for field in Clock._meta.fields]
