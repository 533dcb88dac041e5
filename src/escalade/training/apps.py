from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "escalade.training"
    label = "training"
