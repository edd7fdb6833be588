from django.urls import path

from . import views

app_name = "annual_report"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.report, name="report"),
    path("<int:year>/start/", views.start, name="start"),
    path("<int:year>/status.json", views.status, name="status"),
    path("<int:year>/preview.pdf", views.preview, name="preview"),
    path("render/<int:pk>/<str:fmt>/", views.download, name="download"),
]
