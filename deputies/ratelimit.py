"""Flood protection for the anonymous opinion form: an atomic counter per address and window in the cache."""

import time

from django.core.cache import cache

from congress_portal.core.client import client_address

OPINIONS_PER_HOUR = 10
OPINIONS_PER_DAY = 30


def _hit(scope, ident, limit, window):
    bucket = int(time.time() // window)
    key = f"rl:{scope}:{ident}:{window}:{bucket}"
    # add() is a no-op when the key exists; incr() is atomic in Redis (and under locmem's lock).
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        count = 1
    return count <= limit


def allow_opinion(request):
    """Count one submission attempt from this address; False when over either limit."""
    ident = client_address(request) or "unknown"
    return _hit("opinion", ident, OPINIONS_PER_HOUR, 3600) and _hit("opinion", ident, OPINIONS_PER_DAY, 86400)
