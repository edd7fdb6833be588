"""Staff work in the administration: solicitations with their moves as actions, proposals to screen,
candidate projects created through the screening service, chosen projects and their reports (read-only)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress_portal.meetings.models import Poll

from . import services
from .models import (CandidateProject, ChosenProject, Inspection, Milestone, ProgressReport, ProjectPhoto,
                     ProjectProposal, Solicitation)


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
              "approval_meeting", "poll", "result_taken_at", "evaluation_session", "documents"]
    readonly_fields = ["approved_at", "approved_by", "poll", "result_taken_at", "documents"]
    inlines = [CandidateInline]
    actions = ["approve_list", "create_ballot", "take_result", "create_evaluation", "publish_evaluation"]

    def save_model(self, request, obj, form, change):
        from django.db import transaction

        from . import selectors

        super().save_model(request, obj, form, change)
        # The public pages and the announcement show the year and its places: drop what they keep.
        transaction.on_commit(selectors.result_changed)

    @admin.display(description=_("Documents and pages"))
    def documents(self, obj):
        """The ballot papers (the vote and its run-offs), the result announcement, the ledger, the public page."""
        if obj is None or obj.pk is None:
            return "—"
        links = []
        if obj.poll_id:
            polls = [obj.poll, *Poll.objects.filter(runoff_of=obj.poll_id).exclude(state=Poll.State.ANNULLED)]
            for poll in polls:
                links.append((reverse("livelihood:ballot_paper", args=[poll.pk]),
                              gettext("Ballot paper (PDF): %(title)s") % {"title": poll.title}))
                links.append((reverse("meetings:progress", args=[poll.pk]),
                              gettext("Vote page: %(title)s") % {"title": poll.title}))
        if obj.result_taken_at:
            links.append((reverse("livelihood:result", args=[obj.year]), gettext("Result announcement")))
            links.append((reverse("livelihood:result_pdf", args=[obj.year]), gettext("Result announcement (PDF)")))
            links.append((reverse("livelihood:progress", args=[obj.year]), gettext("Public progress page")))
            links.append((reverse("livelihood:ledger") + f"?year={obj.year}", gettext("Progress ledger (Excel)")))
        if not links:
            return "—"
        return format_html("<ul class=\"mb-0\">{}</ul>",
                           format_html_join("", "<li><a href=\"{}\">{}</a></li>", links))

    @admin.action(description=_("Create the year-end satisfaction votes (one per project)"))
    def create_evaluation(self, request, queryset):
        def move(s):
            if s.evaluation_session_id is None:
                raise ValidationError({"evaluation_session": gettext(
                    "Choose the plenary session where the deputies evaluate the projects first.")})
            return services.evaluation_create(solicitation=s, forum=s.evaluation_session, actor=request.user)

        _run(self, request, queryset, move, gettext("the satisfaction votes are created; open them on the session's "
                                                     "vote pages."))

    @admin.action(description=_("Publish the year-end evaluation"))
    def publish_evaluation(self, request, queryset):
        _run(self, request, queryset, lambda s: services.evaluation_publish(solicitation=s, actor=request.user),
             gettext("the evaluation is published on the progress page."))

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


class ProposalDeclineForm(forms.ModelForm):
    """Staff decline a proposal here: the reason is what the proposer reads with the tracking code."""

    class Meta:
        model = ProjectProposal
        fields = ["decline_reason"]

    def clean_decline_reason(self):
        reason = (self.cleaned_data.get("decline_reason") or "").strip()
        if reason and self.instance.status != ProjectProposal.Status.RECEIVED:
            raise ValidationError(gettext("Only a proposal still being screened can be declined; this one is: "
                                          "%(state)s.") % {"state": self.instance.get_status_display()})
        if reason and self.instance.solicitation.approved_at:
            raise ValidationError(gettext("The candidate list of %(year)s is already approved; it can no longer "
                                          "change.") % {"year": self.instance.solicitation.year})
        return reason


@admin.register(ProjectProposal)
class ProjectProposalAdmin(admin.ModelAdmin):
    form = ProposalDeclineForm
    list_display = ["__str__", "solicitation", "status", "proposer_name", "submitted_at"]
    list_filter = ["solicitation__year", "status"]
    search_fields = ["text", "tracking_code"]
    fields = ["solicitation", "text", "proposer_name", "proposer_phone", "proposer", "status", "submitted_at",
              "decline_reason", "declined_at"]

    def get_readonly_fields(self, request, obj=None):
        readonly = [f for f in self.fields if f != "decline_reason"]
        if obj is not None and obj.status != ProjectProposal.Status.RECEIVED:
            readonly.append("decline_reason")
        return readonly

    def save_model(self, request, obj, form, change):
        reason = form.cleaned_data.get("decline_reason")
        if not change or not reason or "decline_reason" not in form.changed_data:
            return
        try:
            services.proposal_decline(proposal=obj, actor=request.user, reason=reason)
        except services.LivelihoodError as exc:
            raise ValidationError(str(exc)) from exc

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CandidateForm(forms.ModelForm):
    """The screening service's refusals, checked on the form so that staff see them at their fields."""

    class Meta:
        model = CandidateProject
        fields = ["solicitation", "title", "description", "budget", "unit", "expected_completion", "proposals"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "proposals" in self.fields:
            # A plain labelled list of the proposals still being screened (the lists not yet approved), not
            # the admin's autocomplete: its search box has no label and its list holds spans (axe, WCAG 1.3.1).
            field = self.fields["proposals"]
            field.widget = forms.SelectMultiple(attrs={"size": 8})
            field.label_from_instance = lambda p: f"{p.solicitation.year} · {p.text[:60]}"
            # Set after the widget: setting the queryset hands the widget its choices.
            field.queryset = (ProjectProposal.objects.filter(solicitation__approved_at__isnull=True)
                              .exclude(status=ProjectProposal.Status.DECLINED).select_related("solicitation")
                              .order_by("-solicitation__year", "submitted_at", "id"))

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
    list_filter = ["solicitation__year"]
    fields = ["solicitation", "title", "description", "budget", "unit", "expected_completion", "proposals"]

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


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class ReportInline(_ReadOnlyInline):
    model = ProgressReport
    fields = ["reported_at", "period", "progress", "budget_spent", "text", "reported_by"]


class MilestoneInline(_ReadOnlyInline):
    model = Milestone
    fields = ["title", "planned_on", "done_on", "done_note", "done_by"]
    show_change_link = True


class InspectionInline(_ReadOnlyInline):
    model = Inspection
    fields = ["date", "findings", "recorded_by"]


class PhotoInline(_ReadOnlyInline):
    model = ProjectPhoto
    fields = ["caption", "milestone", "uploaded_at", "uploaded_by"]


@admin.register(ChosenProject)
class ChosenProjectAdmin(admin.ModelAdmin):
    list_display = ["candidate", "year", "unit", "rank", "approvals", "progress", "budget_spent", "next_report_due",
                    "evaluation", "carry_over"]
    list_filter = ["candidate__solicitation__year", "evaluation", "carry_over", "candidate__unit"]
    search_fields = ["candidate__title"]
    list_select_related = ["candidate__solicitation", "candidate__unit"]
    fields = ["candidate", "rank", "approvals", "progress", "budget_spent", "next_report_due", "evaluation_poll",
              "evaluation", "evaluated_at", "carry_over", "supervision_item"]
    readonly_fields = fields
    inlines = [MilestoneInline, ReportInline, InspectionInline, PhotoInline]
    actions = ["export_ledger"]

    @admin.display(description=_("year"), ordering="candidate__solicitation__year")
    def year(self, obj):
        return obj.candidate.solicitation.year

    @admin.display(description=_("responsible unit"))
    def unit(self, obj):
        return obj.candidate.unit.name

    @admin.action(description=_("Export the progress ledger of the selected projects (Excel)"))
    def export_ledger(self, request, queryset):
        from .ledgers import ledger_response

        return ledger_response(queryset)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _not_future(form, field):
    from django.utils import timezone

    day = form.cleaned_data.get(field)
    if day and day > timezone.localdate():
        form.add_error(field, gettext("Give a day that is not in the future."))


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["project", "title", "planned_on", "done_on"]

    def clean(self):
        data = super().clean()
        _not_future(self, "done_on")
        if self.instance.pk and self.instance.done_on and "done_on" in self.changed_data:
            self.add_error("done_on", gettext("This milestone was already reached on %(day)s.") % {
                "day": self.instance.done_on.isoformat()})
        return data


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    """Staff add a project's milestones and mark them reached, through the services (checked, audited)."""

    form = MilestoneForm
    list_display = ["title", "project", "planned_on", "done_on", "done_by"]
    list_filter = ["project__candidate__solicitation__year"]
    autocomplete_fields = ["project"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["done_on", "done_note", "done_by"]
        return ["project", "title", "planned_on", "done_note", "done_by"] + (["done_on"] if obj.done_on else [])

    def save_model(self, request, obj, form, change):
        try:
            if change:
                if "done_on" in form.changed_data and obj.done_on:
                    services.milestone_reach(milestone=obj, actor=request.user, done_on=obj.done_on)
                return
            created = services.milestone_add(project=obj.project, actor=request.user, title=obj.title,
                                             planned_on=obj.planned_on)
        except services.LivelihoodError as exc:
            raise ValidationError(str(exc)) from exc
        obj.pk = created.pk

    def has_delete_permission(self, request, obj=None):
        return False


class InspectionForm(forms.ModelForm):
    class Meta:
        model = Inspection
        fields = ["project", "date", "deputies", "findings"]

    def clean(self):
        data = super().clean()
        _not_future(self, "date")
        return data


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    """Staff record the deputies' inspections (视察) of a project, through the service."""

    form = InspectionForm
    list_display = ["project", "date", "recorded_by"]
    list_filter = ["project__candidate__solicitation__year"]
    autocomplete_fields = ["project", "deputies"]

    def get_readonly_fields(self, request, obj=None):
        return ["project", "date", "deputies", "findings"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            return
        try:
            created = services.inspection_record(project=obj.project, actor=request.user, date=obj.date,
                                                 deputies=form.cleaned_data["deputies"],
                                                 findings=obj.findings)
        except services.LivelihoodError as exc:
            raise ValidationError(str(exc)) from exc
        obj.pk = created.pk

    def save_related(self, request, form, formsets, change):
        pass  # the service set the deputies

    def has_delete_permission(self, request, obj=None):
        return False
