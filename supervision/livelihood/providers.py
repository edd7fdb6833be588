"""Workbench cards: the deputy's way to the livelihood pages (no query: the deputies' workbench is pinned),
the unit officer's chosen projects to report on (one query)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from congress_portal.core.workbench import Card

from . import selectors


def unit_cards(user):
    projects = selectors.projects_of_unit(user)
    if not projects:
        return []
    return [Card(_("Livelihood projects: report progress"), len(projects), "",
                 _("Report each project's progress: the public sees it on the progress page."), "primary",
                 items=[(f"{p.candidate.solicitation.year} {p.candidate.title} · {p.progress}%",
                         reverse("livelihood:report", args=[p.pk])) for p in projects[:10]])]


def deputy_cards(user):
    """Deputies propose projects while the solicitation is open (as themselves) and follow the chosen ones."""
    return [Card(_("Livelihood projects"), None, reverse("livelihood:index"),
                 _("Propose projects during the solicitation; follow the progress of the chosen ones."), "secondary")]


def staff_cards(user):
    """Staff's way in (no query: the staff workbench is pinned): the solicitations, whose page links the
    ballot papers, the result announcement and the progress ledger of each year. One link: a list of links
    in a card's small print is a too-small tap target (axe target-size)."""
    return [Card(_("Livelihood projects"), None, reverse("admin:livelihood_solicitation_changelist"),
                 _("Screen proposals, approve the list, run the vote, follow progress, evaluate at year end."),
                 "secondary")]
