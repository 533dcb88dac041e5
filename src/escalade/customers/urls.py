from django.urls import path

from escalade.customers import views

app_name = "customers"
urlpatterns = [
    path("search/", views.customer_search, name="search"),
    path("new/", views.customer_create, name="create"),
    path("<str:reference>/card/", views.customer_card, name="card"),
    path("<str:reference>/", views.customer_detail, name="detail"),
]
