from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from congress_portal.core.admin_import import ImportMixin
from congress_portal.organization.importing import UnitOfficerImporter

from . import permissions
from .models import Role, User


def _is_superuser(request):
    return request.user.is_active and request.user.is_superuser


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
    """Users. Superusers keep every account; committee staff only deputies' and unit officers' accounts,
    and never what opens the administration (staff status, superuser status, groups, permissions):
    those fields are left out of their forms, so a POST that carries them changes nothing."""

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
    # Committee staff: the fields of a deputy's or a unit officer's account, nothing that grants access.
    staff_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("real_name", "mobile", "email")}),
        (_("Role"), {"fields": ("role", "unit", "deputy")}),
        (_("Permissions"), {"fields": ("is_active",)}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    staff_add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "real_name", "role", "unit", "deputy",
                                                 "password1", "password2")}),
    )

    def get_queryset(self, request):
        return permissions.users_managed_by(request.user, super().get_queryset(request))

    def get_fieldsets(self, request, obj=None):
        if _is_superuser(request):
            return super().get_fieldsets(request, obj)
        return self.staff_add_fieldsets if obj is None else self.staff_fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if _is_superuser(request):
            return readonly
        # Also read-only, so that no form built for staff can take them even if a fieldset names them.
        return readonly + permissions.PRIVILEGE_FIELDS + ("office", "committee_member", "last_login", "date_joined")

    def get_list_filter(self, request):
        if _is_superuser(request):
            return self.list_filter
        return ["role", "is_active", "unit"]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not _is_superuser(request):
            # Staff create and change only the accounts they keep: a deputy's or a unit officer's.
            kwargs["choices"] = [(value, label) for value, label in Role.choices
                                 if value in permissions.MANAGED_ROLES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (
            obj is None or permissions.can_manage_user(request.user, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or permissions.can_manage_user(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or permissions.can_manage_user(request.user, obj))
