from django.urls import path

from escalade.training import views

app_name = "training"
urlpatterns = [
    path("", views.matrix, name="matrix"),
    path("quiz/", views.quiz, name="quiz"),
    path("report/", views.report, name="report"),
]
