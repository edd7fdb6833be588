"""Flood protection for the anonymous opinion form: an atomic counter per address and window in the
cache, and in the database while the cache (Redis) cannot be reached: a citizen's opinion is never
refused or lost because the cache is down, and the limit still holds."""

import datetime
import logging
import time

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from congress_portal.core.client import client_address

from .models import OpinionRateCount

log = logging.getLogger(__name__)

OPINIONS_PER_HOUR = 10
OPINIONS_PER_DAY = 30


def _cache_count(key, window):
    # add() is a no-op when the key exists; incr() is atomic in Redis (and under locmem's lock).
    cache.add(key, 0, timeout=window + 5)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        return 1


def _db_count(key, window):
    """The same counter as one atomic upsert (PostgreSQL and SQLite both have ON CONFLICT ... RETURNING):
    two processes counting the same address at once each get their own number."""
    table, key_col = (connection.ops.quote_name(name) for name in (OpinionRateCount._meta.db_table, "key"))
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key_col}, count, expires_at) VALUES (%s, 1, %s) "
            f"ON CONFLICT ({key_col}) DO UPDATE SET count = {table}.count + 1 RETURNING count",
            [key, now + datetime.timedelta(seconds=window + 5)])
        count = cursor.fetchone()[0]
        if count == 1:  # a new window: the ended ones go (the expiry is indexed)
            OpinionRateCount.objects.filter(expires_at__lt=now).delete()
    return count


def _hit(scope, ident, limit, window):
    bucket = int(time.time() // window)
    key = f"rl:{scope}:{ident}:{window}:{bucket}"
    try:
        count = _cache_count(key, window)
    except Exception:  # noqa: BLE001 - any cache failure (connection refused, timeout): count in the database
        log.warning("cache unavailable: counting opinion attempts in the database", exc_info=True)
        count = _db_count(key, window)
    return count <= limit


def allow_opinion(request):
    """Count one submission attempt from this address; False when over either limit."""
    ident = client_address(request) or "unknown"
    return _hit("opinion", ident, OPINIONS_PER_HOUR, 3600) and _hit("opinion", ident, OPINIONS_PER_DAY, 86400)
