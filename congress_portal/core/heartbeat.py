"""Workers' heartbeats in Redis, so /healthz knows who is alive without asking them.

Pinging the workers over the broker held a web worker for the whole ping timeout (1-2 s) on every
/healthz call. Instead each Celery worker writes its name and the time into one sorted set every
HEALTHZ_HEARTBEAT_SECONDS (a bootstep on the worker's own timer: congress_portal/celery.py), and
/healthz reads the set in the same round trip as its broker check: one PING, one ZRANGEBYSCORE.
"""

import time

from django.conf import settings

KEY = "congress_portal:worker-heartbeats"


_clients = {}


def client():
    """A client of the broker's Redis, kept per process (its pool keeps the connection open between calls)."""
    import redis

    key = (settings.CELERY_BROKER_URL, settings.HEALTHZ_REDIS_TIMEOUT)
    if key not in _clients:
        # Short timeouts: a request must never wait long on a Redis that has gone away.
        _clients[key] = redis.Redis.from_url(key[0], socket_timeout=key[1], socket_connect_timeout=key[1])
    return _clients[key]


def beat(hostname, now=None, conn=None):
    """Record that the worker `hostname` is alive (and forget workers silent for a day)."""
    now = time.time() if now is None else now
    conn = conn or client()
    pipe = conn.pipeline(transaction=False)
    pipe.zadd(KEY, {hostname: now})
    pipe.zremrangebyscore(KEY, "-inf", now - 86400)
    pipe.execute()


def forget(hostname, conn=None):
    """A worker that stops cleanly takes itself off the list at once."""
    (conn or client()).zrem(KEY, hostname)


def ping_and_alive(max_age, now=None, conn=None):
    """One round trip: PING the broker's Redis and read the workers heard from within max_age seconds.

    Returns the names of the live workers; raises redis.RedisError when Redis is not reachable.
    """
    now = time.time() if now is None else now
    conn = conn or client()
    pipe = conn.pipeline(transaction=False)
    pipe.ping()
    pipe.zrangebyscore(KEY, now - max_age, "+inf")
    _pong, names = pipe.execute()
    return sorted(name.decode() for name in names)
