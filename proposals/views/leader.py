from django.shortcuts import render

from congress_portal.accounts.permissions import role_required
from congress_portal.core.numbers import MAX_YEAR, MIN_YEAR, param_int

from .. import selectors, workflow


@role_required("leader")
def key_list(request):
    """The key suggestions this leader leads (领衔督办), one year at a time (chosen yearly by the chairs' meeting)."""
    from django.utils import timezone

    from ..models import KeySupervision

    years = sorted(set(KeySupervision.objects.filter(leader=request.user).values_list("year", flat=True)),
                   reverse=True)
    year = param_int(request.GET, "year", default=timezone.localdate().year, minimum=MIN_YEAR, maximum=MAX_YEAR)
    rows = selectors.attach_active_units(list(
        selectors.leader_key_suggestions(request.user).filter(key_supervision__year=year)))
    for s in rows:
        s.days_left = selectors.days_left(s.reply_due)
        # Relations need the key supervision and the active units, both already read.
        s.can_supervise = workflow.check("supervise", s, workflow.relations(s, request.user, s.active_units)) is None
    return render(request, "proposals/key_list.html", {"rows": rows, "year": year, "years": years})
