"""django-celery-beat's admin pages in the reader's language (issue 18.7).

Its catalogue covers most of its strings (the missing ones are in third_party_strings.py); what no
catalogue can reach is replaced here: the Celery task's label (a plain 'Task Name' in its model), the
"scheduler" column (a property without a label) and the crontab descriptions, which cron_descriptor
writes in English unless told the language.
"""

from cron_descriptor import ExpressionDescriptor, FormatException, MissingFieldException, Options, WrongArgumentException
from django.contrib import admin
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_celery_beat.admin import PeriodicTaskInline
from django_celery_beat.models import ClockedSchedule, CrontabSchedule, IntervalSchedule, PeriodicTask, SolarSchedule

# cron_descriptor's locales for the portal's languages.
CRON_LOCALES = {"zh-hans": "zh_CN", "en": "en_US"}
TIMEZONE_NAMES = {"Asia/Shanghai": _("Beijing time")}


def cron_description(crontab):
    """'在 07:30, 12:30 和 17:30（北京时间）': when a crontab runs, in the active language."""
    expression = " ".join(str(part) for part in (crontab.minute, crontab.hour, crontab.day_of_month,
                                                 crontab.month_of_year, crontab.day_of_week))
    options = Options()
    options.locale_code = CRON_LOCALES.get(translation.get_language(), "zh_CN")
    options.use_24hour_time_format = True
    try:
        text = ExpressionDescriptor(expression, options).get_description()
    except (FormatException, MissingFieldException, WrongArgumentException):
        text = expression
    zone = str(crontab.timezone)
    return f"{text}（{TIMEZONE_NAMES.get(zone, zone)}）"


def _schedule_name(schedule):
    if isinstance(schedule, CrontabSchedule):
        return cron_description(schedule)
    return str(schedule) if schedule is not None else ""


class TaskFilter(admin.SimpleListFilter):
    title = _("Celery task")
    parameter_name = "task"

    def lookups(self, request, model_admin):
        return [(task, task) for task in model_admin.get_queryset(request).order_by("task")
                .values_list("task", flat=True).distinct()]

    def queryset(self, request, queryset):
        return queryset.filter(task=self.value()) if self.value() else queryset


class PeriodicTaskNames:
    list_display = ("name", "enabled", "schedule_name", "start_time", "last_run_at", "one_off")
    list_filter = ["enabled", "one_off", TaskFilter, "start_time", "last_run_at"]

    @admin.display(description=_("Schedule"))
    def schedule_name(self, obj):
        return _schedule_name(obj.scheduler)

    @admin.display(description=_("Crontab translation"))
    def crontab_translation(self, obj):
        return cron_description(obj.crontab) if obj.crontab_id else ""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "task" in form.base_fields:
            form.base_fields["task"].label = _("Celery task")
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # django-celery-beat's own view only adds the crontabs' descriptions (in English) for its script.
        extra_context = {**(extra_context or {}),
                         "readable_crontabs": {c.pk: cron_description(c) for c in CrontabSchedule.objects.all()}}
        return admin.ModelAdmin.changeform_view(self, request, object_id, form_url, extra_context)


class CrontabNames:
    list_display = ("__str__", "description")
    fields = ("description", "minute", "hour", "day_of_month", "month_of_year", "day_of_week", "timezone")
    readonly_fields = ("description",)

    @admin.display(description=_("Human readable"))
    def description(self, obj):
        return cron_description(obj) if obj.pk else ""


class NamedTaskInline(PeriodicTaskInline):
    """A schedule's tasks, their name's column labelled in the reader's language."""

    fields = ("name", "celery_task", "args", "kwargs")
    readonly_fields = fields

    @admin.display(description=_("Celery task"))
    def celery_task(self, obj):
        return obj.task


class ScheduleNames:
    inlines = [NamedTaskInline]


class CrontabScheduleNames(CrontabNames, ScheduleNames):
    pass


def translate_beat_admin(site):
    """Re-register django-celery-beat's admins with the names above (after autodiscovery)."""
    for model, names in ((PeriodicTask, PeriodicTaskNames), (CrontabSchedule, CrontabScheduleNames),
                         (IntervalSchedule, ScheduleNames), (SolarSchedule, ScheduleNames),
                         (ClockedSchedule, ScheduleNames)):
        if model in site._registry:
            cls = type(site._registry[model])
            site.unregister(model)
            site.register(model, type(cls.__name__, (names, cls), {"__module__": __name__}))
