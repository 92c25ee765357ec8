"""Import never changes an answer silently (issue 13 items 3, 4): profile and service values go through
the value-mapping screen; a known label maps, an unknown one is mapped by the user or rejected with its line."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sewaka.core.models import AuditEvent
from sewaka.surveys import import_parser
from sewaka.surveys.models import Response, SurveyImport
from sewaka.surveys.selectors import period_results

from .factories import make_period, make_service


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("D1-D3-D4", "d1_d4"),
        ("D1/D2/D3", "d1_d4"),
        ("D1 – D4", "d1_d4"),
        ("Diploma", "d1_d4"),
        ("Diploma (D1-D4)", "d1_d4"),
        ("D-III", "d1_d4"),
        ("D4", "d1_d4"),
        ("SLTA/SMA/SMK", "sma"),
        ("SMA/SMK/MA sederajat", "sma"),
        ("SMA / Sederajat", "sma"),
        ("SMP/MTs", "smp"),
        ("SLTP", "smp"),
        ("SD ke bawah", "sd"),
        ("SD/MI", "sd"),
        ("Tidak sekolah", "sd"),
        ("Sarjana (S1)", "s1"),
        ("S1", "s1"),
        ("Strata 1", "s1"),
        ("Pascasarjana", "s2"),
        ("Pasca Sarjana (S2/S3)", "s2"),
        ("S2 ke atas", "s2"),
        ("Magister", "s2"),
        # Never a guess: a label across two groups, or with an unknown word, stays unknown.
        ("S1/D4", None),
        ("SMA ke bawah", None),
        ("Lainnya", None),
        ("Kursus", None),
    ],
)
def test_education_labels_map_exactly_or_stay_unknown(text, code):
    assert import_parser.known_value(import_parser.EDUCATION, text) == code


@pytest.mark.parametrize(
    ("target", "text", "code"),
    [
        (import_parser.GENDER, "Laki - laki", "L"),
        (import_parser.GENDER, "PEREMPUAN", "P"),
        (import_parser.GENDER, "Tidak ingin menyebutkan", None),
        (import_parser.OCCUPATION, "PNS/ASN", "pns"),
        (import_parser.OCCUPATION, "Pelajar/Mahasiswa", "pelajar"),
        (import_parser.OCCUPATION, "Wiraswasta", "wirausaha"),
        (import_parser.OCCUPATION, "Karyawan Swasta", "swasta"),
        (import_parser.OCCUPATION, "Ibu Rumah Tangga", "lainnya"),
        (import_parser.OCCUPATION, "TNI/POLRI", None),
        (import_parser.OCCUPATION, "Buruh", None),
        (import_parser.AGE, "34", 34),
        (import_parser.AGE, 34.0, 34),
        (import_parser.AGE, "34 tahun", 34),
        (import_parser.AGE, "20 - 29 tahun", 20),
        (import_parser.AGE, "< 20 tahun", 19),
        (import_parser.AGE, "Di bawah 20 tahun", 19),
        (import_parser.AGE, "60 tahun ke atas", 60),
        (import_parser.AGE, "> 60", 60),
        (import_parser.AGE, "17-25 tahun", None),  # across two of the report's age groups
        (import_parser.AGE, "5", None),
        (import_parser.AGE, "tiga puluh", None),
    ],
)
def test_other_profile_labels_map_exactly_or_stay_unknown(target, text, code):
    assert import_parser.known_value(target, text) == code


def test_the_import_age_groups_are_the_reports_age_groups():
    from sewaka.surveys.selectors import AGE_BINS

    assert import_parser.AGE_GROUPS == AGE_BINS


# --- A Google Forms export in Indonesian ------------------------------------------------------------

QUESTIONS = [
    "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
    "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
    "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
    "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
    "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar "
    "pelayanan dengan hasil yang diberikan?",
    "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
    "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
    "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
    "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
]
ANSWERS = "Sesuai,Mudah,Cepat,Gratis,Sesuai,Kompeten,Sopan dan ramah,Dikelola dengan baik,Baik"
# (education as typed in the form's options, service as named in the form) → one CSV line each.
ROWS = [
    ("D1-D3-D4", "Perekaman KTP Elektronik"),  # line 2
    ("D1-D3-D4", "Perekaman KTP Elektronik"),  # line 3
    ("D1/D2/D3", "Kartu Keluarga"),  # line 4
    ("Diploma", "Kartu Keluarga"),  # line 5
    ("SLTA/SMA/SMK", "Perekaman KTP Elektronik"),  # line 6
    ("Sarjana (S1)", "Kartu Keluarga"),  # line 7
    ("Pascasarjana", "Perekaman KTP Elektronik"),  # line 8
    ("SD ke bawah", "Kartu Keluarga"),  # line 9
    ("SMP", "Perekaman KTP Elektronik"),  # line 10
    ("Kursus komputer", "Kartu Keluarga"),  # line 11: unknown education
    ("S1", "Akta Kelahiran"),  # line 12: a service of another period
]


def google_forms_csv() -> bytes:
    header = ["Timestamp", "Jenis Kelamin", "Usia", "Pendidikan Terakhir", "Pekerjaan", "Jenis Layanan"]
    lines = [",".join(header + [f'"{q}"' for q in QUESTIONS] + ["Saran dan masukan"])]
    for i, (education, service) in enumerate(ROWS):
        lines.append(
            f"{2 + i}/11/2026 09:1{i % 10}:00,Perempuan,{30 + i},{education},Wiraswasta,{service},{ANSWERS},"
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


@pytest.fixture
def capil_period(tree):
    ktp = make_service(tree.pkm_a, "KTP-el")
    kk = make_service(tree.pkm_a, "KK")
    make_service(tree.pkm_a, "Akta Kelahiran")  # the unit's, but not surveyed in this period
    period = make_period(
        tree.pkm_a, services={ktp: 300, kk: 200}, start=date(2026, 10, 1), end=date(2026, 12, 31)
    )
    return period, ktp, kk


def upload_and_map_columns(client, period) -> SurveyImport:
    response = client.post(
        reverse("surveys:import_start", args=[period.pk]),
        {"file": SimpleUploadedFile("Survei Kepuasan Masyarakat (Jawaban).csv", google_forms_csv())},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    job = SurveyImport.objects.latest("id")
    client.post(
        reverse("surveys:import_mapping", args=[job.pk]),
        {f"col_{i}": target for i, target in enumerate(job.mapping)},
    )
    job.refresh_from_db()
    assert job.status == "analysed", job.message
    return job


def values_post(job, choose: dict[tuple[str, str], str]) -> dict[str, str]:
    """The value form as the browser posts it: the preselected choice unless `choose` changes it."""
    from sewaka.surveys.forms import ImportValuesForm

    form = ImportValuesForm(job=job)
    data = {}
    for name, (target, key) in form._keys.items():
        data[name] = choose.get((target, key), form.fields[name].initial)
    return data


def test_google_forms_export_maps_every_known_label_and_rejects_the_unknown_with_its_line(
    client, tree, capil_period, operator_unit_a
):
    period, ktp, kk = capil_period
    client.force_login(operator_unit_a)
    job = upload_and_map_columns(client, period)
    assert job.mapping[:6] == ["timestamp", "gender", "age", "education", "occupation", "service"]

    # Before any choice: service names that are not the period's and the unknown education are rejected
    # with their line and value; nothing is guessed.
    errors = dict(job.errors)
    assert set(errors) == set(range(2, 13))  # every row names a service unknown to the period
    assert "Kursus komputer" in errors[11] and "Perekaman KTP Elektronik" in errors[2]
    education = {key: (text, n) for key, text, n, _line in job.values["education"]}
    assert education["d1-d3-d4"] == ("D1-D3-D4", 2) and education["kursus komputer"] == ("Kursus komputer", 1)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Periksa nilai profil dan layanan" in page and "tidak dikenal" in page
    assert "“D1-D3-D4”" in page and "D1–D4" in page

    # The user maps each service name to the period's service and leaves the other service's rows out.
    data = values_post(
        job,
        {
            ("service", "perekaman ktp elektronik"): str(ktp.pk),
            ("service", "kartu keluarga"): str(kk.pk),
            ("service", "akta kelahiran"): import_parser.SKIP,
        },
    )
    assert client.post(reverse("surveys:import_values", args=[job.pk]), data).status_code == 302
    job.refresh_from_db()
    assert job.status == "analysed"
    assert job.errors == [
        [
            11,
            "kolom “Pendidikan Terakhir”: nilai “Kursus komputer” tidak dikenal; petakan "
            "nilainya atau perbaiki berkasnya",
        ]
    ]
    assert (job.valid_rows, job.rejected_rows, job.ignored_rows) == (9, 1, 1)
    assert AuditEvent.objects.filter(action="survey_import.map_values").exists()

    client.post(reverse("surveys:import_confirm", args=[job.pk]), {"valid_only": "on"})
    job.refresh_from_db()
    assert job.status == "done" and job.stored_rows == 9
    stored = {r.age: (r.education, r.service_id) for r in Response.objects.filter(period=period)}
    assert stored == {
        30: ("d1_d4", ktp.pk),
        31: ("d1_d4", ktp.pk),
        32: ("d1_d4", kk.pk),
        33: ("d1_d4", kk.pk),
        34: ("sma", ktp.pk),
        35: ("s1", kk.pk),
        36: ("s2", ktp.pk),
        37: ("sd", kk.pk),
        38: ("smp", ktp.pk),
    }

    # The report's respondent profile reads the same rows, in the questionnaire's order.
    profile = period_results(period).profile
    assert [(str(label), n) for label, n in profile["education"]] == [
        ("SD ke bawah", 1),
        ("SMP", 1),
        ("SMA", 1),
        ("D1–D4", 4),
        ("S1", 1),
        ("S2 ke atas", 1),
    ]
    assert [(str(label), n) for label, n in profile["age"]] == [
        ("< 20", 0),
        ("20–29", 0),
        ("30–39", 9),
        ("40–49", 0),
        ("50–59", 0),
        ("≥ 60", 0),
    ]


def test_an_unknown_value_mapped_by_the_user_is_stored_as_chosen(client, tree, capil_period, operator_unit_a):
    period, ktp, kk = capil_period
    client.force_login(operator_unit_a)
    job = upload_and_map_columns(client, period)
    data = values_post(
        job,
        {
            ("service", "perekaman ktp elektronik"): str(ktp.pk),
            ("service", "kartu keluarga"): str(kk.pk),
            ("service", "akta kelahiran"): import_parser.SKIP,
            ("education", "kursus komputer"): import_parser.BLANK,
            ("education", "d1/d2/d3"): "sma",  # the user may overrule a known label, explicitly
        },
    )
    client.post(reverse("surveys:import_values", args=[job.pk]), data)
    job.refresh_from_db()
    assert (job.valid_rows, job.rejected_rows) == (10, 0)
    client.post(reverse("surveys:import_confirm", args=[job.pk]))
    assert Response.objects.get(period=period, age=39).education == ""
    assert Response.objects.get(period=period, age=32).education == "sma"


def test_a_value_mapping_outside_the_choices_is_refused(client, tree, capil_period, operator_unit_a):
    period, ktp, kk = capil_period
    other = make_service(tree.pkm_b, "Layanan unit lain")
    client.force_login(operator_unit_a)
    job = upload_and_map_columns(client, period)
    data = values_post(job, {("service", "kartu keluarga"): str(other.pk)})
    response = client.post(reverse("surveys:import_values", args=[job.pk]), data)
    assert response.status_code == 400
    job.refresh_from_db()
    assert job.value_mapping == {} and job.status == "analysed"


def test_another_units_operator_cannot_map_values(
    client, tree, capil_period, operator_unit_a, operator_unit_b
):
    period, ktp, kk = capil_period
    client.force_login(operator_unit_a)
    job = upload_and_map_columns(client, period)
    client.force_login(operator_unit_b)
    assert client.post(reverse("surveys:import_values", args=[job.pk]), {}).status_code == 404


def test_the_preview_names_unsur_and_profile_in_indonesian(client, tree, capil_period, operator_unit_a):
    period, ktp, kk = capil_period
    client.force_login(operator_unit_a)
    job = upload_and_map_columns(client, period)
    data = values_post(
        job,
        {
            ("service", "perekaman ktp elektronik"): str(ktp.pk),
            ("service", "kartu keluarga"): str(kk.pk),
            ("service", "akta kelahiran"): import_parser.SKIP,
        },
    )
    client.post(reverse("surveys:import_values", args=[job.pk]), data)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Waktu Penyelesaian" in page and "Perempuan" in page and "Wirausaha" in page
    assert ">U1<" not in page
