"""The sweep over rectification and inquiry-commitment deadlines: the unit before, the owning committee and
the leader in charge when overdue, the chairs' meeting when long overdue."""

import pytest

from congress_portal.accounts.models import Role
from congress_portal.notifications import services as notifications
from congress_portal.notifications.models import Delivery
from congress_portal.organization.models import CommitteeMember
from supervision.deliberation import services
from supervision.models import Kind
from tests import factories

from .helpers import D, committee_body, item, opinion

pytestmark = pytest.mark.django_db


def who(kind, at):
    before = set(Delivery.objects.values_list("pk", flat=True))
    notifications.sweep(at)
    return {d.recipient.username: d.milestone for d in Delivery.objects.filter(kind=kind, channel="in_app")
            .exclude(pk__in=before).select_related("recipient")}


@pytest.fixture
def people(unit, unit_officer):
    term = factories.TermFactory()
    chair = factories.CommitteeMemberFactory(term=term, name="主任", post=CommitteeMember.Post.CHAIR)
    lead = factories.CommitteeMemberFactory(term=term, name="副主任", post=CommitteeMember.Post.VICE_CHAIR)
    factories.LeaderFactory(username="chair", committee_member=chair)
    factories.LeaderFactory(username="lead", committee_member=lead)
    factories.StaffFactory(username="cjhb", office=committee_body())  # the owning committee's staff
    return lead


def test_rectification_reminders_escalate(staff_user, unit, people):
    it = item([unit], leader=people)
    opinion(staff_user, it, [("加装电梯进度慢", unit)], issued_on=D(2026, 3, 10))  # due 2026-06-10
    assert who("rectification_report", D(2026, 5, 26)) == {"unit": "before:15"}
    assert who("rectification_report", D(2026, 6, 10)) == {"unit": "due"}
    assert who("rectification_report", D(2026, 6, 12)) == {"unit": "overdue", "cjhb": "overdue", "lead": "overdue"}
    late = who("rectification_report", D(2026, 7, 20))
    assert late["chair"] == "overdue:escalate" and late["lead"] == "overdue:escalate"


def test_a_reported_rectification_still_counts_but_an_accepted_one_does_not(staff_user, unit, unit_officer, people):
    op = opinion(staff_user, item([unit], leader=people), [("加装电梯进度慢", unit)], issued_on=D(2026, 3, 10))
    rect = op.issues.get().rectification
    services.rectification_submit(rectification=rect, actor=unit_officer, measures="措施", text="已完成")
    services.rectification_accept(rectification=rect, actor=staff_user)
    assert who("rectification_report", D(2026, 6, 12)) == {}


def test_budget_rectifications_have_their_own_kind(staff_user, unit, people):
    opinion(staff_user, item([unit], kind=Kind.BUDGET_RECTIFICATION, title="预算审计整改"), [("资金闲置", unit)],
            issued_on=D(2026, 3, 10))  # due 2026-05-10
    assert who("rectification_report_budget", D(2026, 5, 10)) == {"unit": "due"}
    assert who("rectification_report", D(2026, 5, 10)) == {}


def test_inquiry_commitment_reminders(staff_user, unit, people):
    it = item([unit], kind=Kind.INQUIRY, title="内涝治理专题询问", leader=people)
    inquiry = services.inquiry_create(item=it, actor=staff_user, title="内涝治理专题询问", held_on=D(2026, 6, 1))
    services.commitment_add(inquiry=inquiry, actor=staff_user, unit=unit, content="完成12处改造",
                            due_date=D(2026, 9, 30), responsible="张局长")
    assert who("inquiry_commitment_due", D(2026, 9, 23)) == {"unit": "before:7"}
    assert who("inquiry_commitment_due", D(2026, 10, 2)) == {"unit": "overdue", "cjhb": "overdue", "lead": "overdue"}


def test_sweep_queries_do_not_grow(staff_user, unit, people, django_assert_max_num_queries):
    it = item([unit], leader=people)
    for i in range(5):
        opinion(staff_user, it, [(f"问题{i}", unit)], issued_on=D(2026, 3, 10), title=f"审议意见{i}")
    from congress_portal.notifications import registry
    from supervision.deliberation.reminders import RectificationDeadline

    with django_assert_max_num_queries(8):
        assert len(list(RectificationDeadline().reminders(registry.Sweep(D(2026, 6, 12))))) == 5
    assert Role.STAFF  # the cast is in place
