from django.urls import path

from . import views

app_name = "livelihood"

urlpatterns = [
    path("", views.index, name="index"),
    path("propose/", views.propose, name="propose"),
    path("propose/thanks/", views.thanks, name="thanks"),
    path("track/", views.track, name="track"),
    path("<int:year>/", views.progress, name="progress"),
    path("projects/<int:pk>/report/", views.report, name="report"),
]
