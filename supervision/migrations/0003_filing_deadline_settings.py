from django.db import migrations

CODES = ("filing_form_check", "filing_review_period", "filing_review_extension", "filing_answer")


def load(apps, schema_editor):
    """The filing-review clocks' deadline settings (DOMAIN §4), for databases seeded before they existed."""
    from congress_portal.core.deadlines import DEFAULTS_BY_CODE

    DeadlineSetting = apps.get_model("core", "DeadlineSetting")
    for code in CODES:
        d = DEFAULTS_BY_CODE[code]
        DeadlineSetting.objects.get_or_create(code=code, defaults={
            "amount": d.amount, "unit": d.unit, "reminder_days": d.reminder_days, "source": d.source})


class Migration(migrations.Migration):
    dependencies = [("supervision", "0002_plan_and_stages"), ("core", "0002_calendar_and_deadlines")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
