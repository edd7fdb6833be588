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
