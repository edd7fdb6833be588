"""The figures of DOMAIN §2 for the leaders' dashboard, computed in the database.

Each function is one query (aggregate or GROUP BY with conditional counts), whatever the data size.
`dashboard(suggestions)` takes the already filtered suggestions (term, year ...) and returns them all.
"""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, ExpressionWrapper, F, FloatField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, ExtractYear, TruncDate
from django.utils import timezone

from .models import OPEN_HANDLING_STATES, Assignment, Commitment, QualityScore, Rating, Status, Suggestion

ANSWERING_ROLES = (Assignment.Role.LEAD, Assignment.Role.SEPARATE)
REPLIED_STATES = (Status.REPLIED, Status.REHANDLING, Status.EVALUATED, Status.CLOSED)
GOOD_RATINGS = (Rating.SATISFIED, Rating.BASICALLY)
OVERDUE_LIST_SIZE = 20


def rate(part, whole):
    """A percentage with one decimal, or None when there is nothing to divide by."""
    return round(100.0 * part / whole, 1) if whole else None


def _counts(prefix=""):
    """The conditional counts shared by the totals, the league table and the trend."""
    p = prefix
    today = timezone.localdate()
    replied = Q(**{f"{p}replied_at__isnull": False})
    return {
        "total": Count("pk"),
        "replied": Count("pk", filter=replied),
        "on_time": Count("pk", filter=replied & Q(replied_on__lte=F(f"{p}reply_due"))),
        "open": Count("pk", filter=Q(**{f"{p}status__in": OPEN_HANDLING_STATES})),
        "overdue": Count("pk", filter=Q(**{f"{p}status__in": OPEN_HANDLING_STATES, f"{p}reply_due__lt": today})),
        # Past the deadline with no reply at all: the on-time rate's base counts them (a re-handled one
        # has its first reply and is counted among the replied already).
        "overdue_unreplied": Count("pk", filter=Q(**{f"{p}status__in": OPEN_HANDLING_STATES,
                                                    f"{p}reply_due__lt": today, f"{p}replied_at__isnull": True})),
        "classed": Count("pk", filter=~Q(**{f"{p}final_result_class": ""})),
        "ab": Count("pk", filter=Q(**{f"{p}final_result_class__in": ["A", "B"]})),
        "rated": Count("pk", filter=~Q(**{f"{p}final_rating": ""})),
        "satisfied": Count("pk", filter=Q(**{f"{p}final_rating__in": GOOD_RATINGS})),
        "key": Count("pk", filter=Q(**{f"{p}is_key": True})),
    }


def _with_rates(row):
    # On time / (replied + overdue and not replied): a unit that leaves suggestions unanswered past
    # their deadline cannot show 100% by answering only the easy ones in time.
    row["on_time_base"] = row["replied"] + row["overdue_unreplied"]
    row["on_time_rate"] = rate(row["on_time"], row["on_time_base"])
    row["resolution_rate"] = rate(row["ab"], row["classed"])
    row["satisfaction_rate"] = rate(row["satisfied"], row["rated"])
    return row


def state_counts(suggestions):
    rows = dict(suggestions.order_by().values_list("status").annotate(n=Count("pk")))
    return [(value, label, rows.get(value, 0)) for value, label in Status.choices]


def totals(suggestions):
    return _with_rates(suggestions.annotate(replied_on=TruncDate("replied_at")).aggregate(**_counts()))


def league_table(suggestions):
    """Per answering unit: assigned, replied, on time, overdue, A+B rate, satisfaction, quality score."""
    scope = suggestions.values("pk")
    rows = (Assignment.objects.filter(active=True, role__in=ANSWERING_ROLES, suggestion__in=scope)
            .annotate(replied_on=TruncDate("suggestion__replied_at"))
            .order_by().values("unit", "unit__name", "unit__short_name")
            .annotate(**_counts("suggestion__")))
    # The average score of each unit's reply letters: a second GROUP BY, merged below.
    quality = dict(QualityScore.objects.filter(reply__assignment__role__in=ANSWERING_ROLES,
                                               reply__suggestion__in=scope)
                   .order_by().values_list("reply__assignment__unit")
                   .annotate(avg=Avg(ExpressionWrapper((F("compliance") + F("document") + F("effect")) / 3.0,
                                                       output_field=FloatField()))))
    table = [_with_rates(dict(row)) for row in rows]
    for row in table:
        row["late"] = row["replied"] - row["on_time"]
        score = quality.get(row["unit"])
        row["quality"] = round(score, 1) if score is not None else None
        row["name"] = row["unit__name"]
        row["short"] = row["unit__short_name"] or row["unit__name"]
    table.sort(key=lambda r: (-(r["overdue"] + r["late"]), -r["total"], r["name"]))
    return table


def overdue_list(suggestions, limit=OVERDUE_LIST_SIZE):
    lead = Assignment.objects.filter(suggestion=OuterRef("pk"), active=True, role__in=ANSWERING_ROLES).order_by("role", "id")
    today = timezone.localdate()
    rows = list(suggestions.filter(status__in=OPEN_HANDLING_STATES, reply_due__lt=today)
                .select_related("lead_deputy")
                .annotate(lead_unit_name=Subquery(lead.values("unit__name")[:1]))
                .order_by("reply_due", "id")[:limit])
    for row in rows:
        row.days_overdue = (today - row.reply_due).days
    return rows


def commitment_figures(suggestions):
    today = timezone.localdate()
    return Commitment.objects.filter(suggestion__in=suggestions.values("pk")).aggregate(
        total=Count("pk"),
        fulfilled=Count("pk", filter=Q(fulfilled_at__isnull=False)),
        due=Count("pk", filter=Q(fulfilled_at__isnull=True, due_date__gte=today)),
        overdue=Count("pk", filter=Q(fulfilled_at__isnull=True, due_date__lt=today)),
    )


def yearly_trend(suggestions):
    """Per registration year: the three rates, oldest first (is satisfaction rising?)."""
    rows = (suggestions.filter(registered_at__isnull=False)
            .annotate(year=ExtractYear("registered_at"), replied_on=TruncDate("replied_at"))
            .order_by().values("year").annotate(**_counts()).order_by("year"))
    return [_with_rates(dict(row)) for row in rows]


def year_of(prefix=""):
    """The year a suggestion counts in: registration (立案), or when made for one not registered (the
    dashboard filter's rule, proposals/filters.py)."""
    return ExtractYear(Coalesce(f"{prefix}registered_at", f"{prefix}created_at"))


def empty_totals():
    """totals() of nothing: every count 0, every rate None."""
    return _with_rates(dict.fromkeys(_counts(), 0))


def totals_by_year(suggestions, first, last):
    """{year: totals()} for the years first..last in one GROUP BY: the year section's figures, last
    year's beside them (同比) and the trend, from one scan."""
    rows = (suggestions.annotate(counted_year=year_of(), replied_on=TruncDate("replied_at"))
            .filter(counted_year__gte=first, counted_year__lte=last)
            .order_by().values("counted_year").annotate(**_counts()))
    return {row.pop("counted_year"): _with_rates(dict(row)) for row in rows}


def commitments_by_year(suggestions, first, last):
    """{year: commitment_figures()} by the year of their suggestion, in one GROUP BY."""
    today = timezone.localdate()
    rows = (Commitment.objects.filter(suggestion__in=suggestions.values("pk"))
            .annotate(counted_year=year_of("suggestion__"))
            .filter(counted_year__gte=first, counted_year__lte=last)
            .order_by().values("counted_year").annotate(
                total=Count("pk"),
                fulfilled=Count("pk", filter=Q(fulfilled_at__isnull=False)),
                due=Count("pk", filter=Q(fulfilled_at__isnull=True, due_date__gte=today)),
                overdue=Count("pk", filter=Q(fulfilled_at__isnull=True, due_date__lt=today))))
    return {row.pop("counted_year"): row for row in rows}


@dataclass
class Dashboard:
    states: list
    totals: dict
    units: list
    overdue: list
    commitments: dict
    trend: list = field(default_factory=list)
    computed_at: object = None


def dashboard(suggestions, trend_suggestions=None):
    """All the figures for `suggestions`; the trend over `trend_suggestions` (default: all years)."""
    if trend_suggestions is None:
        trend_suggestions = Suggestion.objects.submitted()
    return Dashboard(
        states=state_counts(suggestions), totals=totals(suggestions), units=league_table(suggestions),
        overdue=overdue_list(suggestions), commitments=commitment_figures(suggestions),
        trend=yearly_trend(trend_suggestions),
    )


CACHE_SECONDS = 300


def cached_dashboard(form, suggestions, trend_suggestions=None):
    """`dashboard()`, kept for CACHE_SECONDS per filter: at 50,000 suggestions the aggregates take
    ~150 ms, and leaders' figures may be five minutes old (the page says as of when). Without the
    cache they are computed for each page."""
    import hashlib

    from django.utils import timezone

    from congress_portal.core.caching import kept

    values = form.cleaned_data if form.is_bound and form.is_valid() else {}
    key_source = repr(sorted((k, str(getattr(v, "pk", v))) for k, v in values.items()))
    key = "dashboard:v1:" + hashlib.sha1(f"{key_source}|{timezone.localdate()}".encode()).hexdigest()

    def compute():
        figs = dashboard(suggestions, trend_suggestions)
        figs.computed_at = timezone.now()
        return figs

    return kept(key, CACHE_SECONDS, compute, what="the dashboard's figures")
