import os

from celery import Celery, bootsteps

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_portal.settings")

app = Celery("congress_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class Heartbeat(bootsteps.StartStopStep):
    """Writes this worker's heartbeat to Redis on the worker's own timer, for /healthz (core/heartbeat.py)."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.tref = None

    def start(self, worker):
        from django.conf import settings

        if not settings.REDIS_URL:
            return
        from congress_portal.core import heartbeat

        self.hostname = heartbeat.member(worker.hostname, list(worker.app.amqp.queues.consume_from))
        self._beat()
        self.tref = worker.timer.call_repeatedly(settings.HEALTHZ_HEARTBEAT_SECONDS, self._beat, priority=10)

    def _beat(self):
        import logging

        import redis

        from congress_portal.core import heartbeat

        try:
            heartbeat.beat(self.hostname)
        except redis.RedisError as exc:  # the broker is away too: the worker reconnects, /healthz says so
            logging.getLogger("congress_portal.worker").warning("heartbeat not written: %s", exc)

    def stop(self, worker):
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None
            try:
                from congress_portal.core import heartbeat

                heartbeat.forget(self.hostname)
            except Exception:  # noqa: BLE001 - stopping must not fail on a Redis that is away
                pass


app.steps["worker"].add(Heartbeat)
