"""The suggestions' dashboard (the suggestions section's drill-down of the leaders' dashboard) and the
list behind its figures, at /dashboard/ in the platform's "dashboard" namespace."""

from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils import timezone
from django.views.decorators.http import require_GET

from congress_portal.accounts.models import Role
from congress_portal.accounts.permissions import role_required
from congress_portal.core.replica import replica_reads
from congress_portal.organization.models import Term

from .. import figures
from ..filters import SuggestionFilterForm
from ..models import Assignment, Status, Suggestion


def default_filter():
    term = Term.current()
    return {"term": term.pk if term else "", "year": timezone.localdate().year}


@require_GET
@role_required(Role.STAFF, Role.LEADER)
@replica_reads
def dashboard(request):
    """The leaders' page (staff see it too): figures of DOMAIN §2 for a term and year."""
    data = request.GET.copy() if request.GET else default_filter()
    form = SuggestionFilterForm(data)
    # Merged suggestions are counted in the one they were merged into (并案办理: one handling).
    # Drafts are their deputies' own until submitted (issue 12.4).
    base = Suggestion.objects.submitted().exclude(status=Status.MERGED)
    suggestions = form.filter(base)
    figs = figures.cached_dashboard(form, suggestions, trend_suggestions=base)
    chart = {
        "units": [{"name": u["short"], "on_time": u["on_time"], "late": u["late"], "overdue": u["overdue"]}
                  for u in figs.units if u["overdue"] + u["late"]][:15],
        "trend": [{"year": t["year"], "satisfaction": t["satisfaction_rate"], "resolution": t["resolution_rate"],
                   "on_time": t["on_time_rate"]} for t in figs.trend],
    }
    query = request.GET.urlencode() if request.GET else "&".join(f"{k}={v}" for k, v in data.items())
    return render(request, "dashboard/dashboard.html", {
        "form": form, "f": figs, "chart": chart, "query": query, "today": timezone.localdate(),
    })


LIST_PAGE = 30


@require_GET
@role_required(Role.STAFF, Role.LEADER)
def suggestion_list(request):
    """What a dashboard figure counts, as a list: the same filter (term, year, category, and the unit,
    state or overdue of the figure followed), each row leading to its record. Paged; a fixed number of
    queries (the count, the page with its lead unit)."""
    data = request.GET.copy() if request.GET else default_filter()
    form = SuggestionFilterForm(data)
    # What the figures count: submitted (a draft is its deputy's own, issue 12.4) and not merged.
    suggestions = form.filter(Suggestion.objects.submitted().exclude(status=Status.MERGED))
    lead = Assignment.objects.filter(suggestion=OuterRef("pk"), active=True,
                                     role__in=figures.ANSWERING_ROLES).order_by("role", "id")
    rows = (suggestions.select_related("lead_deputy").only(
                "id", "number", "title", "status", "reply_due", "replied_at", "is_key", "lead_deputy__name")
            .annotate(lead_unit_name=Subquery(lead.values("unit__name")[:1])).order_by("reply_due", "id"))
    page = Paginator(rows, LIST_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for s in page:
        s.days_overdue = (today - s.reply_due).days if (
            s.reply_due and s.status in figures.OPEN_HANDLING_STATES and s.reply_due < today) else None
    values = form.cleaned_data if form.is_bound and form.is_valid() else {}
    chosen = [str(values[name]) if name != "status" else Status(values[name]).label
              for name in ("unit", "status") if values.get(name)]
    if values.get("overdue"):
        chosen.append(str(form.fields["overdue"].label))
    query = urlencode({k: v for k, v in data.items() if k != "page" and v not in ("", None)})
    return render(request, "dashboard/suggestion_list.html", {
        "form": form, "page": page, "chosen": chosen, "query": query, "term": values.get("term"),
        "year": values.get("year")})
