from django.contrib import admin

from .models import AuditLog
from .registry import without_hidden


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Read-only: the trail is appended to by services and never edited."""

    list_display = ["created_at", "actor", "content_type", "object_repr", "action", "from_state", "to_state"]
    list_filter = ["content_type", "action", "created_at"]
    search_fields = ["object_repr", "object_id", "comment", "actor__username", "actor__real_name"]
    list_select_related = ["actor", "content_type"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in AuditLog._meta.fields]
    raw_id_fields = ["actor"]

    def get_queryset(self, request):
        return without_hidden(super().get_queryset(request))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
