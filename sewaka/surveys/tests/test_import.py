"""Import of answers from Google Forms / Excel / CSV."""

import io
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from sewaka.core.models import AuditEvent
from sewaka.surveys import import_parser
from sewaka.surveys.models import Response, SurveyImport

from .factories import make_period, make_service

QUESTIONS_ID = [
    "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
    "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
    "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
    "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
    "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?",
    "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
    "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
    "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
    "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
]
KEYS = [
    "persyaratan",
    "prosedur",
    "waktu",
    "biaya",
    "produk",
    "kompetensi",
    "perilaku",
    "pengaduan",
    "sarana",
]
HEADER = [
    "Stempel waktu",
    "Jenis kelamin",
    "Usia",
    "Pendidikan terakhir",
    "Pekerjaan",
    "Jenis layanan",
    *QUESTIONS_ID,
    "Saran",
]


def gf_row(
    day,
    minute,
    answers=(
        "Sesuai",
        "Mudah",
        "Cepat",
        "Gratis",
        "Sesuai",
        "Kompeten",
        "Sopan dan ramah",
        "Dikelola dengan baik",
        "Baik",
    ),
    gender="Perempuan",
):
    return [
        f"{day:02d}/11/2026 10:{minute:02d}:00",
        gender,
        "34",
        "SMA/SMK",
        "Wiraswasta",
        "Pemeriksaan Umum",
        *answers,
        "",
    ]


def xlsx_bytes(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def period(tree):
    service = make_service(tree.pkm_a, "Pemeriksaan Umum")
    from datetime import date

    return make_period(tree.pkm_a, services={service: 500}, start=date(2026, 10, 1), end=date(2026, 12, 31))


def run_import(client, period, data, name="jawaban.xlsx", valid_only=False):
    response = client.post(
        reverse("surveys:import_start", args=[period.pk]), {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    job = SurveyImport.objects.latest("id")
    mapping = {f"col_{i}": target for i, target in enumerate(job.mapping)}
    client.post(reverse("surveys:import_mapping", args=[job.pk]), mapping)
    job.refresh_from_db()
    assert job.status == "analysed", job.message
    client.post(reverse("surveys:import_confirm", args=[job.pk]), {"valid_only": "on"} if valid_only else {})
    job.refresh_from_db()
    return job


def test_it_maps_google_forms_headers_in_indonesian_and_english():
    assert import_parser.auto_mapping(HEADER) == [
        "timestamp",
        "gender",
        "age",
        "education",
        "occupation",
        "service",
        *KEYS,
        "suggestion",
    ]
    english = [
        "Timestamp",
        "Gender",
        "Age",
        "Education",
        "Occupation",
        "Service received",
        *[f"U{i} {k}" for i, k in enumerate(KEYS, 1)],
        "Suggestions",
    ]
    assert import_parser.auto_mapping(english) == [
        "timestamp",
        "gender",
        "age",
        "education",
        "occupation",
        "service",
        *KEYS,
        "suggestion",
    ]
    assert import_parser.auto_mapping(KEYS) == KEYS


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (4, 4),
        ("3", 3),
        ("SANGAT SESUAI", 4),
        (" kurang sesuai ", 2),
        ("1 - Tidak sesuai", 1),
        (None, None),
        ("", None),
    ],
)
def test_it_reads_answers_as_numbers_or_labels(value, expected):
    labels = ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"]
    assert import_parser.parse_answer(value, labels) == expected


@pytest.mark.parametrize("value", [5, 0, "lima", 2.5, True])
def test_it_refuses_answers_outside_the_scale(value):
    with pytest.raises(ValueError):
        import_parser.parse_answer(value, ["a", "b", "c", "d"])


def test_a_file_with_three_bad_rows_reports_their_lines_and_stores_nothing(
    client, tree, period, operator_unit_a
):
    rows = [gf_row(2, m) for m in range(10)]
    rows[2][7] = "Lumayan"  # line 4: unknown label
    rows[5][0] = "bukan tanggal"  # line 7: unreadable timestamp
    rows[8][0] = "05/01/2026 09:00:00"  # line 10: outside the period
    client.force_login(operator_unit_a)
    job = run_import(client, period, xlsx_bytes(rows))
    assert [line for line, _ in job.errors] == [4, 7, 10]
    assert "Lumayan" in job.errors[0][1] and "di luar periode" in job.errors[2][1]
    assert job.status == "analysed" and job.rejected_rows == 3
    assert Response.objects.count() == 0
    page = client.get(job.get_absolute_url()).content.decode()
    assert "3 baris ditolak" in page
    # The operator explicitly chooses to import the valid rows only.
    client.post(reverse("surveys:import_confirm", args=[job.pk]), {"valid_only": "on"})
    job.refresh_from_db()
    assert job.status == "done" and job.stored_rows == 7
    assert Response.objects.filter(source="import").count() == 7
    assert AuditEvent.objects.filter(action="survey_import.run").exists()


def test_the_same_file_twice_stores_its_rows_once_and_a_later_export_adds_only_new_rows(
    client, tree, period, operator_unit_a
):
    client.force_login(operator_unit_a)
    first = [gf_row(3, m) for m in range(6)]
    job = run_import(client, period, xlsx_bytes(first))
    assert job.stored_rows == 6
    again = run_import(client, period, xlsx_bytes(first), name="jawaban-lagi.xlsx")
    assert again.valid_rows == 0 and again.duplicate_rows == 6
    later = first + [gf_row(4, m) for m in range(3)]
    job = run_import(client, period, xlsx_bytes(later), name="ekspor-berikutnya.xlsx")
    assert job.stored_rows == 3
    assert Response.objects.count() == 9
    stored = Response.objects.filter(submitted_at__day=4).first()
    assert (
        stored.persyaratan == 3 and stored.biaya == 4 and stored.gender == "P" and stored.education == "sma"
    )
    assert stored.service.name == "Pemeriksaan Umum" and stored.occupation == "wirausaha"


def test_it_reads_an_english_locale_csv_export(client, tree, period, operator_unit_a):
    header = "Timestamp,Gender,Age," + ",".join(KEYS)
    lines = [
        header,
        "11/24/2026 14:05:33,Male,41," + ",".join(["4"] * 9),
        "11/25/2026 8:05:00,Female,29," + ",".join(["3"] * 9),
    ]
    client.force_login(operator_unit_a)
    job = run_import(client, period, ("\n".join(lines) + "\n").encode(), name="form.csv")
    assert job.date_order == "mdy" and job.stored_rows == 2
    assert Response.objects.filter(gender="L", submitted_at__day=24).exists()


def test_rows_without_timestamp_are_identified_by_file_and_line(client, tree, period, operator_unit_a):
    client.force_login(operator_unit_a)
    data = (
        "persyaratan;prosedur;waktu;biaya;produk;kompetensi;perilaku;pengaduan;sarana\n"
        + "3;3;3;3;3;3;3;3;3\n" * 4
    ).encode()
    assert run_import(client, period, data, name="kertas.csv").stored_rows == 4
    assert run_import(client, period, data, name="kertas.csv").duplicate_rows == 4
    assert Response.objects.count() == 4


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00", "virus.exe", "bukan CSV atau Excel"),
        (b"PK\x03\x04rusak", "rusak.xlsx", "bukan lembar kerja Excel"),
        (b"", "kosong.csv", "kosong"),
        (b"hanya satu kolom\n1\n", "x.csv", "tidak berbentuk tabel"),
    ],
)
def test_a_broken_or_foreign_file_gets_a_clear_message(
    client, tree, period, operator_unit_a, data, name, message
):
    client.force_login(operator_unit_a)
    response = client.post(
        reverse("surveys:import_start", args=[period.pk]), {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SurveyImport.objects.exists()


def test_another_units_operator_cannot_see_or_run_an_import(
    client, tree, period, operator_unit_a, operator_unit_b
):
    client.force_login(operator_unit_a)
    client.post(
        reverse("surveys:import_start", args=[period.pk]),
        {"file": SimpleUploadedFile("a.xlsx", xlsx_bytes([gf_row(2, 1)]))},
    )
    job = SurveyImport.objects.get()
    client.force_login(operator_unit_b)
    assert client.get(reverse("surveys:import_start", args=[period.pk])).status_code == 404
    for name in ("surveys:import_detail", "surveys:import_mapping"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert client.post(reverse("surveys:import_confirm", args=[job.pk])).status_code == 404


def test_progress_is_recorded_for_large_files(tree, period, operator_unit_a, monkeypatch):
    from sewaka.surveys import import_services

    monkeypatch.setattr(import_services, "PROGRESS_EVERY", 50)
    monkeypatch.setattr(import_services, "BATCH", 40)
    rows = [
        [f"{1 + i % 28:02d}/11/2026 {i // 60 % 24:02d}:{i % 60:02d}:00", *(["4"] * 9)] for i in range(500)
    ]
    data = xlsx_bytes(rows, header=["Timestamp", *KEYS])
    job = import_services.import_upload(
        actor=operator_unit_a, period=period, uploaded=SimpleUploadedFile("besar.xlsx", data)
    )
    import_services.import_set_mapping(actor=operator_unit_a, job=job, mapping=job.mapping)
    import_services.import_analyse(job=job)
    job.refresh_from_db()
    assert job.total_rows == 500 and job.valid_rows == 500
    import_services.import_confirm(actor=operator_unit_a, job=job, valid_only=False)
    import_services.import_run(job=job)
    job.refresh_from_db()
    assert job.stored_rows == 500 and job.progress_percent == 100
    assert Response.objects.count() == 500


def test_timestamps_are_read_in_wita(tree, period):
    parsed = import_parser.parse_timestamp("24/11/2026 14:05:33", "dmy")
    assert parsed == datetime(2026, 11, 24, 14, 5, 33)


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2026/11/24 2:05:33 PM GMT+8", "dmy", datetime(2026, 11, 24, 14, 5, 33)),
        ("2026/11/24 2:05:33 PM GMT+7", "dmy", datetime(2026, 11, 24, 15, 5, 33)),  # WIB → WITA
        ("24/11/2026 14.05.33", "dmy", datetime(2026, 11, 24, 14, 5, 33)),
        ("11/24/2026 2:05:33 PM", "mdy", datetime(2026, 11, 24, 14, 5, 33)),
        ("2026-11-24 14:05:33", "dmy", datetime(2026, 11, 24, 14, 5, 33)),
    ],
)
def test_it_reads_google_forms_timestamps_in_every_locale(text, order, expected):
    assert import_parser.parse_timestamp(text, order) == expected


def test_an_imported_row_reads_back_like_a_row_saved_by_the_orm(client, tree, period, operator_unit_a):
    """The batch insert (executemany on SQLite, COPY on PostgreSQL) bypasses model instances: every column,
    defaults included, must read back as the ORM would have stored it."""
    import uuid

    from django.utils import timezone

    client.force_login(operator_unit_a)
    job = run_import(client, period, xlsx_bytes([gf_row(5, 7, gender="Laki-laki")]))
    assert job.stored_rows == 1
    row = Response.objects.get()
    assert isinstance(row.uid, uuid.UUID)
    assert row.why == {} and row.extra_answers == {} and row.flags == []
    assert row.suggestion == "" and row.client_id == "" and row.ip_hash == "" and row.duration_seconds is None
    assert (row.source, row.is_included, row.is_flagged) == ("import", True, False)
    assert row.entered_by_id == operator_unit_a.pk and row.unit_id == period.unit_id
    assert timezone.localtime(row.submitted_at).replace(tzinfo=None) == datetime(2026, 11, 5, 10, 7)
    assert (row.gender, row.age, row.education, row.occupation) == ("L", 34, "sma", "wirausaha")
    assert [getattr(row, k) for k in KEYS] == [3, 3, 3, 4, 3, 3, 3, 4, 3]
    assert row.idempotency_key.startswith("imp:")


def _analysed(period, actor, rows):
    from django.core.files.base import ContentFile

    from sewaka.surveys import import_services

    job = import_services.import_upload(
        actor=actor, period=period, uploaded=ContentFile(xlsx_bytes(rows), name="jawaban.xlsx")
    )
    job = import_services.import_set_mapping(actor=actor, job=job, mapping=job.mapping)
    job = import_services.import_analyse(job=job)
    assert job.status == "analysed" and job.valid_rows == len(rows)
    return import_services.import_confirm(actor=actor, job=job, valid_only=True)


def test_the_saving_reuses_the_analysed_rows_and_removes_them_afterwards(tree, period, operator_unit_a):
    from sewaka.surveys import import_services

    job = _analysed(period, operator_unit_a, [gf_row(3, m) for m in range(4)])
    parsed = import_services._parsed_name(job)
    assert job.file.storage.exists(parsed)
    job = import_services.import_run(job=job)
    assert job.stored_rows == 4 == Response.objects.count()
    assert not job.file.storage.exists(parsed)


def test_a_period_changed_after_the_analysis_is_read_again_from_the_file(tree, period, operator_unit_a):
    """The analysed rows are reused only when nothing they depend on changed: here the period was shortened
    after the analysis, so the rows of 20 November fall outside it and must not be stored."""
    from datetime import date

    from sewaka.surveys import import_services

    job = _analysed(period, operator_unit_a, [gf_row(3, 1), gf_row(4, 2), gf_row(20, 3)])
    type(period).objects.filter(pk=period.pk).update(end=date(2026, 11, 10))
    job = import_services.import_run(job=type(job).objects.get(pk=job.pk))
    assert sorted(r.submitted_at.day for r in Response.objects.all()) == [3, 4]


def test_a_run_without_the_analysed_rows_reads_the_file(tree, period, operator_unit_a):
    from sewaka.surveys import import_services

    job = _analysed(period, operator_unit_a, [gf_row(3, m) for m in range(3)])
    job.file.storage.delete(import_services._parsed_name(job))
    assert import_services.import_run(job=job).stored_rows == 3 == Response.objects.count()


def test_rows_stored_after_the_analysis_are_left_out_of_the_batch(tree, period, operator_unit_a, monkeypatch):
    """Two analyses of overlapping exports, then both saved: the second's batches hit the stored rows,
    are refused by the unique key and stored again without them (tallies still equal the raw rows)."""
    from sewaka.surveys import import_services, tallies

    monkeypatch.setattr(import_services, "BATCH", 4)
    first = [gf_row(3, m) for m in range(6)]
    later = first[2:] + [gf_row(4, m) for m in range(5)]
    jobs = []
    for name, rows in (("a.xlsx", first), ("b.xlsx", later)):
        job = import_services.import_upload(
            actor=operator_unit_a, period=period, uploaded=SimpleUploadedFile(name, xlsx_bytes(rows))
        )
        import_services.import_set_mapping(actor=operator_unit_a, job=job, mapping=job.mapping)
        jobs.append(import_services.import_analyse(job=job))
    assert jobs[1].valid_rows == 9  # nothing stored yet at its analysis
    for job in jobs:
        import_services.import_confirm(actor=operator_unit_a, job=job, valid_only=False)
        import_services.import_run(job=job)
    assert [job.stored_rows for job in jobs] == [6, 5]
    assert Response.objects.count() == 11
    assert tallies.check(period.pk) == []
    assert AuditEvent.objects.filter(action="survey_import.run").count() == 2


def test_a_row_parser_reused_over_a_file_reads_every_row_as_a_fresh_one():
    """`RowParser` remembers what each distinct text of a column means: reused over many rows (repeated
    and bad values, numbers, missing cells) it must give what `parse_row` gives each row on its own."""
    import dataclasses
    import random

    labels = {k: ["Tidak baik", "Kurang baik", "Baik", "Sangat baik"] for k in KEYS}
    header = ["Timestamp", "Jenis kelamin", "Usia", "Pendidikan", "Pekerjaan", "Layanan", *KEYS, "Saran"]
    mapping = import_parser.auto_mapping(header)
    values = {"gender": {"x": "L"}, "service": {"layanan lain": import_parser.SKIP, "buruk": "!"}}
    services = {"pemeriksaan umum": 7}
    pools = [
        ["24/11/2026 14:05:33", "31/02/2026 10:00:00", "2026/11/24 2:05:33 PM GMT+8", "", "kemarin"],
        ["Laki-laki", "P", "x", "?", "", None],
        ["34", "20 - 29 tahun", "9", "tua", 41, 41.0],
        ["SMA/SMK", "S1/D4", "", "Sarjana (S1)"],
        ["PNS", "TNI/POLRI", "Lainnya"],
        ["Pemeriksaan Umum", "Layanan lain", "Buruk", "Tidak dikenal", ""],
        *[["Baik", "Sangat baik", "4", "Lumayan", "", 3, True] for _k in KEYS],
        ["", "Antrean lama"],
    ]
    rng = random.Random(16)
    reused = import_parser.RowParser(mapping, labels, "dmy", header, values, services)
    for line in range(2, 400):
        cells = [rng.choice(pool) for pool in pools][: rng.choice((len(pools), len(pools), 8))]
        fresh = import_parser.parse_row(line, cells, mapping, labels, "dmy", header, values, services)
        assert dataclasses.asdict(reused.parse(line, cells)) == dataclasses.asdict(fresh)
