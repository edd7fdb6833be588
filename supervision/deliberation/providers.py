"""What this app plugs into the platform (registered in DeliberationConfig.ready): workbench cards, the
year's dashboard section, the opinion's PDF for export_pdf, audit names and notification events."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress_portal.core.workbench import Card


def unit_cards(user):
    """Beside the unit's suggestions: its open rectifications and inquiry commitments (2 queries)."""
    from . import selectors

    rects, commitments = selectors.unit_summary(user)
    today = timezone.localdate()
    overdue = sum(1 for r in rects if r.due_date < today)
    cards = [Card(_("Deliberation opinions: rectification"), len(rects), reverse("deliberation:rectifications"),
                  _("Issues handed over to your unit: report measures, progress and evidence before the deadline."),
                  "danger" if overdue else ("primary" if rects else "secondary"),
                  items=[(f"{r.due_date:%Y-%m-%d} · {r.issue.opinion.title}：{r.issue.text[:30]}",
                          reverse("deliberation:rectification", args=[r.pk])) for r in rects])]
    if commitments:
        cards.append(Card(_("Inquiry commitments"), len(commitments), reverse("deliberation:commitments"),
                          _("Commitments made in special inquiries: report each one when fulfilled."), "warning",
                          items=[(f"{c.due_date:%Y-%m-%d} · {c.content[:30]}",
                                  reverse("deliberation:commitments")) for c in commitments]))
    return cards


def staff_cards(user):
    return [Card(_("Deliberation opinions and rectification"), None, reverse("deliberation:items"),
                 _("Issue deliberation opinions, record special inquiries live, accept rectifications and hold "
                   "satisfaction votes."), "primary")]


def leader_cards(user):
    return [Card(_("Supervision dashboard"), None, reverse("deliberation:dashboard"),
                 _("The year's supervision items by stage, overdue rectifications, vote results and inquiry "
                   "commitments."), "primary")]


def two_years_figures(year, today=None):
    """What the section shows of selectors.dashboard_figures() for `year` and the year before, in four
    queries rather than twelve: items by year and stage; rectifications by year and state with the
    overdue ones counted alongside; votes taken by year and verdict; inquiry commitments by year."""
    from django.db.models import Count, Q

    from supervision.models import Stage, SupervisionItem

    from .models import OPEN_RECT_STATES, InquiryCommitment, Rectification, SatisfactionVote, Verdict

    today = today or timezone.localdate()
    years = (year, year - 1)
    stages, rects, overdue, verdicts = ({y: {} for y in years} for _n in range(4))
    commitments = {y: {"total": 0, "kept": 0, "due": 0, "overdue": 0} for y in years}
    for y, stage, n in (SupervisionItem.objects.filter(year__in=years).order_by().values_list("year", "stage")
                        .annotate(n=Count("pk"))):
        stages[y][stage] = n
    for y, state, n, late in (Rectification.objects.filter(issue__opinion__item__year__in=years).order_by()
                              .values_list("issue__opinion__item__year", "state").annotate(
                                  n=Count("pk"), late=Count("pk", filter=Q(state__in=OPEN_RECT_STATES,
                                                                          due_date__lt=today)))):
        rects[y][state] = n
        overdue[y][state] = late
    for y, verdict, n in (SatisfactionVote.objects.filter(item__year__in=years, taken_at__isnull=False).order_by()
                          .values_list("item__year", "verdict").annotate(n=Count("pk"))):
        verdicts[y][verdict] = n
    for row in (InquiryCommitment.objects.filter(inquiry__item__year__in=years).order_by()
                .values("inquiry__item__year").annotate(
                    total=Count("pk"), kept=Count("pk", filter=Q(fulfilled_at__isnull=False)),
                    due=Count("pk", filter=Q(fulfilled_at__isnull=True, due_date__gte=today)),
                    overdue=Count("pk", filter=Q(fulfilled_at__isnull=True, due_date__lt=today)))):
        commitments[row.pop("inquiry__item__year")] = row
    result = []
    for y in years:
        stage_rows = [(code, str(label), stages[y].get(code, 0)) for code, label in Stage.choices]
        vote_rows = [(code, str(label), verdicts[y].get(code, 0)) for code, label in Verdict.choices]
        result.append({"stages": stage_rows, "items_total": sum(n for _c, _l, n in stage_rows),
                       "rect_total": sum(rects[y].values()), "overdue": sum(overdue[y].values()),
                       "votes": vote_rows, "votes_total": sum(n for _c, _l, n in vote_rows),
                       "commitments": commitments[y]})
    return result


def year_section(year):
    """The supervision_rectification section of the dashboard frame and the annual report: the same figures
    as the supervision dashboard."""
    from congress_portal.dashboard import sections

    f, prev = two_years_figures(year)
    rect_url = reverse("deliberation:rectifications") + f"?year={year}"
    items_url = reverse("deliberation:items") + f"?year={year}"
    c, pc = f["commitments"], prev["commitments"]
    return sections.Section(
        code="supervision_rectification", title=_("Supervision: deliberation and rectification"),
        figures=[
            sections.Figure("items", _("Supervision items"), f["items_total"], previous=prev["items_total"],
                            url=items_url),
            sections.Figure("rectifications", _("Rectifications"), f["rect_total"], previous=prev["rect_total"],
                            url=rect_url),
            sections.Figure("overdue", _("Overdue rectifications"), f["overdue"], previous=prev["overdue"],
                            url=rect_url + "&overdue=on"),
            sections.Figure("votes", _("Satisfaction votes taken"), f["votes_total"], previous=prev["votes_total"],
                            url=reverse("deliberation:votes") + f"?year={year}"),
            sections.Figure("commitments_kept", _("Inquiry commitments kept"), c["kept"], previous=pc["kept"],
                            url=reverse("deliberation:commitments") + f"?year={year}&state=kept"),
            sections.Figure("commitments_due", _("Inquiry commitments due"), c["due"] + c["overdue"],
                            previous=pc["due"] + pc["overdue"],
                            url=reverse("deliberation:commitments") + f"?year={year}&state=open"),
        ],
        charts=[
            sections.Chart("stages", _("Where are the year's supervision items?"), "bar",
                           labels=[label for _c, label, _n in f["stages"]],
                           series=[(_("Supervision items"), [n for _c, _l, n in f["stages"]])], url=items_url),
            sections.Chart("votes", _("How did the satisfaction votes come out?"), "pie",
                           labels=[label for _c, label, _n in f["votes"]],
                           series=[(_("Satisfaction votes taken"), [n for _c, _l, n in f["votes"]])],
                           url=reverse("deliberation:votes") + f"?year={year}"),
        ],
    )


def render_opinion_document(subject, options):
    from congress_portal.core.numbers import int_or_none
    from congress_portal.reports import documents

    from .documents import opinion_pdf
    from .models import Opinion

    pk = int_or_none(str(subject).strip())
    opinion = Opinion.objects.filter(pk=pk).first() if pk is not None else None
    if opinion is None:
        raise documents.DocumentUnavailable(_("No deliberation opinion has the id “%(id)s”.") % {"id": subject})
    return opinion_pdf(opinion)


def register_audit_names():
    from congress_portal.audit import labels
    from supervision.models import Stage, SupervisionItem

    from .models import Inquiry, InquiryCommitment, Opinion, Rectification, RectState
    from .workflow import MOVES

    labels.register(Opinion, actions={
        "issue_added": gettext_lazy("Issue added to the list"), "issue": gettext_lazy("Issued and handed over"),
        "publish": gettext_lazy("Published")}, states=dict(Opinion.State.choices))
    labels.register(Rectification, actions={name: move.label for name, move in MOVES.items()},
                    states=dict(RectState.choices))
    labels.register(Inquiry, actions={
        "question": gettext_lazy("Question recorded"), "follow_up": gettext_lazy("Follow-up question recorded"),
        "answer": gettext_lazy("Answer recorded"), "commitment": gettext_lazy("Commitment recorded")})
    labels.register(InquiryCommitment, actions={"fulfil": gettext_lazy("Fulfilment reported")})
    labels.register(SupervisionItem, actions={
        "stage_set": gettext_lazy("Stage changed"),
        "report_vote_opened": gettext_lazy("Satisfaction vote on the report created"),
        "report_vote_taken": gettext_lazy("Satisfaction vote result taken")}, states=dict(Stage.choices))


EVENTS = {
    "opinion_handed_over": gettext_lazy("Deliberation opinions were handed over to your unit: %(subject)s"),
    "rectification_reported": gettext_lazy("A rectification was reported for acceptance: %(subject)s"),
    "rectification_accepted": gettext_lazy("The committee accepted the rectification: %(subject)s"),
    "rectification_sent_back": gettext_lazy("The committee sent the rectification back: %(subject)s"),
    "rectification_second_round": gettext_lazy(
        "The satisfaction vote was 不满意: a second round of rectification: %(subject)s"),
    "rectification_escalated": gettext_lazy(
        "A second 不满意 vote: the rectification goes to the chairs' meeting: %(subject)s"),
    "report_unsatisfied": gettext_lazy("The satisfaction vote on the report was 不满意: %(subject)s"),
}


def register_events():
    from congress_portal.notifications.messages import EVENTS as KNOWN
    from congress_portal.notifications.messages import register_event

    for code, text in EVENTS.items():
        if code not in KNOWN:
            register_event(code, text)
