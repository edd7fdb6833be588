"""Who hears about each move of a suggestion. Services call `announce` inside their transaction.

Each workflow event maps to a notification code of congress_portal.notifications.messages; the
codes that app does not define for itself are registered here, with their words.
"""

from django.utils.translation import gettext_lazy as _

from congress_portal.notifications.messages import EVENTS, register_event
from congress_portal.notifications.services import notify

# Workflow event -> notification code.
NOTIFICATION_CODES = {
    "suggestion.submitted": "submitted",
    "suggestion.withdrawn": "withdrawn",
    "suggestion.cosign_invited": "cosign_invited",
    "suggestion.cosign_responded": "cosign_responded",
    "suggestion.registered": "registered",
    "suggestion.returned": "returned",
    "suggestion.referenced": "converted_to_reference",
    "suggestion.merged": "merged",
    "suggestion.motion_converted": "motion_converted",
    "suggestion.assigned": "assigned",
    "suggestion.accepted": "accepted",
    "suggestion.reassign_requested": "reassign_requested",
    "suggestion.reassign_decided": "reassign_decided",
    "suggestion.extension_requested": "extension_requested",
    "suggestion.extension_decided": "extension_decided",
    "suggestion.contact_logged": "contact_logged",
    "suggestion.co_opinion_submitted": "co_opinion_received",
    "suggestion.replied": "replied",
    "suggestion.urged": "urged",
    "suggestion.key_marked": "key_supervision",
    "suggestion.supervised": "supervised",
    "suggestion.evaluated": "evaluated",
    "suggestion.rehandling": "rated_dissatisfied",
    "suggestion.scored": "scored",
    "suggestion.closed": "closed",
    "suggestion.published": "published",
    "suggestion.commitment_reported": "commitment_reported",
    "suggestion.commitment_fulfilled": "commitment_fulfilled",
}
_OWN_EVENTS = {
    "cosign_responded": _("A co-signer answered your invitation: %(subject)s"),
    "motion_converted": _("Your motion will be handled as a suggestion: %(subject)s"),
    "accepted": _("A unit accepted a suggestion: %(subject)s"),
    "contact_logged": _("The handling unit logged a contact with the deputy: %(subject)s"),
    "supervised": _("A supervision act was recorded: %(subject)s"),
    "scored": _("The reply letter was scored: %(subject)s"),
    "published": _("The reply was published: %(subject)s"),
    "commitment_reported": _("A unit reported progress on a commitment: %(subject)s"),
}
for _code, _text in _OWN_EVENTS.items():
    if _code not in EVENTS:
        register_event(_code, _text)

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
    people = [u for u in recipients(event, suggestion, invited=context.pop("invited", ())) if u != actor]
    if not people:
        return
    context.setdefault("suggestion_id", suggestion.pk)
    context.setdefault("number", suggestion.number or "")
    context.setdefault("title", suggestion.title)
    context.setdefault("actor", actor.display_name if actor is not None else "")
    notify(NOTIFICATION_CODES[event], subject=suggestion, recipients=people, context=context)
