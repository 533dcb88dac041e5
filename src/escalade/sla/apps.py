from django.apps import AppConfig


class SlaConfig(AppConfig):
    name = "escalade.sla"
    label = "sla"
