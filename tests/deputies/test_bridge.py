"""The seam to the proposals app (deputies/suggestions_bridge.py).

The real contract, now that proposals provides it.
"""

import pytest
from django.utils import timezone

from deputies import services, suggestions_bridge
from deputies.models import Opinion

pytestmark = pytest.mark.django_db


def test_conversion_creates_a_prefilled_draft_linked_both_ways(deputy_user, received_opinion):
    from congress_portal.audit.services import audit_history
    from proposals.models import Status

    opinion, url = services.opinion_suggest(opinion=received_opinion, actor=deputy_user)
    Suggestion = suggestions_bridge.suggestion_model()
    suggestion = Suggestion.objects.get(pk=opinion.suggestion_id)
    assert url == suggestion.get_absolute_url()
    assert suggestion.status == Status.DRAFT and suggestion.lead_deputy_id == deputy_user.deputy_id
    assert suggestion.background == received_opinion.text.strip()
    assert suggestion.title and received_opinion.text.strip().startswith(suggestion.title)
    assert opinion.status == Opinion.Status.SUGGESTED
    # The other direction: the suggestion's trail names the opinion it came from.
    origin = [row for row in audit_history(suggestion) if row.action == "from_opinion"]
    assert origin and origin[0].data["opinion_id"] == received_opinion.pk


def test_counts_by_deputy_follow_the_contract(deputy_user, received_opinion):
    from proposals import services as proposal_services

    opinion, _url = services.opinion_suggest(opinion=received_opinion, actor=deputy_user)
    year = timezone.localdate().year
    # A draft is not counted; a submitted suggestion is.
    assert suggestions_bridge.suggestion_counts_by_deputy([deputy_user.deputy_id], year) == {}
    suggestion = suggestions_bridge.suggestion_model().objects.get(pk=opinion.suggestion_id)
    # The deputy completes the draft (proposals are theirs to write), then submits.
    proposal_services.suggestion_update(suggestion=suggestion, actor=deputy_user, proposal="建议增设路灯并定期巡查。")
    proposal_services.suggestion_submit(suggestion=suggestion, actor=deputy_user)
    counts = suggestions_bridge.suggestion_counts_by_deputy([deputy_user.deputy_id], year)
    assert counts[deputy_user.deputy_id] == {"led": 1, "co_signed": 0, "replied": 0, "solved": 0}
    # None: every deputy (the all-deputies table), the same figures; a list leaves the others out.
    assert suggestions_bridge.suggestion_counts_by_deputy(None, year) == counts
    assert suggestions_bridge.suggestion_counts_by_deputy([deputy_user.deputy_id + 1000], year) == {}


def test_a_refused_draft_is_a_clear_error_and_changes_nothing(deputy_user, received_opinion):
    """Without a current term the suggestions workflow refuses: the deputy reads why, nothing is saved."""
    from django.core.exceptions import ValidationError

    from congress_portal.organization.models import Term

    Term.objects.update(is_current=False)
    with pytest.raises(ValidationError) as exc:
        services.opinion_suggest(opinion=received_opinion, actor=deputy_user)
    assert "尚未设置本届信息" in " ".join(exc.value.messages)
    received_opinion.refresh_from_db()
    assert received_opinion.status == Opinion.Status.RECEIVED and received_opinion.suggestion_id is None
    assert not suggestions_bridge.suggestion_model().objects.exists()
