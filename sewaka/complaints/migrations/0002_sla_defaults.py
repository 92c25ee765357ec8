from django.db import migrations

DEFAULTS = [
    ("verifikasi", "Verifikasi pengaduan", 3, False, "domain.md §5"),
    ("jawaban_pertama", "Jawaban/tindak lanjut pertama", 5, False, "domain.md §5"),
    ("tanggapan_pelapor", "Tanggapan pelapor atas jawaban", 10, False, "domain.md §5"),
    ("ringan", "Ringan", 2, True, "SOP lokal (belum dikonfirmasi sebagai aturan nasional)"),
    ("normatif", "Normatif", 5, True, "SOP lokal (belum dikonfirmasi sebagai aturan nasional)"),
    ("tidak_berkadar", "Tidak berkadar pengawasan", 14, True, "SOP lokal (belum dikonfirmasi sebagai aturan nasional)"),
    ("berkadar", "Berkadar pengawasan / perlu pemeriksaan", 60, True, "SOP lokal (belum dikonfirmasi sebagai aturan nasional)"),
]


def load(apps, schema_editor):
    SlaLimit = apps.get_model("complaints", "SlaLimit")
    for key, label, days, is_class, source in DEFAULTS:
        SlaLimit.objects.get_or_create(
            key=key, defaults={"label": label, "working_days": days, "is_classification": is_class, "source": source}
        )


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
