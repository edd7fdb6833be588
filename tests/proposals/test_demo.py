"""The proposals demo: every state, consistent numbers and counters, something to do for each demo account."""

import datetime
import re
from collections import defaultdict

import pytest
from django.core.management import call_command

from congress_portal.accounts.models import User
from congress_portal.audit.models import AuditLog
from proposals.models import (
    Assignment, Commitment, CoSigner, Evaluation, KeySupervision, NumberCounter, Reply, Status, Suggestion,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)
NUMBER = re.compile(r"^(\d+)-(\d+|B-\d{4})-(\d{3,})$")


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--scale", "small", "--today", TODAY.isoformat())


def _every_state_and_a_motion():
    states = set(Suggestion.objects.values_list("status", flat=True))
    assert states == set(Status.values)
    assert Suggestion.objects.filter(kind=Suggestion.Kind.MOTION).exists()
    assert Suggestion.objects.filter(converted_from_motion=True).exists()
    assert 250 <= Suggestion.objects.count() <= 400


def _numbers_follow_the_series_and_counters_end_at_the_last_number():
    used = defaultdict(list)
    for term_number, number in Suggestion.objects.filter(number__isnull=False).values_list("term__number", "number"):
        match = NUMBER.match(number)
        assert match, number
        assert int(match.group(1)) == term_number
        used[match.group(2)].append(int(match.group(3)))
    counters = {c.series: c.last for c in NumberCounter.objects.all()}
    assert set(counters) == set(used)
    for series, numbers in used.items():
        # No repeat, no gap: 1..last, and the next registration continues the series.
        assert sorted(numbers) == list(range(1, counters[series] + 1)), series


def _deadlines_around_the_anchor_day():
    dues = set(Suggestion.objects.filter(status=Status.HANDLING).values_list("reply_due", flat=True))
    for days in (15, 7, 3, 1, 0, -1):
        assert TODAY + datetime.timedelta(days=days) in dues, days
    assert Suggestion.objects.filter(status=Status.REPLIED, evaluation_due__gte=TODAY).exists()
    assert Suggestion.objects.filter(status=Status.REPLIED, evaluation_due__lt=TODAY).exists()
    open_commitments = Commitment.objects.filter(fulfilled_at__isnull=True)
    assert open_commitments.filter(due_date__lt=TODAY).exists()
    assert open_commitments.filter(due_date__gte=TODAY, due_date__lte=TODAY + datetime.timedelta(days=15)).exists()
    assert Commitment.objects.filter(fulfilled_at__isnull=False).exists()


def _replies_evaluations_and_publication_are_consistent():
    assert not Suggestion.objects.filter(status__in=[Status.REPLIED, Status.EVALUATED, Status.CLOSED],
                                         replies__isnull=True).exists()
    for s in Suggestion.objects.filter(status=Status.CLOSED).prefetch_related("replies", "evaluations")[:50]:
        assert s.final_result_class in "ABCD" and s.final_rating
        assert {r.round for r in s.replies.all()} == set(range(1, s.round + 1))
    rehandled = Suggestion.objects.filter(status=Status.REHANDLING).first()
    assert Evaluation.objects.filter(suggestion=rehandled, result="dissatisfied").exists()
    assert Suggestion.objects.filter(published_at__isnull=False, reply_public=True).exists()
    assert not Suggestion.objects.filter(published_at__isnull=False).exclude(status=Status.CLOSED).exists()
    assert not Suggestion.objects.filter(status=Status.MERGED, merged_into__isnull=True).exists()
    assert Assignment.objects.filter(role=Assignment.Role.CO, co_opinion__isnull=False).exists()


def _demo_accounts_have_things_to_do():
    deputy = User.objects.get(username="deputy").deputy
    mine = set(Suggestion.objects.filter(lead_deputy=deputy).values_list("status", flat=True))
    assert {Status.DRAFT, Status.RETURNED, Status.REPLIED, Status.HANDLING, Status.CLOSED} <= mine
    assert CoSigner.objects.filter(deputy=deputy, state=CoSigner.State.INVITED).exists()
    unit = User.objects.get(username="unit").unit
    assert unit.name == "区住房和城市更新局"
    active = Assignment.objects.filter(unit=unit, active=True)
    assert active.filter(suggestion__status=Status.ASSIGNED).exists()
    assert active.filter(suggestion__status=Status.HANDLING, suggestion__reply_due__lt=TODAY).exists()
    assert Commitment.objects.filter(unit=unit, fulfilled_at__isnull=True).exists()
    leader = User.objects.get(username="leader")
    assert KeySupervision.objects.filter(leader=leader, suggestion__status=Status.HANDLING).exists()


def _main_moves_leave_audit_rows():
    closed = Suggestion.objects.filter(status=Status.CLOSED).first()
    actions = list(AuditLog.objects.filter(object_id=str(closed.pk), content_type__model="suggestion")
                   .order_by("created_at", "id").values_list("action", flat=True))
    assert actions[:4] == ["submit", "register", "assign", "accept"] and "close" in actions
    assert Reply.objects.filter(suggestion=closed).exists()


def test_small_demo_builds_every_state_with_consistent_numbers_and_audit(demo):
    """Seeding takes a few seconds: one seed, several checks."""
    _every_state_and_a_motion()
    _numbers_follow_the_series_and_counters_end_at_the_last_number()
    _main_moves_leave_audit_rows()


def test_small_demo_has_deadlines_around_today_and_work_for_each_account(demo):
    _deadlines_around_the_anchor_day()
    _replies_evaluations_and_publication_are_consistent()
    _demo_accounts_have_things_to_do()
