"""Staff work in the administration: solicitations with their moves as actions, proposals to screen,
candidate projects created through the screening service, chosen projects and their reports (read-only)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import services
from .models import CandidateProject, ChosenProject, ProgressReport, ProjectProposal, Solicitation


def _run(modeladmin, request, queryset, move, done):
    for solicitation in queryset:
        try:
            move(solicitation)
        except (services.LivelihoodError, ValidationError) as exc:
            text = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            modeladmin.message_user(request, f"{solicitation}: {text}", messages.ERROR)
        else:
            modeladmin.message_user(request, f"{solicitation}: {done}", messages.SUCCESS)


class CandidateInline(admin.TabularInline):
    model = CandidateProject
    fields = ["order", "title", "budget", "unit", "expected_completion"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Solicitation)
class SolicitationAdmin(admin.ModelAdmin):
    list_display = ["year", "opens_on", "closes_on", "places", "approved_at", "poll", "result_taken_at"]
    fields = ["year", "opens_on", "closes_on", "places", "session", "approved_at", "approved_by",
              "approval_meeting", "poll", "result_taken_at"]
    readonly_fields = ["approved_at", "approved_by", "poll", "result_taken_at"]
    inlines = [CandidateInline]
    actions = ["approve_list", "create_ballot", "take_result"]

    @admin.action(description=_("Approve the candidate list (standing committee)"))
    def approve_list(self, request, queryset):
        _run(self, request, queryset, lambda s: services.candidate_list_approve(
            solicitation=s, actor=request.user, meeting=s.approval_meeting), gettext("the candidate list is approved."))

    @admin.action(description=_("Create the plenary ballot (approve up to N of M)"))
    def create_ballot(self, request, queryset):
        def move(s):
            if s.session_id is None:
                raise ValidationError({"session": gettext("Choose the plenary session that votes first.")})
            return services.ballot_create(solicitation=s, session=s.session, actor=request.user)

        _run(self, request, queryset, move, gettext("the ballot is created; open it on the session's vote page."))

    @admin.action(description=_("Take the vote's result into the chosen projects"))
    def take_result(self, request, queryset):
        _run(self, request, queryset, lambda s: services.result_take(solicitation=s, actor=request.user),
             gettext("the chosen projects are on the public progress page."))


@admin.register(ProjectProposal)
class ProjectProposalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "solicitation", "status", "proposer_name", "submitted_at"]
    list_filter = ["solicitation", "status"]
    search_fields = ["text"]
    fields = ["solicitation", "text", "proposer_name", "proposer_phone", "proposer", "status", "submitted_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CandidateForm(forms.ModelForm):
    """The screening service's refusals, checked on the form so that staff see them at their fields."""

    class Meta:
        model = CandidateProject
        fields = ["solicitation", "title", "description", "budget", "unit", "expected_completion", "proposals"]

    def clean(self):
        data = super().clean()
        solicitation = data.get("solicitation")
        if solicitation is None:
            return data
        if solicitation.approved_at:
            self.add_error("solicitation", gettext("The candidate list of %(year)s is already approved; it can no "
                                                   "longer change.") % {"year": solicitation.year})
        if data.get("unit") is not None and not data["unit"].is_active:
            self.add_error("unit", gettext("This unit is no longer active."))
        if any(p.solicitation_id != solicitation.pk for p in data.get("proposals") or []):
            self.add_error("proposals", gettext("Only proposals made to this year's solicitation can be used."))
        return data


@admin.register(CandidateProject)
class CandidateProjectAdmin(admin.ModelAdmin):
    """Screening: a new candidate goes through candidate_create (checks, proposals adopted, audit)."""

    form = CandidateForm
    list_display = ["title", "solicitation", "budget", "unit", "expected_completion", "order"]
    list_filter = ["solicitation"]
    fields = ["solicitation", "title", "description", "budget", "unit", "expected_completion", "proposals"]
    autocomplete_fields = ["proposals"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            return
        try:
            created = services.candidate_create(
                solicitation=obj.solicitation, actor=request.user, title=obj.title, description=obj.description,
                budget=obj.budget, unit=obj.unit, expected_completion=obj.expected_completion,
                proposals=form.cleaned_data.get("proposals", []))
        except services.LivelihoodError as exc:
            raise ValidationError(str(exc)) from exc
        obj.pk = created.pk

    def save_related(self, request, form, formsets, change):
        pass  # the service set the proposals

    def has_delete_permission(self, request, obj=None):
        return False


class ReportInline(admin.TabularInline):
    model = ProgressReport
    fields = ["reported_at", "progress", "text", "reported_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ChosenProject)
class ChosenProjectAdmin(admin.ModelAdmin):
    list_display = ["candidate", "rank", "approvals", "progress"]
    list_filter = ["candidate__solicitation"]
    fields = ["candidate", "rank", "approvals", "progress"]
    readonly_fields = fields
    inlines = [ReportInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
