"""Every read of suggestions a page needs: scoped to the user, prefetched, bounded in queries."""

import datetime
import functools
import re
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress_portal.accounts import permissions

from .models import (
    MERGEABLE_STATES, OPEN_HANDLING_STATES, Assignment, CoSigner, Commitment, Contact, Evaluation, ExtensionRequest, KeySupervision,
    ReassignRequest, Reply, Status, Suggestion,
)

DRAFT_LIKE = (Status.DRAFT,)

# The counters of a unit's home, each the list it counts (`unit_counter_q`, the open tab's filters).
UNIT_COUNTERS = ("to_accept", "overdue", "due_soon", "co_opinion")
DUE_SOON_DAYS = 15


def unit_counter_q(name, unit_id, today=None):
    """The condition of one unit counter on Suggestion: what the card counts is what its list shows."""
    today = today or timezone.localdate()
    mine = Assignment.objects.filter(suggestion=OuterRef("pk"), unit_id=unit_id, active=True)
    handling = Q(status__in=OPEN_HANDLING_STATES)
    if name == "to_accept":
        return Q(status=Status.ASSIGNED) & Q(Exists(mine.filter(
            role__in=[Assignment.Role.LEAD, Assignment.Role.SEPARATE], accepted_at__isnull=True)))
    if name == "overdue":
        return handling & Q(reply_due__lt=today) & Q(Exists(mine))
    if name == "due_soon":
        return handling & Q(reply_due__gte=today, reply_due__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)) \
            & Q(Exists(mine))
    if name == "co_opinion":
        return handling & Q(Exists(mine.filter(role=Assignment.Role.CO, co_opinion__isnull=True)))
    raise ValueError(name)


def suggestions_visible_to(user):
    """Staff and leaders: every submitted one (never a draft: Suggestion.objects.submitted()). A deputy:
    those they lead, and those they were invited to co-sign (never another deputy's draft unless invited
    to it). A unit officer: those ever assigned to their unit."""
    qs = Suggestion.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if permissions.is_staff_member(user) or permissions.is_leader(user):
        return qs.submitted()
    if permissions.is_deputy(user):
        # A UNION of two index lookups: an OR with a co-signer subquery made PostgreSQL scan every row.
        led = Suggestion.objects.filter(lead_deputy_id=user.deputy_id).order_by().values("pk")
        cosigned = CoSigner.objects.filter(deputy_id=user.deputy_id).order_by().values("suggestion_id")
        return qs.filter(pk__in=led.union(cosigned))
    if permissions.is_unit_officer(user):
        mine = Assignment.objects.filter(unit_id=user.unit_id).values("suggestion_id")
        return qs.filter(pk__in=mine).exclude(status__in=DRAFT_LIKE)
    return qs.none()


def audit_without_drafts(rows):
    """Audit rows (AuditLog) without those of unsubmitted drafts: the administration's trail shows a
    suggestion's rows once it is submitted, as every other staff page does (issue 12.4)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField
    from django.db.models.functions import Cast

    drafts = Suggestion.objects.unsubmitted().order_by().annotate(key=Cast("pk", CharField())).values("key")
    return rows.exclude(content_type=ContentType.objects.get_for_model(Suggestion), object_id__in=drafts)


# The long texts a list never shows, and the search index's copy of the title: left in the database,
# not copied into every row.
LIST_DEFERRED = ("background", "proposal", "return_reason", "search_bigrams")


def deputy_suggestions(user):
    """'My suggestions': led or co-signed, newest first, with the lead deputy's name and the deputy's own
    co-signing (`my_cosigns`, a list of at most one) rather than every co-signer's. The units are added
    to the shown page by `attach_active_units`."""
    return (suggestions_visible_to(user).select_related("lead_deputy")
            .only(*(f.name for f in Suggestion._meta.concrete_fields if f.name not in LIST_DEFERRED),
                  "lead_deputy__name")
            .prefetch_related(Prefetch("cosigners", queryset=CoSigner.objects.filter(deputy_id=user.deputy_id),
                                       to_attr="my_cosigns")))


class ActiveUnit(NamedTuple):
    """A unit handling a suggestion now, as lists show it (and as `workflow.relations` reads it)."""

    unit_id: int
    role: str
    name: str
    short_name: str

    @property
    def label(self):
        return self.short_name or self.name


_ROLE_RANK = {Assignment.Role.LEAD: 0, Assignment.Role.SEPARATE: 1, Assignment.Role.CO: 2}


def _role_rank(unit):
    return _ROLE_RANK.get(unit.role, 3)


def attach_active_units(rows):
    """Sets `s.active_units` on each suggestion: its active assignments' units, the lead unit first, then
    separate handling, then co-units, each in the order assigned (one query, plain tuples: a list shows
    only their names)."""
    by_suggestion = {s.pk: [] for s in rows}
    if by_suggestion:
        for suggestion_id, *unit in (Assignment.objects.filter(suggestion_id__in=list(by_suggestion), active=True)
                                     .order_by("id")
                                     .values_list("suggestion_id", "unit_id", "role", "unit__name", "unit__short_name")):
            by_suggestion[suggestion_id].append(ActiveUnit(*unit))
    for s in rows:
        s.active_units = sorted(by_suggestion[s.pk], key=_role_rank)
    return rows


def unit_suggestions(user, *, active_only=False):
    """A unit's workbench: what was assigned to it, each with only its own active assignment prefetched
    (see `unit_assignment`); the workbench shows no deputy or term, so neither is joined."""
    qs = suggestions_visible_to(user)
    if active_only:
        qs = qs.filter(assignments__unit_id=user.unit_id, assignments__active=True).distinct()
    return qs.defer(*LIST_DEFERRED).prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.filter(unit_id=user.unit_id, active=True)
                 .only("id", "suggestion_id", "unit_id", "role", "active")),
    ).order_by("reply_due", "-id")


def unit_assignment(suggestion, user):
    """The officer's unit's active assignment on an already prefetched suggestion, or None."""
    for assignment in suggestion.assignments.all():
        if assignment.unit_id == user.unit_id and assignment.active:
            return assignment
    return None


def co_units_without_opinion(suggestion):
    """The active co-units of an already prefetched suggestion that have not sent the lead unit their
    written opinion (DOMAIN §2: within a month of assignment, before the lead unit replies)."""
    return [a.unit for a in suggestion.assignments.all()
            if a.active and a.role == Assignment.Role.CO and not hasattr(a, "co_opinion")]


def leader_key_suggestions(user):
    """The key suggestions this leader leads, with their key supervision (what the leader's list shows
    and needs to offer supervision); the units are added by `attach_active_units`."""
    return Suggestion.objects.filter(key_supervision__leader=user).defer(*LIST_DEFERRED).select_related("key_supervision")


# Of a person shown by name on a page (a deputy, a user), only the name and what `__str__` reads.
_NAME_FIELDS = {"deputy": ("id", "name"), "user": ("id", "username", "real_name")}


@functools.lru_cache(maxsize=None)
def names_only(model, *relations):
    """defer() arguments that leave, of each deputy or user reached from `model` along `relations`
    ("lead_deputy", "key_supervision__leader"), only its name: a detail page joins five or six of them,
    and every column read costs its compilation and its attribute on every page. Worked out once per
    call site (the models do not change while the process runs)."""
    from congress_portal.accounts.models import User
    from deputies.models import Deputy

    models = {"deputy": Deputy, "user": User}
    out = []
    for path in relations:
        target = model
        for step in path.split("__"):
            target = target._meta.get_field(step).related_model
        kind = "deputy" if target is Deputy else "user" if target is User else None
        if kind is None:
            raise ValueError(f"{path} leads to neither a deputy nor a user")
        keep = _NAME_FIELDS[kind]
        out += [f"{path}__{f.name}" for f in models[kind]._meta.concrete_fields if f.name not in keep]
    return tuple(out)


def get_suggestion_for(user, pk):
    """One suggestion the user may see (404 otherwise), with everything the detail page and its timeline
    need, in a fixed number of queries. What only exists once a suggestion has been assigned (units,
    contacts, replies, commitments, ratings) is not asked for before that."""
    qs = suggestions_visible_to(user).select_related("lead_deputy", "term", "session").defer(
        "search_bigrams", *names_only(Suggestion, "lead_deputy"))
    try:
        s = qs.get(pk=pk)
    except (Suggestion.DoesNotExist, ValueError, ValidationError):  # none, or not a number at all
        raise Http404 from None
    # The key supervision (who leads it: workflow.relations) is read only for a key suggestion. Joined
    # into the query above, its two outer joins doubled PostgreSQL's planning of it (2.1 against 0.9 ms)
    # on every detail page, for the few suggestions that have one.
    key = KeySupervision.objects.filter(suggestion=s).only("id", "suggestion_id", "leader_id").first() \
        if s.is_key else None
    Suggestion.key_supervision.related.set_cached_value(s, key)
    lookups = [
        Prefetch("cosigners", queryset=CoSigner.objects.select_related("deputy").defer(*names_only(CoSigner, "deputy"))
                 .order_by("id")),
        "attachments",
    ]
    after_assignment = [
        Prefetch("assignments", queryset=Assignment.objects.select_related("unit", "co_opinion__submitted_by")
                 .defer(*names_only(Assignment, "co_opinion__submitted_by"))),
        Prefetch("contacts", queryset=Contact.objects.select_related("unit")),
        Prefetch("replies", queryset=Reply.objects.select_related("assignment__unit", "quality_score")),
        Prefetch("commitments", queryset=Commitment.objects.select_related("unit").prefetch_related("progress")),
        Prefetch("evaluations", queryset=Evaluation.objects.select_related("recorded_by")
                 .defer(*names_only(Evaluation, "recorded_by"))),
    ]
    if s.assigned_at is not None:
        lookups += after_assignment
    else:
        # Never assigned, so none of these exist: the relations are marked as read and empty, as a
        # prefetch that found nothing would leave them (a prefetch of none() costs 3 ms of Python here).
        cache = s.__dict__.setdefault("_prefetched_objects_cache", {})
        for lookup in after_assignment:
            empty = lookup.queryset.model._default_manager.none()
            empty._result_cache, empty._prefetch_done = [], True
            cache[lookup.prefetch_to] = empty
    prefetch_related_objects([s], *lookups)
    # Pre-reviews, supervision acts and staff requests are not shown with the suggestion: the timeline
    # (audit rows) tells of them, and the staff pages that decide requests read the pending ones.
    return s


def timeline(suggestion, *, for_unit=False):
    """The audit rows of a suggestion, oldest first: who did what, when. Units do not see the deputy's
    rating comment (the rating is back to back, 背对背)."""
    from congress_portal.audit.models import AuditLog
    from congress_portal.audit.services import audit_history

    from .workflow import MOVES

    rows = list(audit_history(suggestion).exclude(action__in=["edit", "attach", "detach"])
                .defer(*names_only(AuditLog, "actor")))
    labels = {"create": _("Draft created"), "merge_in": _("Another suggestion was merged into this one"),
              "from_opinion": _("Drafted from a citizen's opinion (码上提交)")}
    for row in rows:
        row.label = MOVES[row.action].label if row.action in MOVES else labels.get(row.action, row.action)
        row.to_label = Status(row.to_state).label if row.to_state in Status.values else row.to_state
        if for_unit and row.action == "evaluate":
            row.comment = ""
    return rows


NEXT_STEPS = {
    Status.DRAFT: _("Finish the draft and submit it; invited co-signers confirm on their own page."),
    Status.SUBMITTED: _("The committee office reviews it (lawful, one matter, feasible) and registers it."),
    Status.RETURNED: _("Revise it following the reasons given and submit it again."),
    Status.REGISTERED: _("The committee office assigns it to the handling units."),
    Status.ASSIGNED: _("The lead unit accepts it, contacts the deputy and replies by the deadline."),
    Status.HANDLING: _("The unit contacts the deputy and sends its reply letter by the deadline."),
    Status.REHANDLING: _("The unit handles it again and sends a new reply by the deadline."),
    Status.REPLIED: _("The deputy rates the reply (attitude and result) by the deadline."),
    Status.EVALUATED: _("The committee office closes it; commitments are tracked until kept."),
    Status.CLOSED: _("Closed. Commitments made in the reply are tracked until they are kept."),
    Status.REFERENCE: _("Not registered: kept as a reference item for the units concerned."),
    Status.MERGED: _("Handled together with the suggestion it was merged into."),
    Status.WITHDRAWN: _("Withdrawn by the deputy."),
}


def next_step(suggestion):
    """(what happens next, by when or None) for the 'what happens next' box."""
    text = NEXT_STEPS.get(suggestion.status, "")
    due = None
    if suggestion.status in (Status.ASSIGNED, Status.HANDLING, Status.REHANDLING):
        due = suggestion.reply_due
    elif suggestion.status == Status.REPLIED:
        due = suggestion.evaluation_due
    return text, due


def days_left(due, today=None):
    if due is None:
        return None
    return (due - (today or timezone.localdate())).days


_NOT_ALNUM = re.compile(r"[\W_]+")


def bigrams(text):
    """The set of adjacent character pairs of the Chinese text (letters and digits kept, rest dropped)."""
    chars = _NOT_ALNUM.sub("", text or "")
    return {chars[i:i + 2] for i in range(len(chars) - 1)}


# How many recent suggestions of the term are compared by title: of the same category, of the others,
# and of those that could take a merge; the best by title are then compared with their grounds too
# (by their opening).
SIMILAR_CANDIDATES, SIMILAR_OTHERS, SIMILAR_MERGEABLE = 160, 40, 100
SIMILAR_SHORTLIST = 30
SIMILAR_GROUNDS = 300


def _jaccard(a, b):
    return len(a & b) / len(a | b) if a and b else 0.0


def similar_suggestions(suggestion, limit=5, *, mergeable=False):
    """The earlier or parallel suggestions of the same term most like this one (Jaccard similarity on
    character bigrams of title and grounds); with `mergeable`, a pair of lists: those, and the most
    similar that can still take a merge (registered, not yet replied).

    Bounded work, on SQLite and PostgreSQL alike: the titles of the most recent suggestions of the
    same category and of some others (and, with `mergeable`, of those that can take a merge) are
    compared first (one query on PostgreSQL, a query each on SQLite); only the best of them are read,
    with the opening of their grounds, and compared with those too (one more query)."""
    mine_title = bigrams(suggestion.title)
    mine = mine_title | bigrams(suggestion.background[:SIMILAR_GROUNDS])
    if not mine:
        return ([], []) if mergeable else []
    base = (Suggestion.objects.filter(term_id=suggestion.term_id, submitted_at__isnull=False)
            .exclude(pk=suggestion.pk).exclude(status__in=[Status.DRAFT, Status.WITHDRAWN])
            .order_by("-submitted_at", "-id").values_list("pk", "title", "category", "status"))
    parts = [base.filter(category=suggestion.category)[:SIMILAR_CANDIDATES],
             base.exclude(category=suggestion.category)[:SIMILAR_OTHERS]]
    if mergeable:
        # Those of its category that could take it (registered, not yet replied), further back than the
        # most recent ones above.
        parts.append(base.filter(category=suggestion.category, status__in=MERGEABLE_STATES)[:SIMILAR_MERGEABLE])
    if connection.features.supports_slicing_ordering_in_compound:  # PostgreSQL: one query
        candidates = list(parts[0].union(*parts[1:], all=True))
    else:
        candidates = [row for part in parts for row in part]
    titles, categories, states = {}, {}, {}
    for pk, title, category, status in candidates:
        if pk not in titles:
            titles[pk], categories[pk], states[pk] = bigrams(title), category, status
    title_scores = {pk: _jaccard(mine_title, grams) for pk, grams in titles.items()}
    by_title = sorted(titles, key=lambda pk: (-title_scores[pk], -pk))
    shortlist = by_title[:SIMILAR_SHORTLIST]
    if mergeable:  # the best by title that can take a merge, even if others rank above them
        shortlist += [pk for pk in by_title[SIMILAR_SHORTLIST:] if states[pk] in MERGEABLE_STATES][:limit]
    # The shortlist's grounds (their opening) are read as plain values; only the few shown are read as
    # suggestions with their deputy (a query each: building thirty full rows cost more than both).
    grounds = dict(Suggestion.objects.filter(pk__in=shortlist).order_by()
                   .values_list("pk", Substr("background", 1, SIMILAR_GROUNDS)))
    scores = {}
    for pk in shortlist:
        if pk not in grounds:
            continue
        score = _jaccard(mine, titles[pk] | bigrams(grounds[pk]))
        if categories[pk] == suggestion.category:
            score *= 1.1
        if score > 0.05:
            scores[pk] = min(score, 1.0)
    ranked = sorted(scores, key=lambda pk: (-scores[pk], -pk))
    best = ranked[:limit]
    targets = [pk for pk in ranked if states[pk] in MERGEABLE_STATES][:limit] if mergeable else []
    # What the page shows of each: number, title, state and the lead deputy's name.
    rows = {o.pk: o for o in Suggestion.objects.filter(pk__in={*best, *targets}).select_related("lead_deputy")
            .only("number", "title", "status", "lead_deputy__name")} if best or targets else {}
    for pk, row in rows.items():
        row.similarity = scores[pk]
    shown = [rows[pk] for pk in best if pk in rows]
    return (shown, [rows[pk] for pk in targets if pk in rows]) if mergeable else shown


def pending_requests():
    """Staff queues for decisions: pending re-assignment and extension requests."""
    return (ReassignRequest.objects.filter(decision="pending").select_related("assignment__unit",
                                                                               "assignment__suggestion"),
            ExtensionRequest.objects.filter(decision="pending").select_related("assignment__unit", "suggestion"))


def open_commitments_for_unit(user):
    """The unit's open commitments, earliest due first, with what its workbench tab shows of each."""
    return (Commitment.objects.filter(unit_id=user.unit_id, fulfilled_at__isnull=True).select_related("suggestion")
            .only("id", "content", "due_date", "suggestion_id", "suggestion__number").order_by("due_date", "id"))


def suggestion_counts_by_deputy(deputy_ids, year):
    """{deputy_id: {"led", "co_signed", "replied", "solved"}} for suggestions submitted in `year`.

    For the deputies' performance file (履职档案): led and co-signed (confirmed) suggestions, and how
    many of those led were replied and solved or adopted (classes A and B). Two queries.
    `deputy_ids=None` counts every deputy: for the all-deputies table a list of 1,000 ids cost more
    to send and parse than the counting itself.
    """
    from congress_portal.core.aggregates import IntCount

    counts = {}
    led_scope = {} if deputy_ids is None else {"lead_deputy_id__in": deputy_ids}
    co_scope = {} if deputy_ids is None else {"deputy_id__in": deputy_ids}
    led = (Suggestion.objects.filter(**led_scope, submitted_at__year=year)
           .values("lead_deputy_id")
           .annotate(led=IntCount("id"), replied=IntCount("id", filter=Q(replied_at__isnull=False)),
                     solved=IntCount("id", filter=Q(final_result_class__in=["A", "B"]))))
    for row in led:
        counts[row["lead_deputy_id"]] = {"led": row["led"], "co_signed": 0, "replied": row["replied"],
                                         "solved": row["solved"]}
    co_signed = (CoSigner.objects.filter(**co_scope, state=CoSigner.State.CONFIRMED,
                                         suggestion__submitted_at__year=year)
                 .values("deputy_id").annotate(n=IntCount("id")))
    for row in co_signed:
        counts.setdefault(row["deputy_id"], {"led": 0, "co_signed": 0, "replied": 0, "solved": 0})
        counts[row["deputy_id"]]["co_signed"] = row["n"]
    return counts
