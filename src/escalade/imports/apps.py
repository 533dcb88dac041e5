from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "escalade.imports"
    label = "imports"
