"""Pages go out compressed to a browser that accepts it, also in the default mode without nginx (issue 20.8)."""

import gzip

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def test_a_page_is_compressed_for_a_browser_that_accepts_it(client):
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert "人大常委会" in gzip.decompress(response.content).decode()


def test_a_page_is_plain_for_a_client_that_does_not_accept_it(client):
    response = client.get("/")
    assert not response.has_header("Content-Encoding")


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_a_static_file_is_compressed_in_the_default_mode():
    response = Client().get("/static/css/portal.css", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    body = gzip.decompress(b"".join(response.streaming_content) if response.streaming else response.content)
    assert b".comfort" in body
