"""A second URL configuration for tests/core/test_kept_url.py."""

from django.http import HttpResponse
from django.urls import path, re_path


def _view(request, **kwargs):
    return HttpResponse("")


urlpatterns = [
    path("elsewhere/<int:pk>/", _view, name="detail"),
    re_path(r"^year/(?P<year>[0-9]{4})/$", _view, name="year"),
]
