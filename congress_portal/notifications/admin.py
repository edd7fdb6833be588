from django.contrib import admin, messages
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress_portal.accounts.models import Role

from . import messages as words
from . import registry, services
from .models import Delivery, Notification, OutboxEvent, Preference


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class KindFilter(admin.SimpleListFilter):
    """The kinds by name, from the registry of deadlines and events: not the stored codes, and no scan
    of the table for its distinct values on every visit."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        codes = [kind.code for kind in registry.kinds()] + list(words.EVENTS)
        return [(code, words.kind_label(code)) for code in codes]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class MilestoneFilter(admin.SimpleListFilter):
    title = _("milestone")
    parameter_name = "milestone"
    PREFIXES = ("before", "event")

    def lookups(self, request, model_admin):
        return [("before", _("Before the deadline")), *words.MILESTONES.items(),
                ("event", pgettext_lazy("milestone", "Immediate"))]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if value in self.PREFIXES:
            return queryset.filter(milestone__startswith=value)
        return queryset.filter(milestone=value)


class PrivateContextMixin:
    """What a notification is about (its context and link: a suggestion's title, a deputy's unsubmitted
    draft's among them, issue 12.4) is read in the administration by superusers only; staff see its kind,
    milestone, recipient and state, which is what they follow deliveries by."""

    private_fields = ("context", "url")

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or ())
        if not (request.user.is_active and request.user.is_superuser):
            exclude += [name for name in self.private_fields if hasattr(self.model, name)]
        return exclude

    def get_fields(self, request, obj=None):
        """Nor what stands for them on the record (the rendered message and link, NamedCodesMixin)."""
        fields = super().get_fields(request, obj)
        if not (request.user.is_active and request.user.is_superuser):
            named = getattr(self, "named", {})
            hidden = {*self.private_fields, *(named.get(name) for name in self.private_fields)}
            fields = [name for name in fields if name not in hidden]
        return fields


class NamedCodesMixin:
    """A record's page shows a code's name (its method in `named`) where the code field would be."""

    named = {}

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.named.values()]

    def get_fields(self, request, obj=None):
        fields = [self.named.get(name, name) for name in super().get_fields(request, obj)]
        return list(dict.fromkeys(fields))


class LabelledKindMixin(NamedCodesMixin):
    named = {"kind": "kind_name", "milestone": "milestone_name"}

    @admin.display(description=_("kind"), ordering="kind")
    def kind_name(self, obj):
        return words.kind_label(obj.kind)

    @admin.display(description=_("milestone"), ordering="milestone")
    def milestone_name(self, obj):
        return words.milestone_label(obj.milestone)


class StuckFilter(admin.SimpleListFilter):
    """E-mails and texts that need a person: a send interrupted by a stopped worker (it may have arrived,
    so it is not resent by itself) or one being sent for longer than a send can take."""

    title = _("needs checking")
    parameter_name = "stuck"

    def lookups(self, request, model_admin):
        return [("interrupted", _("Interrupted while sending")),
                ("sending", _("Being sent for over %(minutes)s minutes")
                 % {"minutes": int(services.STALE_SENDING.total_seconds() // 60)})]

    def queryset(self, request, queryset):
        if self.value() == "interrupted":
            return queryset.filter(status=Delivery.Status.FAILED, last_error=services.INTERRUPTED)
        if self.value() == "sending":
            return queryset.filter(status=Delivery.Status.SENDING,
                                   claimed_at__lt=timezone.now() - services.STALE_SENDING)
        return queryset


@admin.register(Delivery)
class DeliveryAdmin(PrivateContextMixin, LabelledKindMixin, ReadOnlyAdmin):
    list_display = ("created_at", "kind_name", "milestone_name", "due_date", "recipient", "channel", "status",
                    "attempts", "sent_at", "problem")
    list_filter = (StuckFilter, "status", "channel", KindFilter, MilestoneFilter)
    # "N of M" would count the whole table a second time on every page.
    show_full_result_count = False
    search_fields = ("recipient__username", "recipient__real_name", "kind", "last_error")
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"
    actions = ["retry_failed"]
    # The record reads as the recipient read it (for superusers: PrivateContextMixin), not as stored context.
    named = {**LabelledKindMixin.named, "context": "message"}

    @admin.display(description=_("message"))
    def message(self, obj):
        title, detail = words.render(obj.kind, obj.milestone, obj.due_date, obj.context)
        return format_html("{}<br>{}", title, detail) if detail else title

    @admin.display(description=_("last error"), ordering="last_error")
    def problem(self, obj):
        if obj.last_error == services.INTERRUPTED:
            return _("Interrupted while sending (the worker stopped): it may have arrived. Check with the "
                     "recipient, then retry it if it did not.")
        return obj.last_error

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


class EventFilter(admin.SimpleListFilter):
    """The events by name (messages.EVENTS), not their codes."""

    title = _("event")
    parameter_name = "event"

    def lookups(self, request, model_admin):
        return [(code, words.kind_label(code)) for code in words.EVENTS]

    def queryset(self, request, queryset):
        return queryset.filter(event=self.value()) if self.value() else queryset


@admin.register(OutboxEvent)
class OutboxEventAdmin(NamedCodesMixin, ReadOnlyAdmin):
    list_display = ("created_at", "event_name", "content_type", "object_id", "relayed_at", "attempts", "last_error")
    list_filter = (WaitingFilter, EventFilter)
    actions = ["relay_now"]
    named = {"event": "event_name"}

    @admin.display(description=_("event"), ordering="event")
    def event_name(self, obj):
        return words.kind_label(obj.event)

    @admin.action(description=_("Relay the waiting events now"))
    def relay_now(self, request, queryset):
        count = services.relay_waiting()
        services.deliver_pending()
        self.message_user(request, _("%(count)s events relayed.") % {"count": count}, messages.SUCCESS)


@admin.register(Notification)
class NotificationAdmin(PrivateContextMixin, LabelledKindMixin, ReadOnlyAdmin):
    """What users were told in the portal, and whether they read it.

    Staff granted view_notification see the notifications of the people they serve (deputies and unit
    officers: whether a unit read its reminder is what an urging starts from) and their own; what
    fellow staff and leaders were told, and when they read it, is for superusers. Deliveries stay open
    to staff (DeliveryAdmin): they follow and retry stuck sends to anyone, and see no message there."""

    list_display = ("created_at", "recipient", "kind_name", "milestone_name", "due_date", "read_at")
    served_roles = (Role.DEPUTY, Role.UNIT_OFFICER)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_active and request.user.is_superuser:
            return queryset
        return queryset.filter(Q(recipient__role__in=self.served_roles) | Q(recipient=request.user))
    # The record reads as its recipient reads it: its words, not the stored context, and a link, not a path.
    named = {**LabelledKindMixin.named, "context": "message", "url": "link"}

    @admin.display(description=_("message"))
    def message(self, obj):
        title, detail = words.render(obj.kind, obj.milestone, obj.due_date, obj.context)
        return format_html("{}<br>{}", title, detail) if detail else title

    @admin.display(description=_("link"))
    def link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.url, _("Open")) if obj.url else ""
    list_filter = (KindFilter, MilestoneFilter)
    show_full_result_count = False
    list_select_related = ("recipient",)
    search_fields = ("recipient__username", "recipient__real_name")


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "email", "sms", "language")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
