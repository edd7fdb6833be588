"""Issue 19.7: uploads on S3-compatible storage (MEDIA_S3_BUCKET), against a real S3 server of the test's
own (moto's server in a separate process on a free loopback port: HTTP, signatures, buckets and objects
as MinIO answers them). Private files stay behind the portal's permission check: the portal reads the
object and sends it; no bucket URL reaches the browser."""

import subprocess
import sys
import time
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import client_for
from tests.deputies.conftest import png_bytes, post_opinion
from tests.private_services import free_port
from tests.proposals.conftest import Builder

pytestmark = [pytest.mark.real_clock, pytest.mark.django_db]

KEY, SECRET = "portal-test-key", "portal-test-secret"


@pytest.fixture(scope="module")
def s3_server():
    """An S3-compatible server on loopback (moto's standalone server); yields its endpoint URL."""
    import requests

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60  # a busy machine: the server's first answer may take seconds
        while True:
            try:
                requests.get(endpoint, timeout=10)
                break
            except requests.RequestException:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("the S3 server did not start")
                time.sleep(0.1)
        yield endpoint
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def bucket(s3_server, settings, tmp_path):
    """A fresh private bucket; the portal's settings pointed at it as the documented variables do."""
    import boto3

    name = f"portal-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_server, aws_access_key_id=KEY, aws_secret_access_key=SECRET,
                          region_name="us-east-1")
    client.create_bucket(Bucket=name)
    options = dict(settings.MEDIA_S3_OPTIONS, bucket_name=name, endpoint_url=s3_server, access_key=KEY,
                   secret_key=SECRET, location="media")
    settings.MEDIA_S3_BUCKET = name
    settings.MEDIA_S3_OPTIONS = options
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}}
    settings.MEDIA_ROOT = tmp_path / "media"  # must stay empty: nothing is written locally
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/_protected/"  # set by mistake: ignored for S3 objects
    return client, name


def _keys(client, name):
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=name).get("Contents", []))


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_default_storage_is_s3_when_a_bucket_is_named(bucket):
    from django.core.files.storage import storages
    from storages.backends.s3 import S3Storage

    from congress_portal.core.files import private_storage

    assert isinstance(storages["default"], S3Storage) and isinstance(private_storage(), S3Storage)
    assert private_storage().location == "media/private"


def test_an_attachment_is_stored_in_the_bucket_and_sent_only_after_the_check(client, cast, unit, other_unit,
                                                                              bucket, settings):
    from proposals import services

    s3, name = bucket
    s = Builder(cast, unit, other_unit).draft()
    attachment = services.attachment_add(suggestion=s, actor=cast["deputy"],
                                         upload=SimpleUploadedFile("材料.pdf", b"%PDF-1.4 on s3"))
    assert _keys(s3, name) == [f"media/{attachment.file.name}"]
    assert not settings.MEDIA_ROOT.exists()
    # Private: only the owner's grant, no public-read ACL on the object.
    grants = s3.get_object_acl(Bucket=name, Key=f"media/{attachment.file.name}")["Grants"]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]
    url = reverse("proposals:attachment_download", args=[attachment.pk])
    response = client_for(client, cast["deputy"]).get(url)
    assert response.status_code == 200 and _body(response) == b"%PDF-1.4 on s3"
    assert not response.has_header("X-Accel-Redirect") and not response.has_header("Location")
    assert response["Cache-Control"] == "private, no-store"
    client.logout()
    refused = client_for(client, cast["unit_officer"]).get(url)  # not the suggestion's unit: not even told
    assert refused.status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page, not to the bucket
    services.attachment_remove(attachment=attachment, actor=cast["deputy"])
    assert _keys(s3, name) == []


def test_a_citizens_photo_goes_to_the_private_prefix_and_only_the_deputy_sees_it(client, deputy_user, unit_officer,
                                                                                bucket):
    from deputies.models import Opinion

    s3, name = bucket
    station = deputy_user.deputy.station
    url = reverse("deputies:station_public", args=[station.public_code])
    photo = SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")
    assert post_opinion(client, url, photo=photo).status_code == 302
    opinion = Opinion.objects.get()
    assert _keys(s3, name) == [f"media/private/{opinion.photo}"]
    stored = s3.get_object(Bucket=name, Key=f"media/private/{opinion.photo}")["Body"].read()
    assert stored[:3] == b"\xff\xd8\xff"  # re-encoded as JPEG before it left the portal
    photo_url = reverse("deputies:opinion_photo", args=[opinion.pk])
    response = client_for(client, deputy_user).get(photo_url)
    assert response.status_code == 200 and _body(response) == stored
    assert response["Content-Type"] == "image/jpeg" and not response.has_header("X-Accel-Redirect")
    client.logout()
    assert client_for(client, unit_officer).get(photo_url).status_code == 404


def test_a_missing_object_is_not_found(client, cast, unit, other_unit, bucket):
    from proposals import services

    s3, name = bucket
    s = Builder(cast, unit, other_unit).draft()
    attachment = services.attachment_add(suggestion=s, actor=cast["deputy"],
                                         upload=SimpleUploadedFile("材料.pdf", b"%PDF-1.4 x"))
    s3.delete_object(Bucket=name, Key=f"media/{attachment.file.name}")
    url = reverse("proposals:attachment_download", args=[attachment.pk])
    assert client_for(client, cast["deputy"]).get(url).status_code == 404


def test_the_documented_variables_switch_the_storage(tmp_path):
    """MEDIA_S3_* as in deploy/env.example, read by a fresh process; without them the file system."""
    import json
    import os

    code = ("import django, json; django.setup(); from django.conf import settings; "
            "print(json.dumps([settings.STORAGES['default'], settings.MEDIA_S3_OPTIONS]))")
    base = {k: v for k, v in os.environ.items() if not k.startswith("MEDIA_S3_")}
    env = dict(base, DJANGO_SETTINGS_MODULE="congress_portal.settings", MEDIA_S3_BUCKET="portal-media",
               MEDIA_S3_ENDPOINT_URL="https://minio.intranet:9000", MEDIA_S3_ACCESS_KEY_ID="k",
               MEDIA_S3_SECRET_ACCESS_KEY="s", MEDIA_S3_PREFIX="/uploads/")
    storage, options = json.loads(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                                                 text=True, check=True).stdout)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (options["bucket_name"], options["endpoint_url"], options["location"], options["default_acl"]) == (
        "portal-media", "https://minio.intranet:9000", "uploads", None)
    storage, _options = json.loads(subprocess.run([sys.executable, "-c", code], env=base, capture_output=True,
                                                  text=True, check=True).stdout)
    assert storage["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_a_deputys_public_photo_is_addressed_under_the_portals_host_unsigned(bucket, settings):
    """The one upload shown by its URL: never a signed link to the bucket's own address."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    options = dict(settings.MEDIA_S3_OPTIONS, custom_domain="rd.example.gov.cn/media-s3")
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage",
                                                          "OPTIONS": options}}
    name = storages["default"].save("deputies/photos/a.jpg", ContentFile(png_bytes()))
    assert storages["default"].url(name) == f"https://rd.example.gov.cn/media-s3/media/{name}"
