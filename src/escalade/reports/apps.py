from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "escalade.reports"
    label = "reports"
