"""The seal image on the letterhead: uploaded once in the admin (a transparent PNG, checked), printed by the
one PDF style over the 落款 of letters and certificates, where the letterhead's seal position says."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image, ImageDraw
from pypdf import PdfReader

from congress_portal.reports import pdf
from congress_portal.reports.models import Letterhead
from tests.conftest import client_for

from .builders import make_suggestion

pytestmark = pytest.mark.django_db


def png(size=(400, 400), mode="RGBA", fmt="PNG"):
    image = Image.new(mode, size, (0, 0, 0, 0) if mode == "RGBA" else "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse([8, 8, size[0] - 8, size[1] - 8], outline=(200, 0, 0, 255) if mode == "RGBA" else "red", width=14)
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def images_in(data):
    """(width, height) of every image drawn in the PDF."""
    reader = PdfReader(io.BytesIO(data))
    return [(image.image.width, image.image.height) for page in reader.pages for image in page.images]


def post_letterhead(client, upload=None, **extra):
    row, _created = Letterhead.objects.get_or_create(pk=1)
    data = {"header_text": "", "colour": "#c00000", "seal_position": "right", "body_font": "Noto Serif CJK SC",
            "heading_font": "Noto Sans CJK SC", **extra}
    if upload is not None:
        data["seal_upload"] = upload
    return client.post(reverse("admin:reports_letterhead_change", args=[row.pk]), data)


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.com", "x"))
    return client


@pytest.mark.parametrize("upload, message", [
    (SimpleUploadedFile("seal.jpg", png(mode="RGB", fmt="JPEG"), "image/jpeg"), "印章图片必须是 PNG 文件。"),
    (SimpleUploadedFile("seal.png", b"\x89PNG\r\n\x1a\n" + b"0" * 200, "image/png"), "无法读取印章图片"),
    (SimpleUploadedFile("seal.png", png(mode="RGB"), "image/png"), "印章图片须为透明背景"),
    (SimpleUploadedFile("seal.png", png(size=(120, 120)), "image/png"), "120 × 120"),
    (SimpleUploadedFile("seal.png", b"\x89PNG\r\n\x1a\n" + b"0" * (513 * 1024), "image/png"), "印章图片过大"),
])
def test_a_bad_seal_image_is_refused_with_its_reason_and_nothing_is_saved(admin_client, upload, message):
    response = post_letterhead(admin_client, upload, header_text="不应保存的红头")
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'class="errorlist' in page
    row = Letterhead.objects.get()
    assert bytes(row.seal_image) == b"" and row.header_text == ""


def test_the_seal_is_printed_on_the_committees_letter_where_the_letterhead_says(admin_client, cast, unit):
    seal = png()
    response = post_letterhead(admin_client, SimpleUploadedFile("seal.png", seal, "image/png"))
    assert response.status_code == 302
    assert bytes(Letterhead.objects.get().seal_image) == seal

    suggestion = make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], unit=unit, result="A")
    url = f"/reports/suggestions/{suggestion.pk}/assignment-notice.pdf?unit={unit.pk}"
    staff = client_for(Client(), cast["staff"])
    data = staff.get(url).content
    assert (400, 400) in images_in(data)
    # The reply letter is the handling unit's: it never carries the committee's seal.
    reply = staff.get(f"/reports/suggestions/{suggestion.pk}/reply-letter.pdf").content
    assert reply.startswith(b"%PDF") and (400, 400) not in images_in(reply)

    # The admin shows the kept seal; "no seal mark" prints none, and removing the image removes it.
    page = admin_client.get(reverse("admin:reports_letterhead_change", args=[1])).content.decode()
    assert 'src="data:image/png;base64,' in page
    post_letterhead(admin_client, seal_position="none")
    assert (400, 400) not in images_in(staff.get(url).content)
    post_letterhead(admin_client, remove_seal="on")
    assert bytes(Letterhead.objects.get().seal_image) == b""


def test_the_seal_is_printed_on_the_certificate(db):
    Letterhead.objects.create(seal_image=png(size=(300, 300)), seal_position="centre")
    data = pdf.render_pdf("appointments/pdf/certificate.html", {
        "number": "第1号", "sentence": "任命陈明为武昌区人民政府副区长。", "passed_by": "x",
        "chair_title": "主任", "chair_name": "李明", "issued_on": "二〇二六年十二月二日"})
    assert (300, 300) in images_in(data)
    Letterhead.objects.update(seal_image=b"")
    assert images_in(pdf.render_pdf("appointments/pdf/certificate.html", {"number": "第1号"})) == []
