"""The narrow seam between citizens' opinions and deputies' suggestions (the proposals app).

The deputies app calls proposals only through these functions, and keeps a suggestion's id on the
opinion as a plain integer (no foreign key, so neither app's migrations depend on the other's).
"""

from django.core.exceptions import ValidationError
from django.urls import reverse


def suggestion_model():
    from django.apps import apps

    return apps.get_model("proposals", "Suggestion")


def create_suggestion_from_opinion(opinion, deputy_user):
    """-> (suggestion_id, url) of a new draft led by the deputy, pre-filled from the opinion.

    Runs in the caller's transaction; a refusal from the suggestions workflow (no current term, not
    a deputy ...) becomes a ValidationError with its Chinese message, and nothing is saved.
    """
    from proposals import services

    try:
        suggestion = services.suggestion_create_from_opinion(opinion=opinion, actor=deputy_user)
    except services.WorkflowError as exc:
        raise ValidationError(str(exc)) from None
    return suggestion.pk, suggestion.get_absolute_url()


def suggestion_url(suggestion_id):
    """Where a linked suggestion is shown ("" when there is none)."""
    return reverse("proposals:detail", args=[suggestion_id]) if suggestion_id else ""


def suggestion_counts_by_deputy(deputy_ids, year):
    """{deputy_id: {"led", "co_signed", "replied", "solved"}}: proposals' yearly counts (two queries);
    `deputy_ids=None` for every deputy."""
    from proposals import selectors

    return selectors.suggestion_counts_by_deputy(deputy_ids, year)
