"""The desk's URLs: each package owns its own under a prefix."""

from django.contrib import admin
from django.urls import include, path

from escalade.api.urls import api

urlpatterns = [
    path("", include("escalade.accounts.urls")),
    path("", include("escalade.desk.urls")),
    path("tickets/", include("escalade.tickets.urls")),
    path("customers/", include("escalade.customers.urls")),
    path("triage/", include("escalade.triage.urls")),
    path("sla/", include("escalade.sla.urls")),
    path("outbox/", include("escalade.notifications.urls")),
    path("reports/", include("escalade.reports.urls")),
    path("imports/", include("escalade.imports.urls")),
    path("training/", include("escalade.training.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
