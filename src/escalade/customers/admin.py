from django.contrib import admin

from escalade.customers.models import Customer


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["reference", "last_name", "first_name", "email", "phone"]
    search_fields = ["reference", "last_name", "first_name", "email", "phone"]
    readonly_fields = ["reference", "created_at"]
