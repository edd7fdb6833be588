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

from congress_portal.core.forms import add_service_errors
from congress_portal.core.searching import CaselessSearchAdminMixin

from . import services, workflow
from .selectors import year_range
from .models import (
    Appraisal,
    AppointmentSettings,
    Certificate,
    LawExam,
    Motion,
    Nominee,
    Oath,
    OathForm,
    OathTaker,
    QualificationReview,
    State,
    Statement,
)

NOMINEE_FIELDS = ["person_name", "post", "organ", "kind", "reasons", "resume", "id_number", "phone",
                  "exam_required", "unit", "exam_scheduled_on"]


class MotionForm(forms.ModelForm):
    class Meta:
        model = Motion
        fields = ["title", "nominating_body", "meeting", "submitted_on", "vote_mode", "late_consent_on",
                  "late_consent_note"]

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
    list_display = ["title", "nominating_body", "meeting", "submitted_on", "vote_mode", "late"]
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
            late_consent_note=data.get("late_consent_note", ""), vote_mode=data["vote_mode"],
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
        from congress_portal.meetings.models import StandingCommitteeMeeting

        # The meetings' years (a few hundred rows), not a scan of every nominee.
        years = StandingCommitteeMeeting.objects.filter(appointment_motions__isnull=False).dates(
            "date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(**year_range(int(self.value()), "motion__meeting__date"))
        return queryset


def _move_action(move_name, service):
    def action(modeladmin, request, queryset):
        done = 0
        targets = workflow.MOVES[move_name].targets
        for nominee in queryset.order_by("pk"):
            nominee.refresh_from_db(fields=["state"])
            if done and nominee.state in targets:  # moved with another of its motion (voted together)
                done += 1
                continue
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
class NomineeAdmin(CaselessSearchAdminMixin, admin.ModelAdmin):
    """Every appointment and removal; the moves without input are the table's actions."""

    list_per_page = 50  # as the other domain lists: a term's 300 decisions in six pages

    list_display = ["person_name", "post", "organ", "kind", "state", "votes_for", "motion", "decided_on",
                    "certificate_link"]
    list_filter = ["organ", "kind", "state", YearFilter, "motion__meeting__term"]
    search_fields = ["person_name", "post"]  # a motion by its title: the motions list (its nominees there too)
    list_select_related = ["motion", "certificate"]

    class Media:
        css = {"all": ["appointments/admin.css"]}

    ordering = ["-id"]  # newest first, from the primary key's index
    show_full_result_count = False
    readonly_fields = NOMINEE_FIELDS + ["motion", "state", "next_moves", "poll", "poll_subject", "votes_for",
                                        "decided_on", "after_the_vote"]
    fields = readonly_fields
    actions = [_move_action("send_to_vote", services.nominee_send_to_vote),
               _move_action("open_vote", services.nominee_open_vote),
               _move_action("record_outcome", services.nominee_record_outcome),
               _move_action("vote_again", services.nominee_vote_again),
               "issue_certificate"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Every field is read only (a nominee moves by the actions and the forms linked from the page), so
        the page offers no Save buttons that would save nothing."""
        extra_context = {**(extra_context or {}), "show_save": False, "show_save_and_continue": False,
                         "show_save_and_add_another": False}
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Issue the certificate of appointment"))
    def issue_certificate(self, request, queryset):
        issued = []
        for nominee in queryset.order_by("pk"):
            try:
                issued.append(services.certificate_issue(nominee=nominee, actor=request.user))
            except services.AppointmentError as exc:
                messages.error(request, str(exc))
        if issued:
            messages.success(request, gettext("Certificates issued: %(numbers)s.") % {
                "numbers": "、".join(c.number for c in issued)})

    @admin.display(description=_("certificate"))
    def certificate_link(self, obj):
        certificate = getattr(obj, "certificate", None)
        if certificate is None:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("appointments:certificate_pdf", args=[certificate.pk]),
                           certificate.number)

    @admin.display(description=_("after the vote"))
    def after_the_vote(self, obj):
        """The statement, the certificate (PDF), the oath and the appraisals of the nominee, or the forms to
        record them."""
        parts = []
        statement = Statement.objects.filter(nominee=obj).first()
        if statement is not None:
            parts.append(format_html("{}：{}", gettext("Statement on taking office"), statement.made_on))
        elif obj.state in services.after.STATEMENT_STATES and obj.kind in services.APPOINTING_KINDS:
            parts.append(format_html('<a class="button" href="{}?nominee={}">{}</a>',
                                     reverse("admin:appointments_statement_add"), obj.pk,
                                     gettext("Record the statement on taking office")))
        if obj.state == State.PASSED and obj.kind in services.APPOINTING_KINDS:
            certificate = getattr(obj, "certificate", None)
            if certificate is not None:
                parts.append(format_html('<a class="button" href="{}">{} {}</a>',
                                         reverse("appointments:certificate_pdf", args=[certificate.pk]),
                                         gettext("Certificate of appointment (PDF)"), certificate.number))
            else:
                parts.append(gettext("Certificate: use the action “Issue the certificate of appointment” of "
                                     "the nominees' table."))
            taker = OathTaker.objects.filter(nominee=obj).select_related("oath").first()
            if taker is not None:
                parts.append(format_html('<a href="{}">{}</a>', reverse("admin:appointments_oath_change",
                                                                        args=[taker.oath_id]), taker.oath))
            else:
                parts.append(format_html('<a class="button" href="{}?nominees={}">{}</a>',
                                         reverse("admin:appointments_oath_add"), obj.pk,
                                         gettext("Schedule the constitutional oath")))
            for appraisal in obj.appraisals.all():
                parts.append(format_html('<a href="{}">{}</a>', reverse("admin:appointments_appraisal_change",
                                                                        args=[appraisal.pk]), appraisal))
            parts.append(format_html('<a class="button" href="{}?nominee={}">{}</a>',
                                     reverse("admin:appointments_appraisal_add"), obj.pk,
                                     gettext("Schedule an appraisal")))
        return format_html_join(mark_safe("<br>"), "{}", ((p,) for p in parts)) if parts else "—"

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
        errors = services.review_errors(self.checklist(), data.get("remarks"))
        if errors:
            add_service_errors(self, ValidationError(errors))
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


# ---- after the vote: forms whose validation is the service itself ------------------------------------------


class ServiceForm(forms.ModelForm):
    """A form whose clean() performs the move through its service (inside the admin's transaction): the
    service's refusals land on their fields in Chinese, and nothing is saved when one is raised."""

    actor = None
    result = None

    def perform(self, data):  # pragma: no cover - interface
        raise NotImplementedError

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.result = self.perform(data)
        except ValidationError as exc:
            add_service_errors(self, exc)
        except services.AppointmentError as exc:
            self.add_error(None, str(exc))
        return data


class ServiceAdmin(admin.ModelAdmin):
    """Adds (and changes) through ServiceForm; the admin saves nothing itself."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def save_form(self, request, form, change):
        return form.result

    def save_model(self, request, obj, form, change):
        """Saved by the service, in the form's clean()."""

    def save_related(self, request, form, formsets, change):
        """Nothing related to save: the service did (the read-only inlines changed nothing)."""
        for formset in formsets:  # what the admin's change message reads
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def has_delete_permission(self, request, obj=None):
        return False


class StatementForm(ServiceForm):
    class Meta:
        model = Statement
        fields = ["nominee", "made_on", "met_members_on", "summary"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "nominee" in self.fields:
            self.fields["nominee"].queryset = Nominee.objects.filter(
                state__in=services.after.STATEMENT_STATES, kind__in=services.APPOINTING_KINDS,
                statement__isnull=True)

    def perform(self, data):
        return services.statement_record(nominee=data["nominee"], actor=self.actor, made_on=data["made_on"],
                                         met_members_on=data.get("met_members_on"), summary=data["summary"])


@admin.register(Statement)
class StatementAdmin(ServiceAdmin):
    form = StatementForm
    list_display = ["nominee", "made_on", "met_members_on", "agenda_item"]
    search_fields = ["nominee__person_name"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["nominee", "made_on", "met_members_on", "summary", "agenda_item",
                                       "recorded_by"]

    def get_fields(self, request, obj=None):
        return StatementForm.Meta.fields if obj is None else self.get_readonly_fields(request, obj)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)  # recorded once, then read


class OathAddForm(ServiceForm):
    nominees = forms.ModelMultipleChoiceField(
        Nominee.objects.none(), label=_("persons sworn"), widget=forms.CheckboxSelectMultiple,
        help_text=_("One person for an individual oath; two or more for a collective oath."))
    leader = forms.ModelChoiceField(Nominee.objects.none(), required=False, label=_("leads the oath"),
                                    help_text=_("Collective oath: who leads it (default: the first)."))

    class Meta:
        model = Oath
        fields = ["form", "meeting", "date", "place", "administered_by", "witnesses"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        waiting = Nominee.objects.filter(state=State.PASSED, kind__in=services.APPOINTING_KINDS,
                                         oath_taker__isnull=True).order_by("-decided_on", "pk")
        for name in ("nominees", "leader"):
            if name in self.fields:
                self.fields[name].queryset = waiting
        if "nominees" in self.initial and isinstance(self.initial["nominees"], str):
            self.initial["nominees"] = self.initial["nominees"].split(",")

    def perform(self, data):
        return services.oath_schedule(
            actor=self.actor, form=data["form"], date=data.get("date"), place=data.get("place"),
            administered_by=data.get("administered_by"), nominees=list(data["nominees"]),
            witnesses=data.get("witnesses", ""), meeting=data.get("meeting"), leader=data.get("leader"))


class OathTakenForm(ServiceForm):
    class Meta:
        model = Oath
        fields = ["witnesses"]

    def perform(self, data):
        return services.oath_record_taken(oath=self.instance, actor=self.actor, witnesses=data.get("witnesses"))


class OathTakerInline(admin.TabularInline):
    model = OathTaker
    fields = ["nominee", "leads"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Oath)
class OathAdmin(ServiceAdmin):
    """宪法宣誓: scheduled with its persons (the fixed text shown), then recorded as taken by saving it."""

    list_display = ["__str__", "form", "date", "place", "administered_by", "taken"]
    list_filter = ["form", "taken"]
    search_fields = ["takers__person_name", "place"]
    date_hierarchy = "date"
    inlines = [OathTakerInline]

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = OathAddForm if obj is None else OathTakenForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return OathAddForm.Meta.fields + ["nominees", "leader", "oath_text"]
        return ["form", "meeting", "date", "place", "administered_by", "oath_text", "witnesses", "taken",
                "recorded_by"]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["oath_text"]
        if obj is None:
            return fixed
        read = ["form", "meeting", "date", "place", "administered_by", "taken", "recorded_by"] + fixed
        return read + (["witnesses"] if obj.taken else [])

    def get_inlines(self, request, obj):
        return [OathTakerInline] if obj is not None else []

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or not obj.taken)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not obj.taken:
            context["subtitle"] = gettext("Save to record the oath as taken, with its witnesses.")
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=_("oath text"))
    def oath_text(self, obj):
        from .models import OATH_TEXT

        return obj.text if obj is not None and obj.pk else OATH_TEXT


class AppraisalAddForm(ServiceForm):
    class Meta:
        model = Appraisal
        fields = ["nominee", "year", "scheduled_on", "supervision_item"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "nominee" in self.fields:
            self.fields["nominee"].queryset = Nominee.objects.filter(state=State.PASSED,
                                                                     kind__in=services.APPOINTING_KINDS)

    def perform(self, data):
        return services.appraisal_schedule(nominee=data["nominee"], actor=self.actor, year=data["year"],
                                           scheduled_on=data.get("scheduled_on"),
                                           supervision_item=data.get("supervision_item"))


class AppraisalRecordForm(ServiceForm):
    class Meta:
        model = Appraisal
        fields = ["held_on", "result", "report", "opinion"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("held_on", "result", "report"):
            self.fields[name].required = True

    def perform(self, data):
        return services.appraisal_record(appraisal=self.instance, actor=self.actor, held_on=data.get("held_on"),
                                         result=data.get("result"), report=data.get("report"),
                                         opinion=data.get("opinion", ""))


@admin.register(Appraisal)
class AppraisalAdmin(ServiceAdmin):
    """履职评议: scheduled for an appointed official, then recorded once held."""

    list_display = ["nominee", "year", "scheduled_on", "held_on", "result", "supervision_item"]
    list_filter = ["year", "result"]
    search_fields = ["nominee__person_name", "nominee__post"]
    list_select_related = ["nominee", "supervision_item"]

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = AppraisalAddForm if obj is None else AppraisalRecordForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return AppraisalAddForm.Meta.fields
        return ["nominee", "year", "scheduled_on", "supervision_item"] + AppraisalRecordForm.Meta.fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        read = ["nominee", "year", "scheduled_on", "supervision_item"]
        return read + (AppraisalRecordForm.Meta.fields if obj.held_on else [])

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.held_on is None)


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Issued from the nominees' table; read here, with the PDF."""

    list_display = ["number_display", "nominee", "issued_on", "chair_name", "pdf"]
    list_filter = ["year"]
    search_fields = ["nominee__person_name", "nominee__post"]
    list_select_related = ["nominee"]
    fields = ["number_display", "nominee", "issued_on", "chair_name", "issued_by", "pdf"]
    readonly_fields = fields

    @admin.display(description=_("number"))
    def number_display(self, obj):
        return obj.number

    @admin.display(description=_("PDF"))
    def pdf(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("appointments:certificate_pdf", args=[obj.pk]),
                           gettext("Certificate of appointment (PDF)"))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AppointmentSettingsForm(forms.ModelForm):
    class Meta:
        model = AppointmentSettings
        fields = ["exam_pass_mark", "review_checklist", "max_failed_nominations"]

    def clean_exam_pass_mark(self):
        mark = self.cleaned_data["exam_pass_mark"]
        if mark is None or not 0 <= mark <= 100:
            raise ValidationError(gettext("Enter a pass mark between 0 and 100."))
        return mark

    def clean_review_checklist(self):
        text = self.cleaned_data["review_checklist"]
        if not [line for line in text.splitlines() if line.strip()]:
            raise ValidationError(gettext("Give at least one checklist item."))
        return text

    def clean_max_failed_nominations(self):
        n = self.cleaned_data["max_failed_nominations"]
        if not n:
            raise ValidationError(gettext("Enter a number of at least 1."))
        return n


@admin.register(AppointmentSettings)
class AppointmentSettingsAdmin(admin.ModelAdmin):
    """One row: the pass mark, the checklist, the third-nomination rule (the motion's days before the meeting
    are in the deadline settings)."""

    form = AppointmentSettingsForm
    list_display = ["__str__", "exam_pass_mark", "max_failed_nominations"]

    def changelist_view(self, request, extra_context=None):
        from django.shortcuts import redirect

        row = services.appointment_settings()
        return redirect("admin:appointments_appointmentsettings_change", row.pk)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
