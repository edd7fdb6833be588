"""The words of every reminder and notification, rendered in the reader's language from stored codes."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy as _, pgettext

from . import registry

# Events announced through the outbox (DOMAIN §2 moves). Other apps add theirs with register_event.
EVENTS = {
    "submitted": _("A suggestion was submitted for pre-review: %(subject)s"),
    "returned": _("Your suggestion was returned for revision: %(subject)s"),
    "registered": _("Your suggestion was registered: %(subject)s"),
    "converted_to_reference": _("Your suggestion was converted to a reference item: %(subject)s"),
    "merged": _("Your suggestion was merged with another for handling: %(subject)s"),
    "withdrawn": _("A suggestion was withdrawn by its deputy: %(subject)s"),
    "cosign_invited": _("You are invited to co-sign a suggestion: %(subject)s"),
    "assigned": _("A suggestion was assigned to your unit: %(subject)s"),
    "reassign_requested": _("A unit asks for re-assignment: %(subject)s"),
    "reassign_decided": _("A re-assignment request was decided: %(subject)s"),
    "extension_requested": _("A unit asks for an extension: %(subject)s"),
    "extension_decided": _("An extension request was decided: %(subject)s"),
    "co_opinion_received": _("A co-handling unit sent its opinion: %(subject)s"),
    "replied": _("A reply was received: %(subject)s"),
    "rated_dissatisfied": _("The reply was rated 不满意 and must be handled again: %(subject)s"),
    "evaluated": _("The deputy rated the reply: %(subject)s"),
    "urged": _("The committee office urges the handling of: %(subject)s"),
    "key_supervision": _("Chosen for key supervision: %(subject)s"),
    "commitment_fulfilled": _("A commitment in the reply has been fulfilled: %(subject)s"),
    "closed": _("Handling is closed: %(subject)s"),
}


def register_event(code, text):
    """Add an event (code: its words, a lazy string with %(subject)s)."""
    EVENTS[code] = text


REMINDER_TEXTS = {
    "before": _("%(what)s due in %(days)s days (%(due)s): %(subject)s"),
    "due": _("%(what)s due today (%(due)s): %(subject)s"),
    "overdue": _("%(what)s overdue by %(days)s days (deadline %(due)s): %(subject)s"),
    "overdue:escalate": _("Long overdue, for the chairs' meeting: %(what)s, %(days)s days past %(due)s: %(subject)s"),
}


MILESTONES = {
    "due": _("Due today"),
    "overdue": _("Overdue"),
    "overdue:escalate": _("Long overdue, to the chairs' meeting"),
}


def kind_label(code):
    """What a stored kind code is called, in the active language: a deadline kind's label, or an event's
    words without their subject; the code itself when neither knows it."""
    kind = registry.get(code)
    if kind:
        return str(kind.label)
    if code in EVENTS:
        return (str(EVENTS[code]) % {"subject": ""}).rstrip(" :：")
    return code


def milestone_label(milestone):
    """before:15 -> 到期前15天, due, overdue, overdue:escalate; event:... -> 即时通知."""
    if milestone.startswith("before:"):
        return gettext("%(days)s days before the deadline") % {"days": milestone.split(":", 1)[1]}
    if milestone.startswith("event"):
        return pgettext("milestone", "Immediate")
    return str(MILESTONES.get(milestone, milestone))


def render(kind, milestone, due, context):
    """(title, detail) for a notification, in the active language."""
    subject = context.get("subject", "")
    if milestone.startswith("event:") or kind in EVENTS:
        text = EVENTS.get(kind)
        title = str(text) % {"subject": subject} if text else f"{kind}: {subject}"
        return title, context.get("detail", "")
    key = "before" if milestone.startswith("before:") else milestone
    text = REMINDER_TEXTS.get(key, REMINDER_TEXTS["overdue"])
    due_text = date_format(due, "SHORT_DATE_FORMAT") if isinstance(due, datetime.date) else str(due or "")
    return str(text) % {"what": kind_label(kind), "days": context.get("days", ""), "due": due_text,
                        "subject": subject}, context.get("detail", "")


def digest_subject(count):
    return gettext("Your daily digest: %(count)s notifications") % {"count": count}
