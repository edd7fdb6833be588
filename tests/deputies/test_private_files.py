"""Citizens' photos behind nginx: the portal checks who asks, nginx sends the bytes (X-Accel-Redirect)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from deputies.models import Opinion

from .conftest import png_bytes, post_opinion

pytestmark = pytest.mark.django_db


def test_a_photo_goes_out_through_nginx_after_the_check(client, station, settings, deputy_user, unit_officer):
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/_protected"
    url = reverse("deputies:station_public", args=[station.public_code])
    photo = SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")
    assert post_opinion(client, url, photo=photo).status_code == 302
    opinion = Opinion.objects.get()
    photo_url = reverse("deputies:opinion_photo", args=[opinion.pk])
    client.force_login(deputy_user)
    response = client.get(photo_url)
    assert response.status_code == 200 and response.content == b"" and response["Content-Type"] == "image/jpeg"
    # The private storage is MEDIA_ROOT/private: nginx's internal location maps onto MEDIA_ROOT.
    assert response["X-Accel-Redirect"] == f"/_protected/private/{opinion.photo}"
    assert (settings.MEDIA_ROOT / "private" / opinion.photo).is_file()
    client.force_login(unit_officer)  # not addressed to the unit
    refused = client.get(photo_url)
    assert refused.status_code == 404 and not refused.has_header("X-Accel-Redirect")
