from django.db import migrations


def load(apps, schema_editor):
    from congress_portal.meetings.settings import load_defaults

    load_defaults(apps.get_model("meetings", "VoteSetting"))


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
