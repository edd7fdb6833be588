"""The client's address behind trusted reverse proxies (core/client.py), as the opinion form's flood
protection and the login lockouts count it."""

import pytest
from django.test import RequestFactory

from congress_portal.core.client import client_address


def _request(forwarded=None, remote="10.1.1.1"):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_only_the_connection_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(_request("6.6.6.6")) == "10.1.1.1"
    assert client_address(_request(remote="")) is None
    assert client_address(_request(remote="not an address")) is None


@pytest.mark.parametrize("count,forwarded,expected", [
    (1, "203.0.113.7", "203.0.113.7"),
    (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client wrote the first one itself
    (2, "6.6.6.6, 203.0.113.7, 172.16.0.2", "203.0.113.7"),
    (2, "203.0.113.7", "10.1.1.1"),  # fewer hops than proxies: not believed
    (1, "", "10.1.1.1"),
    (1, None, "10.1.1.1"),
    (1, " , 203.0.113.7 ", "203.0.113.7"),
    (1, "<script>", "10.1.1.1"),  # not an address: not believed
    (1, "2001:db8::1", "2001:db8::1"),
])
def test_behind_trusted_proxies(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_address(_request(forwarded)) == expected


def test_the_login_lockouts_use_it(settings):
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXY_COUNT = 1
    assert get_client_ip_address(_request("6.6.6.6, 203.0.113.7")) == "203.0.113.7"
