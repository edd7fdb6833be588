"""Reads for the meetings pages, scoped to the user and bounded in queries."""

from django.db.models import Count, Exists, OuterRef, Q

from congress_portal.accounts.permissions import is_staff_member

from .models import Participation, Poll, RollEntry, StandingCommitteeMeeting


def meetings_for(user):
    """The committee meetings a user may see: staff all; a member those of their term."""
    qs = StandingCommitteeMeeting.objects.select_related("term")
    if is_staff_member(user):
        return qs
    if user.is_authenticated and user.committee_member_id:
        return qs.filter(term__committee_members=user.committee_member_id)
    return qs.none()


def open_polls_for(user):
    """Open polls whose roll has this user, each annotated with whether they have already voted."""
    return (Poll.objects.filter(state=Poll.State.OPEN)
            .filter(Exists(RollEntry.objects.filter(poll=OuterRef("pk"), user=user)))
            .annotate(voted=Exists(Participation.objects.filter(poll=OuterRef("pk"), user=user)))
            .order_by("opened_at", "id"))


def progress(poll):
    """Voted / on the roll: counts only, never names."""
    # Two counts rather than one query joining the roll to the participations (roll x voters rows).
    roll = RollEntry.objects.filter(poll=poll).count()
    row = Participation.objects.filter(poll=poll).aggregate(
        voted=Count("id"), paper=Count("id", filter=Q(channel=Participation.Channel.PAPER)))
    return {"state": poll.state, "roll": roll, "voted": row["voted"], "paper": row["paper"]}
