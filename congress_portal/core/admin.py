from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import workdays
from .models import CalendarDay, DeadlineSetting


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "provisional"]
    list_filter = ["kind", "provisional", "date"]
    search_fields = ["name"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        workdays.clear_cache()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        workdays.clear_cache()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        workdays.clear_cache()


@admin.register(DeadlineSetting)
class DeadlineSettingAdmin(admin.ModelAdmin):
    # Each setting by its name (deadlines.DEFAULTS); the code is what the workflows read, not people.
    list_display = ["name", "amount", "unit", "reminder_days", "source"]
    list_display_links = ["name"]
    list_editable = ["amount", "unit", "reminder_days"]
    search_fields = ["code", "source"]
    fields = ["name", "amount", "unit", "reminder_days", "source", "note"]
    readonly_fields = ["name"]

    @admin.display(description=_("deadline"), ordering="code")
    def name(self, obj):
        return obj.label

    def has_add_permission(self, request):
        # Codes are read by the workflows: a new code would be read by nothing.
        return False

    def has_delete_permission(self, request, obj=None):
        return False
