"""Staff build meetings and their agendas here, and declare polls; the votes themselves are run from the
poll's control page (open, close, paper totals, publish, annul), reached from each poll's row."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import services
from .models import (AgendaDocument, AgendaItem, Attendance, Poll, PollOption, StandingCommitteeMeeting,
                     VoteSetting)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fields = ["order", "title"]
    extra = 1
    show_change_link = True


class AttendanceInline(admin.TabularInline):
    """Read here; recorded on the meeting's page (the staff's attendance form, or members' phones)."""

    model = Attendance
    fields = ["user", "status", "reason", "method", "recorded_by", "recorded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(StandingCommitteeMeeting)
class StandingCommitteeMeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "date", "place", "page_link"]
    list_filter = ["term"]
    inlines = [AgendaItemInline, AttendanceInline]

    @admin.display(description=_("meeting page"))
    def page_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("meetings:meeting", args=[obj.pk]),
                           _("Attendance and votes"))


class AgendaDocumentInline(admin.TabularInline):
    model = AgendaDocument
    extra = 1


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["title", "order", "meeting", "session"]
    list_filter = ["meeting", "session"]
    inlines = [AgendaDocumentInline]
    fields = ["meeting", "session", "order", "title", "content_type", "object_id"]


class PollOptionInline(admin.TabularInline):
    model = PollOption
    fields = ["order", "subject", "code", "label"]
    extra = 0

    def _editable(self, obj):
        return obj is None or obj.state == Poll.State.DRAFT

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class PollAddForm(forms.ModelForm):
    subjects = forms.CharField(
        label=_("Nominees or candidates"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line. For / against / abstain: each nominee voted on; leave empty for one question. "
                    "Approval: the candidates (more than the places)."))

    class Meta:
        model = Poll
        fields = ["meeting", "session", "agenda_item", "title", "kind", "places"]

    def clean(self):
        data = super().clean()
        if bool(data.get("meeting")) == bool(data.get("session")):
            raise ValidationError(_("Choose either a standing committee meeting or a plenary session."))
        subjects = [line.strip() for line in (data.get("subjects") or "").splitlines() if line.strip()]
        if data.get("kind") == Poll.Kind.APPROVAL:
            if not data.get("places"):
                self.add_error("places", _("Say how many candidates are to be chosen."))
            elif len(subjects) <= data["places"]:
                self.add_error("subjects", _("An approval vote needs more candidates than places."))
        item = data.get("agenda_item")
        if item and (item.meeting_id != getattr(data.get("meeting"), "pk", None)
                     or item.session_id != getattr(data.get("session"), "pk", None)):
            self.add_error("agenda_item", _("The agenda item belongs to another meeting."))
        return data


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    list_display = ["title", "forum_name", "kind", "state", "control_link"]
    list_filter = ["state", "kind", "meeting"]
    list_select_related = ["meeting__term", "session__term"]
    inlines = [PollOptionInline]
    actions = ["open_polls", "close_polls", "publish_polls"]

    @admin.display(description=_("meeting"))
    def forum_name(self, obj):
        return obj.forum

    @admin.display(description=_("control"))
    def control_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("meetings:progress", args=[obj.pk]), _("Run the vote"))

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = PollAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["meeting", "session", "agenda_item", "title", "kind", "places", "subjects"]
        return ["meeting", "session", "agenda_item", "title", "kind", "rule", "places", "state", "annul_reason",
                "base", "present", "opened_at", "closed_at", "published_at", "runoff_of"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        fixed = ["meeting", "session", "kind", "rule", "state", "annul_reason", "base", "present", "opened_at",
                 "closed_at", "published_at", "runoff_of"]
        if obj.state != Poll.State.DRAFT:  # never edited after opening
            fixed += ["agenda_item", "title", "places"]
        return fixed

    def get_inlines(self, request, obj):
        return [] if obj is None else self.inlines

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        data = form.cleaned_data
        created = services.poll_create(
            forum=data["meeting"] or data["session"], title=data["title"], kind=data["kind"], actor=request.user,
            agenda_item=data["agenda_item"], subjects=data["subjects"].splitlines(), places=data["places"])
        obj.pk = created.pk
        obj.__dict__.update({f.attname: getattr(created, f.attname) for f in Poll._meta.concrete_fields})

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(request.get_full_path())

    def _run(self, request, queryset, move, done):
        count = 0
        for poll in queryset:
            try:
                getattr(services, move)(poll=poll, actor=request.user)
                count += 1
            except (services.VoteError, ValidationError) as exc:
                messages.error(request, f"{poll}: {' '.join(getattr(exc, 'messages', [str(exc)]))}")
        if count:
            messages.success(request, done % {"n": count})

    @admin.action(description=_("Open the selected votes"))
    def open_polls(self, request, queryset):
        self._run(request, queryset, "poll_open", _("%(n)s vote(s) opened."))

    @admin.action(description=_("Close and count the selected votes"))
    def close_polls(self, request, queryset):
        self._run(request, queryset, "poll_close", _("%(n)s vote(s) closed."))

    @admin.action(description=_("Publish the results of the selected votes"))
    def publish_polls(self, request, queryset):
        self._run(request, queryset, "poll_publish", _("%(n)s result(s) published."))

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.state == Poll.State.DRAFT


@admin.register(VoteSetting)
class VoteSettingAdmin(admin.ModelAdmin):
    list_display = ["name", "value_name", "source"]
    fields = ["name", "value", "source", "note"]
    readonly_fields = ["name"]

    def get_form(self, request, obj=None, **kwargs):
        """The ties setting is chosen by name from its two codes; the shares are typed (1/2, 2/3)."""
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and obj.code == "approval_tie":
            from django import forms

            from .settings import TIE_CHOICES

            form.base_fields["value"] = forms.ChoiceField(label=_("value"), choices=TIE_CHOICES)
        return form

    @admin.display(description=_("value"), ordering="value")
    def value_name(self, obj):
        from .settings import TIE_CHOICES

        return dict(TIE_CHOICES).get(obj.value, obj.value)

    @admin.display(description=_("setting"))
    def name(self, obj):
        from .settings import DEFAULTS_BY_CODE

        default = DEFAULTS_BY_CODE.get(obj.code)
        return default.name if default else obj.code

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
