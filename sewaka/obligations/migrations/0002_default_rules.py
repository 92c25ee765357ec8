"""The shipped obligations (defaults.py) for every pemda that exists when the app is installed. A pemda set up
later gets them from seeddemo or the "Pasang aturan bawaan" button of the rules page."""

from decimal import Decimal

from django.db import migrations

# The shipped defaults as they are when the migration runs (it only adds rules a pemda lacks).
from sewaka.obligations.defaults import DEFAULT_LETTER, DEFAULT_RULES


def install(apps, schema_editor):
    Unit = apps.get_model("organisations", "Unit")
    Obligation = apps.get_model("obligations", "Obligation")
    LetterSettings = apps.get_model("obligations", "LetterSettings")
    for pemda in Unit.objects.filter(parent__isnull=True, kind="pemda"):
        have = set(Obligation.objects.filter(pemda=pemda).values_list("key", flat=True))
        for order, spec in enumerate(DEFAULT_RULES, start=1):
            if spec["key"] in have:
                continue
            threshold = spec["threshold"]
            Obligation.objects.create(
                pemda=pemda,
                order=order * 10,
                **{**spec, "threshold": None if threshold is None else Decimal(str(threshold))},
            )
        if not LetterSettings.objects.filter(pemda=pemda).exists():
            LetterSettings.objects.create(pemda=pemda, **DEFAULT_LETTER)


class Migration(migrations.Migration):
    dependencies = [("obligations", "0001_initial"), ("organisations", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
