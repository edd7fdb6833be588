"""The portal's URLs and three views that fail, for tests/core/test_error_pages.py."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.db import OperationalError
from django.urls import include, path


def _failing(exception):
    def view(request):
        raise exception
    return view


urlpatterns = [
    # What a view meets while PostgreSQL restarts (issue 19.3).
    path("test-errors/database-down/", _failing(OperationalError("server closed the connection unexpectedly"))),
    path("test-errors/forbidden/", _failing(PermissionDenied)),
    path("test-errors/bad-request/", _failing(BadRequest)),
    path("", include("congress_portal.urls")),
]
