from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from congress_portal.accounts.models import Role
from congress_portal.accounts.permissions import role_required
from congress_portal.core.replica import replica_reads
from congress_portal.organization.models import Term
from congress_portal.reports.filters import SuggestionFilterForm
from proposals.models import Status, Suggestion

from . import figures


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
    base = Suggestion.objects.exclude(status=Status.MERGED)
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
