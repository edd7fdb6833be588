"""Events reach the people concerned, through the notification seam, inside the move's transaction."""

import pytest

from proposals import events, services
from proposals.models import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    """Record notify() calls under the workflow event's name (notify receives the notification code)."""
    calls = []
    workflow_name = {code: name for name, code in events.NOTIFICATION_CODES.items()}
    monkeypatch.setattr(events, "notify", lambda event, *, subject, recipients, context: calls.append(
        (workflow_name[event], subject.pk, {u.username for u in recipients}, context)))
    return calls


def test_every_workflow_event_has_a_notification_text():
    from congress_portal.notifications.messages import EVENTS

    assert set(events.AUDIENCES) == set(events.NOTIFICATION_CODES)
    assert {code for code in events.NOTIFICATION_CODES.values()} <= set(EVENTS)


def test_events_and_their_recipients(build, cast, sent):
    s = build.to(Status.REPLIED)
    by_event = {event: people for event, _pk, people, _ctx in sent}
    assert by_event["suggestion.cosign_invited"] == {"deputy2"}
    assert by_event["suggestion.submitted"] == {"staff"}
    assert by_event["suggestion.registered"] == {"deputy", "deputy2"}
    assert by_event["suggestion.assigned"] == {"deputy", "unit", "unit2"}
    assert by_event["suggestion.replied"] == {"deputy", "staff"}
    context = next(ctx for event, _pk, _p, ctx in sent if event == "suggestion.replied")
    assert context["result_class"] == "B" and context["number"] == s.number and context["evaluation_due"]


def test_actor_is_not_told_about_their_own_move(build, cast, sent):
    s = build.to(Status.HANDLING)
    services.key_supervision_mark(suggestion=s, actor=cast["staff"], leader=cast["leader"])
    event, _pk, people, ctx = sent[-1]
    assert event == "suggestion.key_marked" and people == {"leader", "unit", "unit2"} and ctx["actor"] == "王静"


def test_a_refused_move_announces_nothing(build, cast, sent):
    s = build.to(Status.SUBMITTED)
    before = len(sent)
    with pytest.raises(services.WorkflowError):
        services.suggestion_assign(suggestion=s, actor=cast["staff"], lead_unit=None)
    assert len(sent) == before
