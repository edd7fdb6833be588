"""The periodic tasks the portal needs, as data it owns.

Celery beat reads its schedule from django-celery-beat's tables (staff edit the times in the admin,
周期任务). Those rows are data, so `flush` (and `seed_demo --flush`) wiped them and the outbox relay
and the reminder sweep silently stopped. Apps register the tasks they need here from their
`AppConfig.ready()`; `ensure()` puts back any that is missing after every `migrate` and `flush`
(both send post_migrate), leaving the ones staff edited as they are; `/healthz` fails when one is
missing, switched off, or has not run within its schedule (core/health.py).
"""

import json
from dataclasses import dataclass

TIMEZONE = "Asia/Shanghai"


@dataclass(frozen=True)
class PeriodicJob:
    name: str  # the row's name, its identity: staff may change its times, never its name
    task: str
    description: str
    every_minutes: int | None = None
    minute: str = ""  # crontab fields when every_minutes is None
    hour: str = ""


_JOBS: dict[str, PeriodicJob] = {}


def register(*jobs):
    for job in jobs:
        _JOBS[job.name] = job


def jobs():
    return list(_JOBS.values())


def ensure(using="default"):
    """Create the registered periodic tasks that are missing; return the names created."""
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    existing = set(PeriodicTask.objects.using(using).filter(name__in=_JOBS).values_list("name", flat=True))
    created = []
    for job in _JOBS.values():
        if job.name in existing:
            continue
        fields = {"task": job.task, "description": job.description, "args": json.dumps([]),
                  "kwargs": json.dumps({})}
        if job.every_minutes is not None:
            fields["interval"], _ = IntervalSchedule.objects.using(using).get_or_create(
                every=job.every_minutes, period=IntervalSchedule.MINUTES)
        else:
            fields["crontab"], _ = CrontabSchedule.objects.using(using).get_or_create(
                minute=job.minute, hour=job.hour, day_of_week="*", day_of_month="*", month_of_year="*",
                timezone=TIMEZONE)
        # save() through the model, not bulk_create: django-celery-beat's signal then tells a running beat.
        PeriodicTask.objects.using(using).create(name=job.name, **fields)
        created.append(job.name)
    return created


def restore_after_migrate(sender, using="default", plan=None, **kwargs):
    """post_migrate receiver: after `migrate` and after `flush` the schedule is complete again."""
    from django.db import connections

    if "django_celery_beat_periodictask" not in connections[using].introspection.table_names():
        return  # migrating towards an empty database (a migrate to zero, or before django-celery-beat's tables)
    ensure(using=using)
