from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from .models import Letterhead


@admin.register(Letterhead)
class LetterheadAdmin(admin.ModelAdmin):
    """A single row: the list opens the row itself; there is nothing to add or delete."""

    fields = ["header_text", "colour", "seal_position", "body_font", "heading_font"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        row, _created = Letterhead.objects.get_or_create(pk=1)
        return redirect(reverse("admin:reports_letterhead_change", args=[row.pk]))
