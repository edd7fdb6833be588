"""The two letters of a suggestion's handling (DOMAIN §2, §8): what they say, built from the data.

`assignment_notice_context` (交办通知: the committee office to one unit) and `reply_letter_context`
(答复函: a unit to the deputies) return plain dicts for the templates; each runs a fixed number of
queries. They raise `LetterUnavailable` with a Chinese message when the letter does not exist yet.
"""

import datetime
import re

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from congress_portal.core.numbers import int_or_none
from congress_portal.organization.models import Committee, HandlingUnit
from congress_portal.organization.names import congress_name, full_unit_name
from congress_portal.reports.pdf import render_pdf

from .models import Assignment, CoSigner, Reply, Suggestion


class LetterUnavailable(Exception):
    """The letter cannot be made (not assigned to that unit, no reply in that round ...)."""


def _letters_queryset():
    return Suggestion.objects.select_related("lead_deputy", "term", "session").prefetch_related(
        Prefetch("merged_items", queryset=Suggestion.objects.select_related("lead_deputy").order_by("number", "id")),
        Prefetch("cosigners", queryset=CoSigner.objects.filter(state=CoSigner.State.CONFIRMED)
                 .select_related("deputy").order_by("id"), to_attr="confirmed_cosigners"),
    )


def suggestion_for_letters(lookup):
    """A suggestion by primary key or registration number, with what both letters read."""
    queryset = _letters_queryset()
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


def unit_letter_name(unit):
    """The unit as an issuing body (红头, 落款, 主送): the district's full name."""
    return full_unit_name(unit.name, street=unit.kind == HandlingUnit.Kind.STREET)


def _notice_office():
    office = Committee.objects.filter(handles_suggestions=True).order_by("sort_order", "id").first()
    return {"issuer": congress_name() + (office.name if office else _("deputies affairs office")),
            "office_short": office.short_name if office else "", "congress": congress_name()}


def _notice(suggestion, assignment, assignments, office):
    lead = next((a.unit for a in assignments if a.role == Assignment.Role.LEAD), None)
    rows = [{
        "number": suggestion.number, "title": suggestion.title,
        "deputies": deputies_answered(suggestion),
        "cosigners": [c.deputy.name for c in getattr(suggestion, "confirmed_cosigners", [])],
        "role": assignment.get_role_display(), "role_code": assignment.role,
        "merged": [{"number": item.number or "", "title": item.title, "deputy": item.lead_deputy.name}
                   for item in suggestion.merged_items.all()],
    }]
    return {
        **office,
        "suggestion": suggestion, "unit": assignment.unit, "unit_name": unit_letter_name(assignment.unit),
        "assignment": assignment, "rows": rows, "notice_number": assignment.notice_number,
        "lead_unit": lead, "lead_unit_name": unit_letter_name(lead) if lead else "",
        "co_units": [a.unit for a in assignments if a.role == Assignment.Role.CO],
        "co_unit_names": [unit_letter_name(a.unit) for a in assignments if a.role == Assignment.Role.CO],
        "separate_units": [a.unit for a in assignments if a.role == Assignment.Role.SEPARATE],
        "separate_unit_names": [unit_letter_name(a.unit) for a in assignments if a.role == Assignment.Role.SEPARATE],
        "reply_due": suggestion.reply_due,
        "co_opinion_due": assignment.co_opinion_due if assignment.role == Assignment.Role.CO else None,
        "co_opinion_due_any": next((a.co_opinion_due for a in assignments if a.co_opinion_due), None),
        "reassign_until": assignment.reassign_until,
        "issued_on": _local_date(assignment.assigned_at),
    }


ROLE_ORDER = {Assignment.Role.LEAD: 0, Assignment.Role.SEPARATE: 1, Assignment.Role.CO: 2}


def by_role(assignments):
    """The lead unit first, then units handling separately, then co-units (the roles' codes sort otherwise)."""
    return sorted(assignments, key=lambda a: (ROLE_ORDER.get(a.role, 9), a.pk))


def _active_assignments(suggestion):
    return by_role(Assignment.objects.filter(suggestion=suggestion, active=True).select_related("unit"))


def assignment_notice_context(suggestion, unit):
    """交办通知 to `unit` for `suggestion` (and the suggestions merged into it)."""
    assignments = _active_assignments(suggestion)
    mine = [a for a in assignments if a.unit_id == unit.pk]
    if not mine:
        raise LetterUnavailable(_("This suggestion has not been assigned to %(unit)s.") % {"unit": unit.name})
    notice = _notice(suggestion, mine[0], assignments, _notice_office())
    return {"kind": "assignment_notice", "notices": [notice], **notice}


def assignment_notices_context(suggestions, unit=None):
    """The 交办通知 of every suggestion in `suggestions` to each of its units (or to `unit` only), in
    order, one after the other in one document (staff print a batch, a unit reads its own). A fixed
    number of queries whatever the number of suggestions."""
    suggestions = list(suggestions)
    by_suggestion = {}
    active = Assignment.objects.filter(suggestion__in=[s.pk for s in suggestions], active=True).select_related("unit")
    for a in by_role(active):
        by_suggestion.setdefault(a.suggestion_id, []).append(a)
    office = _notice_office()
    notices = []
    for s in suggestions:
        assignments = by_suggestion.get(s.pk, [])
        for a in assignments:
            if unit is None or a.unit_id == unit.pk:
                notices.append(_notice(s, a, assignments, office))
    if not notices:
        raise LetterUnavailable(_("None of these suggestions has been assigned yet."))
    return {"kind": "assignment_notice", "notices": notices, **notices[0]}


def suggestions_for_letters(ids):
    """Suggestions by primary key, in the order of `ids`, with what the letters read."""
    found = {s.pk: s for s in _letters_queryset().filter(pk__in=list(ids))}
    return [found[pk] for pk in ids if pk in found]


# What a unit may have written itself around its reply text: the letter adds each part only when the
# text lacks it, so the salutation, the opening and the closing never appear twice.
SALUTATION = re.compile(r"^(?=.*(代表|尊敬|同志|先生|女士))(?!.*如下)[^。！？；\n]{1,40}[：:]$")
OPENING = re.compile(r"收悉|收到|来信|提出的")
CLOSING = re.compile(r"感谢|谢谢|此复|特此答复|特此函复")
SIGNATURE_DATE = re.compile(r"^\s*(\d{4}|[〇零一二三四五六七八九○]{4})\s*年.{1,3}月.{1,3}日\s*$")


def reply_parts(text, unit_names=()):
    """The unit's `text` split for the letter: its own salutation (or None), its paragraphs, and
    whether it already opens (acknowledges the suggestion) and closes (thanks, 此复). A signature
    (the unit's name, a date) at its end is dropped: the letter's 落款 carries both."""
    paragraphs = [line.strip() for line in (text or "").splitlines() if line.strip()]
    salutation = None
    if paragraphs and SALUTATION.match(paragraphs[0]):
        salutation = paragraphs.pop(0)
    names = {name for name in unit_names if name}
    while paragraphs and (paragraphs[-1] in names or SIGNATURE_DATE.match(paragraphs[-1])):
        paragraphs.pop()
    return {
        "salutation": salutation,
        "paragraphs": paragraphs,
        "has_opening": bool(paragraphs) and bool(OPENING.search(paragraphs[0])),
        "has_closing": bool(paragraphs) and bool(CLOSING.search(paragraphs[-1])),
    }


def reply_letter_entry(reply, commitments):
    """One unit's letter: the reply (saved, or not yet for a preview) and its commitments."""
    unit = reply.assignment.unit
    parts = reply_parts(reply.text, (unit.name, unit_letter_name(unit)))
    body = parts["paragraphs"]
    # The 落款 keeps company with the last paragraph (the template's closing, else the unit's own last).
    last = None if not parts["has_closing"] else body[-1]
    return {"reply": reply, "unit": unit, "unit_name": unit_letter_name(unit), "commitments": list(commitments),
            "salutation": parts["salutation"], "has_opening": parts["has_opening"],
            "paragraphs": body[:-1] if last else body, "last_paragraph": last}


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
        "letters": [reply_letter_entry(reply, reply.commitments.all()) for reply in replies],
        "round": replies[0].round,
    }


def reply_preview_context(suggestion, assignment, data, commitments):
    """The reply letter as it will read once sent, from the reply form's cleaned `data` (nothing saved):
    the 文号 is taken when it is sent, so the preview says so in its place."""
    full = suggestion_for_letters(suggestion.pk)
    reply = Reply(suggestion=suggestion, assignment=assignment, round=suggestion.round,
                  result_class=data["result_class"], text=data["text"], signer=data["signer"],
                  contact_person=data["contact_person"], contact_phone=data["contact_phone"],
                  reply_date=timezone.localdate(), letter_number=_("(number given when sent)"))
    return {
        "suggestion": full,
        "deputies": deputies_answered(full),
        "cosigners": [c.deputy.name for c in getattr(full, "confirmed_cosigners", [])],
        "merged": list(full.merged_items.all()),
        "letter": reply_letter_entry(reply, commitments),
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
