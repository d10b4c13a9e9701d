from django.urls import path

from agencies import views

app_name = "agencies"

urlpatterns = [
    path("co-quan/", views.agency_list, name="agency_list"),
]
