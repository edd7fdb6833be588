"""The address of the person making a request, for flood protection and login lockouts.

Behind reverse proxies (nginx in front of the portal, perhaps a government gateway before it) every
request comes from the last proxy's address: counted by it, one citizen's ten opinions an hour would be
everyone's. Each proxy appends the address it was reached from to X-Forwarded-For, so with N trusted
proxies the client is the N-th address from the right; anything further left was written by the client
and is not believed. DJANGO_TRUSTED_PROXY_COUNT (settings.TRUSTED_PROXY_COUNT) says N; 0, the default,
believes only the connection's own address.
"""

import ipaddress

from django.conf import settings


def _valid(address):
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_address(request):
    """The client's IP address, or None when the request carries none (a test request, a socket
    without a peer address). A forwarded address that is not an IP address is not believed."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies and (address := _valid(hops[-proxies])):
            return address
    return _valid(request.META.get("REMOTE_ADDR", "").strip())
