from django.db import migrations


def load(apps, schema_editor):
    from congress_portal.core.setup import load_reference_data

    load_reference_data(apps.get_model("core", "CalendarDay"), apps.get_model("core", "DeadlineSetting"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
