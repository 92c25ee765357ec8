import json
from pathlib import Path

from django.db import migrations

FILE = Path(__file__).resolve().parent.parent / "questionnaires" / "permenpanrb-14-2017.json"


def load(apps, schema_editor):
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    data = json.loads(FILE.read_text(encoding="utf-8"))
    Questionnaire.objects.get_or_create(
        code=data["code"],
        defaults={"title": data["title"], "source": data["source"], "questions": data["questions"]},
    )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
