from django.urls import path

from . import views

app_name = "appointments"

urlpatterns = [
    path("announcement/", views.announcement, name="announcement"),
    path("announcement/<int:meeting_id>/pdf/", views.announcement_pdf, name="announcement_pdf"),
    path("certificates/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("", views.appointment_list, name="list"),
]
