"""The portal's admin site: Django's, with each user's navigation kept instead of rebuilt on every page.

Every admin page shows the list of apps and models the user may use (the sidebar, and the index). To
build it Django asks each registered model's admin for the user's permissions: two queries and about
4 ms a page. That list changes only when the user's permissions, groups or role change, so it is kept
in this process, per user and language, for settings.ADMIN_NAVIGATION_CACHE_SECONDS (0: not kept).
Any change to permissions anywhere bumps a version in the shared cache, which retires every kept list
at once (in every process). When the cache cannot be reached, the list is simply built each time.
"""

import logging
import threading
import time

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.cache import cache
from django.utils import translation

log = logging.getLogger(__name__)

_VERSION_KEY = "admin:app-list-version"
_MAX_KEPT = 1000


class PortalAdminSite(admin.AdminSite):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._kept = {}
        self._lock = threading.Lock()

    def get_app_list(self, request, app_label=None):
        seconds = settings.ADMIN_NAVIGATION_CACHE_SECONDS
        if (not seconds or app_label is not None or not getattr(request, "user", None)
                or not request.user.is_authenticated):
            return super().get_app_list(request, app_label)
        try:
            # A fresh start (an emptied cache) must not meet lists kept under an earlier start's version.
            version = cache.get_or_set(_VERSION_KEY, time.time_ns, None)
        except Exception:  # noqa: BLE001 - no shared cache: no way to know of changes, so keep nothing
            log.warning("cache unavailable: the admin navigation is rebuilt for each page", exc_info=True)
            return super().get_app_list(request)
        user = request.user
        key = (user.pk, user.is_active, user.is_staff, user.is_superuser, getattr(user, "role", ""),
               translation.get_language(), version)
        kept = self._kept.get(key)
        now = time.monotonic()
        if kept is not None and kept[0] > now:
            return kept[1]
        app_list = super().get_app_list(request)
        with self._lock:
            if len(self._kept) >= _MAX_KEPT:
                self._kept = {k: v for k, v in self._kept.items() if v[0] > now}
                if len(self._kept) >= _MAX_KEPT:
                    self._kept.clear()
            self._kept[key] = (now + seconds, app_list)
        return app_list


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
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group, Permission
        from django.db.models.signals import m2m_changed, post_delete, post_save

        user_model = get_user_model()
        for sender in (user_model.user_permissions.through, user_model.groups.through, Group.permissions.through):
            m2m_changed.connect(forget_app_lists, sender=sender, dispatch_uid=f"admin-app-list-{sender.__name__}")
        for model in (user_model, Group, Permission):
            post_save.connect(forget_app_lists, sender=model, dispatch_uid=f"admin-app-list-save-{model.__name__}")
            post_delete.connect(forget_app_lists, sender=model, dispatch_uid=f"admin-app-list-del-{model.__name__}")
