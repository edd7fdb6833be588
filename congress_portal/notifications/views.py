from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import PreferenceForm
from .models import Notification, Preference


@login_required
def notification_list(request):
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(selectors.notifications_for(request.user, unread_only=unread_only), 30).get_page(
        request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page, "unread_only": unread_only,
                                                        "unread": selectors.unread_count(request.user)})


@login_required
@require_POST
def mark_read(request, pk):
    # Another user's notification does not exist for this user.
    notification = Notification.objects.filter(pk=pk, recipient=request.user).only("id", "url").first()
    if notification is None:
        raise Http404
    services.mark_read(request.user, [pk])
    target = request.POST.get("next") or notification.url
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_read(request.user)
    messages.success(request, _("%(count)s notifications marked read.") % {"count": count})
    return redirect("notifications:list")


@login_required
def preferences(request):
    instance = Preference.objects.filter(user=request.user).first() or Preference(
        user=request.user, email=services.default_email_mode(request.user))
    form = PreferenceForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.save_preference(request.user, **form.cleaned_data)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
