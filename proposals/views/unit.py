"""Handling unit workbench and forms; the staff queue page (links into the admin)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Exists, OuterRef, Q, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _, ngettext

from congress_portal.accounts.permissions import role_required
from congress_portal.core.paging import CountedPaginator

from .. import selectors, services
from ..forms import (
    CommitmentFormSet, CommitmentReportForm, ContactForm, ExtensionForm, OpinionForm, ReassignForm, ReplyForm, SearchForm,
)
from ..models import (
    OPEN_HANDLING_STATES, UNIT_OPEN_STATES, Assignment, Commitment, ExtensionRequest, ReassignRequest, Status, Suggestion,
)
from ..search import all_words_q
from .common import get_visible, require_move, run

# UNIT_OPEN_STATES are listed on the workbench; the rest (finished or taken away) is the paged history.
OPEN_PAGE = 30  # most urgent first (by reply deadline)
HISTORY_PAGE = 30
COMMITMENT_PAGE = 30


WORKBENCH_TABS = ("open", "history", "commitments")
WORKBENCH_ROW_FIELDS = ("id", "number", "title", "status", "reply_due")  # what a row shows


def _days_label(days_left):
    if days_left < 0:
        return ngettext("overdue %(n)s day", "overdue %(n)s days", -days_left) % {"n": -days_left}
    return ngettext("%(n)s day left", "%(n)s days left", days_left) % {"n": days_left}


@role_required("unit_officer")
def workbench(request):
    """The unit's work in three tabs, each counted on its tab and paged: open suggestions by deadline with
    days left (overdue in red), finished or re-assigned ones newest first, and open commitments earliest
    due first. A unit may have thousands of suggestions over the years: only the chosen tab is listed."""
    tab = request.GET.get("tab")
    tab = tab if tab in WORKBENCH_TABS else "open"
    today = timezone.localdate()
    unit_id = request.user.unit_id
    everything = selectors.unit_suggestions(request.user)
    # A home counter's list (?filter=overdue ...) and the search box narrow the open and finished tabs.
    counter = request.GET.get("filter")
    counter = counter if counter in selectors.UNIT_COUNTERS else None
    search = SearchForm(request.GET)
    words = search.words()
    narrowed = Q()
    if counter:
        narrowed &= selectors.unit_counter_q(counter, unit_id, today)
        tab = "open"
    if words:
        narrowed &= all_words_q(words)
    # What the unit must act on first, by deadline; replies waiting for the deputy's rating after them.
    # Its ids are read whole (a unit's open work is hundreds at most): their number is the tab's count,
    # and a page is then read by id, rather than counting and paging the join of the unit's thousands of
    # assignments with the open suggestions twice.
    open_ids = list(everything.filter(narrowed, status__in=UNIT_OPEN_STATES).prefetch_related(None).order_by(
        Case(When(status=Status.REPLIED, then=1), default=0), "reply_due", "-id").values_list("pk", flat=True))
    commitments = selectors.open_commitments_for_unit(request.user)
    matching = Suggestion.objects.filter(all_words_q(words)).values("pk") if words else None
    if words:
        commitments = commitments.filter(suggestion__in=matching)
    counts = {"open": len(open_ids), "commitments": commitments.count()}
    # Counting the history directly means joining every suggestion the unit ever had (thousands) to its
    # state. The same number is every suggestion ever assigned to it (an index-only count) less the open
    # ones: nothing goes back to draft once assigned, so the two lists share nothing.
    ever = Assignment.objects.filter(unit_id=unit_id)
    if words:
        ever = ever.filter(suggestion__in=matching)
    ever = ever.values("suggestion_id").distinct().count()
    counts["history"] = ever - counts["open"] if not counter else None
    # The history, newest assignment to this unit first, walks the unit's own assignments by date (an
    # index) rather than every suggestion by date looking for the unit's; one row a suggestion, by its
    # latest assignment to the unit. Whether a suggestion is still open is asked of the open
    # suggestions' index (sugg_open_idx) alone, not of each suggestion's row.
    later = Assignment.objects.filter(unit_id=unit_id, suggestion_id=OuterRef("suggestion_id"), id__gt=OuterRef("id"))
    still_open = Suggestion.objects.filter(pk=OuterRef("suggestion_id"), status__in=UNIT_OPEN_STATES)
    history_ids = (Assignment.objects.filter(unit_id=unit_id).exclude(Exists(still_open))
                   .exclude(Exists(later)).order_by("-assigned_at", "-id").values_list("suggestion_id", flat=True))
    if words:
        history_ids = history_ids.filter(suggestion__in=matching)
    listing = {"open": (open_ids, OPEN_PAGE), "history": (history_ids, HISTORY_PAGE),
               "commitments": (commitments, COMMITMENT_PAGE)}
    items, per_page = listing[tab]
    page = CountedPaginator(items, per_page, counts[tab]).get_page(request.GET.get("page"))
    if tab != "commitments":
        rows = {row.pk: row for row in everything.order_by().filter(pk__in=list(page.object_list))
                .only(*WORKBENCH_ROW_FIELDS)}
        page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    for item in page:
        if tab == "commitments":
            item.days_left = selectors.days_left(item.due_date, today)
            continue
        item.mine = selectors.unit_assignment(item, request.user)
        item.days_left = selectors.days_left(item.reply_due, today) if item.status in OPEN_HANDLING_STATES else None
        if item.days_left is not None:
            item.days_label = _days_label(item.days_left)
    tabs = [(name, label, counts[name]) for name, label in (
        ("open", _("Open items")), ("history", _("Finished or re-assigned")), ("commitments", _("Open commitments")))]
    kept = {"tab": tab, **({"filter": counter} if counter else {}), **({"q": " ".join(words)} if words else {})}
    return render(request, "proposals/unit_workbench.html", {
        "tab": tab, "tabs": tabs, "page": page, "search": search, "counter": counter,
        "keep": [("tab", tab), *([("filter", counter)] if counter else [])],
        "counter_label": dict(unit_counter_labels()).get(counter), "query": urlencode(kept)})


def unit_counter_labels():
    """The unit home's counters, by the name of the filter that lists what each counts."""
    return [("to_accept", _("To accept")), ("overdue", _("Overdue replies")),
            ("due_soon", _("Replies due within 15 days")), ("co_opinion", _("Co-unit opinions to send"))]


def _form_page(request, s, form, title, fn, success, extra=None, **kwargs):
    if request.method == "POST" and form.is_valid():
        if run(request, fn, success, suggestion=s, **form.cleaned_data, **kwargs):
            return redirect("proposals:detail", pk=s.pk)
    return render(request, "proposals/form.html", {"s": s, "form": form, "title": title, **(extra or {})})


@role_required("unit_officer")
def contact(request, pk):
    s = get_visible(request, pk)
    require_move(request, s, "log_contact")
    return _form_page(request, s, ContactForm(request.POST or None), _("Log a contact with the deputy"),
                      services.contact_log, _("The contact is logged."))


@role_required("unit_officer")
def co_opinion(request, pk):
    s = get_visible(request, pk)
    require_move(request, s, "co_opinion")
    return _form_page(request, s, OpinionForm(request.POST or None), _("Send the co-unit opinion"),
                      services.co_opinion_submit, _("Your opinion is sent to the lead unit."))


@role_required("unit_officer")
def reassign(request, pk):
    s = get_visible(request, pk)
    require_move(request, s, "request_reassign")
    return _form_page(request, s, ReassignForm(request.POST or None), _("Ask for re-assignment"),
                      services.reassign_request, _("Your request is sent to the committee office."))


@role_required("unit_officer")
def extension(request, pk):
    s = get_visible(request, pk)
    require_move(request, s, "request_extension")
    return _form_page(request, s, ExtensionForm(request.POST or None), _("Ask for an extension"),
                      services.extension_request, _("Your request is sent to the committee office."),
                      extra={"note": _("At most six months from assignment in all, until %(day)s.") % {
                          "day": services.extension_limit(s)}})


@role_required("unit_officer")
def reply(request, pk):
    """The reply letter with its result class and commitments, in two steps: the form, then the letter as
    the deputy will read it (红头, 文号, salutation, 落款) with 确认发送 or 返回修改. Co-units that have
    not sent their opinion are named on both (the lead unit should have them before it replies)."""
    s = get_visible(request, pk)
    require_move(request, s, "reply")
    form = ReplyForm(request.POST or None, initial={"version": s.version})
    formset = CommitmentFormSet(request.POST or None, prefix="c")
    missing = selectors.co_units_without_opinion(s)
    context = {"s": s, "form": form, "formset": formset, "missing_opinions": missing,
               "missing_names": "、".join(unit.name for unit in missing),
               "opinions": [a.co_opinion for a in s.assignments.all() if hasattr(a, "co_opinion")]}
    if request.method == "POST" and "edit" not in request.POST and form.is_valid() and formset.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        commitments = [f.cleaned_data for f in formset.forms if (f.cleaned_data.get("content") or "").strip()]
        if "confirm" in request.POST:
            if run(request, services.reply_submit, _("The reply is sent."), suggestion=s, version=version,
                   commitments=commitments, **data):
                return redirect("proposals:detail", pk=s.pk)
        else:
            from ..letters import reply_preview_context

            assignment = selectors.unit_assignment(s, request.user)
            context.update(reply_preview_context(s, assignment, data, commitments))
            return render(request, "proposals/reply_preview.html", context)
    return render(request, "proposals/reply.html", context)


@role_required("unit_officer")
def commitment_report(request, pk):
    commitment = get_object_or_404(Commitment, pk=pk)
    s = get_visible(request, commitment.suggestion_id)
    require_move(request, s, "report_commitment")
    if commitment.unit_id != request.user.unit_id:
        raise PermissionDenied
    form = CommitmentReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if run(request, services.commitment_report, _("The progress is reported."), commitment=commitment,
               **form.cleaned_data):
            return redirect("proposals:detail", pk=s.pk)
    return render(request, "proposals/form.html", {"s": s, "form": form, "title": _("Report commitment progress"),
                                                   "note": commitment.content})


def staff_queue_counts():
    """Counts per staff queue in one query (plus one per request table)."""
    today = timezone.localdate()
    # Only the queued states are read, from the (status, reply_due) index alone: the state (never
    # null) is counted rather than the id, which only the rows hold.
    queued = [Status.SUBMITTED, Status.REGISTERED, *OPEN_HANDLING_STATES, Status.REPLIED, Status.EVALUATED]
    counts = Suggestion.objects.filter(status__in=queued).aggregate(
        submitted=Count("status", filter=Q(status=Status.SUBMITTED)),
        registered=Count("status", filter=Q(status=Status.REGISTERED)),
        to_accept=Count("status", filter=Q(status=Status.ASSIGNED)),
        rehandling=Count("status", filter=Q(status=Status.REHANDLING)),
        overdue=Count("status", filter=Q(status__in=[Status.ASSIGNED, Status.HANDLING, Status.REHANDLING],
                                         reply_due__lt=today)),
        replied=Count("status", filter=Q(status=Status.REPLIED)),
        evaluated=Count("status", filter=Q(status=Status.EVALUATED)),
    )
    counts["reassign"] = ReassignRequest.objects.filter(decision="pending").count()
    counts["extension"] = ExtensionRequest.objects.filter(decision="pending").count()
    return counts


def staff_queue_links():
    base = reverse("admin:proposals_suggestion_changelist")
    return [
        ("submitted", _("To pre-review"), f"{base}?status__exact=submitted", "primary"),
        ("registered", _("To assign"), f"{base}?status__exact=registered", "primary"),
        ("to_accept", _("Assigned, not yet accepted"), f"{base}?status__exact=assigned", "warning"),
        ("rehandling", _("Being handled again"), f"{base}?status__exact=rehandling", "danger"),
        ("overdue", _("Overdue replies"), f"{base}?queue=overdue", "danger"),
        ("replied", _("Awaiting rating"), f"{base}?status__exact=replied", "warning"),
        ("evaluated", _("Rated, to close"), f"{base}?status__exact=evaluated", "secondary"),
        ("reassign", _("Re-assignment requests"), reverse("admin:proposals_reassignrequest_changelist")
         + "?decision__exact=pending", "warning"),
        ("extension", _("Extension requests"), reverse("admin:proposals_extensionrequest_changelist")
         + "?decision__exact=pending", "warning"),
    ]


QUEUE_LIST_SIZE = 5  # the first items of each queue; its link opens the whole list


def _queue_items(key, today):
    """The first items of a staff queue, oldest deadline or request first (one query)."""
    if key in ("reassign", "extension"):
        model = ReassignRequest if key == "reassign" else ExtensionRequest
        requests = (model.objects.filter(decision="pending").select_related("suggestion")
                    .only("id", "suggestion__id", "suggestion__number", "suggestion__title")
                    .order_by("requested_at", "id")[:QUEUE_LIST_SIZE])
        return [(r.suggestion, reverse(f"admin:proposals_{model._meta.model_name}_change", args=[r.pk]))
                for r in requests]
    conditions = {
        "submitted": Q(status=Status.SUBMITTED), "registered": Q(status=Status.REGISTERED),
        "to_accept": Q(status=Status.ASSIGNED), "rehandling": Q(status=Status.REHANDLING),
        "overdue": Q(status__in=OPEN_HANDLING_STATES, reply_due__lt=today),
        "replied": Q(status=Status.REPLIED), "evaluated": Q(status=Status.EVALUATED),
    }
    order = ("submitted_at", "id") if key == "submitted" else ("reply_due", "id")
    rows = (Suggestion.objects.filter(conditions[key]).only("id", "number", "title", "reply_due")
            .order_by(*order)[:QUEUE_LIST_SIZE])
    return [(s, reverse("admin:proposals_suggestion_change", args=[s.pk])) for s in rows]


@role_required("staff")
def staff_queues(request):
    """Every staff queue with its count, its first items and the link to the whole list (in the admin):
    a fixed number of queries, one a queue."""
    counts = staff_queue_counts()
    today = timezone.localdate()
    queues = [(title, counts[key], url, level, _queue_items(key, today) if counts[key] else [])
              for key, title, url, level in staff_queue_links()]
    return render(request, "proposals/staff_queues.html", {"queues": queues})
