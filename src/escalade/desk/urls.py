from django.urls import include, path

from escalade.desk import views

app_name = "desk"
urlpatterns = [
    path("", views.home, name="home"),
    path("console/", include("escalade.desk.console.urls")),
]
