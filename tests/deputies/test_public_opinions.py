"""The anonymous write path: the opinion form and the tracking page (DOMAIN §3)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from deputies import ratelimit
from deputies.forms import CHALLENGE_KEY
from deputies.models import Opinion

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
    assert opinion.tracking_code in thanks.content.decode()
    # Shown once: the thanks page does not repeat the code.
    assert opinion.tracking_code not in client.get(reverse("deputies:opinion_thanks"), follow=True).content.decode()
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


def test_tracking_codes_are_long_random_and_not_enumerable(client, station, received_opinion):
    code = received_opinion.tracking_code
    assert len(code) >= 20  # 120 bits from secrets
    codes = {Opinion(text="x").tracking_code for _i in range(200)}
    assert len(codes) == 200
    for guess in [str(received_opinion.pk), code[:-1], code[:-1] + ("A" if code[-1] != "A" else "B"), code.upper(),
                  "", "1' OR '1'='1", "../" + code]:
        if not guess:
            continue
        response = client.get(reverse("deputies:track") + "?code=" + guess, follow=True)
        assert response.status_code == 404
    assert client.get(reverse("deputies:track_detail", args=[code])).status_code == 200


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
