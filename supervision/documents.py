"""The published supervision plan as a PDF (the shared letter layout), for its page and for
`manage.py export_pdf supervision_plan YEAR --out FILE`."""

from django.utils.translation import gettext as _

from congress_portal.core.numbers import int_or_none
from congress_portal.reports import documents
from congress_portal.reports.pdf import render_pdf


def render_plan(plan, groups):
    from congress_portal.organization.names import congress_name

    return render_pdf("supervision/pdf/plan.html", {"plan": plan, "groups": groups, "congress": congress_name()})


def _render(subject, options):
    from . import selectors

    year = int_or_none(str(subject).strip())
    plan, groups = selectors.published_plan(year) if year else (None, [])
    if plan is None:
        raise documents.DocumentUnavailable(_("No supervision plan of “%(year)s” has been published.") % {
            "year": subject})
    return render_plan(plan, groups)


def register():
    documents.register(documents.Document(
        name="supervision_plan", help="The year's published supervision plan (年度监督计划).",
        subject_help="the plan's year, e.g. 2026", render=_render))
