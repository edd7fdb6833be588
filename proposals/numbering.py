"""Registration numbers: 16-4-023 (term 16, session 4, no. 23) or 16-B-2024-012 (recess, 2024).

Numbers never repeat and never skip: the series' counter row is locked (select_for_update) for the
rest of the registering transaction, so a second registration waits for the first to commit.
"""

from .models import NumberCounter


def series_for(suggestion, day):
    if suggestion.period == suggestion.Period.SESSION and suggestion.session_id:
        return str(suggestion.session.number)
    return f"B-{day.year}"


def take_number(suggestion, day):
    """The next number in the suggestion's series. Call inside the registering transaction."""
    term = suggestion.term
    series = series_for(suggestion, day)
    # Create the counter if this is the series' first number; a concurrent creator is ignored.
    NumberCounter.objects.bulk_create([NumberCounter(term=term, series=series)], ignore_conflicts=True)
    counter = NumberCounter.objects.select_for_update().get(term=term, series=series)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{term.number}-{series}-{counter.last:03d}"


# --- document numbers (文号) of the letters ------------------------------------------------------
# 武昌人大代交〔2026〕12号 for the committee office's assignment notices, 武昌住更局复〔2026〕3号 for a
# unit's reply letters: each series counts from 1 every year, never repeating, never skipping.

NOTICE_SERIES = "notice"


def reply_series(unit_id):
    return f"reply-{unit_id}"


def _take(counter_model, series, year):
    # Same lock as the registration numbers: a second letter of the series waits for the first to commit.
    counter_model.objects.bulk_create([counter_model(series=series, year=year)], ignore_conflicts=True)
    counter = counter_model.objects.select_for_update().get(series=series, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def document_number(prefix, year, n):
    return f"{prefix}〔{year}〕{n}号"


def notice_prefix():
    """The assignment notices' prefix (setting NOTICE_NUMBER_PREFIX, default <district>人大代交)."""
    from django.conf import settings

    from congress_portal.organization.names import district_short

    return getattr(settings, "NOTICE_NUMBER_PREFIX", "") or f"{district_short()}人大代交"


def reply_prefix(unit):
    """A unit's reply letters' prefix: its short name, the district written out (区住更局 -> 武昌住更局), 复."""
    from congress_portal.organization.names import short_prefix

    return f"{short_prefix(unit.short_name or unit.name)}复"


def take_notice_number(day, counter_model=None):
    """The next assignment notice's 文号. Call inside the assigning transaction."""
    from .models import LetterCounter

    n = _take(counter_model or LetterCounter, NOTICE_SERIES, day.year)
    return document_number(notice_prefix(), day.year, n)


def take_reply_number(unit, day, counter_model=None):
    """The next reply letter's 文号 in `unit`'s series. Call inside the replying transaction."""
    from .models import LetterCounter

    n = _take(counter_model or LetterCounter, reply_series(unit.pk), day.year)
    return document_number(reply_prefix(unit), day.year, n)


class _Counters:
    """Counters read and locked once per series and year, advanced in memory, saved at the end."""

    def __init__(self, counter_model):
        self.model, self.rows = counter_model, {}

    def next(self, series, year):
        key = (series, year)
        if key not in self.rows:
            self.model.objects.bulk_create([self.model(series=series, year=year)], ignore_conflicts=True)
            self.rows[key] = self.model.objects.select_for_update().get(series=series, year=year)
        counter = self.rows[key]
        counter.last += 1
        return counter.last

    def save(self):
        self.model.objects.bulk_update(list(self.rows.values()), ["last"], batch_size=2000)


def number_unnumbered_letters(assignment_model, reply_model, counter_model):
    """Give a 文号 to every assignment and reply that has none, oldest first, from the same series
    (rows written before numbers existed, and the demo's bulk-written rows). Units assigned together
    (one suggestion, one moment) share one notice. Call inside a transaction: the series stay locked."""
    import datetime

    from django.utils import timezone

    def local_day(value):
        if isinstance(value, datetime.datetime):
            return timezone.localdate(value) if timezone.is_aware(value) else value.date()
        return value

    counters = _Counters(counter_model)
    prefix = notice_prefix()
    batch, rows = {}, []
    pending = (assignment_model.objects.filter(notice_number="").order_by("assigned_at", "suggestion_id", "id")
               .only("id", "suggestion_id", "assigned_at"))
    for a in pending.iterator(chunk_size=2000):
        key = (a.suggestion_id, a.assigned_at)
        if key not in batch:
            day = local_day(a.assigned_at)
            batch[key] = document_number(prefix, day.year, counters.next(NOTICE_SERIES, day.year))
        a.notice_number = batch[key]
        rows.append(a)
    assignment_model.objects.bulk_update(rows, ["notice_number"], batch_size=2000)
    rows, prefixes = [], {}
    replies = (reply_model.objects.filter(letter_number="").select_related("assignment__unit")
               .order_by("reply_date", "id"))
    for r in replies.iterator(chunk_size=2000):
        unit = r.assignment.unit
        if unit.pk not in prefixes:
            prefixes[unit.pk] = reply_prefix(unit)
        year = r.reply_date.year
        r.letter_number = document_number(prefixes[unit.pk], year, counters.next(reply_series(unit.pk), year))
        rows.append(r)
    reply_model.objects.bulk_update(rows, ["letter_number"], batch_size=2000)
    counters.save()
