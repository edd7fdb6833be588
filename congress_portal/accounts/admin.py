from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from congress_portal.core.admin_import import ImportMixin
from congress_portal.organization.importing import UnitOfficerImporter

from .models import User


# Django stores the default permissions' names in English ("Can add suggestion") when it creates them;
# the permission pickers name them in the reader's language from their codename and model instead.
PERMISSION_ACTIONS = {
    "add": _("Can add %(model)s"), "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"), "view": _("Can view %(model)s"),
}


def permission_label(permission):
    action, _sep, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if action in PERMISSION_ACTIONS and model is not None and model_name == model._meta.model_name:
        name = PERMISSION_ACTIONS[action] % {"model": model._meta.verbose_name}
    else:
        name = permission.name
    return f"{permission.content_type} | {name}"


class PermissionLabelsMixin:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions") and field is not None:
            field.label_from_instance = permission_label
        return field


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(PermissionLabelsMixin, BaseGroupAdmin):
    pass


@admin.register(User)
class UserAdmin(PermissionLabelsMixin, ImportMixin, BaseUserAdmin):
    importer_class = UnitOfficerImporter
    list_display = ["username", "real_name", "role", "office", "unit", "deputy", "mobile", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff", "office", "unit"]
    search_fields = ["username", "real_name", "mobile", "unit__name", "deputy__name"]
    list_select_related = ["office", "unit", "deputy"]
    autocomplete_fields = ["unit", "deputy"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("real_name", "mobile", "email")}),
        (_("Role"), {"fields": ("role", "office", "unit", "deputy", "committee_member")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "real_name", "role", "office", "unit", "deputy",
                                                 "password1", "password2")}),
    )
