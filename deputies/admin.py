from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from congress_portal.core.admin_import import ImportMixin

from .importing import DeputyImporter
from .models import Activity, Attendance, Deputy, DeputyGroup, LiaisonStation, Opinion, Reception


@admin.register(DeputyGroup)
class DeputyGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "street", "sort_order"]
    list_filter = ["kind"]
    search_fields = ["name", "street"]


@admin.register(LiaisonStation)
class LiaisonStationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "street", "phone", "reception_schedule", "is_active"]
    list_filter = ["kind", "street", "is_active"]
    search_fields = ["name", "street", "address"]


@admin.register(Deputy)
class DeputyAdmin(ImportMixin, admin.ModelAdmin):
    importer_class = DeputyImporter
    list_display = ["name", "gender", "level", "group", "station", "constituency", "occupation", "status"]
    list_filter = ["level", "status", "group", "professional_group", "station", "gender"]
    search_fields = ["name", "occupation", "constituency", "mobile"]
    list_select_related = ["group", "station"]
    autocomplete_fields = ["station"]
    list_per_page = 50
    readonly_fields = ["performance_file"]

    @admin.display(description=_("Performance file"))
    def performance_file(self, obj):
        if obj.pk is None:
            return "-"
        year = timezone.localdate().year
        return format_html('<a href="{}">{}</a> · <a href="{}">{}</a>',
                           reverse("deputies:performance_file", args=[obj.pk, year]), _("This year's file"),
                           reverse("deputies:performance_booklet", args=[obj.pk, year]), _("Yearly booklet (PDF)"))


class ReceptionOpinionInline(admin.TabularInline):
    """Opinions taken at a reception join the opinion pool (source: reception)."""

    model = Opinion
    fields = ["deputy", "text", "citizen_name", "citizen_phone"]
    autocomplete_fields = ["deputy"]
    extra = 1


@admin.register(Reception)
class ReceptionAdmin(admin.ModelAdmin):
    list_display = ["date", "station", "visitors"]
    list_filter = ["station__street", "station"]
    date_hierarchy = "date"
    autocomplete_fields = ["station", "deputies"]
    inlines = [ReceptionOpinionInline]

    def save_formset(self, request, form, formset, change):
        opinions = formset.save(commit=False)
        for opinion in opinions:
            opinion.reception = form.instance
            opinion.station = form.instance.station
            opinion.street = form.instance.station.street
            opinion.source = Opinion.Source.RECEPTION
            opinion.save()
        for obj in formset.deleted_objects:
            obj.delete()


class AttendanceInline(admin.TabularInline):
    model = Attendance
    fields = ["deputy", "attended", "confirmed_at"]
    readonly_fields = ["confirmed_at"]
    autocomplete_fields = ["deputy"]
    extra = 3


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "title", "station"]
    list_filter = ["kind", "station"]
    date_hierarchy = "date"
    search_fields = ["title"]
    inlines = [AttendanceInline]


@admin.register(Opinion)
class OpinionAdmin(admin.ModelAdmin):
    """Read-only here: triage goes through the opinion pages (services, audit)."""

    list_display = ["created_at", "status", "deputy", "station", "street", "source", "forwarded_unit"]
    list_filter = ["status", "source", "street"]
    list_select_related = ["deputy", "station", "forwarded_unit"]
    search_fields = ["text"]
    date_hierarchy = "created_at"
    # The citizen was promised that only the deputy sees the phone (issue 12.3).
    exclude = ["citizen_phone"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
