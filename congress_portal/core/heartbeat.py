"""Workers' heartbeats in Redis, so /healthz knows who is alive without asking them.

Pinging the workers over the broker held a web worker for the whole ping timeout (1-2 s) on every
/healthz call. Instead each Celery worker writes its name and the time into one sorted set every
HEALTHZ_HEARTBEAT_SECONDS (a bootstep on the worker's own timer: congress_portal/celery.py), and
/healthz reads the set in the same round trip as its broker check: one PING, one ZRANGEBYSCORE.

A worker started for some queues only (`-Q sweep`: one worker per queue, README "Scaling out") writes
them after its name ("sweep@host\tsweep"), so that /healthz fails when a queue has no live worker:
with a worker per queue, the immediate notifications' worker can die while the sweep's lives on.
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


SEPARATOR = "\t"


def member(hostname, queues=None):
    """The worker's entry: its name, then the queues it consumes (none written: every queue)."""
    return hostname + (SEPARATOR + ",".join(sorted(queues)) if queues else "")


def parse(entry):
    """-> (hostname, set of queues, or None for every queue)."""
    hostname, _sep, queues = entry.partition(SEPARATOR)
    return hostname, (set(queues.split(",")) if queues else None)


def beat(hostname, now=None, conn=None):
    """Record that the worker `hostname` (a member(): its name and queues) is alive; forget workers
    silent for a day."""
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

    Returns the entries of the live workers (member()); raises redis.RedisError when Redis is not reachable.
    """
    now = time.time() if now is None else now
    conn = conn or client()
    pipe = conn.pipeline(transaction=False)
    pipe.ping()
    pipe.zrangebyscore(KEY, now - max_age, "+inf")
    _pong, names = pipe.execute()
    return sorted(name.decode() for name in names)
