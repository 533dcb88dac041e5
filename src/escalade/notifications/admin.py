from django.contrib import admin

from escalade.notifications.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["key", "kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["key", "subject"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
