"""Suggestions in any state with their deadlines, built directly (the proposals services come later)."""

import datetime
import itertools
import os

import pytest
from django.utils import timezone

from proposals.models import Assignment, Commitment, KeySupervision, Reply, Status, Suggestion
from tests import factories

_numbers = itertools.count(1)


def make_suggestion(*, deputy_user, staff, status=Status.HANDLING, reply_due=None, evaluation_due=None,
                    units=(), co_units=(), co_opinion_due=None, reassign_until=None, title="关于老旧小区加装电梯的建议"):
    term = factories.TermFactory()
    n = next(_numbers)
    s = Suggestion.objects.create(
        term=term, number=f"16-B-2026-{n:03d}", title=title, background="理由", proposal="建议",
        lead_deputy=deputy_user.deputy, created_by=deputy_user, status=status, reply_due=reply_due,
        evaluation_due=evaluation_due, assigned_at=timezone.now(),
        submitted_at=None if status == Status.DRAFT else timezone.now())
    today = timezone.localdate()
    for i, unit in enumerate(units):
        Assignment.objects.create(suggestion=s, unit=unit, role=Assignment.Role.LEAD if i == 0 else
                                  Assignment.Role.SEPARATE, assigned_at=timezone.now(), assigned_by=staff,
                                  reassign_until=reassign_until or today - datetime.timedelta(days=30))
    for unit in co_units:
        Assignment.objects.create(suggestion=s, unit=unit, role=Assignment.Role.CO, assigned_at=timezone.now(),
                                  assigned_by=staff, co_opinion_due=co_opinion_due,
                                  reassign_until=reassign_until or today - datetime.timedelta(days=30))
    return s


def make_commitment(suggestion, unit, staff, due_date):
    assignment = suggestion.assignments.filter(unit=unit).first()
    reply = Reply.objects.create(suggestion=suggestion, assignment=assignment, result_class="B", text="答复",
                                 signer="局长", contact_person="联系人", contact_phone="027-1",
                                 reply_date=timezone.localdate(), created_by=staff)
    return Commitment.objects.create(reply=reply, suggestion=suggestion, unit=unit, content="年底前完成加装",
                                     due_date=due_date, responsible="建设科")


def mark_key(suggestion, leader, staff):
    KeySupervision.objects.create(suggestion=suggestion, leader=leader, year=2026, chosen_by=staff)
    Suggestion.objects.filter(pk=suggestion.pk).update(is_key=True)


@pytest.fixture
def chair_user(db):
    from congress_portal.organization.models import CommitteeMember

    return factories.LeaderFactory(username="chair", real_name="赵主任",
                                   committee_member__post=CommitteeMember.Post.CHAIR)


@pytest.fixture
def ordinary_leader(db):
    from congress_portal.organization.models import CommitteeMember

    return factories.LeaderFactory(username="member1", real_name="普通委员",
                                   committee_member__post=CommitteeMember.Post.MEMBER)


def require_services():
    if not os.environ.get("REDIS_URL") or not os.environ.get("DATABASE_URL"):
        pytest.skip("needs REDIS_URL and DATABASE_URL (run by .ci/run against the real services)")
