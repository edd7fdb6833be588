"""Who hears about each move of a suggestion. Services call `announce` inside their transaction.

The notification centre (congress_portal.notifications) is built by another engineer; until it is
installed, `announce` does nothing (and runs no query). Keep this seam small.
"""

try:  # pragma: no cover - depends on which branch is merged
    from congress_portal.notifications.services import notify
except ImportError:  # pragma: no cover
    notify = None

# event -> audiences. deputy: the lead deputy; cosigners: confirmed or invited co-signers;
# units: officers of every active unit; answering: lead/separate units; staff: committee staff;
# key_leader: the leader of its key supervision.
AUDIENCES = {
    "suggestion.submitted": ("staff",),
    "suggestion.withdrawn": ("staff",),
    "suggestion.cosign_invited": ("invited",),
    "suggestion.cosign_responded": ("deputy",),
    "suggestion.registered": ("deputy", "cosigners"),
    "suggestion.returned": ("deputy",),
    "suggestion.referenced": ("deputy", "cosigners"),
    "suggestion.merged": ("deputy", "cosigners"),
    "suggestion.motion_converted": ("deputy", "cosigners"),
    "suggestion.assigned": ("deputy", "units"),
    "suggestion.accepted": ("staff",),
    "suggestion.reassign_requested": ("staff",),
    "suggestion.reassign_decided": ("units", "staff"),
    "suggestion.extension_requested": ("staff",),
    "suggestion.extension_decided": ("answering", "deputy"),
    "suggestion.contact_logged": (),
    "suggestion.co_opinion_submitted": ("answering",),
    "suggestion.replied": ("deputy", "staff"),
    "suggestion.urged": ("units",),
    "suggestion.key_marked": ("key_leader", "units"),
    "suggestion.supervised": ("units",),
    "suggestion.evaluated": ("staff", "answering"),
    "suggestion.rehandling": ("answering", "staff", "key_leader"),
    "suggestion.scored": (),
    "suggestion.closed": ("deputy", "units"),
    "suggestion.published": ("deputy",),
    "suggestion.commitment_reported": ("staff",),
    "suggestion.commitment_fulfilled": ("deputy", "staff"),
}


def recipients(event, suggestion, *, invited=()):
    """The active users to tell about `event` (one query per audience)."""
    from congress_portal.accounts.models import Role, User

    users = {}
    for audience in AUDIENCES.get(event, ()):
        if audience == "deputy":
            qs = User.objects.filter(role=Role.DEPUTY, deputy_id=suggestion.lead_deputy_id)
        elif audience == "cosigners":
            qs = User.objects.filter(role=Role.DEPUTY, deputy__cosigned__suggestion=suggestion)
        elif audience == "invited":
            qs = User.objects.filter(role=Role.DEPUTY, deputy__in=list(invited))
        elif audience in ("units", "answering"):
            qs = User.objects.filter(role=Role.UNIT_OFFICER, unit__assignments__suggestion=suggestion,
                                     unit__assignments__active=True)
            if audience == "answering":
                qs = qs.filter(unit__assignments__role__in=["lead", "separate"])
        elif audience == "staff":
            qs = User.objects.filter(role=Role.STAFF)
        elif audience == "key_leader":
            qs = User.objects.filter(key_suggestions__suggestion=suggestion)
        else:  # pragma: no cover
            continue
        for user in qs.filter(is_active=True):
            users[user.pk] = user
    return list(users.values())


def announce(event, suggestion, *, actor, **context):
    """Tell the people concerned that `event` happened to `suggestion` (within the caller's transaction)."""
    if notify is None:
        return
    people = [u for u in recipients(event, suggestion, invited=context.pop("invited", ())) if u != actor]
    context.setdefault("suggestion_id", suggestion.pk)
    context.setdefault("number", suggestion.number or "")
    context.setdefault("title", suggestion.title)
    context.setdefault("actor", actor.display_name if actor is not None else "")
    notify(event, subject=suggestion, recipients=people, context=context)
