"""The seam to the proposals app (deputies/suggestions_bridge.py).

While proposals has no Suggestion model these tests check the graceful fallback; once it exists they
check the real contract (they skip the other half with the reason).
"""

import pytest
from django.utils import timezone

from deputies import services, suggestions_bridge
from deputies.models import Opinion

pytestmark = pytest.mark.django_db


def _require_suggestions():
    if suggestions_bridge.suggestion_model() is None:
        pytest.skip("proposals.Suggestion does not exist yet (LookupError): the bridge falls back")
    if not suggestions_bridge.is_available():
        pytest.skip("proposals.services.suggestion_create_from_opinion is not written yet")


def test_without_suggestions_conversion_is_refused_and_counts_are_empty(deputy_user, received_opinion):
    if suggestions_bridge.is_available():
        pytest.skip("the proposals app provides suggestions")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.opinion_suggest(opinion=received_opinion, actor=deputy_user)
    assert "建议模块尚未启用" in " ".join(exc.value.messages)
    received_opinion.refresh_from_db()
    assert received_opinion.status == Opinion.Status.RECEIVED
    if suggestions_bridge.suggestion_model() is None:
        assert suggestions_bridge.suggestion_counts_by_deputy([deputy_user.deputy_id], 2026) == {}


def test_conversion_creates_a_prefilled_draft_linked_both_ways(deputy_user, received_opinion):
    _require_suggestions()
    opinion, url = services.opinion_suggest(opinion=received_opinion, actor=deputy_user)
    Suggestion = suggestions_bridge.suggestion_model()
    suggestion = Suggestion.objects.get(pk=opinion.suggestion_id)
    assert url
    assert received_opinion.text[:10] in " ".join(str(getattr(suggestion, f, "")) for f in ("title", "body"))
    assert opinion.status == Opinion.Status.SUGGESTED


def test_counts_by_deputy_follow_the_contract(deputy_user, received_opinion):
    _require_suggestions()
    services.opinion_suggest(opinion=received_opinion, actor=deputy_user)
    year = timezone.localdate().year
    counts = suggestions_bridge.suggestion_counts_by_deputy([deputy_user.deputy_id], year)
    mine = counts.get(deputy_user.deputy_id, {})
    assert set(suggestions_bridge.EMPTY_COUNTS) <= set(mine) or mine == {}
