"""Workbench cards for each role (registered in ProposalsConfig.ready). Bounded queries per card."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congress_portal.core.workbench import Card, register

from .models import OPEN_HANDLING_STATES, Assignment, CoSigner, KeySupervision, Status, Suggestion


def staff_cards(user):
    from .views.unit import staff_queue_counts, staff_queue_links

    counts = staff_queue_counts()
    return [Card(str(title), counts[key], url, "", level if counts[key] else "secondary")
            for key, title, url, level in staff_queue_links()]


def deputy_cards(user):
    mine = Suggestion.objects.filter(lead_deputy_id=user.deputy_id)
    needing = list(mine.filter(status__in=[Status.RETURNED, Status.REPLIED, Status.DRAFT])
                   .only("id", "title", "status").order_by("-id")[:6])
    invites = list(CoSigner.objects.filter(deputy_id=user.deputy_id, state=CoSigner.State.INVITED)
                   .select_related("suggestion").order_by("-id")[:5])
    url = reverse("proposals:mine")
    return [
        Card(_("My suggestions needing action"), len(needing), url,
             _("Drafts to finish, returned ones to revise, replies to rate."),
             "warning" if needing else "success",
             items=[(f"{s.get_status_display()}：{s.title}", reverse("proposals:detail", args=[s.pk])) for s in needing]),
        Card(_("Co-signing invitations"), len(invites), url, "", "primary" if invites else "secondary",
             items=[(c.suggestion.title, reverse("proposals:detail", args=[c.suggestion_id])) for c in invites]),
    ]


def unit_cards(user):
    today = timezone.localdate()
    # Every card counts open handling only: the state is filtered first, so that the unit's thousands of
    # finished assignments are never joined (the open-suggestions index, then the unit's assignments).
    mine = Suggestion.objects.filter(status__in=OPEN_HANDLING_STATES, assignments__unit_id=user.unit_id,
                                     assignments__active=True)
    counts = mine.aggregate(
        to_accept=Count("pk", filter=Q(status=Status.ASSIGNED, assignments__role__in=["lead", "separate"],
                                       assignments__accepted_at__isnull=True), distinct=True),
        overdue=Count("pk", filter=Q(status__in=OPEN_HANDLING_STATES, reply_due__lt=today), distinct=True),
        due_soon=Count("pk", filter=Q(status__in=OPEN_HANDLING_STATES, reply_due__gte=today,
                                      reply_due__lte=today + datetime.timedelta(days=15)), distinct=True),
        co_opinion=Count("pk", filter=Q(status__in=OPEN_HANDLING_STATES, assignments__role=Assignment.Role.CO,
                                        assignments__co_opinion__isnull=True), distinct=True),
    )
    from .views.unit import unit_counter_labels

    # Each card opens the list of exactly what it counts (selectors.unit_counter_q).
    url = reverse("proposals:unit_workbench") + "?filter="
    levels = {"to_accept": ("primary", "secondary"), "overdue": ("danger", "success"),
              "due_soon": ("warning", "secondary"), "co_opinion": ("warning", "secondary")}
    return [Card(title, counts[name], url + name, "", levels[name][0] if counts[name] else levels[name][1])
            for name, title in unit_counter_labels()]


def leader_cards(user):
    """The key suggestions the leader leads that are still open (registered, in handling or awaiting the
    rating), by reply deadline, each linked to its page; the card leads to the leader's key list."""
    # By id first: a join with the key supervisions ordered by reply_due scans every suggestion.
    keys = list(Suggestion.objects.filter(
        pk__in=KeySupervision.objects.filter(leader=user).values("suggestion_id"),
        status__in=[Status.REGISTERED, *OPEN_HANDLING_STATES, Status.REPLIED]).order_by("reply_due", "pk")
        .values_list("pk", "number", "title"))
    return [Card(_("Key suggestions I lead"), len(keys), reverse("proposals:key_list"),
                 _("Key supervision led by you, still open."), "warning" if keys else "secondary",
                 items=[(f"{number} {title}", reverse("proposals:detail", args=[pk]))
                        for pk, number, title in keys[:5]])]


def register_all():
    register("staff", staff_cards, order=10)
    register("deputy", deputy_cards, order=10)
    register("unit_officer", unit_cards, order=10)
    register("leader", leader_cards, order=5)  # before the dashboard's figures: the leader's own work first
