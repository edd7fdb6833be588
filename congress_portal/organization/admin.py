from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from congress_portal.accounts.models import User

from congress_portal.core.admin_import import ImportMixin

from .importing import HandlingUnitImporter
from .models import Committee, CommitteeMember, HandlingUnit, Session, Term


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "number", "start_date", "end_date", "is_current", "members_count"]
    inlines = [SessionInline]

    @admin.display(description=_("members in office"))
    def members_count(self, obj):
        return obj.members_in_office().count()


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "start_date", "end_date"]
    list_filter = ["term"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "handles_suggestions", "sort_order"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(admin.ModelAdmin):
    list_display = ["name", "post", "committee", "term", "joined_on", "left_on"]
    list_filter = ["term", "post", "committee", ("left_on", admin.EmptyFieldListFilter)]
    search_fields = ["name"]
    list_select_related = ["committee", "term"]


class OfficerInline(admin.TabularInline):
    model = User
    fields = ["username", "real_name", "mobile", "is_active"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = _("unit officer")
    verbose_name_plural = _("unit officers")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(HandlingUnit)
class HandlingUnitAdmin(ImportMixin, admin.ModelAdmin):
    importer_class = HandlingUnitImporter
    list_display = ["code", "name", "short_name", "kind", "contact_person", "contact_phone", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name", "short_name"]
    inlines = [OfficerInline]
