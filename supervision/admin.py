"""Staff work in the administration: plans, the topics the public proposed (decided on the plan's page),
items with their kind-specific records as inlines; stages move only through the table's actions."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress_portal.audit.services import audit_record

from . import services, workflow
from .models import (
    Appraisal, FilingReview, Finding, InspectionGroup, ItemDocument, Stage, SupervisionItem, SupervisionPlan,
    TopicProposal, Visit,
)


@admin.register(SupervisionPlan)
class SupervisionPlanAdmin(admin.ModelAdmin):
    list_display = ["year", "title", "topics_open_on", "topics_close_on", "approved_on", "published_at", "manage"]
    fields = ["year", "title", "introduction", "topics_open_on", "topics_close_on", "approved_on", "approval_record",
              "approved_by", "published_at"]
    readonly_fields = ["approved_on", "approval_record", "approved_by", "published_at"]

    @admin.display(description=_("Topics and approval"))
    def manage(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("supervision:plan_manage", args=[obj.year]),
                           gettext("Decide topics, approve, publish"))

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(obj, "plan_change" if change else "plan_create", actor=request.user)


@admin.register(TopicProposal)
class TopicProposalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "status", "proposer_name", "submitted_at", "decide"]
    list_filter = ["plan", "status"]
    search_fields = ["text", "tracking_code"]
    list_per_page = 50
    fields = ["plan", "text", "proposer_name", "proposer_phone", "proposer", "status", "item", "decline_reason",
              "decided_at", "decided_by", "submitted_at"]
    readonly_fields = fields

    @admin.display(description=_("Decide"))
    def decide(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("supervision:topic", args=[obj.pk]), gettext("Decide"))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DocumentInline(admin.TabularInline):
    model = ItemDocument
    fields = ["kind", "title", "file"]
    extra = 0


class GroupInline(admin.TabularInline):
    model = InspectionGroup
    extra = 0


class VisitInline(admin.TabularInline):
    model = Visit
    extra = 0


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0


class AppraisalInline(admin.TabularInline):
    model = Appraisal
    extra = 0
    autocomplete_fields = ["unit"]


class FilingInline(admin.StackedInline):
    model = FilingReview
    extra = 0
    max_num = 1
    autocomplete_fields = ["issuing_unit"]


def _move_action(name):
    move = workflow.MOVES[name]

    def action(modeladmin, request, queryset):
        for item in queryset:
            try:
                services.MOVE_SERVICES[name](item=item, actor=request.user)
            except (services.SupervisionError, ValidationError) as exc:
                text = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                modeladmin.message_user(request, f"{item.title}: {text}", messages.ERROR)
            else:
                modeladmin.message_user(request, f"{item.title}: {move.label}", messages.SUCCESS)

    action.__name__ = f"move_{name}"
    action.short_description = move.label
    return action


class SupervisionItemForm(forms.ModelForm):
    """The item's page: the meeting list offers the meetings still to come (and the item's own). A change of
    the target bodies or the meeting is checked by the rules of services.item_set_targets before anything is
    saved, each error under its field."""

    class Meta:
        model = SupervisionItem
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("meeting")
        if field is not None:
            field.queryset = field.queryset.filter(
                Q(date__gte=timezone.localdate()) | Q(pk=self.instance.meeting_id)).order_by("date")

    def clean(self):
        cleaned = super().clean()
        changed = {"meeting", "target_units"} & set(self.changed_data)
        if not changed:
            return cleaned
        meeting = cleaned.get("meeting")
        if self.instance.pk is None:
            refusal = services.meeting_refusal(None, meeting)
            errors = {"meeting": refusal} if refusal else {}
        elif self.instance.stage == Stage.CLOSED:
            errors = dict.fromkeys(changed, gettext("The item is closed; its target bodies and meeting can no "
                                                    "longer change."))
        else:
            units = cleaned.get("target_units")
            if units is None:  # the field's own error is already there
                return cleaned
            errors = services.targets_errors(self.instance, {unit.pk for unit in units}, meeting)
        for field, message in errors.items():
            self.add_error(field, message)
        return cleaned


@admin.register(SupervisionItem)
class SupervisionItemAdmin(admin.ModelAdmin):
    form = SupervisionItemForm
    list_display = ["title", "year", "kind", "stage", "committee", "meeting"]
    list_filter = ["year", "kind", "stage", "committee"]
    search_fields = ["title", "target_units__name"]
    list_select_related = ["committee", "meeting__term"]
    list_per_page = 50
    date_hierarchy = None
    autocomplete_fields = ["target_units"]
    fields = ["year", "plan", "kind", "title", "description", "committee", "target_units", "leader", "meeting",
              "agenda_item", "laws", "stage", "report_to_committee_on", "report_to_standing_on",
              "report_to_members_on"]
    readonly_fields = ["stage", "agenda_item", "report_to_committee_on", "report_to_standing_on",
                       "report_to_members_on"]
    inlines = [DocumentInline, GroupInline, VisitInline, FindingInline, AppraisalInline, FilingInline]
    actions = ["export_xlsx", *[_move_action(name) for name in workflow.MOVES]]

    def save_model(self, request, obj, form, change):
        """A new item starts at 选题, a meeting chosen puts it on that meeting's agenda (item_schedule); a change
        of an item's target bodies or meeting goes through item_set_targets, as on the staff's own page (the
        agenda item moved or removed with the meeting, the change audited)."""
        with transaction.atomic():
            new_meeting = obj.meeting
            # The meeting is changed only by the services below, which keep its agenda item with it.
            obj.meeting = SupervisionItem.objects.get(pk=obj.pk).meeting if change else None
            super().save_model(request, obj, form, change)
            try:
                if not change:
                    audit_record(obj, "item_create", actor=request.user, to_state=obj.stage)
                    if new_meeting is not None:
                        services.item_schedule(item=obj, actor=request.user, meeting=new_meeting)
                elif {"meeting", "target_units"} & set(form.changed_data):
                    services.item_set_targets(item=obj, actor=request.user, meeting=new_meeting,
                                              target_units=form.cleaned_data["target_units"])
            except (services.SupervisionError, ValidationError) as exc:
                # Only when the item changed between the form's check and this save (the form checks first).
                self.message_user(request, "；".join(getattr(exc, "messages", [str(exc)])), messages.ERROR)
            obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        if change and "target_units" in form.cleaned_data:
            # An item's target bodies were set (or refused) by item_set_targets in save_model: keep them as it left them.
            form.cleaned_data["target_units"] = list(form.instance.target_units.all())
        super().save_related(request, form, formsets, change)

    @admin.action(description=_("Download the selected items as an Excel ledger"))
    def export_xlsx(self, request, queryset):
        from congress_portal.reports.views import _xlsx_response

        from .ledger import items_ledger

        queryset = queryset.select_related("committee", "meeting__term").prefetch_related("target_units")
        return _xlsx_response(items_ledger(queryset), gettext("supervision-items"))
