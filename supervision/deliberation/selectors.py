"""Reads of opinions, rectifications, votes and inquiries, scoped to the user; each a fixed number of queries."""

import functools

from django import forms
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress_portal.accounts.permissions import is_leader, is_staff_member, is_unit_officer
from congress_portal.core.widgets import PlainSelect
from congress_portal.organization.models import Committee, HandlingUnit
from supervision.models import Stage, SupervisionItem

from .models import (OPEN_RECT_STATES, Evidence, InquiryCommitment, Issue, Opinion, ProgressReport, Question,
                     Rectification, RectState, SatisfactionVote)


def sees_all(user):
    """Committee staff and leaders see every opinion and rectification."""
    return is_staff_member(user) or is_leader(user)


def opinions_visible(user):
    """Opinions `user` may open: all (staff, leaders); those addressed to the unit (its officers, once
    issued); the published ones (everyone else, the public included)."""
    qs = Opinion.objects.all()
    if user.is_authenticated and sees_all(user):
        return qs
    if user.is_authenticated and is_unit_officer(user):
        return qs.filter(Q(published_at__isnull=False) | Q(
            state=Opinion.State.ISSUED, pk__in=Issue.objects.filter(unit_id=user.unit_id).values("opinion_id")))
    return qs.filter(published_at__isnull=False)


def opinion_for(user, pk):
    """The opinion with its item, issues and their rectifications (3 queries), or 404."""
    issues = Issue.objects.select_related("unit", "rectification").order_by("order", "id")
    if user.is_authenticated and is_unit_officer(user) and not sees_all(user):
        pass  # the unit sees the whole list of an opinion addressed to it (it is one document)
    opinion = (opinions_visible(user).select_related("item__committee", "item__leader")
               .prefetch_related(Prefetch("issues", queryset=issues)).filter(pk=pk).first())
    if opinion is None:
        raise Http404
    return opinion


def rectifications_visible(user):
    qs = Rectification.objects.all()
    if sees_all(user):
        return qs
    if is_unit_officer(user):
        return qs.filter(unit_id=user.unit_id)
    return qs.none()


def rectification_for(user, pk):
    """A rectification with its issue, opinion, item, reports, evidence and votes (4 queries), or 404."""
    rect = (rectifications_visible(user)
            .select_related("issue__opinion__item__committee", "issue__opinion__item__leader", "unit")
            .prefetch_related(Prefetch("reports", queryset=ProgressReport.objects.select_related("reported_by")),
                              Prefetch("evidence", queryset=Evidence.objects.order_by("id")),
                              Prefetch("votes", queryset=SatisfactionVote.objects.select_related("poll")
                                       .order_by("created_at", "id")))
            .filter(pk=pk).first())
    if rect is None:
        raise Http404
    return rect


class RectificationFilter(forms.Form):
    """The rectification list's filter; the Excel ledger takes the same query string."""

    year = forms.IntegerField(label=_("year"), required=False, min_value=2000, max_value=2100)
    state = forms.ChoiceField(label=_("state"), required=False, choices=[("", "—"), *RectState.choices])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    unit = forms.ModelChoiceField(label=_("target body"), required=False, queryset=HandlingUnit.objects.none(),
                                  widget=PlainSelect)
    committee = forms.ModelChoiceField(label=_("owning committee"), required=False,
                                       queryset=Committee.objects.all())
    round = forms.TypedChoiceField(label=_("round"), required=False, coerce=int, empty_value=None,
                                   choices=[("", "—"), ("1", "1"), ("2", "2")])
    q = forms.CharField(label=_("Search"), required=False, max_length=50)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm" if isinstance(
                field, (forms.ChoiceField, forms.ModelChoiceField)) else "form-control form-control-sm")
        self.fields["overdue"].widget.attrs["class"] = "form-check-input"
        if user is not None and not sees_all(user):
            del self.fields["unit"]
        else:
            # Only the bodies that have rectifications: a choice that lists every handling unit grows with the
            # unit register (hundreds of bodies at scale) and offers filters that can only come back empty.
            units = HandlingUnit.objects.filter(pk__in=Rectification.objects.values("unit_id"))
            self.fields["unit"].queryset = units
            # The options from plain rows (one query, no model instances), read when the form is drawn (the
            # Excel ledger never draws it); the field still validates against the queryset.
            self.fields["unit"].widget.choices = functools.cache(
                lambda: [("", "---------"), *units.values_list("id", "name")])

    def apply(self, qs):
        if not self.is_valid():
            return qs.none()
        data = self.cleaned_data
        if data.get("year"):
            qs = qs.filter(issue__opinion__item__year=data["year"])
        if data.get("state"):
            qs = qs.filter(state=data["state"])
        if data.get("overdue"):
            qs = qs.filter(state__in=OPEN_RECT_STATES, due_date__lt=timezone.localdate())
        if data.get("unit"):
            qs = qs.filter(unit=data["unit"])
        if data.get("committee"):
            qs = qs.filter(issue__opinion__item__committee=data["committee"])
        if data.get("round"):
            qs = qs.filter(round=data["round"])
        if data.get("q"):
            qs = qs.filter(Q(issue__text__icontains=data["q"]) | Q(issue__opinion__title__icontains=data["q"]))
        return qs


def rectification_rows(qs):
    """The list's rows: the issue, its opinion and item, the unit (one query per page)."""
    return (qs.select_related("issue__opinion__item", "unit")
            .only("id", "state", "round", "due_date", "unit__name", "unit__short_name", "issue__text",
                  "issue__opinion__id", "issue__opinion__title", "issue__opinion__item__title",
                  "issue__opinion__item__year", "issue__opinion__item__kind")
            .order_by("due_date", "id"))


def commitments_visible(user):
    qs = InquiryCommitment.objects.all()
    if sees_all(user):
        return qs
    if is_unit_officer(user):
        return qs.filter(unit_id=user.unit_id)
    return qs.none()


def inquiry_questions(inquiry):
    """The inquiry's questions in asking order, follow-ups under their question (one query)."""
    questions = list(Question.objects.filter(inquiry=inquiry).select_related("asker", "unit")
                     .order_by("asked_at", "id"))
    by_parent = {}
    for q in questions:
        by_parent.setdefault(q.parent_id, []).append(q)
    for q in questions:
        q.follow_up_list = by_parent.get(q.pk, [])
    return by_parent.get(None, [])


def unit_summary(user):
    """The unit officer's workbench: its open rectifications (earliest due first) and open commitments."""
    rects = list(Rectification.objects.filter(unit_id=user.unit_id, state__in=OPEN_RECT_STATES)
                 .select_related("issue__opinion").only("id", "state", "due_date", "round", "issue__text",
                                                          "issue__opinion__title")
                 .order_by("due_date", "id")[:10])
    commitments = list(InquiryCommitment.objects.filter(unit_id=user.unit_id, fulfilled_at__isnull=True)
                       .only("id", "content", "due_date").order_by("due_date", "id")[:10])
    return rects, commitments


# ---- the leaders' dashboard --------------------------------------------------------------------------


def dashboard_figures(year, today=None):
    """The supervision dashboard's figures for `year`, plain values (cacheable): 6 queries whatever the
    data size."""
    today = today or timezone.localdate()
    items = dict(SupervisionItem.objects.filter(year=year).values_list("stage").annotate(n=Count("pk"))
                 .values_list("stage", "n"))
    stages = [(code, str(label), items.get(code, 0)) for code, label in Stage.choices]
    rects = Rectification.objects.filter(issue__opinion__item__year=year)
    by_state = dict(rects.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    rect_states = [(code, str(label), by_state.get(code, 0)) for code, label in RectState.choices]
    overdue = rects.filter(state__in=OPEN_RECT_STATES, due_date__lt=today).count()
    second_round = rects.filter(round=2).count()
    verdict_rows = (SatisfactionVote.objects.filter(item__year=year, taken_at__isnull=False).values("verdict")
                    .annotate(n=Count("pk"), on_report=Count("pk", filter=Q(rectification__isnull=True))))
    verdicts = {r["verdict"]: r["n"] for r in verdict_rows}
    report_unsatisfied = sum(r["on_report"] for r in verdict_rows if r["verdict"] == "unsatisfied")
    from .models import Verdict

    vote_rows = [(code, str(label), verdicts.get(code, 0)) for code, label in Verdict.choices]
    c = InquiryCommitment.objects.filter(inquiry__item__year=year).aggregate(
        total=Count("pk"), kept=Count("pk", filter=Q(fulfilled_at__isnull=False)),
        due=Count("pk", filter=Q(fulfilled_at__isnull=True, due_date__gte=today)),
        overdue=Count("pk", filter=Q(fulfilled_at__isnull=True, due_date__lt=today)))
    units = list(rects.filter(state__in=OPEN_RECT_STATES, due_date__lt=today).values("unit_id", "unit__short_name")
                 .annotate(n=Count("pk")).order_by("-n", "unit__short_name")[:10])
    return {
        "year": year, "stages": stages, "items_total": sum(n for _c, _l, n in stages),
        "rect_states": rect_states, "rect_total": sum(n for _c, _l, n in rect_states), "overdue": overdue,
        "second_round": second_round, "report_unsatisfied": report_unsatisfied,
        "escalated": by_state.get(RectState.ESCALATED, 0), "votes": vote_rows, "votes_total": sum(n for _c, _l, n in vote_rows),
        "commitments": c, "overdue_units": [{"unit": u["unit_id"], "name": u["unit__short_name"], "n": u["n"]}
                                            for u in units],
        "computed_at": timezone.now().isoformat(),
    }


def items_of_year(year, stage=None):
    qs = SupervisionItem.objects.filter(year=year).select_related("committee")
    if stage:
        qs = qs.filter(stage=stage)
    open_rects = Rectification.objects.filter(issue__opinion__item=OuterRef("pk"), state__in=OPEN_RECT_STATES)
    return qs.annotate(open_rects=Subquery(open_rects.values("issue__opinion__item").annotate(
        n=Count("pk")).values("n")[:1])).order_by("stage", "id")
