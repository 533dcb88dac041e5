from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "escalade.desk"
    label = "desk"
