from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Delivery, Notification, OutboxEvent, Preference


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "kind", "milestone", "due_date", "recipient", "channel", "status", "attempts",
                    "sent_at", "last_error")
    list_filter = ("status", "channel", "kind", "milestone")
    search_fields = ("recipient__username", "recipient__real_name", "kind", "last_error")
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"
    actions = ["retry_failed"]

    @admin.action(description=_("Retry the selected failed deliveries"))
    def retry_failed(self, request, queryset):
        count = services.retry(list(queryset))
        self.message_user(request, _("%(count)s deliveries will be sent again.") % {"count": count},
                          messages.SUCCESS)


class WaitingFilter(admin.SimpleListFilter):
    title = _("relayed")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [("1", _("Waiting")), ("0", _("Relayed"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(relayed_at__isnull=True)
        if self.value() == "0":
            return queryset.filter(relayed_at__isnull=False)
        return queryset


@admin.register(OutboxEvent)
class OutboxEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "event", "content_type", "object_id", "relayed_at", "attempts", "last_error")
    list_filter = (WaitingFilter, "event")
    actions = ["relay_now"]

    @admin.action(description=_("Relay the waiting events now"))
    def relay_now(self, request, queryset):
        count = services.relay_waiting()
        services.deliver_pending()
        self.message_user(request, _("%(count)s events relayed.") % {"count": count}, messages.SUCCESS)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "recipient", "kind", "milestone", "due_date", "read_at")
    list_filter = ("kind", "milestone")
    list_select_related = ("recipient",)
    search_fields = ("recipient__username", "recipient__real_name")


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "email", "sms", "language")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
