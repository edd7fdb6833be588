"""The suggestions' Excel ledgers (台账): suggestions and commitments, built row by row from a queryset
with the platform's ledger helpers (congress_portal/reports/ledgers.py).

The workbooks are write-only (rows go straight to the file, not kept in memory) and read the
database in chunks: a fixed number of queries per 2,000 rows, never one per row.
"""

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from congress_portal.reports.ledgers import CHUNK, ledger_heading, ledger_row, ledger_sheet

from .models import Assignment, CommitmentProgress, Status


def _local_date(value):
    return timezone.localdate(value) if value else None


def _counting(progress, total):
    """A per-row callback that tells `progress(fraction)` every CHUNK rows of `total` (None: nothing)."""
    if progress is None or not total:
        return lambda: None
    done = [0]

    def tick():
        done[0] += 1
        if done[0] % CHUNK == 0:
            progress(done[0] / total)
    return tick


def suggestions_ledger(queryset, *, progress=None, total=None):
    """建议办理台账: one row per suggestion of `queryset`, drafts left out whatever `queryset` holds
    (a draft is the deputy's own until submitted: DOMAIN §2). `progress(fraction)` is told every CHUNK
    rows of `total` when both are given (the documents worker's export)."""
    workbook = Workbook(write_only=True)
    columns = [
        (_("Number"), 16), (_("Title"), 48), (_("Category"), 14), (_("Lead deputy"), 10), (_("Made during"), 10),
        (_("Status"), 14), (_("Lead unit"), 24), (_("Co-handling units"), 30), (_("Assigned on"), 12),
        (_("Reply due"), 12), (_("Replied"), 12), (_("On time"), 8), (_("Result class"), 26),
        (_("Rating"), 12), (_("Key supervision"), 8), (_("Published"), 12),
    ]
    title = str(_("Suggestions ledger"))
    ws = ledger_sheet(workbook, title, columns, heading=ledger_heading(title), numbered=True)
    queryset = queryset.exclude(status=Status.DRAFT)
    active = Assignment.objects.filter(active=True).select_related("unit").order_by("role", "id")
    rows = (queryset.select_related("lead_deputy")
            .prefetch_related(Prefetch("assignments", queryset=active, to_attr="active_assignments"))
            .order_by("number", "id"))
    yes, no = _("Yes"), _("No")
    tick = _counting(progress, total)
    for s in rows.iterator(chunk_size=CHUNK):
        tick()
        lead = [a.unit.name for a in s.active_assignments if a.role in (Assignment.Role.LEAD, Assignment.Role.SEPARATE)]
        co = [a.unit.name for a in s.active_assignments if a.role == Assignment.Role.CO]
        replied = _local_date(s.replied_at)
        on_time = ""
        if replied and s.reply_due:
            on_time = yes if replied <= s.reply_due else no
        ledger_row(ws, [
            s.number or "", s.title, s.get_category_display(), s.lead_deputy.name, s.get_period_display(),
            s.get_status_display(), "、".join(lead), "、".join(co), _local_date(s.assigned_at), s.reply_due,
            replied, on_time, s.get_final_result_class_display() if s.final_result_class else "",
            s.get_final_rating_display() if s.final_rating else "", yes if s.is_key else "",
            _local_date(s.published_at),
        ], wrap=(1, 7))
    return workbook


def commitments_ledger(queryset, *, progress=None, total=None):
    """承诺事项台账: one row per commitment of `queryset`, with its state today and the latest progress
    (`progress` and `total` as suggestions_ledger)."""
    workbook = Workbook(write_only=True)
    columns = [
        (_("Number"), 16), (_("Title"), 36), (_("Unit"), 24), (_("What"), 48), (_("By when"), 12),
        (_("Who"), 14), (_("State"), 10), (_("Fulfilled"), 12), (_("Reply date"), 12), (_("Latest progress"), 40),
    ]
    title = str(_("Commitments ledger"))
    ws = ledger_sheet(workbook, title, columns, heading=ledger_heading(title), numbered=True)
    latest = CommitmentProgress.objects.filter(commitment=OuterRef("pk")).order_by("-reported_at", "-id")
    rows = (queryset.select_related("suggestion", "unit", "reply")
            .annotate(latest_progress=Subquery(latest.values("note")[:1]))
            .order_by("due_date", "id"))
    today = timezone.localdate()
    tick = _counting(progress, total)
    for c in rows.iterator(chunk_size=CHUNK):
        tick()
        ledger_row(ws, [
            c.suggestion.number or "", c.suggestion.title, c.unit.name, c.content, c.due_date, c.responsible,
            commitment_state_label(c, today), _local_date(c.fulfilled_at), c.reply.reply_date,
            c.latest_progress or "",
        ], wrap=(1, 3, 9))
    return workbook


def commitment_state_label(commitment, today):
    if commitment.fulfilled_at:
        return _("Fulfilled")
    if commitment.due_date < today:
        return _("Overdue")
    return _("Not yet due")


def ledger_rows(queryset):
    """How many rows suggestions_ledger(queryset) writes (one COUNT): drafts are left out."""
    return queryset.exclude(status=Status.DRAFT).count()


# --- made by the documents worker when large (congress_portal/reports/exports.py) --------------------

def _filter_form(params):
    from django.http import QueryDict

    from .filters import SuggestionFilterForm

    query = QueryDict(mutable=True)
    for key, values in params.items():
        query.setlist(key, values)
    form = SuggestionFilterForm(query or None)
    if form.is_bound and not form.is_valid():
        raise ValueError(form.error_text())
    return form


def _build_suggestions_ledger(params, user, progress):
    from congress_portal.reports.views import xlsx_file

    from .models import Suggestion

    queryset = _filter_form(params).filter(Suggestion.objects.submitted())
    total = ledger_rows(queryset)
    workbook = suggestions_ledger(queryset, total=total,
                                  progress=lambda f: progress(0.05 + 0.8 * f, _("Writing the rows")))
    progress(0.9, _("Saving the file"))
    return xlsx_file(workbook, _("suggestions-ledger"))


def _build_commitments_ledger(params, user, progress):
    from congress_portal.reports.views import xlsx_file

    from .models import Commitment

    queryset = _filter_form(params).filter_commitments(Commitment.objects.all())
    workbook = commitments_ledger(queryset, total=queryset.count(),
                                  progress=lambda f: progress(0.05 + 0.8 * f, _("Writing the rows")))
    progress(0.9, _("Saving the file"))
    return xlsx_file(workbook, _("commitments-ledger"))


def register_exports():
    from django.utils.translation import gettext_lazy

    from congress_portal.reports import exports

    exports.register(exports.Export(name="suggestions_ledger", title=gettext_lazy("Suggestions ledger"),
                                    build=_build_suggestions_ledger))
    exports.register(exports.Export(name="commitments_ledger", title=gettext_lazy("Commitments ledger"),
                                    build=_build_commitments_ledger))
