"""The ballot paper and the result announcement (export_pdf, pages, links), the progress ledger, the
dashboard section; every page's outsider refused."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from congress_portal.dashboard import sections
from congress_portal.meetings import services as votes
from congress_portal.reports import documents
from supervision.livelihood import services
from supervision.livelihood.models import ChosenProject
from supervision.livelihood.sections import year_section
from tests import factories
from tests.conftest import client_for

from .helpers import add_candidates, closed_solicitation, plenary_session

pytestmark = pytest.mark.django_db
TITLES = ["社区食堂", "加装电梯", "口袋公园", "背街小巷"]


def _voted(staff_user, unit, *, tie=False):
    """Four candidates for two places, voted by three deputies; with `tie` a run-off for the second place."""
    s = closed_solicitation(timezone.localdate(), places=2)
    add_candidates(s, staff_user, unit, TITLES)
    session, deputies = plenary_session(factories.TermFactory(), 3)
    services.candidate_list_approve(solicitation=s, actor=staff_user)
    poll = services.ballot_create(solicitation=s, session=session, actor=staff_user)
    for d in deputies:
        votes.attendance_record(forum=session, user=d, status="present", actor=staff_user)
    votes.poll_open(poll=poll, actor=staff_user)
    ids = {o.subject: o.pk for o in poll.options.all()}
    second = ["加装电梯", "口袋公园", "加装电梯"] if not tie else ["加装电梯", "口袋公园", "背街小巷"]
    for d, other in zip(deputies, second, strict=True):
        votes.poll_cast(poll=poll, voter=d, option_ids=[ids["社区食堂"], ids[other]])
    votes.poll_close(poll=poll, actor=staff_user)
    runoff = None
    if tie:
        runoff = votes.poll_create_runoff(poll=poll, actor=staff_user)
        votes.poll_open(poll=runoff, actor=staff_user)
        r_ids = {o.subject: o.pk for o in runoff.options.all()}
        for d, pick in zip(deputies, ["口袋公园", "口袋公园", "加装电梯"], strict=True):
            votes.poll_cast(poll=runoff, voter=d, option_ids=[r_ids[pick]])
        votes.poll_close(poll=runoff, actor=staff_user)
    services.result_take(solicitation=s, actor=staff_user)
    s.refresh_from_db()
    return s, poll, runoff


def _pdf_text(data):
    import subprocess

    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def test_the_run_off_ballot_reads_as_the_first_one_with_unit_and_budget(staff_user, unit):
    s, poll, runoff = _voted(staff_user, unit, tie=True)
    labels = sorted(runoff.options.values_list("label", flat=True))
    assert labels == sorted(f"{t}（{unit.name}，预算 120.50 万元）" for t in ["加装电梯", "口袋公园", "背街小巷"])
    assert [c.candidate.title for c in ChosenProject.objects.order_by("rank")] == ["社区食堂", "口袋公园"]


def test_export_pdf_writes_the_ballot_paper_and_the_result(tmp_path, staff_user, unit):
    s, poll, runoff = _voted(staff_user, unit, tie=True)
    assert {"ballot_paper", "livelihood_result"} <= {d.name for d in documents.all_documents()}
    out = tmp_path / "ballot.pdf"
    call_command("export_pdf", "ballot_paper", str(poll.pk), "--out", str(out))
    text = _pdf_text(out.read_bytes())
    assert "民生实事项目票决票" in text and "社区食堂" in text and unit.name[:4] in text and "120.50" in text
    assert "赞成的项目不得超过 2 个" in text
    call_command("export_pdf", "ballot_paper", str(runoff.pk), "--out", str(out))
    text = _pdf_text(out.read_bytes())
    assert "另行票决票" in text and "社区食堂" not in text and "口袋公园" in text
    call_command("export_pdf", "livelihood_result", str(s.year), "--out", str(out))
    text = _pdf_text(out.read_bytes())
    assert "人大代表票决结果的" in text and "特此公告" in text and "另行票决" in text
    assert "社区食堂" in text and "入选" in text and "未入选" in text
    with pytest.raises(CommandError) as exc:
        call_command("export_pdf", "livelihood_result", "1999", "--out", str(out))
    assert "1999" in str(exc.value) and "征集" in str(exc.value)
    with pytest.raises(CommandError):
        call_command("export_pdf", "ballot_paper", "999999", "--out", str(out))


def test_the_result_page_and_pdf_are_public_the_ballot_paper_and_ledger_are_staff_only(client, staff_user, unit,
                                                                                        deputy_user):
    s, poll, runoff = _voted(staff_user, unit)
    page = client.get(reverse("livelihood:result", args=[s.year]))
    assert page.status_code == 200 and "票决结果的公告" in page.content.decode()
    assert reverse("livelihood:result_pdf", args=[s.year]) in page.content.decode()
    pdf = client.get(reverse("livelihood:result_pdf", args=[s.year]))
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    assert client.get(reverse("livelihood:result", args=[2999])).status_code == 404
    paper_url, ledger_url = reverse("livelihood:ballot_paper", args=[poll.pk]), reverse("livelihood:ledger")
    assert client.get(paper_url).status_code == 302  # to the sign-in
    client_for(client, deputy_user)
    assert client.get(paper_url).status_code == 403 and client.get(ledger_url).status_code == 403
    client.logout()
    client_for(client, staff_user)
    assert client.get(paper_url).content[:4] == b"%PDF"
    ledger = client.get(ledger_url, {"year": s.year})
    sheet = load_workbook(io.BytesIO(ledger.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "民生实事项目进展台账" in rows[0][0] and rows[1][3] == "项目"
    assert [r[3] for r in rows[2:]] == ["社区食堂", "加装电梯"]


def test_staff_find_the_documents_on_the_solicitation_and_the_ledger_in_the_admin(admin_client, staff_user, unit):
    s, poll, runoff = _voted(staff_user, unit)
    page = admin_client.get(reverse("admin:livelihood_solicitation_change", args=[s.pk])).content.decode()
    for url in (reverse("livelihood:ballot_paper", args=[poll.pk]), reverse("livelihood:result_pdf", args=[s.year]),
                reverse("livelihood:ledger") + f"?year={s.year}"):
        assert url in page
    response = admin_client.post(reverse("admin:livelihood_chosenproject_changelist"), {
        "action": "export_ledger", "_selected_action": list(ChosenProject.objects.values_list("pk", flat=True))})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_public_progress_page_links_the_announcement(client, staff_user, unit):
    s, poll, runoff = _voted(staff_user, unit)
    page = client.get(reverse("livelihood:progress", args=[s.year])).content.decode()
    assert reverse("livelihood:result", args=[s.year]) in page
    assert reverse("livelihood:project", args=[ChosenProject.objects.get(rank=1).pk]) in page


def test_the_dashboard_section_has_each_figure_with_drill_downs_in_fixed_queries(staff_user, unit,
                                                                                django_assert_num_queries):
    s, poll, runoff = _voted(staff_user, unit)
    ChosenProject.objects.filter(rank=1).update(progress=100, evaluation="unsatisfied", carry_over=True)
    assert "livelihood" in {p.code for p in sections.providers()}  # registered from ready()
    # Both years' solicitations with their counts, both years' chosen projects.
    with django_assert_num_queries(2):
        section = year_section(s.year)
    assert section.figure("candidates").value == 4 and section.figure("chosen").value == 2
    assert section.figure("completed").value == 1 and section.figure("unsatisfied").value == 1
    assert section.figure("chosen").url == reverse("livelihood:progress", args=[s.year])
    assert all(f.url for f in section.figures)
    assert section.tables[0].rows[0][1] == "社区食堂"
    empty = year_section(1990)
    assert empty.figure("chosen").value is None and not empty.charts


def test_a_year_recorded_without_its_ballot_has_no_announcement(client):
    from supervision.livelihood.models import Solicitation

    s = closed_solicitation(timezone.localdate(), year=2016)
    Solicitation.objects.filter(pk=s.pk).update(result_taken_at=timezone.now())
    assert client.get(reverse("livelihood:result", args=[2016])).status_code == 404
    assert client.get(reverse("livelihood:result_pdf", args=[2016])).status_code == 404
    page = client.get(reverse("livelihood:progress", args=[2016])).content.decode()
    assert reverse("livelihood:result", args=[2016]) not in page
