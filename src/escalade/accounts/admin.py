from django.contrib import admin

from escalade.accounts.models import AgentProfile, Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "tier", "is_round_robin"]
    list_filter = ["tier"]


@admin.register(AgentProfile)
class AgentProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "tier", "team", "supervisor", "is_available"]
    list_filter = ["tier", "team", "is_available"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "supervisor"]
