from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "escalade.customers"
    label = "customers"
