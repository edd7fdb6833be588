from django.urls import path

from congress_portal.core import pages

from . import views

app_name = "dashboard"

urlpatterns = [
    path("year/", views.year_dashboard, name="year"),
    # Each app's own drill-down pages (the suggestions' dashboard and list), registered from its ready().
    *pages.patterns("dashboard"),
]
