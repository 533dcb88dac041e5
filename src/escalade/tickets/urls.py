from django.urls import path

from escalade.tickets import views

app_name = "tickets"
urlpatterns = [
    path("suivi/<str:token>/", views.follow_up_answer, name="follow_up"),
    path("<str:reference>/", views.ticket_detail, name="detail"),
]
