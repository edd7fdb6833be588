"""The portal's admin site: Django's, with each user's navigation kept instead of rebuilt on every page.

Every admin page shows the list of apps and models the user may use (the sidebar, and the index). To
build it Django asks each registered model's admin for the user's permissions: two queries and about
4 ms a page; drawing it as the sidebar takes as long again. Both change only when the user's
permissions, groups or role change, so the list and the drawn sidebar are kept in this process, per
user and language (the sidebar also per highlighted entry), for settings.ADMIN_NAVIGATION_CACHE_SECONDS
(0: not kept). Any change to permissions anywhere bumps a version in the shared cache, which retires
everything kept at once (in every process). When the cache cannot be reached, both are built each time.
"""

import functools
import logging
import threading
import time
from pathlib import Path
from urllib.parse import quote

import django.contrib.admin
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.core.cache import cache
from django.db.models.base import ModelBase
from django.template import Context, engines
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext

from .searching import MAX_SEARCH_LENGTH, MAX_SEARCH_WORDS, SEARCH_HELP, cap_search

log = logging.getLogger(__name__)

_VERSION_KEY = "admin:app-list-version"
_MAX_KEPT = 1000


@functools.cache
def _django_nav_sidebar():
    """Django's own sidebar template, compiled once (templates/admin/nav_sidebar.html draws the kept copy)."""
    source = Path(django.contrib.admin.__file__).parent / "templates" / "admin" / "nav_sidebar.html"
    return engines["django"].engine.from_string(source.read_text(encoding="utf-8"))


# The portal's machinery rather than the committee's work: only superusers see these in the admin or open
# their pages, whatever permissions a staff member holds (an app label, or app_label.model_name).
SUPERUSER_ONLY = frozenset({
    "axes", "django_celery_beat", "django_celery_results", "sessions", "notifications.outboxevent",
})
# Not the deliveries: staff follow whether a reminder reached its deputy or unit, and clear the stuck ones
# (issue 19.2); what a notification is about stays with superusers (notifications/admin.py).


def is_superuser_only(model):
    return model._meta.app_label in SUPERUSER_ONLY or model._meta.label_lower in SUPERUSER_ONLY


class SuperuserOnlyAdmin:
    """Mixed in front of a technical model's admin: nobody but a superuser passes any of its gates."""

    def has_module_permission(self, request):
        return request.user.is_superuser and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args, **kwargs):
        return request.user.is_superuser and super().has_add_permission(request, *args, **kwargs)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class PortalAdminSite(admin.AdminSite):
    # The header links to the user's workbench instead (templates/admin/base_site.html).
    site_url = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._kept = {}
        self._lock = threading.Lock()

    def register(self, model_or_iterable, admin_class=None, **options):
        """Django's register; a technical model's admin (third-party ones included) becomes superuser-only,
        and every search box says its limits (issue 12.6; admin_view enforces them)."""
        super().register(model_or_iterable, admin_class, **options)
        models = [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else model_or_iterable
        for model in models:
            registered = self._registry.get(model)
            if is_superuser_only(model) and not isinstance(registered, SuperuserOnlyAdmin):
                cls = type(registered)
                wrapped = type(cls.__name__, (SuperuserOnlyAdmin, cls), {"__module__": cls.__module__})
                self._registry[model] = wrapped(model, self)
        for model_admin in self._registry.values():
            if model_admin.search_fields and not getattr(model_admin, "_search_help_set", False):
                own = model_admin.search_help_text
                model_admin.search_help_text = format_lazy("{} {}", own, SEARCH_HELP) if own else SEARCH_HELP
                model_admin._search_help_set = True

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @functools.wraps(inner)
        def capped_search(request, *args, **kwargs):
            _cap_admin_search(request)
            return inner(request, *args, **kwargs)

        return capped_search

    def _navigation_key(self, request):
        """What the user's navigation depends on, or None when it is not to be kept (once a request)."""
        if hasattr(request, "_portal_navigation_key"):
            return request._portal_navigation_key
        key = None
        user = getattr(request, "user", None)
        if settings.ADMIN_NAVIGATION_CACHE_SECONDS and user is not None and user.is_authenticated:
            try:
                # A fresh start (an emptied cache) must not meet lists kept under an earlier start's version.
                version = cache.get_or_set(_VERSION_KEY, time.time_ns, None)
            except Exception:  # noqa: BLE001 - no shared cache: no way to know of changes, so keep nothing
                log.warning("cache unavailable: the admin navigation is rebuilt for each page", exc_info=True)
            else:
                key = (user.pk, user.is_active, user.is_staff, user.is_superuser, getattr(user, "role", ""),
                       translation.get_language(), version)
        request._portal_navigation_key = key
        return key

    def _keep(self, key, build):
        now = time.monotonic()
        kept = self._kept.get(key)
        if kept is not None and kept[0] > now:
            return kept[1]
        value = build()
        with self._lock:
            if len(self._kept) >= _MAX_KEPT:
                self._kept = {k: v for k, v in self._kept.items() if v[0] > now}
                if len(self._kept) >= _MAX_KEPT:
                    self._kept.clear()
            self._kept[key] = (now + settings.ADMIN_NAVIGATION_CACHE_SECONDS, value)
        return value

    def get_app_list(self, request, app_label=None):
        key = self._navigation_key(request) if app_label is None else None
        if key is None:
            return super().get_app_list(request, app_label)
        return self._keep(("apps", key), lambda: super(PortalAdminSite, self).get_app_list(request))

    def each_context(self, request):
        context = super().each_context(request)
        # Called by the template only where the sidebar is drawn (templates/admin/nav_sidebar.html).
        context["portal_nav_sidebar"] = functools.partial(self.nav_sidebar, request, context["available_apps"])
        return context

    def nav_sidebar(self, request, app_list):
        """Django's sidebar for this user and page, drawn once per user and highlighted entry."""
        def draw():
            return _django_nav_sidebar().render(Context({"request": request, "available_apps": app_list}))

        key = self._navigation_key(request)
        if key is None:
            return draw()
        # The entries Django highlights: those whose address is part of this page's (app_list.html).
        path = quote(request.path, safe="/")
        current = tuple(url for app in app_list for url in (app["app_url"], *(m.get("admin_url") for m in app["models"]))
                        if url and url in path)
        return self._keep(("sidebar", key, current), draw)


def _cap_admin_search(request):
    """A list's search (`q`) and an autocomplete's (`term`) cut to the limits before any query is built:
    each word is a condition on every searched column (issue 12.6). The list says what was cut."""
    if request.method != "GET":
        return
    for name in ("q", "term"):
        text = request.GET.get(name)
        if not text:
            continue
        capped, was_cut = cap_search(text)
        if was_cut:
            params = request.GET.copy()
            params[name] = capped
            request.GET = params
            if name == "q":
                messages.warning(request, gettext(
                    "A search takes at most %(words)s words and %(chars)s characters: only “%(capped)s” was "
                    "searched.") % {"words": MAX_SEARCH_WORDS, "chars": MAX_SEARCH_LENGTH, "capped": capped})


def forget_app_lists(sender=None, update_fields=None, **kwargs):
    """Signal receiver: a permission, group or user changed; every kept navigation list is retired."""
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return  # a login or a new password changes nobody's navigation
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:  # not set yet: nothing kept depends on it
        pass
    except Exception:  # noqa: BLE001
        log.warning("cache unavailable: kept admin navigation not retired", exc_info=True)


class PortalAdminConfig(AdminConfig):
    default_site = "congress_portal.core.admin_site.PortalAdminSite"

    def ready(self):
        super().ready()
        from .admin_beat import translate_beat_admin

        translate_beat_admin(admin.site)
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group, Permission
        from django.db.models.signals import m2m_changed, post_delete, post_save

        user_model = get_user_model()
        for sender in (user_model.user_permissions.through, user_model.groups.through, Group.permissions.through):
            m2m_changed.connect(forget_app_lists, sender=sender, dispatch_uid=f"admin-app-list-{sender.__name__}")
        for model in (user_model, Group, Permission):
            post_save.connect(forget_app_lists, sender=model, dispatch_uid=f"admin-app-list-save-{model.__name__}")
            post_delete.connect(forget_app_lists, sender=model, dispatch_uid=f"admin-app-list-del-{model.__name__}")
