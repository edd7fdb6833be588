"""政府办: the unit's reports (period, progress, budget spent), milestones, checked photos, deputies'
inspections, the quarterly report deadline in the reminder sweep, and the public project page."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from congress_portal.audit.models import AuditLog
from congress_portal.core import deadlines
from congress_portal.notifications import registry
from supervision.livelihood import services
from supervision.livelihood.models import ChosenProject, Inspection, Milestone, ProgressReport, ProjectPhoto
from supervision.livelihood.services import LivelihoodError
from tests import factories
from tests.conftest import client_for

from .helpers import add_candidates, closed_solicitation

pytestmark = pytest.mark.django_db


def _project(staff_user, unit, *, public=True):
    s = closed_solicitation(timezone.localdate(), places=1)
    candidate = add_candidates(s, staff_user, unit, ["老旧小区改造提升"])[0]
    if public:
        s.result_taken_at = timezone.now()
        s.save()
    return ChosenProject.objects.create(candidate=candidate, rank=1, approvals=180,
                                        next_report_due=timezone.localdate() + datetime.timedelta(days=30))


def _png(size=(64, 48)):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def test_a_report_carries_its_period_and_budget_and_moves_the_next_deadline(staff_user, unit_officer):
    project = _project(staff_user, unit_officer.unit)
    services.progress_report(project=project, actor=unit_officer, progress=20, text="制定实施方案", period="plan",
                             budget_spent=Decimal("300"))
    project.refresh_from_db()
    assert (project.progress, project.budget_spent) == (20, Decimal("300.00"))
    assert project.next_report_due == deadlines.due_date("livelihood_progress", timezone.localdate())
    report = project.reports.get()
    assert (report.period, report.get_period_display()) == ("plan", "年初问计划")
    with pytest.raises(ValidationError) as exc:  # the budget spent never goes down, the period is a known one
        services.progress_report(project=project, actor=unit_officer, progress=30, text="再报", period="weekly",
                                 budget_spent=Decimal("100"))
    assert set(exc.value.message_dict) == {"period", "budget_spent"}
    assert "不能减少" in exc.value.message_dict["budget_spent"][0]
    services.progress_report(project=project, actor=unit_officer, progress=100, text="全部完工", period="result")
    project.refresh_from_db()
    assert project.next_report_due is None and project.budget_spent == Decimal("300.00")  # finished: no more due


def test_an_evaluated_project_takes_no_more_reports(staff_user, unit_officer):
    project = _project(staff_user, unit_officer.unit)
    ChosenProject.objects.filter(pk=project.pk).update(evaluated_at=timezone.now(), evaluation="satisfied")
    with pytest.raises(LivelihoodError):
        services.progress_report(project=project, actor=unit_officer, progress=100, text="完工")
    assert not ProgressReport.objects.exists()


def test_milestones_by_the_unit_or_staff_reached_once_and_never_in_the_future(staff_user, unit_officer,
                                                                              other_unit_officer, deputy_user):
    project = _project(staff_user, unit_officer.unit)
    for outsider in (other_unit_officer, deputy_user):
        with pytest.raises(LivelihoodError):
            services.milestone_add(project=project, actor=outsider, title="完成招标", planned_on=datetime.date(2027, 5, 1))
    with pytest.raises(ValidationError) as exc:
        services.milestone_add(project=project, actor=staff_user, title=" ", planned_on=None)
    assert set(exc.value.message_dict) == {"title", "planned_on"}
    m = services.milestone_add(project=project, actor=unit_officer, title="完成招标", planned_on=datetime.date(2027, 5, 1))
    with pytest.raises(ValidationError):
        services.milestone_reach(milestone=m, actor=unit_officer, done_on=timezone.localdate() + datetime.timedelta(1))
    services.milestone_reach(milestone=m, actor=unit_officer, done_on=timezone.localdate())
    with pytest.raises(LivelihoodError):
        services.milestone_reach(milestone=m, actor=staff_user, done_on=timezone.localdate())
    assert Milestone.objects.get().done_on == timezone.localdate()
    assert AuditLog.objects.filter(action__in=["milestone_added", "milestone_reached"]).count() == 2


def test_photos_are_checked_by_content_re_encoded_and_served_once_public(client, staff_user, unit_officer):
    project = _project(staff_user, unit_officer.unit)
    client_for(client, unit_officer)
    url = reverse("livelihood:photo_add", args=[project.pk])
    fake = SimpleUploadedFile("site.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    bad = client.post(url, {"photo": fake, "caption": "施工现场"})
    assert bad.status_code == 400 and "不是可识别的图片" in bad.content.decode() and not ProjectPhoto.objects.exists()
    no_caption = client.post(url, {"photo": SimpleUploadedFile("a.png", _png(), content_type="image/png"),
                                   "caption": ""})
    assert no_caption.status_code == 400 and not ProjectPhoto.objects.exists()
    ok = client.post(url, {"photo": SimpleUploadedFile("a.png", _png(), content_type="image/png"),
                           "caption": "积玉桥小区外立面整治"})
    assert ok.status_code == 302
    photo = ProjectPhoto.objects.get()
    client.logout()
    served = client.get(reverse("livelihood:photo", args=[photo.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content)[:2] == b"\xff\xd8"  # re-encoded as JPEG
    page = client.get(reverse("livelihood:project", args=[project.pk])).content.decode()
    assert "积玉桥小区外立面整治" in page


def test_other_units_cannot_add_photos(client, staff_user, unit_officer, other_unit_officer):
    project = _project(staff_user, unit_officer.unit)
    client_for(client, other_unit_officer)
    response = client.post(reverse("livelihood:photo_add", args=[project.pk]),
                           {"photo": SimpleUploadedFile("a.png", _png(), content_type="image/png"), "caption": "x"})
    assert response.status_code == 404 and not ProjectPhoto.objects.exists()


def test_an_inspection_by_deputies_is_recorded_by_staff_with_its_findings(staff_user, unit_officer):
    project = _project(staff_user, unit_officer.unit)
    deputies = [factories.DeputyFactory(), factories.DeputyFactory()]
    with pytest.raises(LivelihoodError):
        services.inspection_record(project=project, actor=unit_officer, date=timezone.localdate(), deputies=deputies,
                                   findings="进度滞后")
    with pytest.raises(ValidationError) as exc:
        services.inspection_record(project=project, actor=staff_user, date=timezone.localdate() + datetime.timedelta(1),
                                   deputies=[], findings="")
    assert set(exc.value.message_dict) == {"date", "deputies", "findings"}
    inspection = services.inspection_record(project=project, actor=staff_user, date=timezone.localdate(),
                                            deputies=deputies, findings="建议加快雨污分流施工进度")
    assert set(inspection.deputies.all()) == set(deputies) and Inspection.objects.count() == 1


def test_the_public_project_page_runs_fixed_queries_and_hides_unpublished_years(client, staff_user, unit_officer,
                                                                                django_assert_num_queries):
    project = _project(staff_user, unit_officer.unit)
    for i in range(3):
        services.progress_report(project=project, actor=unit_officer, progress=10 * (i + 1), text=f"第{i + 1}次报告")
        services.milestone_add(project=project, actor=staff_user, title=f"节点{i}", planned_on=datetime.date(2027, 3, 1))
        services.inspection_record(project=project, actor=staff_user, date=timezone.localdate(),
                                   deputies=[factories.DeputyFactory()], findings="视察意见")
    url = reverse("livelihood:project", args=[project.pk])
    # project, milestones, reports, photos, inspections, their deputies
    with django_assert_num_queries(6):
        page = client.get(url)
    assert page.status_code == 200 and "第3次报告" in page.content.decode()
    project.candidate.solicitation.result_taken_at = None
    project.candidate.solicitation.save()
    from supervision.livelihood import selectors

    selectors.data_changed()  # what the services and the year's admin page do: the kept page goes
    assert client.get(url).status_code == 404


def _sweep(at):
    kind = registry.get("livelihood_progress")
    return list(kind.reminders(registry.Sweep(at)))


def test_the_quarterly_report_deadline_reminds_the_unit_then_staff_then_the_chairs(staff_user, unit_officer, settings):
    from congress_portal.organization.models import CommitteeMember

    chair_member = factories.CommitteeMemberFactory(post=CommitteeMember.Post.CHAIR)
    chair = factories.LeaderFactory(committee_member=chair_member)
    project = _project(staff_user, unit_officer.unit)
    due = project.next_report_due
    assert registry.get("livelihood_progress").label  # registered from ready()
    assert _sweep(due - datetime.timedelta(days=20)) == []
    (before,) = _sweep(due - datetime.timedelta(days=7))
    assert before.milestone == "before:7" and before.recipients == (unit_officer.pk,)
    assert before.context["url"] == reverse("livelihood:report", args=[project.pk])
    (late,) = _sweep(due + datetime.timedelta(days=3))
    assert late.milestone == "overdue" and set(late.recipients) == {unit_officer.pk, staff_user.pk}
    (escalated,) = _sweep(due + datetime.timedelta(days=settings.NOTIFICATIONS_ESCALATE_AFTER_DAYS
                                                   if hasattr(settings, "NOTIFICATIONS_ESCALATE_AFTER_DAYS") else 30))
    assert escalated.milestone == "overdue:escalate" and chair.pk in escalated.recipients
    services.progress_report(project=project, actor=unit_officer, progress=100, text="完工")
    assert _sweep(due + datetime.timedelta(days=3)) == []  # finished: nothing owed


def test_the_sweep_reads_every_project_in_fixed_queries(staff_user, unit, other_unit, django_assert_num_queries):
    s = closed_solicitation(timezone.localdate(), places=6)
    due = timezone.localdate()
    for i, c in enumerate(add_candidates(s, staff_user, unit, [f"项目{i}" for i in range(6)])):
        c.unit = (unit, other_unit)[i % 2]
        c.save()
        ChosenProject.objects.create(candidate=c, rank=i + 1, approvals=10, next_report_due=due)
    kind = registry.get("livelihood_progress")
    sweep = registry.Sweep(due + datetime.timedelta(days=2))
    sweep.offsets(kind), sweep.staff_ids(), sweep.chairs_ids()  # memoised per sweep, shared by every kind
    with django_assert_num_queries(2):  # the projects, their units' officers
        assert len(list(kind.reminders(sweep))) == 6
