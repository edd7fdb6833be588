from django.shortcuts import render

from congress_portal.accounts.permissions import role_required

from .. import selectors, workflow


@role_required("leader")
def key_list(request):
    """The key suggestions this leader leads (领衔督办), one year at a time (chosen yearly by the chairs' meeting)."""
    from django.utils import timezone

    from ..models import KeySupervision

    years = sorted(set(KeySupervision.objects.filter(leader=request.user).values_list("year", flat=True)),
                   reverse=True)
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    rows = selectors.attach_active_units(list(
        selectors.leader_key_suggestions(request.user).filter(key_supervision__year=year)))
    for s in rows:
        s.days_left = selectors.days_left(s.reply_due)
        # Relations need the key supervision and the active units, both already read.
        s.can_supervise = workflow.check("supervise", s, workflow.relations(s, request.user, s.active_units)) is None
    return render(request, "proposals/key_list.html", {"rows": rows, "year": year, "years": years})
