from django.urls import path

from . import views

app_name = "appointments"

urlpatterns = [
    path("announcement/", views.announcement, name="announcement"),
    path("", views.appointment_list, name="list"),
]
