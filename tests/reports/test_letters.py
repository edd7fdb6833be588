import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from pypdf import PdfReader

from proposals.models import Suggestion
from tests import factories
from tests.conftest import client_for

from .builders import make_suggestion

pytestmark = pytest.mark.django_db

XSS = "<script>alert(1)</script>关于治理武珞路停车难的建议"


@pytest.fixture
def replied(cast, unit, other_unit):
    deputy = cast["deputy"].deputy
    s = make_suggestion(deputy=deputy, staff=cast["staff"], unit=unit, co_units=[other_unit], result="B",
                        title=XSS, text="<b>已列入计划</b>\n第二段答复。",
                        commitments=[("完成和平社区<i>雨污分流</i>改造", timezone.localdate() + datetime.timedelta(days=30),
                                      None)])
    merged_deputy = factories.DeputyFactory(name="赵并案")
    Suggestion.objects.create(term=s.term, status="merged", merged_into=s, title="同一事项的建议", background="b",
                              proposal="p", lead_deputy=merged_deputy, created_by=cast["staff"])
    return s


def pdf_text_and_fonts(data):
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return text, fonts


def test_assignment_notice_has_chinese_text_and_embedded_cjk_fonts(client, cast, replied, unit):
    response = client_for(client, cast["staff"]).get(
        f"/reports/suggestions/{replied.pk}/assignment-notice.pdf?unit={unit.pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text, fonts = pdf_text_and_fonts(response.content)
    text = text.replace("\n", "").replace(" ", "")
    assert "主办单位" in text and unit.name in text
    assert "张伟" in text and "赵并案" in text  # every deputy the handling answers
    # HTML in data is printed as text, not interpreted.
    assert "<script>alert(1)</script>" in text
    assert "关于交办代表建议的通知" in text
    names = [name.replace("-", "") for name in fonts]
    assert any("NotoSerifCJKSC" in name for name in names) and any("NotoSansCJKSC" in name for name in names)
    assert all(fonts.values()), f"fonts not embedded: {fonts}"


def test_reply_letter_names_every_deputy_result_class_and_commitments(client, cast, replied):
    response = client_for(client, cast["deputy"]).get(f"/reports/suggestions/{replied.pk}/reply-letter.pdf")
    assert response.status_code == 200
    text, fonts = pdf_text_and_fonts(response.content)
    flat = text.replace("\n", "")
    assert "张伟、赵并案代表" in flat
    assert "B类：正在解决或列入计划解决" in flat
    assert "<b>已列入计划</b>" in flat and "<i>雨污分流</i>" in flat
    assert "联系电话：027-87654321" in flat and "签发人：王局长" in flat
    assert all(fonts.values())


@pytest.mark.parametrize("who, status", [
    ("staff", 200), ("leader", 200), ("unit_officer", 200), ("other_unit_officer", 404), ("deputy", 404),
    ("other_deputy", 404),
])
def test_assignment_notice_permissions(client, cast, replied, unit, who, status):
    response = client_for(client, cast[who]).get(f"/reports/suggestions/{replied.pk}/assignment-notice.pdf?unit={unit.pk}")
    assert response.status_code == status


def test_assignment_notice_of_a_unit_not_assigned_is_404(client, cast, replied):
    stranger = factories.HandlingUnitFactory()
    response = client_for(client, cast["staff"]).get(
        f"/reports/suggestions/{replied.pk}/assignment-notice.pdf?unit={stranger.pk}")
    assert response.status_code == 404


@pytest.mark.parametrize("who, status", [
    ("staff", 200), ("leader", 200), ("deputy", 200), ("unit_officer", 200), ("other_unit_officer", 404),
    ("other_deputy", 404),
])
def test_reply_letter_permissions(client, cast, replied, who, status):
    assert client_for(client, cast[who]).get(f"/reports/suggestions/{replied.pk}/reply-letter.pdf").status_code == status


def test_anonymous_is_sent_to_login(client, replied):
    response = client.get(f"/reports/suggestions/{replied.pk}/reply-letter.pdf")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_reply_letter_of_a_round_without_reply_is_404(client, cast, replied):
    assert client_for(client, cast["staff"]).get(
        f"/reports/suggestions/{replied.pk}/reply-letter.pdf?round=2").status_code == 404


def test_export_pdf_by_number_and_by_id(replied, tmp_path):
    out = tmp_path / "a.pdf"
    call_command("export_pdf", "assignment_notice", replied.number, "--out", str(out))
    assert out.read_bytes().startswith(b"%PDF")
    call_command("export_pdf", "reply_letter", str(replied.pk), "--out", str(out))
    assert "赵并案" in pdf_text_and_fonts(out.read_bytes())[0]


def test_export_pdf_unknown_id_is_a_clear_chinese_error(db, tmp_path):
    with pytest.raises(CommandError, match="找不到编号或序号为“16-9-999”的建议"):
        call_command("export_pdf", "reply_letter", "16-9-999", "--out", str(tmp_path / "x.pdf"))
