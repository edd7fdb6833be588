"""Workbench cards: a voter's open votes; the staff's polls to run."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congress_portal.core.workbench import Card


def voter_cards(user):
    """A member's meetings (today's and coming ones first: sign in there) and the votes open to them."""
    from . import selectors

    cards = []
    if user.committee_member_id:
        today = timezone.localdate()
        meetings = list(selectors.meetings_for(user).filter(date__gte=today).order_by("date", "id")[:3])
        if not meetings:
            meetings = list(selectors.meetings_for(user).order_by("-date", "-id")[:1])
        if meetings:
            cards.append(Card(_("Standing committee meetings"), None, "",
                              _("Sign in on the meeting page when you arrive; read the documents there."),
                              "primary", items=[(f"{m} · {m.date:%m-%d}", reverse("meetings:meeting", args=[m.pk]))
                                                for m in meetings]))
    polls = list(selectors.open_polls_for(user)[:10])
    if not polls:
        return cards
    waiting = [p for p in polls if not p.voted]
    return cards + [Card(_("Open votes"), len(waiting), "",
                 _("Vote on your phone: one tap per choice, then confirm.") if waiting
                 else _("You have voted in every open vote."),
                 "danger" if waiting else "success",
                 items=[(p.title if not p.voted else _("%(title)s (voted)") % {"title": p.title},
                         reverse("meetings:ballot", args=[p.pk]) if not p.voted else "") for p in polls])]


def staff_cards(user):
    from .models import Poll, StandingCommitteeMeeting

    live = list(Poll.objects.filter(state__in=[Poll.State.OPEN, Poll.State.CLOSED]).order_by("-id")
                .values_list("pk", "title", "state")[:5])
    meeting = StandingCommitteeMeeting.objects.select_related("term").order_by("-date", "-id").first()
    items = [(title, reverse("meetings:progress", args=[pk]) if state == Poll.State.OPEN
              else reverse("meetings:result", args=[pk])) for pk, title, state in live]
    if meeting is not None:
        items.insert(0, (str(meeting), reverse("meetings:meeting", args=[meeting.pk])))
    return [Card(_("Meetings and votes"), sum(1 for _pk, _t, s in live if s == Poll.State.OPEN),
                 reverse("admin:meetings_standingcommitteemeeting_changelist"),
                 _("Build agendas, record attendance, open and close votes."), "primary", items=items)]
