"""Exports: a unit's assessment as PDF (answers, reasons, warnings, evidence, visits, draft mark, access) and the
readiness table as Excel (same rows and numbers as the forecast, calibration sheet)."""

import io
import shutil
import subprocess
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sewaka.assessments import selectors, services
from sewaka.assessments.labels import indicator_numbers
from sewaka.assessments.models import InstrumentVersion

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def pdf_text(data: bytes) -> str:
    """The PDF's text without any whitespace, so line wrapping inside table cells does not matter."""
    out = subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    return "".join(out.split())


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def ombudsman(db):
    services.ensure_shipped_instruments()
    return InstrumentVersion.objects.get(code="ombudsman-2022-2024")


@pytest.fixture
def assessment_a(tree, ombudsman, operator_unit_a):
    a = services.assessment_open(actor=operator_unit_a, unit=tree.pkm_a, instrument=ombudsman, year=2026)
    for i, answer in enumerate(a.answers.filter(prefill_score=None).order_by("id")):
        if i % 3:  # some indicators stay unanswered
            services.answer_set(actor=operator_unit_a, answer=answer, score=i % 4)
    return a


def get_pdf(client, user, assessment):
    client.force_login(user)
    return client.get(reverse("assessments:pdf", args=[assessment.pk]))


@needs_poppler
def test_it_renders_the_assessment_with_every_indicator_reason_and_warning(
    client, tree, assessment_a, operator_unit_a
):
    response = get_pdf(client, operator_unit_a, assessment_a)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    a = assessment_a
    assert (
        f'filename="penilaian-{a.unit.code}-{a.instrument.code}-{a.year}-rev{a.revision}.pdf"'
        in response["Content-Disposition"]
    )
    text = pdf_text(response.content)
    result = services.result_of(a)
    assert squeeze(tree.pkm_a.name) in text
    # Signature block: the unit head and the city of the root unit ("Pemerintah Kota Uji" signs in "Uji").
    assert squeeze(f"Kepala {tree.pkm_a.name}") in text and "Uji," in text and "KetuaTimMonev" in text
    assert squeeze(a.instrument.title) in text and a.instrument.sha256[:12] in text
    assert squeeze(result.reason) in text
    for line in result.indicators:
        assert squeeze(line.reason) in text, line.code
    for dim in result.dimensions:
        assert squeeze(dim.reason) in text, dim.code
    assert result.warnings
    for warning in result.warnings:
        assert squeeze(warning) in text


@needs_poppler
def test_it_explains_indicators_prefilled_from_sewaka_data_and_argued_ones(client, tree, operator_unit_a):
    services.ensure_shipped_instruments()
    pekppp = InstrumentVersion.objects.get(code="pekppp-2023")
    a = services.assessment_open(actor=operator_unit_a, unit=tree.pkm_a, instrument=pekppp, year=2026)
    prefilled = list(a.answers.exclude(prefill_score=None))
    assert prefilled
    argued = prefilled[0]
    services.answer_set(
        actor=operator_unit_a,
        answer=argued,
        score=argued.prefill_score + 1,
        note="Maklumat ditandatangani 2 Januari 2026",
        evidence_link="https://example.test/maklumat.pdf",
    )
    text = pdf_text(get_pdf(client, operator_unit_a, a).content)
    for answer in prefilled:
        assert squeeze(answer.prefill_reason) in text, answer.indicator
    assert squeeze("Disanggah unit dengan bukti") in text and squeeze("Dari data Sewaka") in text
    assert squeeze("Maklumat ditandatangani 2 Januari 2026") in text


@needs_poppler
def test_it_shows_arguments_monev_verification_evidence_and_linked_visits(
    client, tree, assessment_a, operator_unit_a, tim_monev
):
    answer = assessment_a.answers.filter(prefill_score=None).order_by("id").first()
    services.answer_set(
        actor=operator_unit_a,
        answer=answer,
        score=3,
        note="Pelatihan diikuti seluruh petugas loket",
        evidence_link="https://example.test/bukti/sertifikat-pelatihan.pdf",
    )
    services.answer_review(actor=tim_monev, answer=answer, score=2, note="Sertifikat hanya untuk dua petugas")
    services.visit_record(
        actor=tim_monev,
        unit=tree.pkm_a,
        visited_on=timezone.localdate() - timedelta(days=1),
        representative="Kepala Tata Usaha",
        checklist={"sp-dipampang": True, "maklumat-dipampang": False},
        notes="Ruang tunggu bersih",
        findings=[("Pasang maklumat pelayanan di ruang tunggu", timezone.localdate() + timedelta(days=30))],
        assessment=assessment_a,
    )
    text = pdf_text(get_pdf(client, operator_unit_a, assessment_a).content)
    for expected in (
        "Pelatihan diikuti seluruh petugas loket",
        "Sertifikat hanya untuk dua petugas",
        "https://example.test/bukti/sertifikat-pelatihan.pdf",
        "Kepala Tata Usaha",
        "Ruang tunggu bersih",
        "Standar pelayanan dipampang di lokasi pelayanan",  # checklist item text, not its code
        "Pasang maklumat pelayanan di ruang tunggu",
    ):
        assert squeeze(expected) in text, expected
    # The verified score is the one counted.
    assert services.result_of(assessment_a).line(answer.indicator).answer == 2


@needs_poppler
def test_a_draft_carries_the_draft_mark_and_a_final_one_does_not(client, assessment_a, operator_unit_a):
    assert squeeze("DRAF — belum final") in pdf_text(get_pdf(client, operator_unit_a, assessment_a).content)
    services.assessment_finalise(actor=operator_unit_a, assessment=assessment_a)
    text = pdf_text(get_pdf(client, operator_unit_a, assessment_a).content)
    assert "DRAF" not in text and squeeze("Final (dibekukan)") in text


def test_it_answers_404_to_another_units_operator(client, assessment_a, operator_unit_b):
    assert get_pdf(client, operator_unit_b, assessment_a).status_code == 404
    client.force_login(operator_unit_b)
    assert client.get(reverse("assessments:pdf", args=[999999])).status_code == 404


def test_it_requires_login(client, assessment_a):
    for url in (reverse("assessments:pdf", args=[assessment_a.pk]), reverse("assessments:readiness_xlsx")):
        assert client.get(url).status_code == 302


# --- Readiness workbook ---------------------------------------------------------------------------------


def workbook(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("assessments:readiness_xlsx"), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)), response


def table(sheet) -> list[dict]:
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "No")
    header = rows[start]
    return [dict(zip(header, row, strict=False)) for row in rows[start + 1 :] if isinstance(row[0], int)]


@pytest.fixture
def two_units(tree, ombudsman, assessment_a, operator_unit_b):
    b = services.assessment_open(actor=operator_unit_b, unit=tree.pkm_b, instrument=ombudsman, year=2026)
    for answer in b.answers.filter(prefill_score=None):
        services.answer_set(actor=operator_unit_b, answer=answer, score=3)
    return assessment_a, b


def test_the_workbook_has_one_ranked_row_per_unit_with_the_forecast(
    client, two_units, admin_pemda, ombudsman
):
    wb, response = workbook(client, admin_pemda, instrument=ombudsman.pk, year=2026)
    assert f"kesiapan-{ombudsman.code}-2026.xlsx" in response["Content-Disposition"]
    sheet = wb["Kesiapan"]
    rows = table(sheet)
    forecasts = {a.unit.name: services.predicted(a) for a in two_units}
    ranked = sorted(forecasts, key=lambda name: -forecasts[name].total)
    assert [r["Unit"] for r in rows] == ranked and [r["No"] for r in rows] == [1, 2]
    numbers = indicator_numbers(services.parsed(ombudsman))  # the workbook names no internal key
    costly = {
        r["unit"].name: [numbers[line.code] for _lost, line in r["losses"]]
        for r in selectors.readiness(user=admin_pemda, instrument=ombudsman, year=2026)["rows"]
    }
    for row in rows:
        forecast = forecasts[row["Unit"]]
        assert row["Prediksi"] == pytest.approx(float(forecast.total))
        assert row["Kategori"] == forecast.category and row["Zona"] == forecast.zone
        assert row["Di bawah zona hijau"] == ("Tidak" if forecast.zone == "hijau" else "Ya")
        cell = row["Indikator paling mengurangi nilai (poin hilang)"] or ""
        assert [line.split(" — ")[0] for line in cell.splitlines()] == costly[row["Unit"]]
    assert any(costly.values())
    predicted_col = next(c.column for c in sheet[7] if c.value == "Prediksi")
    assert sheet.cell(8, predicted_col).number_format == "0.00"
    assert sheet["B2"].value.startswith(ombudsman.title) and sheet["B3"].value == 2026


def test_the_workbook_is_scoped_and_follows_the_page_defaults(client, two_units, operator_unit_a):
    wb, response = workbook(client, operator_unit_a)  # no parameters: the page's defaults
    year = timezone.localdate().year
    assert f"kesiapan-ombudsman-2022-2024-{year}.xlsx" in response["Content-Disposition"]
    wb, _response = workbook(client, operator_unit_a, instrument=two_units[0].instrument.pk, year=2026)
    assert [r["Unit"] for r in table(wb["Kesiapan"])] == ["Puskesmas A"]


def test_the_calibration_sheet_compares_with_official_results(client, two_units, admin_pemda, tree):
    a, _b = two_units
    forecast = services.predicted(a)
    services.official_result_record(
        actor=admin_pemda,
        unit=tree.pkm_a,
        scheme="ombudsman",
        year=2026,
        score=Decimal("80.00"),
        category="B",
    )
    wb, _response = workbook(client, admin_pemda, instrument=a.instrument.pk, year=2026)
    row = next(r for r in table(wb["Kesiapan"]) if r["Unit"] == "Puskesmas A")
    assert row["Nilai resmi"] == 80 and row["Kategori resmi"] == "B"
    assert row["Selisih (prediksi − resmi)"] == pytest.approx(float(forecast.total - Decimal("80.00")))
    calib = {r[0]: r[1] for r in wb["Kalibrasi"].iter_rows(values_only=True) if r and r[0]}
    assert calib["Rata-rata selisih mutlak (MAE)"] == pytest.approx(float(abs(forecast.total - 80)))
    assert calib["Kesesuaian kategori"] == (1 if forecast.category == "B" else 0)


def test_the_readiness_page_links_the_workbook_for_its_instrument_and_year(client, two_units, admin_pemda):
    client.force_login(admin_pemda)
    instrument = two_units[0].instrument
    page = client.get(reverse("assessments:readiness"), {"instrument": instrument.pk, "year": 2026})
    url = reverse("assessments:readiness_xlsx")
    assert f"{url}?instrument={instrument.pk}&amp;year=2026" in page.content.decode()
