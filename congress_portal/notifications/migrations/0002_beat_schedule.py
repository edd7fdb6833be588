"""The periodic tasks of the notifications app, as django-celery-beat rows staff can edit in the admin."""

import json

from django.db import migrations

TIMEZONE = "Asia/Shanghai"

CRONTABS = [
    # (name, task, minute, hour, description)
    ("notifications: reminder sweep", "notifications.sweep_reminders", "30", "7,12,17",
     "Finds every reminder due and sends it once; several runs a day are harmless."),
    ("notifications: daily digest", "notifications.send_digests", "0", "8",
     "One e-mail / SMS per user who chose the daily digest."),
]
INTERVALS = [
    ("notifications: outbox relay", "notifications.relay_outbox", 1,
     "Relays outbox events that waited (broker down when they were written)."),
    ("notifications: retry deliveries", "notifications.deliver_pending", 10,
     "Sends e-mail and SMS that failed, with backoff."),
]


def create(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    for name, task, minute, hour, description in CRONTABS:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_week="*", day_of_month="*", month_of_year="*", timezone=TIMEZONE)
        PeriodicTask.objects.get_or_create(name=name, defaults={
            "task": task, "crontab": crontab, "description": description, "args": json.dumps([]),
            "kwargs": json.dumps({})})
    for name, task, minutes, description in INTERVALS:
        interval, _ = IntervalSchedule.objects.get_or_create(every=minutes, period="minutes")
        PeriodicTask.objects.get_or_create(name=name, defaults={
            "task": task, "interval": interval, "description": description, "args": json.dumps([]),
            "kwargs": json.dumps({})})


def remove(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[c[0] for c in CRONTABS] + [i[0] for i in INTERVALS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
