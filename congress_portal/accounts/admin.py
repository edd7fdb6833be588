from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from congress_portal.core.admin_import import ImportMixin
from congress_portal.organization.importing import UnitOfficerImporter

from .models import User


@admin.register(User)
class UserAdmin(ImportMixin, BaseUserAdmin):
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
