from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "escalade.tickets"
    label = "tickets"
