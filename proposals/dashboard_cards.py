"""Workbench cards for the leaders: the suggestions' key figures with links to their dashboard (a fixed
number of queries). The key suggestions a leader leads have their own card (providers.leader_cards)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congress_portal.core.caching import kept
from congress_portal.core.workbench import Card, register


def _year_figures(today):
    """This year's satisfaction and resolution counts, kept as long as the dashboard keeps its figures
    (figures.CACHE_SECONDS): the aggregate reads every suggestion registered this year."""
    from .figures import CACHE_SECONDS
    from .models import Rating, Status, Suggestion

    def count():
        return Suggestion.objects.exclude(status=Status.MERGED).filter(registered_at__year=today.year).aggregate(
            rated=Count("pk", filter=~Q(final_rating="")),
            satisfied=Count("pk", filter=Q(final_rating__in=[Rating.SATISFIED, Rating.BASICALLY])),
            classed=Count("pk", filter=~Q(final_result_class="")),
            ab=Count("pk", filter=Q(final_result_class__in=["A", "B"])),
        )

    return kept(f"dashboard:cards:year:v1:{today.isoformat()}", CACHE_SECONDS, count, what="this year's figures")


def leader_cards(user):
    from .figures import rate
    from .models import OPEN_HANDLING_STATES, Commitment, Suggestion

    today = timezone.localdate()
    url = reverse("dashboard:index")
    year = _year_figures(today)
    overdue_all = Suggestion.objects.filter(status__in=OPEN_HANDLING_STATES, reply_due__lt=today).count()
    commitments_overdue = Commitment.objects.filter(fulfilled_at__isnull=True, due_date__lt=today).count()
    cards = [
        Card(_("Suggestions overdue"), overdue_all, url + "#overdue",
             _("Past the reply deadline and not yet answered."), "danger" if overdue_all else "success"),
        Card(_("Satisfaction this year"), None, url,
             _("%(s)s%% satisfied or basically satisfied; %(r)s%% solved or planned (A+B).") % {
                 "s": rate(year["satisfied"], year["rated"]) if year["rated"] else "—",
                 "r": rate(year["ab"], year["classed"]) if year["classed"] else "—"}, "primary"),
        Card(_("Commitments overdue"), commitments_overdue, url + "#commitments",
             _("Promised in reply letters and not fulfilled by the date."),
             "danger" if commitments_overdue else "success"),
    ]
    return cards


def register_all():
    register("leader", leader_cards, order=10)
