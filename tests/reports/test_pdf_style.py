"""One PDF style: every printed document extends reports/pdf/base.html, and the letterhead (红头 text,
colour, seal position, fonts) is changed in one place, the admin's Letterhead row."""

import io
import re
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from pypdf import PdfReader

from congress_portal.reports import pdf
from congress_portal.reports.letterhead import letterhead_values
from congress_portal.reports.models import Letterhead

ROOT = Path(settings.BASE_DIR)


def _pdf_templates():
    found = [p for p in ROOT.glob("**/templates/**/pdf/*.html") if ".venv" not in p.parts and p.name[0] != "_"]
    found += [ROOT / "congress_portal/reports/templates/reports" / name for name in ("reply_letter.html",
                                                                                  "assignment_notice.html")]
    return [p for p in found if p.exists() and "reports/pdf" not in p.as_posix()]


def test_every_pdf_template_extends_the_one_base_and_brings_no_page_or_font_of_its_own():
    templates = _pdf_templates()
    assert len(templates) >= 5
    for path in templates:
        text = path.read_text()
        assert re.match(r'\{% extends "reports/(pdf/base|letter_base)\.html" %\}', text), path
        assert "@page" not in text and "font-family" not in text and "<style" not in text, path
    assert "reports/pdf/base.html" in (ROOT / "congress_portal/reports/templates/reports/letter_base.html").read_text()


def test_the_letterhead_is_changed_in_one_place(db):
    default = letterhead_values()
    assert default["colour"] == "#c00000" and default["seal_position"] == "right" and default["header_text"]
    Letterhead.objects.create(header_text="测试市人大常委会办公室", colour="#1f4e79", seal_position="centre",
                              body_font="Noto Sans CJK SC")
    css = render_to_string("reports/pdf/base.html", {"letterhead": letterhead_values()})
    assert "color: #1f4e79" in css and "#c00000" not in css
    assert 'html { font-family: "Noto Sans CJK SC"' in css
    data = pdf.render_pdf("annual_report/pdf/report.html", {"year": 2026, "chapters": [], "congress": "测试"})
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "测试市人大常委会办公室" in text
    signature = render_to_string("reports/pdf/_signature.html", {"letterhead": letterhead_values(), "date": "x"})
    assert "seal-centre" in signature and 'class="seal' not in signature  # no seal image uploaded: no mark
    Letterhead.objects.update(seal_image=b"\x89PNG")
    signature = render_to_string("reports/pdf/_signature.html", {"letterhead": letterhead_values(), "date": "x"})
    assert '<img class="seal seal-centre" src="data:image/png;base64,' in signature


def test_the_letterhead_is_one_row_in_the_admin(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "r@example.com", "x")
    client.force_login(admin)
    response = client.get(reverse("admin:reports_letterhead_changelist"))
    row = Letterhead.objects.get()
    assert response.status_code == 302 and response.url == reverse("admin:reports_letterhead_change", args=[row.pk])
    response = client.post(response.url, {"header_text": "", "colour": "red", "seal_position": "right",
                                          "body_font": "Noto Serif CJK SC", "heading_font": "Noto Sans CJK SC"})
    assert response.status_code == 200 and "请按 #RRGGBB 格式输入颜色。" in response.content.decode()
