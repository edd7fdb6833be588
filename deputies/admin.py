from django.contrib import admin

from congress_portal.core.admin_import import ImportMixin

from .importing import DeputyImporter
from .models import Deputy, DeputyGroup, LiaisonStation


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
