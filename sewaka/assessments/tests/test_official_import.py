"""Official results by Excel import (all or nothing, row-level errors) and their source documents."""

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from sewaka.assessments import official_import as oi
from sewaka.assessments import selectors, services
from sewaka.assessments.models import OfficialResult
from sewaka.core.models import Attachment, AuditEvent
from sewaka.organisations.models import Role
from sewaka.organisations.tests.factories import make_member

URL = reverse("assessments:official_import")
HEADER = ["kode unit", "penilaian", "tahun", "nilai", "kategori/predikat", "zona", "opini", "sumber"]
VALID = [
    ["pkm-a", "Ombudsman RI", 2024, 97.99, "A", "hijau", "Kualitas Tertinggi", "Laporan Ombudsman 2024"],
    ["PKM-B", "pekppp", 2023, "4,12", "a-", "", "Sangat Baik", "Surat KemenPANRB 2023"],
]


def xlsx(rows, header=HEADER, name="hasil.xlsx"):
    wb = Workbook()
    sheet = wb.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def upload(client, file):
    return client.post(URL, {"file": file})


def confirm(client, response):
    preview = response.context["preview"]
    return client.post(URL, {"confirm": "1", "sha256": preview.sha256, "plan": preview.plan_digest()})


def error_lines(response):
    return [(line, column) for line, column, _message in response.context["preview"].errors]


def test_it_imports_a_valid_file_after_a_preview(client, tree, admin_pemda):
    client.force_login(admin_pemda)
    response = upload(client, xlsx(VALID))
    assert response.status_code == 200
    assert response.context["preview"].counts == {"new": 2, "replace": 0, "same": 0, "error": 0}
    assert "Impor 2 baris" in response.content.decode()
    assert not OfficialResult.objects.exists()  # the preview stores nothing

    response = confirm(client, response)
    assert response.status_code == 302
    ombudsman = OfficialResult.objects.get(unit=tree.pkm_a)
    assert (ombudsman.scheme, ombudsman.year, ombudsman.score) == ("ombudsman", 2024, Decimal("97.99"))
    assert (ombudsman.category, ombudsman.zone, ombudsman.opinion) == ("A", "hijau", "Kualitas Tertinggi")
    assert ombudsman.source == "Laporan Ombudsman 2024" and ombudsman.recorded_by == admin_pemda
    pekppp = OfficialResult.objects.get(unit=tree.pkm_b)
    assert (pekppp.scheme, pekppp.score, pekppp.category) == ("pekppp", Decimal("4.12"), "A-")
    assert AuditEvent.objects.filter(action="official_result.record").count() == 2
    event = AuditEvent.objects.get(action="official_result.import")
    assert event.changes["file"] == "hasil.xlsx" and event.changes["new"] == 2
    page = client.get(URL).content.decode()
    assert "2 hasil baru" in page


def test_it_lists_every_row_error_with_its_row_and_column_and_imports_nothing(client, tree, admin_pemda):
    next_year = timezone.localdate().year + 1
    rows = [
        VALID[0],
        ["pkm-a", "BPK", 2024, 90, "", "", "", ""],  # row 3
        ["pkm-a", "Ombudsman", 2010, 90, "", "", "", ""],  # row 4
        ["pkm-a", "Ombudsman", next_year + 1, 90, "", "", "", ""],  # row 5
        ["pkm-b", "Ombudsman", 2023, "sembilan puluh", "", "", "", ""],  # row 6
        ["pkm-b", "Ombudsman", 2022, 120, "", "", "", ""],  # row 7
        ["capil", "Ombudsman", 2023, 90, "Z", "", "", ""],  # row 8
        ["capil", "PEKPPP", 2024, 4, "A+", "biru", "", ""],  # row 9
        ["tidak-ada", "Ombudsman", 2023, 90, "A", "hijau", "", ""],  # row 10
        ["dinkes", "Ombudsman", 2023, "97,999", "A", "", "", ""],  # row 11
        ["", "", "", "", "", "", "", "catatan saja"],  # row 12
    ]
    client.force_login(admin_pemda)
    response = upload(client, xlsx(rows))
    lines = error_lines(response)
    assert (3, "penilaian") in lines
    assert (4, "tahun") in lines and (5, "tahun") in lines
    assert (6, "nilai") in lines and (7, "nilai") in lines
    assert (8, "kategori/predikat") in lines
    assert (9, "kategori/predikat") in lines and (9, "zona") in lines
    assert (10, "kode unit") in lines
    assert (11, "nilai") in lines
    assert {(12, "kode unit"), (12, "penilaian"), (12, "tahun")} <= set(lines)
    assert 2 not in {line for line, _c in lines}
    page = response.content.decode()
    assert "Penilaian “BPK” tidak dikenal; tulis Ombudsman atau PEKPPP." in page
    assert "di luar rentang 0–100" in page
    assert "Kategori “Z” tidak dikenal untuk Ombudsman 2023; pilih salah satu: A, B, C, D, E." in page
    assert "Zona “biru” tidak dikenal" in page
    assert "Tidak ada yang diimpor sampai semua baris benar" in page
    assert 'name="confirm"' not in page
    # A forged confirmation imports nothing either: no file was kept for a preview with errors.
    forged = client.post(URL, {"confirm": "1", "sha256": response.context["preview"].sha256, "plan": "x"})
    assert forged.status_code == 302
    assert not OfficialResult.objects.exists()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("97,99", Decimal("97.99")),
        ("97.99", Decimal("97.99")),
        (" 97,9 ", Decimal("97.9")),
        (97.99, Decimal("97.99")),
        (88, Decimal("88")),
        ("", None),
        (None, None),
    ],
)
def test_it_reads_indonesian_and_english_decimals(cell, expected):
    assert oi.parse_score(cell) == expected


@pytest.mark.parametrize("cell", ["1.097,99", "97,99%", "sembilan", "nan", True])
def test_it_refuses_what_is_not_a_score(cell):
    with pytest.raises(ValueError):
        oi.parse_score(cell)


def test_it_turns_control_characters_into_spaces():
    assert oi.clean_text(" Laporan\x00 2024\t\n ") == "Laporan 2024"


def test_it_imports_a_semicolon_csv_with_decimal_commas(client, tree, tim_monev):
    csv = "kode unit;penilaian;tahun;nilai;kategori/predikat;zona;opini;sumber\npkm-a;Ombudsman;2023;85,5;B;Hijau;;\n"
    client.force_login(tim_monev)
    response = upload(client, SimpleUploadedFile("hasil.csv", csv.encode()))
    assert response.context["preview"].errors == []
    confirm(client, response)
    result = OfficialResult.objects.get(unit=tree.pkm_a)
    assert (result.score, result.category, result.zone) == (Decimal("85.50"), "B", "hijau")


def test_it_flags_a_second_row_for_the_same_unit_scheme_and_year(client, tree, admin_pemda):
    rows = [VALID[0], ["PKM-A", "ombudsman", 2024, "96,5", "A", "", "", ""], VALID[1]]
    client.force_login(admin_pemda)
    response = upload(client, xlsx(rows))
    assert error_lines(response) == [(3, "kode unit")]
    assert "sudah ada di baris 2" in response.content.decode()


def test_it_checks_score_category_and_zone_against_the_ombudsman_bands(client, tree, admin_pemda):
    rows = [
        ["pkm-a", "Ombudsman", 2023, "97,99", "B", "", "", ""],
        ["pkm-b", "Ombudsman", 2023, "", "C", "hijau", "", ""],
        ["capil", "Ombudsman", 2019, "45", "", "hijau", "", ""],
        ["dinkes", "Ombudsman", 2023, "50", "E", "merah", "", ""],  # D/E share one confirmed band
    ]
    client.force_login(admin_pemda)
    response = upload(client, xlsx(rows))
    assert error_lines(response) == [(2, "kategori/predikat"), (3, "zona"), (4, "zona")]
    page = response.content.decode()
    assert "Kategori B tidak sesuai dengan nilai 97,99" in page
    assert "Zona hijau tidak sesuai dengan kategori C" in page


def test_it_answers_a_unit_outside_the_scope_like_an_unknown_code(client, tree):
    monev_dinkes = make_member(tree.dinkes, Role.TIM_MONEV, "monev_dinkes")
    rows = [
        ["pkm-a", "Ombudsman", 2023, 90, "A", "", "", ""],
        ["capil", "Ombudsman", 2023, 90, "A", "", "", ""],
        ["tidak-ada", "Ombudsman", 2023, 90, "A", "", "", ""],
    ]
    client.force_login(monev_dinkes)
    response = upload(client, xlsx(rows))
    messages = {line: message for line, _column, message in response.context["preview"].errors}
    assert set(messages) == {3, 4}
    assert messages[3] == "Kode unit “capil” tidak dikenal atau di luar wewenang Anda."
    assert messages[4] == messages[3].replace("capil", "tidak-ada")


def test_a_reimport_of_the_same_file_changes_nothing_and_a_changed_value_is_flagged(
    client, tree, admin_pemda
):
    client.force_login(admin_pemda)
    confirm(client, upload(client, xlsx(VALID)))
    events = AuditEvent.objects.count()

    again = upload(client, xlsx(VALID))
    assert again.context["preview"].counts == {"new": 0, "replace": 0, "same": 2, "error": 0}
    assert "tidak ada yang perlu diimpor" in again.content.decode()
    assert confirm(client, again).status_code == 302  # nothing kept, nothing written
    assert OfficialResult.objects.count() == 2 and AuditEvent.objects.count() == events

    changed = [["pkm-a", "Ombudsman", 2024, "97,93", "A", "hijau", "Kualitas Tertinggi", "Laporan revisi"]]
    response = upload(client, xlsx(changed))
    page = response.content.decode()
    assert (
        "akan mengganti nilai lama (nilai 97,99 → 97,93; sumber Laporan Ombudsman 2024 → Laporan revisi)"
        in page
    )
    confirm(client, response)
    assert OfficialResult.objects.get(unit=tree.pkm_a).score == Decimal("97.93")
    assert OfficialResult.objects.count() == 2


def test_it_refuses_a_confirmation_when_results_changed_after_the_preview(client, tree, admin_pemda):
    client.force_login(admin_pemda)
    response = upload(client, xlsx(VALID))
    services.official_result_record(
        actor=admin_pemda, unit=tree.pkm_a, scheme="ombudsman", year=2024, score=50
    )
    again = confirm(client, response)
    assert again.status_code == 200
    assert "Data berubah sejak pratinjau" in again.content.decode()
    assert OfficialResult.objects.get(unit=tree.pkm_a).score == Decimal("50")
    assert not OfficialResult.objects.filter(unit=tree.pkm_b).exists()
    confirm(client, again)  # the new preview can be confirmed
    assert OfficialResult.objects.get(unit=tree.pkm_a).score == Decimal("97.99")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\x00\x01garbage" * 50, "hasil.xlsx", "bukan lembar kerja Excel"),
        (b"nama;umur\nbudi;30\n", "hasil.csv", "Kolom wajib tidak ditemukan: kode unit, penilaian, tahun"),
        (";".join(HEADER).encode() + b"\n", "hasil.csv", "tidak berisi baris data"),
    ],
)
def test_it_explains_a_file_it_cannot_use(client, tree, admin_pemda, data, name, message):
    client.force_login(admin_pemda)
    response = upload(client, SimpleUploadedFile(name, data))
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_template_has_the_headers_an_example_and_the_unit_codes(client, tree, admin_pemda):
    client.force_login(admin_pemda)
    response = client.get(URL, {"template": "1"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    rows = list(wb["Hasil resmi"].iter_rows(values_only=True))
    assert list(rows[0]) == HEADER and len(rows) == 2
    assert {r[0] for r in wb["Kode unit"].iter_rows(min_row=2, values_only=True)} >= {"pkm-a", "capil"}
    # Uploaded unchanged, the example row is refused rather than recorded.
    preview = upload(client, SimpleUploadedFile("templat.xlsx", response.content)).context["preview"]
    assert [(line, column) for line, column, _m in preview.errors] == [(2, "sumber")]


def test_an_operator_gets_403(client, tree, operator_unit_a, pimpinan):
    for user in (operator_unit_a, pimpinan):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.get(URL, {"template": "1"}).status_code == 403
        assert upload(client, xlsx(VALID)).status_code == 403
    assert not OfficialResult.objects.exists()


def test_the_categories_follow_the_instrument_files():
    folder = Path(services.__file__).parent / "instruments"
    ombudsman = json.loads((folder / "ombudsman-2022-2024.json").read_text())
    pekppp = json.loads((folder / "pekppp-2023.json").read_text())
    assert {c for b in ombudsman["bands"] for c in b["code"].split("/")} == set(
        oi.CATEGORIES["ombudsman"][0][2]
    )
    assert {b["code"] for b in pekppp["bands"]} == set(oi.CATEGORIES["pekppp"][0][2])
    bands = {(Decimal(b["lower"]), b["zone"]) for b in ombudsman["bands"]}
    assert bands == {(lower, zone) for lower, zone, _c in oi.OMBUDSMAN_BANDS[1][2]}


# --- Source documents ----------------------------------------------------------------------------


@pytest.fixture
def result(tree, admin_pemda):
    return services.official_result_record(
        actor=admin_pemda, unit=tree.pkm_a, scheme="ombudsman", year=2024, score=Decimal("97.99")
    )


def doc_url(result):
    return reverse("assessments:official_document", args=[result.pk])


def test_a_source_document_is_stored_as_an_attachment(client, tree, tim_monev, result):
    client.force_login(tim_monev)
    pdf = SimpleUploadedFile("laporan.pdf", b"%PDF-1.4 laporan ombudsman", content_type="application/pdf")
    response = client.post(doc_url(result), {"file": pdf, "description": "LHP Ombudsman 2024"})
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:unit", args=[tree.pkm_a.pk])
    attachment = Attachment.objects.get()
    assert attachment.unit == tree.pkm_a and attachment.mime == "application/pdf"
    assert list(selectors.official_documents(result)) == [attachment]
    assert selectors.with_documents([result])[0].documents == [attachment]
    assert AuditEvent.objects.filter(action="attachment.add").exists()


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"MZ\x90\x00 bukan pdf", "laporan.pdf"), (b"\xff\xd8\xff\xe0 foto", "surat.jpg"), (b"", "kosong.pdf")],
)
def test_a_document_that_is_not_a_pdf_gets_a_clear_message(client, tree, admin_pemda, result, data, name):
    client.force_login(admin_pemda)
    response = client.post(doc_url(result), {"file": SimpleUploadedFile(name, data)}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dokumen sumber harus berupa PDF" in page or "kosong" in page
    assert not Attachment.objects.exists()


def test_documents_are_guarded_like_the_unit(client, tree, operator_unit_a, operator_unit_b, result):
    pdf = b"%PDF-1.4 x"
    client.force_login(operator_unit_b)  # cannot see unit A
    assert client.post(doc_url(result), {"file": SimpleUploadedFile("a.pdf", pdf)}).status_code == 404
    client.force_login(operator_unit_a)  # sees it, may not record official results
    assert client.post(doc_url(result), {"file": SimpleUploadedFile("a.pdf", pdf)}).status_code == 403
    assert client.get(doc_url(result)).status_code == 405
    missing = reverse("assessments:official_document", args=[result.pk + 999])
    assert client.post(missing, {"file": SimpleUploadedFile("a.pdf", pdf)}).status_code == 404
    assert not Attachment.objects.exists()


# --- Uploads waiting for confirmation are kept in a model, never in the session --------------------------


def test_a_previewed_upload_waits_in_the_database_for_its_uploader(client, tree, admin_pemda):
    from sewaka.assessments.models import OfficialImport

    client.force_login(admin_pemda)
    response = upload(client, xlsx(VALID))
    pending = OfficialImport.objects.get()
    assert (pending.status, pending.uploaded_by, pending.original_name) == (
        "pending",
        admin_pemda,
        "hasil.xlsx",
    )
    assert pending.sha256 == response.context["preview"].sha256 and pending.file
    assert not any("official" in key for key, _value in client.session.items())
    assert AuditEvent.objects.filter(action="official_result.import_upload").count() == 1

    # Another administrator cannot confirm someone else's upload.
    other = make_member(tree.pemda, Role.ADMIN_PEMDA, "admin_lain")
    client.force_login(other)
    assert confirm(client, response).status_code == 302
    assert not OfficialResult.objects.exists()

    # A new upload by the uploader replaces the pending one and deletes its file.
    client.force_login(admin_pemda)
    old_file = pending.file.name
    second = upload(client, xlsx(VALID[:1]))
    pending.refresh_from_db()
    assert pending.status == "discarded" and not pending.file.storage.exists(old_file)
    confirm(client, second)
    done = OfficialImport.objects.get(status="imported")
    assert done.counts == {"new": 1, "replace": 0, "same": 0} and done.finished_at is not None
    assert OfficialResult.objects.count() == 1
