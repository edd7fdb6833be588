"""The livelihood projects' year section for the leaders' dashboard and the annual work report
(congress_portal/dashboard/sections.py): proposals and the vote, each project's progress, the year-end
evaluation. Two queries, whatever the number of projects."""

from django.db.models import Count, F
from django.urls import reverse
from django.utils.translation import gettext as _

from congress_portal.dashboard import sections

from .models import ChosenProject, Solicitation, Verdict


def _admin(name, **filters):
    from urllib.parse import urlencode

    return reverse(f"admin:livelihood_{name}_changelist") + ("?" + urlencode(filters) if filters else "")


def year_section(year):
    # Both years' solicitations with their candidates and proposals counted (distinct: the two joins
    # multiply each other's rows).
    solicitations, proposals = {}, {}
    for s in (Solicitation.objects.filter(year__in=[year, year - 1]).order_by("id")
              .annotate(n_candidates=Count("candidates", distinct=True),
                        n_proposals=Count("proposals", distinct=True))):
        solicitations[s.year] = s
        proposals[s.year] = proposals.get(s.year, 0) + s.n_proposals
    # Both years' chosen projects: this year's listed, last year's counted.
    chosen = list(ChosenProject.objects.filter(candidate__solicitation__year__in=[year, year - 1])
                  .annotate(solicitation_year=F("candidate__solicitation__year"))
                  .select_related("candidate__unit").order_by("rank", "id"))
    projects = [p for p in chosen if p.solicitation_year == year]
    last_year = [p for p in chosen if p.solicitation_year == year - 1]
    before = {"n": len(last_year), "done": sum(1 for p in last_year if p.progress == 100),
              "unsatisfied": sum(1 for p in last_year if p.evaluation == Verdict.UNSATISFIED)}
    this, last = solicitations.get(year), solicitations.get(year - 1)
    public = reverse("livelihood:progress", args=[year]) if this and this.result_taken_at else reverse(
        "livelihood:index")
    chosen_url = _admin("chosenproject", **{"candidate__solicitation__year": year})
    evaluated = [p for p in projects if p.evaluation]
    verdicts = {v: sum(1 for p in evaluated if p.evaluation == v) for v in Verdict.values}
    figures = [
        sections.Figure("proposals", _("Projects proposed by the public"), proposals.get(year, 0) if this else None,
                        previous=proposals.get(year - 1, 0) if last else None, unit=_("items"),
                        url=_admin("projectproposal", **{"solicitation__year": year})),
        sections.Figure("candidates", _("Candidate projects voted on"), this.n_candidates if this else None,
                        previous=last.n_candidates if last else None, unit=_("items"),
                        url=_admin("candidateproject", **{"solicitation__year": year})),
        sections.Figure("chosen", _("Projects chosen by the deputies"), len(projects) if this else None,
                        previous=before["n"] if last else None, unit=_("items"), url=public),
        sections.Figure("completed", _("Projects completed"), sum(1 for p in projects if p.progress == 100)
                        if this else None, previous=before["done"] if last else None, unit=_("items"),
                        url=chosen_url),
        sections.Figure("average_progress", _("Average progress"),
                        round(sum(p.progress for p in projects) / len(projects), 1) if projects else None,
                        unit="%", url=public),
        sections.Figure("budget_spent", _("Budget spent (10,000 yuan)"),
                        float(sum(p.budget_spent for p in projects)) if projects else None, url=chosen_url,
                        note=_("of %(budget)s budgeted") % {"budget": sum(p.candidate.budget for p in projects)}),
        sections.Figure("unsatisfied", _("Projects evaluated 不满意 (carried into next year)"),
                        verdicts[Verdict.UNSATISFIED] if evaluated else None,
                        previous=before["unsatisfied"] if last else None, unit=_("items"),
                        url=_admin("chosenproject", **{"candidate__solicitation__year": year, "carry_over__exact": 1})),
    ]
    charts = []
    if projects:
        charts.append(sections.Chart("progress", _("How far along is each project?"), "hbar",
                                     labels=[p.candidate.title for p in projects],
                                     series=[(_("Progress (%)"), [p.progress for p in projects])], url=public))
    if evaluated:
        charts.append(sections.Chart("evaluation", _("How satisfied are the deputies with the projects?"), "pie",
                                     labels=[str(label) for label in Verdict.labels],
                                     series=[(_("Projects"), [verdicts[v] for v in Verdict.values])], url=chosen_url))
    tables = []
    if projects:
        tables.append(sections.Table(
            "projects", _("The year's livelihood projects"),
            [_("Rank"), _("Project"), _("Responsible unit"), _("Approvals"), _("Progress (%)"), _("Evaluation")],
            [[p.rank, p.candidate.title, p.candidate.unit.name, p.approvals, p.progress,
              p.get_evaluation_display() if p.evaluation else ""] for p in projects], url=public))
    return sections.Section(code="livelihood", title=_("Livelihood projects chosen by the deputies"),
                            figures=figures, charts=charts, tables=tables)
