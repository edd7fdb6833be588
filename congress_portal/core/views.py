from django.http import HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.cache import patch_cache_control


def index(request):
    """The public front page; people who are logged in go to their workbench."""
    if request.user.is_authenticated:
        return redirect("accounts:home")
    return render(request, "core/index.html")


def favicon(request):
    """/favicon.ico: to the static file (hashed and cached for a year in service), for a day."""
    response = HttpResponsePermanentRedirect(static("favicon.ico"))
    patch_cache_control(response, public=True, max_age=86400)
    return response
