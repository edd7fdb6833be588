"""A figure kept in the shared cache for a while, and computed afresh when the cache cannot be reached."""

import logging

from django.core.cache import cache

log = logging.getLogger(__name__)


def kept(key, seconds, compute, *, what="a figure"):
    """`compute()`, kept under `key` for `seconds`. The cache (Redis) being away never breaks a page:
    the value is then computed each time, and the failure logged (`what` names it)."""
    try:
        value = cache.get(key)
    except Exception:  # noqa: BLE001
        log.warning("cache unavailable: computing %s in the database", what, exc_info=True)
        value = None
    if value is not None:
        return value
    value = compute()
    try:
        cache.set(key, value, seconds)
    except Exception:  # noqa: BLE001 - the value is right; it is only not kept
        pass
    return value
