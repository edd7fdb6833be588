"""The responsible unit marks a milestone reached from its workbench: a date, what was done, an optional photo as
evidence; the progress bar follows the share of milestones reached (never back); staff see it on the record and
in the audit trail."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from congress_portal.audit.models import AuditLog
from supervision.livelihood import services
from supervision.livelihood.models import ChosenProject, Milestone, ProjectPhoto
from supervision.livelihood.services import LivelihoodError
from tests.conftest import client_for

from .test_carrying_out import _png, _project

pytestmark = pytest.mark.django_db


def _with_milestones(staff_user, unit, n=2):
    project = _project(staff_user, unit)
    milestones = [services.milestone_add(project=project, actor=staff_user, title=f"节点{i + 1}",
                                         planned_on=datetime.date(2027, 3 + i, 1)) for i in range(n)]
    return project, milestones


def test_reaching_milestones_moves_progress_to_their_share_and_finishes_the_reports(staff_user, unit_officer):
    project, (first, second) = _with_milestones(staff_user, unit_officer.unit)
    today = timezone.localdate()
    services.milestone_reach(milestone=first, actor=unit_officer, done_on=today, note="完成施工招标，签订合同",
                             jpeg=b"\xff\xd8fake", caption="签约现场")
    project.refresh_from_db()
    first.refresh_from_db()
    assert (first.done_on, first.done_note, first.done_by) == (today, "完成施工招标，签订合同", unit_officer)
    assert project.progress == 50 and project.next_report_due is not None
    photo = ProjectPhoto.objects.get()
    assert (photo.milestone, photo.project, photo.caption) == (first, project, "签约现场")
    row = AuditLog.objects.filter(action="milestone_reached").get()
    assert (row.actor, row.from_state, row.to_state, row.data["evidence"]) == (unit_officer, "0", "50", True)

    services.milestone_reach(milestone=second, actor=unit_officer, done_on=today)
    project.refresh_from_db()
    assert project.progress == 100 and project.next_report_due is None  # finished: no more quarterly reports


def test_progress_already_reported_higher_does_not_go_back(staff_user, unit_officer):
    project, (first, _second) = _with_milestones(staff_user, unit_officer.unit)
    services.progress_report(project=project, actor=unit_officer, progress=80, text="主体完工")
    services.milestone_reach(milestone=first, actor=unit_officer, done_on=timezone.localdate())
    project.refresh_from_db()
    assert project.progress == 80
    assert AuditLog.objects.get(action="milestone_reached").to_state == "80"


def test_refusals_save_nothing(staff_user, unit_officer, other_unit_officer):
    project, (first, _second) = _with_milestones(staff_user, unit_officer.unit)
    with pytest.raises(ValidationError) as exc:  # a photo says what it shows; the day is not in the future
        services.milestone_reach(milestone=first, actor=unit_officer, jpeg=b"\xff\xd8fake", caption=" ",
                                 done_on=timezone.localdate() + datetime.timedelta(days=1))
    assert set(exc.value.message_dict) == {"done_on", "caption"}
    with pytest.raises(LivelihoodError):
        services.milestone_reach(milestone=first, actor=other_unit_officer, done_on=timezone.localdate())
    ChosenProject.objects.filter(pk=project.pk).update(evaluated_at=timezone.now(), evaluation="satisfied")
    with pytest.raises(LivelihoodError):
        services.milestone_reach(milestone=first, actor=unit_officer, done_on=timezone.localdate())
    assert not Milestone.objects.filter(done_on__isnull=False).exists() and not ProjectPhoto.objects.exists()
    assert not AuditLog.objects.filter(action="milestone_reached").exists()
    assert ChosenProject.objects.get().progress == 0


def test_the_unit_marks_a_milestone_from_its_report_page_with_a_photo(client, staff_user, unit_officer):
    project, (first, second) = _with_milestones(staff_user, unit_officer.unit)
    client_for(client, unit_officer)
    page = client.get(reverse("livelihood:report", args=[project.pk]))
    body = page.content.decode()
    assert "标记节点已完成" in body and 'name="milestone-milestone"' in body and "节点2" in body
    url = reverse("livelihood:milestone_reach", args=[project.pk])
    refused = client.post(url, {"milestone-milestone": first.pk, "milestone-done_on": "2999-01-01",
                                "milestone-photo": SimpleUploadedFile("a.png", _png(), content_type="image/png")})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "不能晚于今天" in text and "请填写照片说明" in text and 'id="id_milestone-done_on"' in text
    ok = client.post(url, {"milestone-milestone": first.pk, "milestone-done_on": timezone.localdate().isoformat(),
                           "milestone-note": "完成施工招标", "milestone-caption": "签约现场",
                           "milestone-photo": SimpleUploadedFile("a.png", _png(), content_type="image/png")})
    assert ok.status_code == 302 and ok["Location"] == reverse("livelihood:project", args=[project.pk])
    public = client.get(ok["Location"]).content.decode()
    assert "完成施工招标" in public and "签约现场" in public and "进度 50%" in public
    # A reached milestone is no longer offered; posting it again is refused on its field.
    again = client.post(url, {"milestone-milestone": first.pk, "milestone-done_on": timezone.localdate().isoformat()})
    assert again.status_code == 400 and Milestone.objects.get(pk=first.pk).done_note == "完成施工招标"
    # Staff (with the livelihood office's permissions) read it on the project's record.
    from django.contrib.auth.models import Permission

    staff_user.user_permissions.set(Permission.objects.filter(content_type__app_label="livelihood"))
    client_for(client, staff_user)
    record = client.get(reverse("admin:livelihood_chosenproject_change", args=[project.pk])).content.decode()
    assert "完成施工招标" in record and "签约现场" in record


def test_outsiders_cannot_mark_milestones(client, staff_user, unit_officer, other_unit_officer, deputy_user):
    project, (first, _second) = _with_milestones(staff_user, unit_officer.unit)
    url = reverse("livelihood:milestone_reach", args=[project.pk])
    data = {"milestone-milestone": first.pk, "milestone-done_on": timezone.localdate().isoformat()}
    assert client.post(url, data).status_code == 302  # anonymous: to the sign-in page
    for outsider in (other_unit_officer, deputy_user):
        assert client_for(client, outsider).post(url, data).status_code == 404
    assert client_for(client, unit_officer).get(url).status_code == 405
    assert not Milestone.objects.filter(done_on__isnull=False).exists()


def test_the_report_page_runs_fixed_queries(client, staff_user, unit_officer, django_assert_max_num_queries):
    project, _milestones = _with_milestones(staff_user, unit_officer.unit, n=6)
    client_for(client, unit_officer)
    url = reverse("livelihood:report", args=[project.pk])
    client.get(url)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
