"""Staff keep deliberation opinions in the administration too: drafts with their issue list, issued and
published through the same services as the portal's pages (actions); rectifications, votes, inquiries and
commitments are read here and worked on their pages (each row links there)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Inquiry, InquiryCommitment, Issue, Opinion, Question, Rectification, SatisfactionVote


class IssueInline(admin.TabularInline):
    model = Issue
    fields = ["order", "text", "unit"]
    extra = 0

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.state == Opinion.State.DRAFT

    has_add_permission = has_delete_permission = has_change_permission


@admin.register(Opinion)
class OpinionAdmin(admin.ModelAdmin):
    list_display = ["title", "item", "number", "state", "issued_on", "published_at", "links"]
    list_filter = ["state", "item__year"]
    search_fields = ["title", "number", "item__title"]
    autocomplete_fields = []
    fields = ["item", "number", "title", "text", "state", "issued_on", "issued_by", "published_at"]
    readonly_fields = ["state", "issued_on", "issued_by", "published_at"]
    inlines = [IssueInline]
    actions = ["issue_opinions", "publish_opinions"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.state != Opinion.State.DRAFT:
            return self.fields  # an issued opinion is a document: it no longer changes
        return self.readonly_fields

    @admin.display(description=_("Deliberation opinion (PDF)"))
    def links(self, obj):
        return format_html('<a href="{}">{}</a> · <a href="{}">PDF</a>', reverse("deliberation:opinion", args=[obj.pk]),
                           gettext("Page"), reverse("deliberation:opinion_pdf", args=[obj.pk]))

    def _run(self, request, queryset, move, done):
        for opinion in queryset:
            try:
                move(opinion)
            except (services.DeliberationError, ValidationError) as exc:
                text = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                self.message_user(request, f"{opinion}: {text}", messages.ERROR)
            else:
                self.message_user(request, f"{opinion}: {done}", messages.SUCCESS)

    @admin.action(description=_("Issue and hand over"))
    def issue_opinions(self, request, queryset):
        self._run(request, queryset, lambda o: services.opinion_issue(opinion=o, actor=request.user),
                  gettext("The opinion was issued and handed over to its target bodies."))

    @admin.action(description=_("Publish"))
    def publish_opinions(self, request, queryset):
        self._run(request, queryset, lambda o: services.opinion_publish(opinion=o, actor=request.user),
                  gettext("The opinion is published."))


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Rectification)
class RectificationAdmin(ReadOnly):
    list_display = ["__str__", "unit", "state", "round", "due_date", "page"]
    list_filter = ["state", "round", "issue__opinion__item__year"]
    search_fields = ["issue__text", "issue__opinion__title"]
    list_select_related = ["issue", "unit"]

    @admin.display(description=_("rectification"))
    def page(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("deliberation:rectification", args=[obj.pk]), gettext("Page"))


@admin.register(SatisfactionVote)
class SatisfactionVoteAdmin(ReadOnly):
    list_display = ["poll", "item", "rectification", "round", "verdict", "taken_at"]
    list_filter = ["verdict", "item__year"]
    list_select_related = ["poll", "item", "rectification__issue"]


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["asker", "unit", "official", "text", "answer", "parent"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Inquiry)
class InquiryAdmin(ReadOnly):
    list_display = ["title", "item", "held_on", "screen"]
    inlines = [QuestionInline]

    @admin.display(description=_("Special inquiry"))
    def screen(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("deliberation:inquiry", args=[obj.pk]), gettext("Page"))


@admin.register(InquiryCommitment)
class InquiryCommitmentAdmin(ReadOnly):
    list_display = ["__str__", "unit", "responsible", "due_date", "fulfilled_at"]
    list_filter = ["fulfilled_at", "inquiry__item__year"]
    search_fields = ["content"]
    list_select_related = ["unit"]
