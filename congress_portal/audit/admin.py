from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import labels
from .models import AuditLog
from .registry import without_hidden


class ActionFilter(admin.SimpleListFilter):
    """The actions by name, from the apps' registered names (not the stored codes)."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return labels.action_choices()

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Read-only: the trail is appended to by services and never edited. Actions and states read by
    their names (audit/labels.py)."""

    list_display = ["created_at", "actor", "content_type", "object_repr", "action_name", "from_name", "to_name"]
    list_filter = ["content_type", ActionFilter, "created_at"]
    search_fields = ["object_repr", "object_id", "comment", "actor__username", "actor__real_name"]
    list_select_related = ["actor", "content_type"]
    date_hierarchy = "created_at"
    fields = ["created_at", "actor", "content_type", "object_id", "object_repr", "action_name", "from_name",
              "to_name", "comment", "data"]
    readonly_fields = fields
    raw_id_fields = ["actor"]

    def get_queryset(self, request):
        return without_hidden(super().get_queryset(request))

    def _named(self, obj):
        if not hasattr(obj, "action_name"):
            labels.name_rows([obj])
        return obj

    @admin.display(description=_("action"), ordering="action")
    def action_name(self, obj):
        return self._named(obj).action_name

    @admin.display(description=_("from"), ordering="from_state")
    def from_name(self, obj):
        return self._named(obj).from_name

    @admin.display(description=_("to"), ordering="to_state")
    def to_name(self, obj):
        return self._named(obj).to_name

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
