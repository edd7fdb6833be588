"""The pages: who sees what, the live inquiry screen, the documents, and pinned query counts."""

import io
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from supervision.deliberation import services
from supervision.deliberation.models import Evidence, Question
from supervision.models import Kind
from tests import factories
from tests.conftest import client_for

from .helpers import D, item, opinion, reported

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def issued(staff_user, unit, other_unit):
    it = item([unit, other_unit])
    return opinion(staff_user, it, [("加装电梯进度慢" + SCRIPT, unit), ("占道经营整治不到位", other_unit)],
                   issued_on=D(2026, 3, 10))


def _rect(op, unit):
    return op.issues.get(unit=unit).rectification


def test_a_unit_sees_only_its_own_rectifications(client, issued, unit, other_unit, unit_officer):
    client_for(client, unit_officer)
    page = client.get(reverse("deliberation:rectifications") + "?year=2026").content.decode()
    assert "加装电梯进度慢" in page and "占道经营整治不到位" not in page
    assert client.get(reverse("deliberation:rectification", args=[_rect(issued, unit).pk])).status_code == 200
    assert client.get(reverse("deliberation:rectification", args=[_rect(issued, other_unit).pk])).status_code == 404
    # the workbench card beside the suggestions
    home = client.get(reverse("accounts:home")).content.decode()
    assert "审议意见整改" in home and reverse("deliberation:rectification", args=[_rect(issued, unit).pk]) in home


def test_an_outsider_unit_does_not_see_an_opinion_not_addressed_to_it(client, staff_user, unit, issued):
    stranger = factories.UnitOfficerFactory(username="u3", unit=factories.HandlingUnitFactory())
    client_for(client, stranger)
    assert client.get(reverse("deliberation:opinion", args=[issued.pk])).status_code == 404
    assert client.get(reverse("deliberation:rectifications")).status_code == 200
    assert client.get(reverse("deliberation:dashboard")).status_code == 403


def test_the_public_sees_only_published_opinions(client, staff_user, unit, issued):
    draft = opinion(staff_user, item([unit], title="另一事项"), [("问题", unit)], title="草稿意见")
    assert client.get(reverse("deliberation:opinion", args=[issued.pk])).status_code == 404
    assert client.get(reverse("deliberation:opinion", args=[draft.pk])).status_code == 404
    assert client.get(reverse("deliberation:opinion_pdf", args=[issued.pk])).status_code == 404
    assert issued.title not in client.get(reverse("deliberation:opinions")).content.decode()
    services.opinion_publish(opinion=issued, actor=staff_user)
    page = client.get(reverse("deliberation:opinion", args=[issued.pk])).content.decode()
    assert issued.title in page and "&lt;script&gt;" in page and SCRIPT not in page
    assert "整改中" not in page  # the public reads the opinion, not the units' internal work
    assert issued.title in client.get(reverse("deliberation:opinions")).content.decode()
    assert client.get(reverse("deliberation:rectifications")).status_code == 302  # to the login page
    assert reverse("deliberation:opinions") in client.get("/").content.decode()  # reached from the home page


def test_disallowed_move_on_the_page_is_refused_in_chinese(client, issued, unit, staff_user):
    client_for(client, staff_user)
    rect = _rect(issued, unit)
    response = client.post(reverse("deliberation:rectification", args=[rect.pk]), {"move": "accept"})
    assert response.status_code == 400 and "不能进行此操作" in response.content.decode()
    rect.refresh_from_db()
    assert rect.state == "rectifying"


def test_unit_reports_with_errors_tied_to_fields_and_keeps_its_input(client, issued, unit, unit_officer):
    client_for(client, unit_officer)
    rect = _rect(issued, unit)
    url = reverse("deliberation:rectification", args=[rect.pk])
    response = client.post(url, {"move": "submit", "submit-measures": "一、成立专班", "submit-text": "",
                                 "version": rect.version})
    html = response.content.decode()
    assert response.status_code == 400 and "一、成立专班" in html
    assert 'aria-describedby="id_submit-text_error"' in html and "这个字段是必填项" in html
    fake = SimpleUploadedFile("证明.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {"move": "add_evidence", "add_evidence-file": fake, "version": rect.version})
    assert response.status_code == 400 and "不是允许的文件类型" in response.content.decode()
    assert not Evidence.objects.exists()
    pdf = SimpleUploadedFile("验收报告.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    assert client.post(url, {"move": "add_evidence", "add_evidence-file": pdf}).status_code == 302
    evidence = Evidence.objects.get()
    assert client.get(reverse("deliberation:evidence", args=[evidence.pk])).status_code == 200
    assert client.post(url, {"move": "submit", "submit-measures": "一、成立专班", "submit-text": "已完成",
                             "version": rect.version + 1}).status_code == 302
    rect.refresh_from_db()
    assert rect.state == "reported"


def test_live_inquiry_screen_adds_questions_follow_ups_and_commitments_without_reloading(client, staff_user, unit):
    term = factories.TermFactory()
    member = factories.CommitteeMemberFactory(term=term, name="周明")
    it = item([unit], kind=Kind.INQUIRY, title="城市内涝治理")
    inquiry = services.inquiry_create(item=it, actor=staff_user, title="城市内涝治理专题询问", held_on=D(2026, 6, 20))
    client_for(client, staff_user)
    page = client.get(reverse("deliberation:inquiry", args=[inquiry.pk])).content.decode()
    assert "deliberation/inquiry.js" in page and "<script>" not in page.replace('<script src', '')
    headers = {"X-Requested-With": "fetch"}
    url = reverse("deliberation:inquiry_question", args=[inquiry.pk])
    bad = client.post(url, {"q-asker": member.pk, "q-unit": unit.pk, "q-official": "", "q-text": "积水点？"},
                      headers=headers)
    assert bad.status_code == 400 and "official" in bad.json()["errors"]
    ok = client.post(url, {"q-asker": member.pk, "q-unit": unit.pk, "q-official": "张局长", "q-text": SCRIPT},
                     headers=headers)
    assert ok.status_code == 200 and "&lt;script&gt;" in ok.json()["html"]
    q = Question.objects.get()
    follow = client.post(url, {"q-asker": member.pk, "q-unit": unit.pk, "q-official": "张局长",
                               "q-text": "资金从哪里来？", "q-parent": q.pk}, headers=headers)
    assert follow.json()["parent"] == q.pk
    answer = client.post(reverse("deliberation:inquiry_answer", args=[q.pk]), {"answer": "年底前完成"}, headers=headers)
    assert answer.json()["answer"] == "年底前完成"
    c = client.post(reverse("deliberation:inquiry_commitment", args=[inquiry.pk]),
                    {"c-unit": unit.pk, "c-content": "完成12处积水点改造", "c-due_date": "2026-09-30",
                     "c-responsible": "张局长", "c-question": q.pk}, headers=headers)
    assert c.status_code == 200 and "完成12处积水点改造" in c.json()["html"]
    page = client.get(reverse("deliberation:inquiry", args=[inquiry.pk])).content.decode()
    assert "资金从哪里来？" in page and "追问" in page


def test_pdf_and_ledger_show_script_as_text(client, staff_user, issued, tmp_path):
    client_for(client, staff_user)
    response = client.get(reverse("deliberation:opinion_pdf", args=[issued.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    out = tmp_path / "o.pdf"
    call_command("export_pdf", "deliberation_opinion", str(issued.pk), "--out", str(out))
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "<script>alert(1)</script>" in text.replace("\n", "") and "问题清单" in text and "审议意见" in text
    xlsx = client.get(reverse("deliberation:rectifications_ledger") + "?year=2026")
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [c.value for row in ws.iter_rows() for c in row]
    assert "加装电梯进度慢" + SCRIPT in cells and "整改台账" in str(ws["A1"].value)
    filtered = client.get(reverse("deliberation:rectifications_ledger") + "?year=2026&q=占道")
    cells = [c.value for row in load_workbook(io.BytesIO(filtered.content)).active.iter_rows() for c in row]
    assert "占道经营整治不到位" in cells and "加装电梯进度慢" + SCRIPT not in cells


def test_export_pdf_names_a_missing_opinion_in_chinese(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="没有编号为"):
        call_command("export_pdf", "deliberation_opinion", "999", "--out", str(tmp_path / "x.pdf"))


def test_dashboard_figures_drill_down(client, leader_user, staff_user, issued, unit, unit_officer):
    reported(_rect(issued, unit), unit_officer)
    client_for(client, leader_user)
    home = client.get(reverse("accounts:home")).content.decode()
    assert reverse("deliberation:dashboard") in home
    page = client.get(reverse("deliberation:dashboard") + "?year=2026").content.decode()
    assert "监督工作看板" in page and "stagesChart" in page and "style=" not in page
    assert reverse("deliberation:rectifications") + "?year=2026&amp;state=reported" in page
    assert reverse("deliberation:items") + "?year=2026&amp;stage=rectification" in page
    listing = client.get(reverse("deliberation:items") + "?year=2026&stage=rectification").content.decode()
    assert reverse("deliberation:item", args=[issued.item_id]) in listing


def test_the_dashboard_survives_a_cache_outage(client, leader_user, issued, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("redis away")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)
    client_for(client, leader_user)
    assert client.get(reverse("deliberation:dashboard") + "?year=2026").status_code == 200


def _many(staff_user, units, n):
    for i in range(n):
        it = item(units, title=f"事项{i}")
        opinion(staff_user, it, [(f"问题{i}-{u.pk}", u) for u in units], issued_on=D(2026, 3, 10))


@pytest.mark.parametrize("n", [1, 6])
def test_query_counts_are_fixed(client, django_assert_num_queries, staff_user, leader_user, unit, other_unit, n):
    _many(staff_user, [unit, other_unit], n)
    client_for(client, staff_user)
    client.get(reverse("accounts:home"))  # the session and the user are loaded once
    from supervision.deliberation.models import Opinion, Rectification

    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_models(Opinion, Rectification)  # Django's content-type cache, warm in a server
    op = Opinion.objects.first()
    rect = Rectification.objects.first()
    with django_assert_num_queries(7):
        assert client.get(reverse("deliberation:rectifications") + "?year=2026").status_code == 200
    with django_assert_num_queries(8):
        assert client.get(reverse("deliberation:rectification", args=[rect.pk])).status_code == 200
    with django_assert_num_queries(6):
        assert client.get(reverse("deliberation:opinion", args=[op.pk])).status_code == 200
    with django_assert_num_queries(10):
        assert client.get(reverse("deliberation:dashboard") + "?year=2026").status_code == 200
    with django_assert_num_queries(3):
        assert client.get(reverse("deliberation:dashboard") + "?year=2026").status_code == 200  # kept


def test_an_unsatisfied_report_vote_shows_its_second_round_on_the_item_votes_and_dashboard(
        client, staff_user, leader_user, unit):
    from tests.meetings import helpers as mh

    from .helpers import run_report_vote

    term, users = mh.committee(size=10)
    it = item([unit])
    vote = services.vote_take(vote=run_report_vote(it, staff_user, mh.meeting(term), users, 1, 2, 7),
                              actor=staff_user)
    second = vote.second_round_opinion
    client_for(client, staff_user)
    page = client.get(reverse("deliberation:item", args=[it.pk])).content.decode()
    assert reverse("deliberation:opinion", args=[second.pk]) in page and "第二轮整改" in page
    listing = client.get(reverse("deliberation:votes") + "?year=2026&verdict=unsatisfied&on=report").content.decode()
    assert reverse("deliberation:opinion", args=[second.pk]) in listing
    assert "尚无满意度测评" not in listing
    none = client.get(reverse("deliberation:votes") + "?year=2026&on=rectification").content.decode()
    assert reverse("deliberation:opinion", args=[second.pk]) not in none
    client_for(client, leader_user)
    board = client.get(reverse("deliberation:dashboard") + "?year=2026").content.decode()
    assert "1 项报告测评不满意" in board
    assert reverse("deliberation:votes") + "?year=2026&amp;verdict=unsatisfied&amp;on=report" in board


def test_the_unit_filter_lists_only_bodies_with_rectifications_in_fixed_queries(
        client, django_assert_num_queries, staff_user, unit, other_unit):
    """The unit register is large at scale; the filter offers the bodies that have rectifications, and the
    page's queries do not grow with the register."""
    _many(staff_user, [unit], 2)
    client_for(client, staff_user)
    client.get(reverse("accounts:home"))
    from django.contrib.contenttypes.models import ContentType

    from supervision.deliberation.models import Opinion, Rectification

    ContentType.objects.get_for_models(Opinion, Rectification)
    idle = [factories.HandlingUnitFactory(name=f"无整改任务的单位{i}") for i in range(30)]
    with django_assert_num_queries(7):
        page = client.get(reverse("deliberation:rectifications") + "?year=2026").content.decode()
    assert f'<option value="{unit.pk}">{unit.name}</option>' in page
    assert other_unit.name not in page and idle[0].name not in page
    chosen = client.get(reverse("deliberation:rectifications") + f"?year=2026&unit={unit.pk}")
    assert chosen.status_code == 200 and f'<option value="{unit.pk}" selected>' in chosen.content.decode()


def test_the_year_section_counts_both_years_as_the_dashboard_does(staff_user, unit, other_unit, unit_officer,
                                                                   django_assert_num_queries):
    from supervision.deliberation import selectors
    from supervision.deliberation.providers import two_years_figures

    with django_assert_num_queries(4):
        two_years_figures(2026)
    this = opinion(staff_user, item([unit, other_unit]), [("加装电梯进度慢", unit), ("占道经营整治不到位", other_unit)],
                   issued_on=D(2026, 3, 10))
    reported(_rect(this, unit), unit_officer)
    opinion(staff_user, item([unit], year=2025, title="听取区政府关于垃圾分类工作情况的报告"),
            [("分类投放点不足", unit)], issued_on=D(2025, 4, 1))
    with django_assert_num_queries(4):
        now, before = two_years_figures(2026, today=D(2026, 12, 1))
    for figures, year in ((now, 2026), (before, 2025)):
        full = selectors.dashboard_figures(year, today=D(2026, 12, 1))
        assert figures == {key: full[key] for key in figures}
    assert (now["rect_total"], before["rect_total"]) == (2, 1) and now["overdue"] + before["overdue"] >= 1
