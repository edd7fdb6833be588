"""The two letters of a suggestion's handling (DOMAIN §2, §8): what they say, built from the data.

`assignment_notice_context` (交办通知: the committee office to one unit) and `reply_letter_context`
(答复函: a unit to the deputies) return plain dicts for the templates; each runs a fixed number of
queries. They raise `LetterUnavailable` with a Chinese message when the letter does not exist yet.
"""

import datetime

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from congress_portal.core.numbers import int_or_none
from congress_portal.organization.models import Committee
from proposals.models import Assignment, CoSigner, Reply, Suggestion

from .pdf import render_pdf


class LetterUnavailable(Exception):
    """The letter cannot be made (not assigned to that unit, no reply in that round ...)."""


def congress_name():
    """The issuing body's name, e.g. 武昌区人大常委会 (setting CONGRESS_NAME)."""
    return getattr(settings, "CONGRESS_NAME", "") or _("People's Congress Standing Committee")


def suggestion_for_letters(lookup):
    """A suggestion by primary key or registration number, with what both letters read."""
    queryset = Suggestion.objects.select_related("lead_deputy", "term", "session").prefetch_related(
        Prefetch("merged_items", queryset=Suggestion.objects.select_related("lead_deputy").order_by("number", "id")),
        Prefetch("cosigners", queryset=CoSigner.objects.filter(state=CoSigner.State.CONFIRMED)
                 .select_related("deputy").order_by("id"), to_attr="confirmed_cosigners"),
    )
    text = str(lookup).strip()
    pk = int_or_none(text)
    if pk is not None:
        found = queryset.filter(pk=pk).first()
        if found is not None:
            return found
    return queryset.filter(number=text).first()


def deputies_answered(suggestion):
    """Every deputy a reply answers: the lead deputy, then the lead deputies of merged suggestions."""
    names = [suggestion.lead_deputy.name]
    for item in suggestion.merged_items.all():
        if item.lead_deputy.name not in names:
            names.append(item.lead_deputy.name)
    return names


def _local_date(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    return value


def assignment_notice_context(suggestion, unit):
    """交办通知 to `unit` for `suggestion` (and the suggestions merged into it)."""
    assignments = list(
        Assignment.objects.filter(suggestion=suggestion, active=True).select_related("unit").order_by("role", "id"))
    mine = [a for a in assignments if a.unit_id == unit.pk]
    if not mine:
        raise LetterUnavailable(_("This suggestion has not been assigned to %(unit)s.") % {"unit": unit.name})
    assignment = mine[0]
    office = Committee.objects.filter(handles_suggestions=True).order_by("sort_order", "id").first()
    lead = next((a.unit for a in assignments if a.role == Assignment.Role.LEAD), None)
    co_units = [a.unit for a in assignments if a.role == Assignment.Role.CO]
    separate = [a.unit for a in assignments if a.role == Assignment.Role.SEPARATE]
    rows = [{
        "number": suggestion.number, "title": suggestion.title,
        "deputies": deputies_answered(suggestion),
        "cosigners": [c.deputy.name for c in getattr(suggestion, "confirmed_cosigners", [])],
        "role": assignment.get_role_display(), "role_code": assignment.role,
        "merged": [{"number": item.number or "", "title": item.title, "deputy": item.lead_deputy.name}
                   for item in suggestion.merged_items.all()],
    }]
    return {
        "kind": "assignment_notice",
        "suggestion": suggestion, "unit": unit, "assignment": assignment, "rows": rows,
        "lead_unit": lead, "co_units": co_units, "separate_units": separate,
        "reply_due": suggestion.reply_due,
        "co_opinion_due": assignment.co_opinion_due if assignment.role == Assignment.Role.CO else None,
        "co_opinion_due_any": next((a.co_opinion_due for a in assignments if a.co_opinion_due), None),
        "reassign_until": assignment.reassign_until,
        "issued_on": _local_date(assignment.assigned_at),
        "issuer": congress_name() + (office.name if office else _("deputies affairs office")),
        "office_short": office.short_name if office else "",
        "congress": congress_name(),
    }


def reply_letter_context(suggestion, round=None, replies=None):
    """答复函 of one handling round (default: the latest with a reply); one letter per answering unit."""
    if replies is None:
        replies = reply_letters(suggestion, round)
    if not replies:
        raise LetterUnavailable(_("There is no reply letter for this suggestion yet."))
    return {
        "kind": "reply_letter",
        "suggestion": suggestion,
        "deputies": deputies_answered(suggestion),
        "cosigners": [c.deputy.name for c in getattr(suggestion, "confirmed_cosigners", [])],
        "merged": list(suggestion.merged_items.all()),
        "letters": [{"reply": reply, "unit": reply.assignment.unit, "commitments": list(reply.commitments.all())}
                    for reply in replies],
        "round": replies[0].round,
    }


def reply_letters(suggestion, round=None):
    """The replies of `round` (default: the latest round that has one), with units and commitments."""
    replies = Reply.objects.filter(suggestion=suggestion)
    if round is None:
        latest = replies.order_by("-round").values_list("round", flat=True).first()
        if latest is None:
            return []
        round = latest
    return list(replies.filter(round=round).select_related("assignment__unit")
                .prefetch_related("commitments").order_by("assignment__role", "id"))


def render_letter(kind, context):
    """PDF bytes of a letter; always in Chinese, whatever the reader's language (it is an official document)."""
    template = {"assignment_notice": "reports/assignment_notice.html",
                "reply_letter": "reports/reply_letter.html"}[kind]
    with translation.override("zh-hans"):
        return render_pdf(template, context)


def letter_filename(kind, suggestion):
    number = suggestion.number or str(suggestion.pk)
    with translation.override("zh-hans"):
        label = _("assignment notice") if kind == "assignment_notice" else _("reply letter")
    return f"{number}-{label}.pdf"
