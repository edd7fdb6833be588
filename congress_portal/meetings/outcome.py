"""A closed poll's result in words: the counts per option, the rule applied, its base, the outcome."""

from django.utils.translation import gettext as _

from congress_portal.organization.models import CommitteeMember

from . import rules
from .models import Poll

VERDICTS = {
    rules.SATISFIED: lambda: _("Satisfied"),
    rules.BASIC: lambda: _("Basically satisfied"),
    rules.UNSATISFIED: lambda: _("Not satisfied"),
}


def result_rows(poll, result):
    """[(subject, [(option, votes)])] in ballot order."""
    counts = {int(k): v for k, v in result.counts.items()}
    return [(subject, [(o, counts.get(o.pk, 0)) for o in group]) for subject, group in poll.subjects()]


def describe(poll, result):
    """{'rule': ..., 'base': ..., 'lines': [...], 'verdict': ...}: what the result page and the PDF say."""
    outcome = result.outcome
    base = result.base
    info = {"rule": poll.get_rule_display(), "base": base, "lines": [], "verdict": ""}
    if poll.rule == Poll.Rule.ZHENHAI:
        info["verdict"] = VERDICTS[outcome["verdict"]]()
        info["lines"].append(_(
            "满意 when 满意 votes reach half of all %(base)s members; 基本满意 when 满意 and 基本满意 together "
            "do; otherwise 不满意. Abstentions and members who did not vote count in the base.") % {"base": base})
    elif poll.rule == Poll.Rule.MAJORITY_ALL:
        info["lines"].append(_("Passes with at least %(needed)s votes for: more than half of all %(base)s "
                               "members, not of those present.") % {"needed": outcome["needed"], "base": base})
        for row in outcome["subjects"]:
            text = _("%(subject)s: %(n)s for, passed") if row["passed"] else _("%(subject)s: %(n)s for, not passed")
            info["lines"].append(text % {"subject": row["subject"] or poll.title, "n": row["for"]})
        passed = [row for row in outcome["subjects"] if row["passed"]]
        info["verdict"] = (_("Passed") if len(passed) == len(outcome["subjects"])
                           else _("Not passed") if not passed else _("Passed in part"))
    else:
        names = dict(poll.options.values_list("pk", "subject"))
        chosen = [names[pk] for pk in outcome["chosen"]]
        info["lines"].append(_("The %(places)s candidates with most approvals are chosen.") % {"places": poll.places})
        info["verdict"] = _("Chosen: %(names)s") % {"names": "、".join(chosen) or "—"}
        if outcome.get("tied"):
            info["lines"].append(_("Tied at the cut for %(n)s place(s): %(names)s; %(next)s") % {
                "n": outcome["open_places"], "names": "、".join(names[pk] for pk in outcome["tied"]),
                "next": _("a run-off among them decides.") if outcome.get("tie_rule") != "staff_order"
                else _("the order set by staff decides.")})
    return info


def signer_of(poll):
    """The chair of the term the poll's meeting belongs to (who signs the result)."""
    term = poll.meeting.term if poll.meeting_id else poll.session.term
    return CommitteeMember.objects.filter(term=term, post=CommitteeMember.Post.CHAIR, left_on__isnull=True).first()
