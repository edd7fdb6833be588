"""Staff register motions, record reviews and exams, and move nominees on from the nominees' table.

Every write goes through appointments.services: the add forms check their input with the services'
own validators (errors on their fields, in Chinese), and the table's actions come from the transition
table (workflow.MOVES)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import services, workflow
from .models import LawExam, Motion, Nominee, QualificationReview

NOMINEE_FIELDS = ["person_name", "post", "organ", "kind", "reasons", "resume", "id_number", "phone",
                  "exam_required"]


class MotionForm(forms.ModelForm):
    class Meta:
        model = Motion
        fields = ["title", "nominating_body", "meeting", "submitted_on", "late_consent_on", "late_consent_note"]

    def clean(self):
        data = super().clean()
        errors = services.motion_errors(title=data.get("title"), meeting=data.get("meeting"),
                                        submitted_on=data.get("submitted_on"),
                                        late_consent_on=data.get("late_consent_on"))
        for field, message in errors.items():
            self.add_error(field, message)
        return data


class NomineeFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors) or self.instance.meeting_id is None:
            return
        rows = [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if problems := services.nominee_errors(self.instance.meeting.term, rows):
            raise ValidationError(problems)


class NomineeInline(admin.StackedInline):
    model = Nominee
    formset = NomineeFormSet
    extra = 1
    show_change_link = True

    def get_fields(self, request, obj=None):
        return NOMINEE_FIELDS + (["state"] if obj else [])

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj else []

    def has_add_permission(self, request, obj=None):
        return obj is None and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Motion)
class MotionAdmin(admin.ModelAdmin):
    """A motion is registered once (through the service); afterwards it is read here."""

    form = MotionForm
    inlines = [NomineeInline]
    list_display = ["title", "nominating_body", "meeting", "submitted_on", "late"]
    list_filter = ["nominating_body", "late", "meeting__term"]
    search_fields = ["title", "nominees__person_name"]
    date_hierarchy = "submitted_on"

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return MotionForm.Meta.fields + ["late", "agenda_item", "registered_by", "registered_at"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        """Saved with its nominees in save_related, by the service (nothing is saved on a change)."""

    def save_related(self, request, form, formsets, change):
        if change:
            return
        rows = [f.cleaned_data for fs in formsets for f in fs.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        data = form.cleaned_data
        motion = services.motion_register(
            actor=request.user, title=data["title"], nominating_body=data["nominating_body"],
            meeting=data["meeting"], submitted_on=data["submitted_on"], late_consent_on=data.get("late_consent_on"),
            late_consent_note=data.get("late_consent_note", ""),
            nominees=[{k: row.get(k) for k in NOMINEE_FIELDS} for row in rows])
        form.instance.pk = motion.pk
        form.instance.agenda_item_id = motion.agenda_item_id
        created = list(motion.nominees.all())
        for formset in formsets:  # what the admin's change message reads
            formset.new_objects, formset.changed_objects, formset.deleted_objects = created, [], []


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Nominee.objects.dates("motion__meeting__date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(motion__meeting__date__year=int(self.value()))
        return queryset


def _move_action(move_name, service):
    def action(modeladmin, request, queryset):
        done = 0
        for nominee in queryset.order_by("pk"):
            try:
                service(nominee=nominee, actor=request.user)
            except (services.AppointmentError, ValidationError) as exc:
                messages.error(request, "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
                continue
            done += 1
        if done:
            messages.success(request, gettext("%(move)s: %(n)s nominee(s).") % {
                "move": workflow.MOVES[move_name].label, "n": done})

    action.__name__ = move_name
    return admin.action(description=workflow.MOVES[move_name].label)(action)


@admin.register(Nominee)
class NomineeAdmin(admin.ModelAdmin):
    """Every appointment and removal; the moves without input are the table's actions."""

    list_display = ["person_name", "post", "organ", "kind", "state", "votes_for", "motion", "decided_on"]
    list_filter = ["organ", "kind", "state", YearFilter, "motion__meeting__term"]
    search_fields = ["person_name", "post", "motion__title"]
    list_select_related = ["motion"]
    readonly_fields = NOMINEE_FIELDS + ["motion", "state", "next_moves", "poll", "votes_for", "decided_on"]
    fields = readonly_fields
    actions = [_move_action("send_to_vote", services.nominee_send_to_vote),
               _move_action("open_vote", services.nominee_open_vote),
               _move_action("record_outcome", services.nominee_record_outcome),
               _move_action("vote_again", services.nominee_vote_again)]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("next steps"))
    def next_moves(self, obj):
        """The moves open to the nominee now (the transition table): a form for those with input, else the
        action of the nominees' table to use."""
        forms_of = {"review": "admin:appointments_qualificationreview_add", "exam": "admin:appointments_lawexam_add"}
        parts = []
        for move in workflow.moves_from(obj.state):
            if move.name == "exam" and not obj.exam_required:
                continue
            if move.name in forms_of:
                parts.append(format_html('<a class="button" href="{}?nominee={}">{}</a>',
                                         reverse(forms_of[move.name]), obj.pk, move.label))
            else:
                parts.append(format_html("{} {}", move.label, gettext("(an action of the nominees' table)")))
        return format_html_join(mark_safe("<br>"), "{}", ((p,) for p in parts)) if parts else "—"


class ReviewForm(forms.ModelForm):
    met = forms.MultipleChoiceField(label=_("Checklist items met"), required=False,
                                    widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = QualificationReview
        fields = ["nominee", "met", "remarks"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["met"].choices = [(i, i) for i in services.review_checklist()]
        if "nominee" in self.fields:
            self.fields["nominee"].queryset = Nominee.objects.filter(state__in=workflow.MOVES["review"].sources)

    def checklist(self):
        met = set(self.cleaned_data.get("met") or [])
        return {item: item in met for item in services.review_checklist()}

    def clean(self):
        data = super().clean()
        for field, message in services.review_errors(self.checklist(), data.get("remarks")).items():
            self.add_error(field if field in self.fields else None, message)
        return data


@admin.register(QualificationReview)
class QualificationReviewAdmin(admin.ModelAdmin):
    form = ReviewForm
    list_display = ["nominee", "passed", "reviewer", "reviewed_at"]
    list_filter = ["passed"]
    search_fields = ["nominee__person_name", "nominee__post"]

    def get_fields(self, request, obj=None):
        return ["nominee", "met", "remarks"] if obj is None else ["nominee", "checklist_read", "passed", "reviewer",
                                                                  "remarks", "reviewed_at"]

    @admin.display(description=_("checklist"))
    def checklist_read(self, obj):
        met, not_met = gettext("met"), gettext("not met")
        return format_html_join(mark_safe("<br>"), "{}：{}", ((item, met if ok else not_met)
                                                              for item, ok in obj.checklist.items()))

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        nominee = services.nominee_review(nominee=form.cleaned_data["nominee"], actor=request.user,
                                          checklist=form.checklist(), remarks=form.cleaned_data.get("remarks", ""))
        obj.pk = nominee.review.pk


class ExamForm(forms.ModelForm):
    class Meta:
        model = LawExam
        fields = ["nominee", "date", "score"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "nominee" in self.fields:
            self.fields["nominee"].queryset = Nominee.objects.filter(
                state__in=workflow.MOVES["exam"].sources, exam_required=True)

    def clean(self):
        data = super().clean()
        if "score" in data and "date" in data:
            for field, message in services.exam_errors(data["date"], data["score"]).items():
                self.add_error(field, message)
        return data


@admin.register(LawExam)
class LawExamAdmin(admin.ModelAdmin):
    form = ExamForm
    list_display = ["nominee", "date", "score", "pass_mark", "recorded_by"]
    search_fields = ["nominee__person_name"]

    def get_fields(self, request, obj=None):
        return ["nominee", "date", "score"] if obj is None else ["nominee", "date", "score", "pass_mark",
                                                                 "recorded_by"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        nominee = services.nominee_exam(nominee=form.cleaned_data["nominee"], actor=request.user,
                                        date=form.cleaned_data["date"], score=form.cleaned_data["score"])
        obj.pk = nominee.exam.pk
