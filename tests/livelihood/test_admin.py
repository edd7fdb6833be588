"""Staff screen proposals and carry the year through its moves in the administration."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from congress_portal.audit.models import AuditLog
from supervision.livelihood import services
from supervision.livelihood.models import CandidateProject, ProjectProposal
from tests.conftest import client_for

from .helpers import add_candidates, closed_solicitation, open_solicitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_staff(staff_user):
    from django.contrib.auth.models import Permission

    staff_user.user_permissions.set(Permission.objects.filter(content_type__app_label="livelihood"))
    return staff_user


def test_staff_screen_a_proposal_into_a_candidate_through_the_service(client, admin_staff, unit):
    s = open_solicitation(timezone.localdate())
    proposal = services.proposal_submit(solicitation=s, text="在积玉桥街建社区食堂")
    client_for(client, admin_staff)
    assert client.get(reverse("admin:livelihood_candidateproject_add")).status_code == 200
    data = {"solicitation": s.pk, "title": "社区食堂", "description": "建设社区食堂三处", "budget": "150",
            "unit": unit.pk, "expected_completion": "2027-12-31", "proposals": [proposal.pk]}
    response = client.post(reverse("admin:livelihood_candidateproject_add"), data)
    assert response.status_code == 302
    candidate = CandidateProject.objects.get()
    assert list(candidate.proposals.all()) == [proposal]
    assert ProjectProposal.objects.get().status == ProjectProposal.Status.ADOPTED
    assert AuditLog.objects.filter(action="candidate_created", actor=admin_staff).exists()


def test_an_approved_list_refuses_a_new_candidate_at_its_field(client, admin_staff, unit):
    s = closed_solicitation(timezone.localdate(), places=1)
    add_candidates(s, admin_staff, unit, ["甲", "乙"])
    client_for(client, admin_staff)
    changelist = reverse("admin:livelihood_solicitation_changelist")
    response = client.post(changelist, {"action": "approve_list", "_selected_action": [s.pk]}, follow=True)
    assert "候选项目清单已通过" in response.content.decode()
    s.refresh_from_db()
    assert s.approved_at and s.approved_by == admin_staff
    again = client.post(changelist, {"action": "approve_list", "_selected_action": [s.pk]}, follow=True)
    assert "已经通过" in again.content.decode()
    data = {"solicitation": s.pk, "title": "丙", "description": "说明", "budget": "10", "unit": unit.pk,
            "expected_completion": datetime.date(2027, 12, 31).isoformat()}
    response = client.post(reverse("admin:livelihood_candidateproject_add"), data)
    assert response.status_code == 200 and "不能再修改" in response.content.decode()
    assert CandidateProject.objects.count() == 2
    no_session = client.post(changelist, {"action": "create_ballot", "_selected_action": [s.pk]}, follow=True)
    assert "请先选择进行票决的大会会议" in no_session.content.decode()


def test_the_administration_is_in_chinese_and_closed_to_deputies(client, admin_staff, deputy_user):
    client_for(client, admin_staff)
    index = client.get(reverse("admin:index")).content.decode()
    assert "民生实事项目" in index and "项目建议" in index
    client.logout()
    client_for(client, deputy_user)
    assert client.get(reverse("admin:livelihood_solicitation_changelist")).status_code in (302, 403)
