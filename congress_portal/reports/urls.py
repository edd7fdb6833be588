from django.urls import path

from congress_portal.core import pages

from . import views

app_name = "reports"

# Large exports made by the documents worker: their progress and the file (reports/exports.py); then each
# app's letters and ledgers at their stable URLs, registered from the apps' ready().
urlpatterns = [
    path("exports/<int:pk>/", views.export_job, name="export_job"),
    path("exports/<int:pk>/status/", views.export_status, name="export_status"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    *pages.patterns("reports"),
]
