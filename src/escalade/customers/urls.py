from django.urls import path

from escalade.customers import views

app_name = "customers"
urlpatterns = [
    path("<str:reference>/", views.customer_detail, name="detail"),
]
