from django.shortcuts import render

from congress_portal.accounts.permissions import role_required

from .. import selectors


@role_required("leader")
def key_list(request):
    """The key suggestions this leader leads (领衔督办)."""
    rows = list(selectors.leader_key_suggestions(request.user))
    for s in rows:
        s.days_left = selectors.days_left(s.reply_due)
    return render(request, "proposals/key_list.html", {"rows": rows})
