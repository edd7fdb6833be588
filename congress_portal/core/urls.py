from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.index, name="index"),
    # Browsers ask for /favicon.ico whatever the page says; it is a static file (a 404 on every first visit).
    path("favicon.ico", views.favicon, name="favicon"),
]
