from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "escalade.triage"
    label = "triage"
