"""The anonymous write path: the opinion form and the tracking page (DOMAIN §3)."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from deputies import ratelimit
from deputies.forms import CHALLENGE_KEY
from deputies.models import TRACKING_ALPHABET, TRACKING_LENGTH, Opinion, grouped_tracking_code

from .conftest import png_bytes, post_opinion

pytestmark = pytest.mark.django_db


def test_station_code_opens_the_form_and_a_citizen_gets_a_tracking_code(client, station):
    url = reverse("deputies:station_public", args=[station.public_code])
    response = post_opinion(client, url, citizen_name="王阿姨", citizen_phone="13900001111")
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert opinion.station == station and opinion.deputy is None and opinion.street == station.street
    assert opinion.source == Opinion.Source.STATION_CODE
    thanks = client.get(response["Location"])
    grouped = grouped_tracking_code(opinion.tracking_code)
    assert grouped in thanks.content.decode()
    # Shown once: the thanks page does not repeat the code.
    assert grouped not in client.get(reverse("deputies:opinion_thanks"), follow=True).content.decode()
    page = client.get(reverse("deputies:track_detail", args=[opinion.tracking_code]))
    assert page.status_code == 200 and "已收到" in page.content.decode()
    assert "13900001111" not in page.content.decode()


def test_deputy_page_shows_public_data_only(client, deputy_user):
    deputy = deputy_user.deputy
    deputy.mobile, deputy.id_number = "13812345678", "420106199001011234"
    deputy.save()
    page = client.get(reverse("deputies:deputy_public", args=[deputy.public_code])).content.decode()
    assert deputy.name in page and deputy.station.name in page
    assert "13812345678" not in page and "420106199001011234" not in page


def test_unknown_or_retired_codes_are_404(client, deputy_user):
    deputy = deputy_user.deputy
    assert client.get(reverse("deputies:deputy_public", args=["nope"])).status_code == 404
    deputy.status = deputy.Status.RESIGNED
    deputy.save()
    assert client.get(reverse("deputies:deputy_public", args=[deputy.public_code])).status_code == 404


@pytest.mark.parametrize("field", ["text", "citizen_name"])
def test_script_in_any_field_is_stored_as_text_and_escaped(client, deputy_user, field):
    script = "<script>alert(1)</script>王"
    url = reverse("deputies:deputy_public", args=[deputy_user.deputy.public_code])
    post_opinion(client, url, **{field: script})
    opinion = Opinion.objects.get()
    assert getattr(opinion, field) == script
    page = client.get(reverse("deputies:track_detail", args=[opinion.tracking_code])).content.decode()
    assert "<script>alert" not in page
    client.force_login(deputy_user)
    page = client.get(reverse("deputies:opinion_detail", args=[opinion.pk])).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_script_in_phone_is_refused(client, station):
    url = reverse("deputies:station_public", args=[station.public_code])
    response = post_opinion(client, url, citizen_phone="<script>")
    assert response.status_code == 400 and not Opinion.objects.exists()
    assert "有效的电话号码" in response.content.decode()


def test_wrong_or_missing_challenge_saves_nothing(client, station):
    url = reverse("deputies:station_public", args=[station.public_code])
    client.get(url)
    expected = client.session[CHALLENGE_KEY]
    response = client.post(url, {"text": "路灯坏了很久了", "challenge": expected + 1})
    assert response.status_code == 400 and not Opinion.objects.exists()
    # A replayed answer is refused too: the challenge is used once.
    client.post(url, {"text": "路灯坏了很久了", "challenge": client.session[CHALLENGE_KEY]})
    assert client.post(url, {"text": "路灯坏了很久了", "challenge": expected}).status_code == 400
    assert Opinion.objects.count() == 1


def test_honeypot_is_refused(client, station):
    url = reverse("deputies:station_public", args=[station.public_code])
    assert post_opinion(client, url, website="http://spam").status_code == 400
    assert not Opinion.objects.exists()


def test_a_real_photo_is_reencoded_and_stored_privately(client, station, settings, deputy_user):
    from PIL import Image

    url = reverse("deputies:station_public", args=[station.public_code])
    photo = SimpleUploadedFile("a.png", png_bytes() + b"<?php echo 1; ?>", content_type="image/png")
    assert post_opinion(client, url, photo=photo).status_code == 302
    opinion = Opinion.objects.get()
    assert opinion.photo.endswith(".jpg") and "a.png" not in opinion.photo
    path = settings.MEDIA_ROOT / "private" / opinion.photo
    data = path.read_bytes()
    assert b"<?php" not in data
    assert Image.open(io.BytesIO(data)).format == "JPEG"
    photo_url = reverse("deputies:opinion_photo", args=[opinion.pk])
    assert client.get(photo_url).status_code == 302  # anonymous: to the login page
    client.force_login(deputy_user)
    response = client.get(photo_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize("name,content,message", [
    ("evil.jpg", b"<html><script>alert(1)</script></html>", "不是可识别的图片"),
    ("evil.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "不是可识别的图片"),
    ("big.jpg", b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024 + 10), "5 MB"),
])
def test_disguised_and_oversized_files_are_refused(client, station, name, content, message):
    url = reverse("deputies:station_public", args=[station.public_code])
    response = post_opinion(client, url, photo=SimpleUploadedFile(name, content, content_type="image/jpeg"))
    assert response.status_code == 400 and not Opinion.objects.exists()
    assert message in response.content.decode()


def test_a_decompression_bomb_is_refused(client, station):
    url = reverse("deputies:station_public", args=[station.public_code])
    bomb = SimpleUploadedFile("bomb.png", png_bytes(size=(8000, 8000)), content_type="image/png")
    response = post_opinion(client, url, photo=bomb)
    assert response.status_code == 400 and not Opinion.objects.exists()


def test_a_thousand_submissions_from_one_address_are_cut_off(client, station):
    url = reverse("deputies:station_public", args=[station.public_code])
    statuses = []
    client.get(url)
    for _i in range(1000):
        status = client.post(url, {"text": "刷屏刷屏刷屏", "challenge": client.session.get(CHALLENGE_KEY)}).status_code
        if status == 302:
            client.get(url)  # a fresh challenge, as a real (scripted) browser would fetch
        statuses.append(status)
    assert Opinion.objects.count() == ratelimit.OPINIONS_PER_HOUR
    assert statuses.count(429) == 1000 - ratelimit.OPINIONS_PER_HOUR
    # Another address is not affected.
    client.get(url)
    response = client.post(url, {"text": "另一个地址的意见", "challenge": client.session[CHALLENGE_KEY]},
                           REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 302


def test_behind_a_proxy_each_citizen_has_their_own_limit(client, station, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("deputies:station_public", args=[station.public_code])
    proxy = {"REMOTE_ADDR": "172.16.0.2"}  # every request arrives from the proxy
    for i in range(ratelimit.OPINIONS_PER_HOUR + 1):
        client.get(url)
        response = client.post(url, {"text": f"小区路灯不亮，请尽快修复（{i}）", "challenge": client.session.get(CHALLENGE_KEY)},
                               HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
        assert response.status_code == (302 if i < ratelimit.OPINIONS_PER_HOUR else 429)
    client.get(url)
    response = client.post(url, {"text": "另一位市民反映的停车问题", "challenge": client.session[CHALLENGE_KEY]},
                           HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy)
    assert response.status_code == 302 and Opinion.objects.count() == ratelimit.OPINIONS_PER_HOUR + 1


def test_tracking_codes_are_random_grouped_and_forgiving(client, station, received_opinion):
    """Issue 18.15: 80 random bits in Crockford base32 (no I, L, O, U), shown XXXX-XXXX-XXXX-XXXX, found
    whatever the case, spaces and dashes; a wrong code gets a Chinese page, not an English 404."""
    code = received_opinion.tracking_code
    assert len(code) == TRACKING_LENGTH and set(code) <= set(TRACKING_ALPHABET)
    assert len(TRACKING_ALPHABET) ** TRACKING_LENGTH >= 2 ** 80 and not set("ILOU") & set(TRACKING_ALPHABET)
    codes = {Opinion(text="x").tracking_code for _i in range(200)}
    assert len(codes) == 200
    grouped = grouped_tracking_code(code)
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", grouped)
    detail = reverse("deputies:track_detail", args=[grouped])
    for typed in (grouped, code, code.lower(), " ".join(grouped.split("-")), f"  {grouped.lower()} ",
                  grouped.replace("0", "O").replace("1", "l")):
        response = client.get(reverse("deputies:track"), {"code": typed})
        assert response.status_code == 302 and response["Location"] == detail, typed
    assert client.get(detail).status_code == 200
    assert client.get(reverse("deputies:track_detail", args=[code.lower()])).status_code == 200
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    for guess in [str(received_opinion.pk), code[:-1], wrong, "1' OR '1'='1", "../" + code]:
        response = client.get(reverse("deputies:track"), {"code": guess})
        assert response.status_code == 404 and "没有找到" in response.content.decode(), guess
    response = client.get(reverse("deputies:track_detail", args=[wrong]))
    assert response.status_code == 404 and "查询码" in response.content.decode()


def test_codes_given_out_before_keep_working(client, received_opinion):
    """Codes of 20 URL-safe characters given out before issue 18.15 are still found, exactly."""
    Opinion.objects.filter(pk=received_opinion.pk).update(tracking_code="aB3_x-Yz9QkLm2Np7RsT")
    assert client.get(reverse("deputies:track_detail", args=["aB3_x-Yz9QkLm2Np7RsT"])).status_code == 200
    response = client.get(reverse("deputies:track"), {"code": " aB3_x-Yz9QkLm2Np7RsT "})
    assert response["Location"] == reverse("deputies:track_detail", args=["aB3_x-Yz9QkLm2Np7RsT"])


def test_thanks_page_has_copy_button_qr_code_and_expected_answer_day(client, station):
    from congress_portal.core.workdays import add_working_days
    response = post_opinion(client, reverse("deputies:station_public", args=[station.public_code]))
    page = client.get(response["Location"]).content.decode()
    code = grouped_tracking_code(Opinion.objects.get().tracking_code)
    assert 'data-copy-target="#tracking-code"' in page and "js/copy-button.js" in page
    qr = reverse("deputies:track_qr", args=[code])
    assert f'src="{qr}"' in page
    day = add_working_days(timezone.localdate(), Opinion.ANSWER_WORKING_DAYS)
    assert f"{day:%Y-%m-%d}" in page and "个工作日" in page
    image = client.get(qr)
    assert image["Content-Type"] == "image/png"
    import zxingcpp
    from PIL import Image

    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.content)))
    assert decoded and decoded[0].text.endswith(reverse("deputies:track_detail", args=[code]))
    assert client.get(reverse("deputies:track_qr", args=["0000-0000-0000-0000"])).status_code == 404


def test_district_named_in_header_of_public_pages(client, settings, station):
    settings.PORTAL_DISTRICT = "洪山区"
    page = client.get(reverse("deputies:station_public", args=[station.public_code])).content.decode()
    assert page.count("洪山区人大常委会") >= 2  # the header and the footer


def test_tracking_page_shows_answer_not_private_data(client, received_opinion, deputy_user):
    from deputies import services

    received_opinion.citizen_phone = "13900002222"
    received_opinion.save()
    services.opinion_answer(opinion=received_opinion, actor=deputy_user, answer="已安排维修")
    page = client.get(reverse("deputies:track_detail", args=[received_opinion.tracking_code])).content.decode()
    assert "已安排维修" in page and "已答复" in page and "13900002222" not in page


def test_public_directory_lists_deputies_without_private_data(client, deputy_user, django_assert_max_num_queries):
    deputy = deputy_user.deputy
    deputy.mobile = "13812345678"
    deputy.save()
    with django_assert_max_num_queries(6):
        page = client.get(reverse("deputies:directory")).content.decode()
    assert deputy.name in page and "13812345678" not in page


def test_qr_png_encodes_the_public_url(client, station, settings):
    import zxingcpp
    from PIL import Image

    response = client.get(reverse("deputies:station_qr", args=[station.public_code]))
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.content)))
    expected = settings.PORTAL_BASE_URL.rstrip("/") + reverse("deputies:station_public", args=[station.public_code])
    assert [r.text for r in decoded] == [expected]
