"""Reference data every database needs: loaded by migration core.0002 and after `seed_demo --flush`."""


def load_reference_data(calendar_day_model=None, deadline_setting_model=None):
    """Insert the missing calendar days and deadline settings. Pass historical models from a migration."""
    from . import calendar_data, deadlines, workdays

    if calendar_day_model is None:
        from .models import CalendarDay as calendar_day_model
        from .models import DeadlineSetting as deadline_setting_model

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
