"""The narrow seam between citizens' opinions and deputies' suggestions (the proposals app).

The deputies app never imports proposals' models directly. Two functions are the contract:

* ``create_suggestion_from_opinion(opinion, deputy_user) -> (suggestion_id, url)``: create a *draft*
  suggestion led by ``deputy_user.deputy``, pre-filled from the opinion (title from the first line,
  body from the text, the opinion's id kept on the suggestion so the link goes both ways), and
  return its id and the URL where the deputy finishes it. Runs inside the caller's transaction.
* ``suggestion_counts_by_deputy(deputy_ids, year) -> {deputy_id: {"led": n, "co_signed": n,
  "solved": n, "replied": n}}``: suggestions of that year led / co-signed (confirmed) per deputy, and
  how many of those led were replied and solved or adopted (result A or B). A fixed number of queries.

Until the Suggestion model exists these degrade gracefully: conversion raises
``SuggestionsUnavailable`` (shown to the deputy in Chinese) and the counts are empty. Wiring: the
proposals app provides ``proposals.services.suggestion_create_from_opinion(*, opinion, actor)``
returning the Suggestion (with ``get_absolute_url()``) and ``proposals.selectors.
suggestion_counts_by_deputy(deputy_ids, year)``; nothing else here changes.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _


class SuggestionsUnavailable(Exception):
    message = _("The suggestions module is not enabled yet; answer or forward the opinion instead.")


def suggestion_model():
    """The Suggestion model, or None while the proposals app has no such model."""
    try:
        return apps.get_model("proposals", "Suggestion")
    except LookupError:
        return None


def is_available():
    if suggestion_model() is None:
        return False
    try:
        from proposals import services  # noqa: F401
    except ImportError:
        return False
    return hasattr(services, "suggestion_create_from_opinion")


def create_suggestion_from_opinion(opinion, deputy_user):
    """-> (suggestion_id, url) of a new draft suggestion led by the deputy, pre-filled from the opinion."""
    if not is_available():
        raise SuggestionsUnavailable(str(SuggestionsUnavailable.message))
    from proposals import services

    suggestion = services.suggestion_create_from_opinion(opinion=opinion, actor=deputy_user)
    return suggestion.pk, suggestion.get_absolute_url()


def suggestion_url(suggestion_id):
    """Where a linked suggestion is shown, or "" when the proposals app cannot say."""
    model = suggestion_model()
    if model is None or suggestion_id is None:
        return ""
    try:
        from django.urls import NoReverseMatch, reverse

        return reverse("proposals:detail", args=[suggestion_id])
    except NoReverseMatch:
        return ""


EMPTY_COUNTS = {"led": 0, "co_signed": 0, "replied": 0, "solved": 0}


def suggestion_counts_by_deputy(deputy_ids, year):
    """{deputy_id: {"led", "co_signed", "replied", "solved"}}; empty until proposals provides the selector."""
    if suggestion_model() is None:
        return {}
    try:
        from proposals import selectors
    except ImportError:
        return {}
    counter = getattr(selectors, "suggestion_counts_by_deputy", None)
    if counter is None:
        return {}
    return counter(deputy_ids, year)
