"""Attachments behind nginx: the portal checks who asks, nginx sends the bytes (X-Accel-Redirect)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from proposals import services
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _get(client, user, url):
    client.logout()
    return client_for(client, user).get(url)


def _attach(suggestion, deputy):
    return services.attachment_add(suggestion=suggestion, actor=deputy,
                                   upload=SimpleUploadedFile("材料.pdf", b"%PDF-1.4 x"))


def test_attachment_goes_out_through_nginx_after_the_check(client, build, cast, settings, tmp_path,
                                                           third_deputy_user):
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/_protected/"
    s = build.draft()
    a = _attach(s, cast["deputy"])
    url = reverse("proposals:attachment_download", args=[a.pk])
    response = _get(client, cast["deputy"], url)
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/_protected/{a.file.name}"
    assert a.file.name.startswith("proposals/attachments/")
    assert response["Content-Type"] == a.content_type
    assert response["Content-Disposition"].startswith("attachment") and "%E6%9D%90%E6%96%99.pdf" in \
        response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store" and response["X-Content-Type-Options"] == "nosniff"
    for outsider in (third_deputy_user, cast["unit_officer"]):
        refused = _get(client, outsider, url)
        assert refused.status_code == 404 and not refused.has_header("X-Accel-Redirect")
    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and not anonymous.has_header("X-Accel-Redirect")


def test_without_nginx_django_sends_the_attachment(client, build, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = ""
    s = build.draft()
    a = _attach(s, cast["deputy"])
    response = _get(client, cast["deputy"], reverse("proposals:attachment_download", args=[a.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 x" and not response.has_header("X-Accel-Redirect")


def test_a_missing_file_is_not_found(client, build, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/_protected/"
    s = build.draft()
    a = _attach(s, cast["deputy"])
    a.file.storage.delete(a.file.name)
    assert _get(client, cast["deputy"], reverse("proposals:attachment_download", args=[a.pk])).status_code == 404
