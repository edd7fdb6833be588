"""Sessions kept in the database and read from the shared cache (Django's cached_db), that still work
when the cache does not. Used when REDIS_URL is set (settings.SESSION_ENGINE).

Every page reads the session; from the cache (Redis in service) that is one database query fewer a
page. The database stays the record, so a restart or an emptied cache loses nobody's login. Django's
cached_db already survives a cache that fails on reading or saving; this one also survives it on the
writes it does not guard (the copy made after a read from the database, deletion, the existence
check), falling back to the database alone and logging why.
"""

import logging

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

log = logging.getLogger(__name__)


class _TolerantCache:
    """The session cache with its failures logged and answered as misses."""

    def __init__(self, cache):
        self._cache = cache

    def _try(self, operation, default, *args):
        try:
            return getattr(self._cache, operation)(*args)
        except Exception:  # noqa: BLE001 - a cache outage must not log anybody out or fail a page
            log.warning("session cache unavailable (%s): using the database alone", operation, exc_info=True)
            return default

    def get(self, key, default=None):
        return self._try("get", default, key, default)

    def set(self, key, value, timeout=None):
        self._try("set", None, key, value, timeout)

    def delete(self, key):
        self._try("delete", None, key)

    def __contains__(self, key):
        return self._try("has_key", False, key)

    async def _atry(self, operation, default, *args):
        try:
            return await getattr(self._cache, operation)(*args)
        except Exception:  # noqa: BLE001
            log.warning("session cache unavailable (%s): using the database alone", operation, exc_info=True)
            return default

    async def aget(self, key, default=None):
        return await self._atry("aget", default, key, default)

    async def aset(self, key, value, timeout=None):
        await self._atry("aset", None, key, value, timeout)

    async def adelete(self, key):
        await self._atry("adelete", None, key)


class SessionStore(CachedDBStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = _TolerantCache(self._cache)
