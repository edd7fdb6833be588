"""Committee staff's workplace: queues, pre-review, assignment, decisions, urging, scoring, publishing.

Every change goes through proposals.services; the admin never assigns a status itself. Rows are
read-only here; the moves are pages of their own (move_view) and one bulk action (assign).
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from congress_portal.accounts import permissions
from congress_portal.core.numbers import param_int
from congress_portal.organization.models import HandlingUnit
from deputies.models import Deputy

from . import forms, search, selectors, services, workflow
from .models import (
    Assignment, Commitment, ExtensionRequest, KeySupervision, ReassignRequest, Status, Suggestion, SupervisionAct,
)


class StaffReadOnly:
    """Visible to committee staff (by role, not Django permissions); rows are changed only by services."""

    def has_module_permission(self, request):
        return permissions.is_staff_member(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_staff_member(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SubmittedStatusFilter(admin.ChoicesFieldListFilter):
    """The states staff find suggestions in: not 草稿, a state only the deputy's own drafts are in (issue 12.4)."""

    def choices(self, changelist):
        draft = str(Status.DRAFT.label)
        for choice in super().choices(changelist):
            if str(choice["display"]) != draft:
                yield choice


class QueueFilter(admin.SimpleListFilter):
    title = gettext_lazy("queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("overdue", _("Reply overdue")), ("due_soon", _("Reply due within 15 days")),
                ("rating_missed", _("Rating deadline passed")), ("reassign", _("Re-assignment requested")),
                ("extension", _("Extension requested"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        handling = [Status.ASSIGNED, Status.HANDLING, Status.REHANDLING]
        if self.value() == "overdue":
            return queryset.filter(status__in=handling, reply_due__lt=today)
        if self.value() == "due_soon":
            return queryset.filter(status__in=handling, reply_due__gte=today,
                                   reply_due__lte=today + timezone.timedelta(days=15))
        if self.value() == "rating_missed":
            return queryset.filter(status=Status.REPLIED, evaluation_due__lt=today)
        if self.value() == "reassign":
            return queryset.filter(assignments__reassign_requests__decision="pending").distinct()
        if self.value() == "extension":
            return queryset.filter(extension_requests__decision="pending").distinct()
        return queryset


STAFF_PAGE_MOVES = {
    "prereview": ("register", gettext_lazy("Pre-review")),
    "assign": ("assign", gettext_lazy("Assign to units")),
    "urge": ("urge", gettext_lazy("Urge")),
    "mark_key": ("mark_key", gettext_lazy("Mark for key supervision")),
    "score": ("score", gettext_lazy("Score the reply letter")),
    "close": ("close", pgettext_lazy("move", "Close")),
    "publish": ("publish", gettext_lazy("Publish the reply")),
    "evaluate": ("evaluate", gettext_lazy("Record the deputy's rating")),
}
# A deputy's or unit's suggestions found by a search are written into the query up to this many;
# beyond it they are united with the title matches in the database (ModelAdmin.get_search_results).
SEARCH_INLINE_IDS = 500
# Notices printed at once from the list: a page or two each, a few seconds of WeasyPrint per hundred.
NOTICE_BATCH = 200
PREREVIEW_MOVES = ("register", "return", "to_reference", "merge", "convert_motion")


# The list's filters as the ledger's (proposals.filters.SuggestionFilterForm); a list
# filtered in a way the ledger cannot repeat offers no ledger rather than a wrong one.
LEDGER_FILTERS = {"status__exact": "status", "category__exact": "category", "term__id__exact": "term",
                  "kind__exact": "kind", "period__exact": "period", "q": "q"}
LIST_ONLY = {"o", "p", "e", "_changelist_filters"}


def ledger_url_for(params):
    """The suggestions ledger's URL with the same filters as the admin list's `params`, or None."""
    from urllib.parse import urlencode

    query = {}
    for key, value in params.items():
        if key in LIST_ONLY or value == "":
            continue
        if key in LEDGER_FILTERS:
            query[LEDGER_FILTERS[key]] = value
        elif key == "is_key__exact" and value in ("1", "0"):
            if value == "0":
                return None
            query["key"] = "on"
        elif key == "queue" and value == "overdue":
            query["overdue"] = "on"
        else:
            return None
    url = reverse("reports:suggestions_ledger")
    return f"{url}?{urlencode(query)}" if query else url


class _SuggestionChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        # The list shows no long texts: leave them in the database.
        qs = super().get_queryset(request, exclude_parameters).defer(*selectors.LIST_DEFERRED)
        if self.query:
            # A text search's row estimate is poor, and PostgreSQL would join every match to its deputy
            # before picking the page: the page's deputies come in a second query instead.
            qs = qs.select_related(None).prefetch_related(
                Prefetch("lead_deputy", queryset=Deputy.objects.only("pk", "name")))
        return qs


@admin.register(Suggestion)
class SuggestionAdmin(StaffReadOnly, admin.ModelAdmin):
    list_display = ["number_or_dash", "title", "lead_deputy", "status", "category", "reply_due", "is_key"]
    # The title opens the record: an unregistered suggestion has only a dash for a number.
    list_display_links = ["number_or_dash", "title"]
    list_filter = [("status", SubmittedStatusFilter), QueueFilter, "category", "is_key", "kind", "period", "term"]
    search_fields = ["number", "title", "lead_deputy__name", "assignments__unit__name"]
    list_select_related = ["lead_deputy"]  # prefetched instead when searching (_SuggestionChangeList)
    # 30 rows a page: the admin renders each row through several layers (about 0.3 ms a row here);
    # "select all" in the actions bar still reaches every matching suggestion for bulk assignment.
    list_per_page = 30
    # "N of M" would count the whole table (50,000 rows over ten years) on every page.
    show_full_result_count = False
    actions = ["assign_selected", "print_assignment_notices"]
    change_form_template = "admin/proposals/suggestion_change.html"
    fields = ["number", "status", "kind", "title", "category", "lead_deputy", "background",
              "proposal", "term", "session", "period", "submitted_at", "registered_at", "assigned_at", "reply_due",
              "evaluation_due", "round", "extended", "merged_into", "return_reason", "is_key", "final_rating",
              "final_result_class", "reply_public", "published_at", "portal_link"]
    readonly_fields = fields

    def get_changelist(self, request, **kwargs):
        return _SuggestionChangeList

    def get_queryset(self, request):
        # A draft is its deputy's own until submitted (issue 12.4): not listed, searched, counted or opened.
        return super().get_queryset(request).submitted()
    change_list_template = "admin/proposals/suggestion_change_list.html"

    def changelist_view(self, request, extra_context=None):
        """The list, with the suggestions ledger (Excel) of what it shows: its filters passed on."""
        return super().changelist_view(request, {**(extra_context or {}), "ledger_url": ledger_url_for(request.GET)})

    def get_search_results(self, request, queryset, search_term):
        """Each word must be in the number, the title, the lead deputy's name or a handling unit's name.

        Django's own search joins every suggestion to its deputy and units and tests each with LIKE (a
        third of a second at 50,000 suggestions). Here the deputies and units whose names hold the word
        are found first (small tables), and the suggestions through indexes: the title and number
        through the bigram index (proposals/search.py), the deputies' and units' by their keys."""
        for word in smart_split(search_term):
            if word.startswith(('"', "'")) and word[0] == word[-1] and len(word) > 1:
                word = unescape_string_literal(word)
            word = word.strip()
            if not word:
                continue
            text = search.title_or_number_q(word)
            deputies = list(Deputy.objects.filter(name__icontains=word).order_by().values_list("pk", flat=True))
            units = list(HandlingUnit.objects.filter(name__icontains=word).order_by().values_list("pk", flat=True))
            if not deputies and not units:
                queryset = queryset.filter(text)  # the usual case: straight from the bigram index
                continue
            # An OR across tables would make PostgreSQL scan every suggestion. The suggestions of the
            # deputies and units found are read first: when there are few (often none: a unit that has
            # never been assigned anything), their ids join the bigram index's answer in the one query;
            # otherwise the three sets of ids are united in the database.
            branches = []
            if deputies:
                branches.append((Suggestion.objects.filter(lead_deputy_id__in=deputies), "pk"))
            if units:
                branches.append((Assignment.objects.filter(unit_id__in=units), "suggestion_id"))
            few = set()
            for rows, field in branches:
                ids = list(rows.order_by().values_list(field, flat=True)[:SEARCH_INLINE_IDS + 1])
                if len(ids) > SEARCH_INLINE_IDS:
                    few = None
                    break
                few.update(ids)
            if few is None:
                ids = Suggestion.objects.order_by().filter(text).values("pk")
                for rows, field in branches:
                    ids = ids.union(rows.order_by().values(field))
                queryset = queryset.filter(pk__in=ids)
            else:
                queryset = queryset.filter(text | Q(pk__in=sorted(few)) if few else text)
        return queryset, False

    @admin.display(description=mark_safe('<input type="checkbox" id="action-toggle">'))
    def action_checkbox(self, obj):
        # Django renders this through the form widget templates, once a row: a sixth of the list's time.
        # The same markup, written directly (the admin's actions.js finds it by its class and name).
        return format_html('<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
                           helpers.ACTION_CHECKBOX_NAME, obj.pk,
                           format_html(_("Select this object for an action - {}"), str(obj)))

    @admin.display(description=pgettext_lazy("suggestion", "number"), ordering="number")
    def number_or_dash(self, obj):
        return obj.number or _("(unregistered)")  # a row link named "—" told a screen reader nothing

    @admin.display(description=gettext_lazy("Portal page"))
    def portal_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("proposals:detail", args=[obj.pk]), _("Open"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The read-only record with the staff moves the table allows now (buttons to their pages)."""
        from .views.common import buttons, letter_links

        try:
            s = selectors.get_suggestion_for(request.user, object_id) if permissions.is_staff_member(request.user) \
                else None
        except Http404:
            s = None  # the admin's own answer follows: "no suggestion with this ID", back to the list
        moves = [(move.label, url) for move, url, _m in buttons(s, request.user) if "/admin/" in url] if s else []
        extra = {**(extra_context or {}), "workflow_buttons": moves, "suggestion": s,
                 "timeline": selectors.timeline(s) if s else [], "letter_links": letter_links(s, request.user)}
        request._prefetched_suggestion = s
        return super().change_view(request, object_id, form_url, extra)

    def get_object(self, request, object_id, from_field=None):
        # change_view has already read the suggestion with its deputy, term and session: reuse it rather
        # than read it again and then each of those for the read-only fields.
        s = getattr(request, "_prefetched_suggestion", None)
        if s is not None and from_field is None and str(s.pk) == str(object_id):
            return s
        return super().get_object(request, object_id, from_field)

    def get_urls(self):
        urls = [
            path("<int:pk>/move/<slug:move>/", self.admin_site.admin_view(self.move_view),
                 name="proposals_suggestion_move"),
            path("<int:pk>/requests/", self.admin_site.admin_view(self.requests_view),
                 name="proposals_suggestion_requests"),
        ]
        return urls + super().get_urls()

    def _context(self, request, s, title, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "s": s, "title": title,
                "original": s, **extra}

    def _guard(self, request, pk, move):
        if not permissions.is_staff_member(request.user):
            raise PermissionDenied
        s = selectors.get_suggestion_for(request.user, pk)
        rels = workflow.relations(s, request.user)
        names = PREREVIEW_MOVES if move == "prereview" else (STAFF_PAGE_MOVES[move][0],)
        if not any(workflow.check(name, s, rels) is None for name in names):
            messages.error(request, workflow.check(names[0], s, rels))
            return s, False
        return s, True

    def move_view(self, request, pk, move):
        """One page per staff move; POST calls the service and returns to the suggestion."""
        if move not in STAFF_PAGE_MOVES:
            raise PermissionDenied
        s, ok = self._guard(request, pk, move)
        back = reverse("admin:proposals_suggestion_change", args=[s.pk])
        if not ok:
            return redirect(back)
        title = f"{STAFF_PAGE_MOVES[move][1]}: {s.number or ''} {s.title}"
        if move == "prereview":
            return self._prereview(request, s, back, title)
        form_class = {"assign": forms.AssignForm, "urge": forms.UrgeForm, "mark_key": forms.KeyForm,
                      "score": forms.ScoreForm, "close": forms.CommentForm, "publish": forms.VersionForm,
                      "evaluate": forms.EvaluationForm}[move]
        form = form_class(request.POST or None, initial={"version": s.version})
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            try:
                self._call(move, s, request.user, data)
            except services.WorkflowError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Done: %(move)s.") % {"move": STAFF_PAGE_MOVES[move][1]})
                return redirect(back)
        return render(request, "admin/proposals/move.html", self._context(request, s, title, form=form))

    @staticmethod
    def _call(move, s, actor, data):
        version = data.pop("version", None)
        if move == "assign":
            return services.suggestion_assign(suggestion=s, actor=actor, version=version,
                                              lead_unit=data["lead_unit"], co_units=list(data["co_units"]),
                                              separate_units=list(data["separate_units"]))
        if move == "urge":
            return services.suggestion_urge(suggestion=s, actor=actor, content=data["content"])
        if move == "mark_key":
            return services.key_supervision_mark(suggestion=s, actor=actor, **data)
        if move == "score":
            return services.reply_score(suggestion=s, actor=actor, **data)
        if move == "close":
            return services.suggestion_close(suggestion=s, actor=actor, version=version, **data)
        if move == "publish":
            return services.reply_publish(suggestion=s, actor=actor)
        if move == "evaluate":
            return services.evaluation_submit(suggestion=s, actor=actor, version=version, **data)
        raise PermissionDenied

    def _prereview(self, request, s, back, title):
        similar, targets = selectors.similar_suggestions(s, mergeable=True)
        form = forms.PreReviewForm(request.POST or None, suggestion=s, targets=targets,
                                   initial={"version": s.version})
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            tests = {"lawful": d["lawful"], "single_matter": d["single_matter"], "feasible": d["feasible"]}
            decision = request.POST.get("decision")
            try:
                if decision == "register":
                    services.suggestion_register(suggestion=s, actor=request.user, reasons=d["reasons"],
                                                 version=d["version"], **tests)
                elif decision == "return":
                    services.suggestion_return(suggestion=s, actor=request.user, reasons=d["reasons"],
                                               version=d["version"], **tests)
                elif decision == "to_reference":
                    services.suggestion_to_reference(suggestion=s, actor=request.user, reasons=d["reasons"],
                                                     version=d["version"], **tests)
                elif decision == "merge":
                    if d["merge_into"] is None:
                        raise services.WorkflowError(_("Choose the suggestion to merge into."))
                    services.suggestion_merge(suggestion=s, into=d["merge_into"], actor=request.user,
                                              reasons=d["reasons"], version=d["version"])
                elif decision == "convert_motion":
                    services.motion_convert(suggestion=s, actor=request.user, reasons=d["reasons"],
                                            version=d["version"])
                    return redirect(request.path)
                else:
                    raise services.WorkflowError(_("Choose a decision."))
            except services.WorkflowError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("The pre-review is recorded."))
                return redirect(self._next_to_prereview(request, s))
        return render(request, "admin/proposals/prereview.html", self._context(
            request, s, title, form=form, similar=similar,
            is_motion=s.kind == Suggestion.Kind.MOTION))

    @staticmethod
    def _next_to_prereview(request, done):
        """Pre-review works through a queue: after a decision, the oldest suggestion still waiting for
        it (the order of the staff queue); when none is left, the queue's list, saying so."""
        following = (Suggestion.objects.filter(status=Status.SUBMITTED).exclude(pk=done.pk)
                     .order_by("submitted_at", "id").values_list("pk", flat=True).first())
        if following is None:
            messages.info(request, _("Nothing else is waiting for pre-review."))
            return reverse("admin:proposals_suggestion_changelist") + "?status__exact=submitted"
        left = Suggestion.objects.filter(status=Status.SUBMITTED).count()
        messages.info(request, ngettext("Next in the queue: %(n)s suggestion waits for pre-review.",
                                        "Next in the queue: %(n)s suggestions wait for pre-review.", left) % {"n": left})
        return reverse("admin:proposals_suggestion_move", args=[following, "prereview"])

    def requests_view(self, request, pk):
        """Pending re-assignment and extension requests of one suggestion, each with its decision form."""
        if not permissions.is_staff_member(request.user):
            raise PermissionDenied
        s = selectors.get_suggestion_for(request.user, pk)
        reassigns = list(ReassignRequest.objects.filter(assignment__suggestion=s, decision="pending")
                         .select_related("assignment__unit", "suggested_unit"))
        extensions = list(ExtensionRequest.objects.filter(suggestion=s, decision="pending")
                          .select_related("assignment__unit"))
        if request.method == "POST":
            form = forms.DecideForm(request.POST)
            kind, rid = request.POST.get("kind"), param_int(request.POST, "request")
            if form.is_valid():
                d = form.cleaned_data
                try:
                    if kind == "reassign":
                        req = get_object_or_404(ReassignRequest, pk=rid, assignment__suggestion=s)
                        services.reassign_decide(request=req, actor=request.user, approve=d["approve"],
                                                 new_unit=d["new_unit"], note=d["note"])
                    else:
                        req = get_object_or_404(ExtensionRequest, pk=rid, suggestion=s)
                        services.extension_decide(request=req, actor=request.user, approve=d["approve"],
                                                  granted_due=d["granted_due"], note=d["note"])
                except services.WorkflowError as exc:
                    messages.error(request, str(exc))
                else:
                    messages.success(request, _("The request is decided."))
                    return redirect(request.path)
            else:
                messages.error(request, _("Choose approve or reject."))
        return render(request, "admin/proposals/requests.html", self._context(
            request, s, _("Requests: %(title)s") % {"title": s.title}, reassigns=reassigns, extensions=extensions,
            form=forms.DecideForm()))

    @admin.action(description=gettext_lazy("Assign the selected suggestions to units"))
    def assign_selected(self, request, queryset):
        """Bulk assignment with an intermediate page; all or none."""
        form = forms.AssignForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            d = form.cleaned_data
            try:
                done = services.suggestion_assign_bulk(
                    suggestions=list(queryset), actor=request.user, lead_unit=d["lead_unit"],
                    co_units=list(d["co_units"]), separate_units=list(d["separate_units"]))
            except services.WorkflowError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("%(n)s suggestions assigned.") % {"n": len(done)})
                return None
        return render(request, "admin/proposals/assign_bulk.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
            "suggestions": queryset, "title": _("Assign the selected suggestions to units"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME})

    @admin.action(description=gettext_lazy("Print the assignment notices of the selected suggestions (one PDF)"))
    def print_assignment_notices(self, request, queryset):
        """The 交办通知 of each selected suggestion to each of its units, in number order, in one PDF: what
        staff print and send after an assignment meeting."""
        from . import letters
        from congress_portal.reports.pdf import pdf_response

        ids = list(queryset.filter(assigned_at__isnull=False).order_by("number", "id")
                   .values_list("pk", flat=True)[:NOTICE_BATCH + 1])
        if not ids:
            messages.warning(request, _("None of the selected suggestions has been assigned: there is no notice "
                                        "to print."))
            return None
        if len(ids) > NOTICE_BATCH:
            messages.warning(request, _("Print at most %(n)s suggestions' notices at a time.") % {"n": NOTICE_BATCH})
            return None
        try:
            context = letters.assignment_notices_context(letters.suggestions_for_letters(ids))
        except letters.LetterUnavailable as exc:
            messages.warning(request, str(exc))
            return None
        data = letters.render_letter("assignment_notice", context)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return pdf_response(data, _("assignment-notices-%(stamp)s.pdf") % {"stamp": stamp}, inline=False)


@admin.register(ReassignRequest)
class ReassignRequestAdmin(StaffReadOnly, admin.ModelAdmin):
    list_display = ["assignment", "suggestion_link", "requested_at", "decision", "decided_by"]
    list_filter = ["decision"]
    list_select_related = ["assignment__unit", "assignment__suggestion", "decided_by"]

    @admin.display(description=gettext_lazy("suggestion"))
    def suggestion_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:proposals_suggestion_requests",
                                                          args=[obj.assignment.suggestion_id]), obj.assignment.suggestion)


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(StaffReadOnly, admin.ModelAdmin):
    list_display = ["suggestion_link", "assignment", "requested_due", "requested_at", "decision", "granted_due"]
    list_filter = ["decision"]
    list_select_related = ["assignment__unit", "suggestion"]

    @admin.display(description=gettext_lazy("suggestion"))
    def suggestion_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:proposals_suggestion_requests",
                                                          args=[obj.suggestion_id]), obj.suggestion)


@admin.register(Commitment)
class CommitmentAdmin(StaffReadOnly, admin.ModelAdmin):
    list_display = ["suggestion", "unit", "content", "due_date", "responsible", "fulfilled_at"]
    list_filter = [("fulfilled_at", admin.EmptyFieldListFilter), "unit"]
    search_fields = ["content", "suggestion__number", "suggestion__title"]
    list_select_related = ["suggestion", "unit"]


@admin.register(KeySupervision)
class KeySupervisionAdmin(StaffReadOnly, admin.ModelAdmin):
    list_display = ["suggestion", "leader", "year", "government_lead"]
    list_filter = ["year"]
    list_select_related = ["suggestion", "leader"]


@admin.register(SupervisionAct)
class SupervisionActAdmin(StaffReadOnly, admin.ModelAdmin):
    list_display = ["suggestion", "kind", "actor", "date", "content"]
    list_filter = ["kind"]
    list_select_related = ["suggestion", "actor"]

