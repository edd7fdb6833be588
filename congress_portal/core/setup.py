"""Reference data every database needs: loaded by migration core.0002 and after `seed_demo --flush`."""


def load_reference_data(calendar_day_model=None, deadline_setting_model=None):
    """Insert the missing calendar days and deadline settings. Pass historical models from a migration."""
    from . import calendar_data, deadlines, workdays

    if calendar_day_model is None:
        from congress_portal.meetings.models import VoteSetting
        from congress_portal.meetings.settings import load_defaults

        from .models import CalendarDay as calendar_day_model
        from .models import DeadlineSetting as deadline_setting_model

        load_defaults(VoteSetting)  # the voting rules' settings, seeded by meetings.0002 in a migration

    for day, kind, name, provisional in calendar_data.rows():
        calendar_day_model.objects.get_or_create(
            date=day, defaults={"kind": kind, "name": name, "provisional": provisional})
    for d in deadlines.DEFAULTS:
        deadline_setting_model.objects.get_or_create(
            code=d.code,
            defaults={"amount": d.amount, "unit": d.unit, "reminder_days": d.reminder_days, "source": d.source},
        )
    workdays.clear_cache()


def ensure_reference_data():
    """Load the reference rows only when some are missing (two queries when all are there)."""
    from .deadlines import DEFAULTS
    from .models import CalendarDay, DeadlineSetting

    if CalendarDay.objects.exists() and DeadlineSetting.objects.count() >= len(DEFAULTS):
        return
    load_reference_data()
