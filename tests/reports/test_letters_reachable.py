"""Issue 18.1 and 18.2: each role reaches the letters it may read; the letters read as official letters."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from proposals import services
from proposals.models import Assignment, LetterCounter, Reply, Status
from tests.conftest import client_for
from tests.proposals.conftest import Builder

pytestmark = pytest.mark.django_db


@pytest.fixture
def build(cast, unit, other_unit):
    return Builder(cast, unit, other_unit)


def pages_text(data):
    return [page.extract_text().replace("\n", "").replace(" ", "") for page in PdfReader(io.BytesIO(data)).pages]


def links_on(page_html):
    return set(re.findall(r'href="(/reports/suggestions/[^"]+)"', page_html.replace("&amp;", "&")))


def test_each_role_sees_a_link_to_each_letter_it_may_read(client, cast, build, unit, other_unit):
    s = build.to(Status.REPLIED)
    notice, reply = f"/reports/suggestions/{s.pk}/assignment-notice.pdf", f"/reports/suggestions/{s.pk}/reply-letter.pdf"
    detail = reverse("proposals:detail", args=[s.pk])
    expected = {
        "unit_officer": {notice, reply + "?round=1"},   # its notice and its own reply
        "other_unit_officer": {notice},                 # a co-unit: its notice; it wrote no reply
        "deputy": {reply + "?round=1"},                 # the deputy answered: the reply letter
        "other_deputy": set(),                          # a co-signer is not answered by the letter
        "leader": {notice, f"{notice}?unit={unit.pk}", f"{notice}?unit={other_unit.pk}", reply + "?round=1"},
    }
    for who, links in expected.items():
        c = client_for(client, cast[who])
        page = c.get(detail)
        assert page.status_code == 200
        assert links_on(page.content.decode()) == links, who
        for link in links:  # every link shown opens a PDF for that user
            response = c.get(link)
            assert response.status_code == 200 and response["Content-Type"] == "application/pdf", (who, link)
        client.logout()
    # Staff: on the suggestion's record in the admin.
    c = client_for(client, cast["staff"])
    page = c.get(reverse("admin:proposals_suggestion_change", args=[s.pk])).content.decode()
    assert links_on(page) == expected["leader"]
    assert "文书" in page and "交办通知（全部承办单位）" in page


def test_staff_notice_without_unit_is_every_units_notice_in_one_pdf(client, cast, build, unit, other_unit):
    s = build.to(Status.ASSIGNED)
    response = client_for(client, cast["staff"]).get(f"/reports/suggestions/{s.pk}/assignment-notice.pdf")
    assert response.status_code == 200
    pages = pages_text(response.content)
    salutations = [p for p in pages if "武昌区住房和城市更新局：" in p or "武昌区城市管理执法局：" in p]
    assert len(salutations) == 2  # one notice per unit, each starting on its own page
    assert all("—1—" in p for p in salutations)  # and numbering its pages from 1


def test_unit_officer_notice_without_unit_is_its_own(client, cast, build):
    s = build.to(Status.ASSIGNED)
    response = client_for(client, cast["other_unit_officer"]).get(f"/reports/suggestions/{s.pk}/assignment-notice.pdf")
    text = "".join(pages_text(response.content))
    assert "武昌区城市管理执法局：" in text and "武昌区住房和城市更新局：" not in text


def test_deputy_has_no_notice(client, cast, build):
    s = build.to(Status.ASSIGNED)
    assert client_for(client, cast["deputy"]).get(f"/reports/suggestions/{s.pk}/assignment-notice.pdf").status_code == 404


def test_staff_print_the_notices_of_many_suggestions_from_the_admin_list(client, cast, build):
    first, second = build.to(Status.ASSIGNED), build.to(Status.HANDLING)
    draft = build.to(Status.REGISTERED)  # not assigned: no notice, skipped
    c = client_for(client, cast["staff"])
    response = c.post(reverse("admin:proposals_suggestion_changelist"), {
        "action": "print_assignment_notices", "_selected_action": [first.pk, second.pk, draft.pk]})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = "".join(pages_text(response.content))
    assert text.count("关于交办代表建议的通知") == 4  # two suggestions, two units each
    assert first.number in text and second.number in text and draft.number not in text
    # Nothing assigned among the selection: a message, no PDF.
    response = c.post(reverse("admin:proposals_suggestion_changelist"), {
        "action": "print_assignment_notices", "_selected_action": [draft.pk]}, follow=True)
    assert "没有可打印的交办通知" in response.content.decode()


def test_assignment_and_reply_take_document_numbers_that_never_repeat_or_skip(cast, build, unit, other_unit):
    year = timezone.localdate().year
    a, b = build.to(Status.ASSIGNED), build.to(Status.REPLIED)
    numbers = {x.suggestion_id: x.notice_number for x in Assignment.objects.filter(unit=unit)}
    assert numbers[a.pk] == f"武昌人大代交〔{year}〕1号" and numbers[b.pk] == f"武昌人大代交〔{year}〕2号"
    # The units assigned together share one notice.
    assert set(Assignment.objects.filter(suggestion=a).values_list("notice_number", flat=True)) == {numbers[a.pk]}
    assert Reply.objects.get(suggestion=b).letter_number == f"武昌住更局复〔{year}〕1号"
    assert LetterCounter.objects.get(series="notice", year=year).last == 2


def _reply_pdf(client, cast, build, text, commitments=()):
    s = build.to(Status.HANDLING)
    services.reply_submit(suggestion=s, actor=cast["unit_officer"], result_class="A", text=text, signer="赵局长",
                          contact_person="陈磊", contact_phone="027-88886666", commitments=list(commitments))
    response = client_for(client, cast["deputy"]).get(f"/reports/suggestions/{s.pk}/reply-letter.pdf")
    assert response.status_code == 200
    return pages_text(response.content)


def test_reply_letter_has_one_salutation_one_opening_full_name_and_number(client, cast, build):
    text = ("尊敬的张伟代表：\n您提出的《关于增设积玉桥街社区公共停车位的建议》收悉，现答复如下：\n"
            "一、已建成立体停车场一座，新增车位120个。\n感谢您对住房和城市更新工作的关心和支持。\n"
            "区住房和城市更新局\n2026年11月3日")
    text_of_pdf = "".join(_reply_pdf(client, cast, build, text))
    assert text_of_pdf.count("代表：") == 1 and "尊敬的张伟代表：" in text_of_pdf
    assert text_of_pdf.count("收悉") == 1 and text_of_pdf.count("现答复如下") == 1
    assert text_of_pdf.count("感谢") == 1
    assert text_of_pdf.count("2026年11月3日") == 0  # the unit's own date is replaced by the letter's 落款
    assert "武昌区住房和城市更新局" in text_of_pdf and f"武昌住更局复〔{timezone.localdate().year}〕1号" in text_of_pdf


def test_reply_letter_adds_what_the_unit_did_not_write(client, cast, build):
    text_of_pdf = "".join(_reply_pdf(client, cast, build, "一、已建成立体停车场一座，新增车位120个。"))
    assert "张伟代表：" in text_of_pdf and "收悉" in text_of_pdf and "再次感谢" in text_of_pdf


def test_reply_signature_block_is_never_alone_on_a_page(client, cast, build):
    """Whatever the length of the text, the page with the 落款 (unit, date, 签发人) carries the last paragraph."""
    last = "特此答复，感谢您的支持。"
    for n in range(2, 24, 2):
        body = "\n".join(f"{i}、这是第{i}项办理措施的说明，已经落实到位并向代表当面汇报。" for i in range(1, n + 1))
        pages = _reply_pdf(client, cast, build, body + "\n" + last)
        with_signature = [p for p in pages if "签发人" in p]
        assert len(with_signature) == 1 and last in with_signature[0], (n, pages)


def test_notice_signature_block_stays_with_its_last_paragraph(client, cast, build):
    s = build.to(Status.ASSIGNED)
    response = client_for(client, cast["staff"]).get(
        f"/reports/suggestions/{s.pk}/assignment-notice.pdf?unit={s.assignments.first().unit_id}")
    pages = pages_text(response.content)
    today = timezone.localdate()
    issued = f"{today.year}年{today.month}月{today.day}日"
    with_signature = [p for p in pages if issued in p]  # the deadlines in the text are other days
    assert with_signature and all("特此通知。" in p for p in with_signature), pages


def test_lead_unit_comes_first_on_the_record_and_in_the_command(client, cast, build, unit, other_unit, tmp_path):
    from django.core.management import call_command

    s = build.to(Status.ASSIGNED)  # lead: unit, co: other_unit (a co-unit's code sorts first)
    page = client_for(client, cast["staff"]).get(reverse("admin:proposals_suggestion_change", args=[s.pk])).content.decode()
    assert page.index(f"交办通知：{unit.name}") < page.index(f"交办通知：{other_unit.name}")
    out = tmp_path / "n.pdf"
    call_command("export_pdf", "assignment_notice", s.number, "--out", str(out))
    assert "武昌区住房和城市更新局：" in "".join(pages_text(out.read_bytes()))


def test_printing_notices_reads_a_fixed_number_of_queries(client, cast, build, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(client, cast["staff"])
    url = reverse("admin:proposals_suggestion_changelist")
    few = [build.to(Status.ASSIGNED).pk for _ in range(2)]
    with CaptureQueriesContext(connection) as small:
        assert c.post(url, {"action": "print_assignment_notices", "_selected_action": few}).status_code == 200
    more = few + [build.to(Status.ASSIGNED).pk for _ in range(3)]
    with django_assert_num_queries(len(small)):
        response = c.post(url, {"action": "print_assignment_notices", "_selected_action": more})
    assert "".join(pages_text(response.content)).count("关于交办代表建议的通知") == 10
