"""Exports of assessments: a unit's assessment as PDF, the city's readiness table as Excel.

Documents are official papers in Indonesian: they render with Indonesian active whatever the UI language
(model labels included), and their templates hold plain Indonesian text like the other `docs/` templates.
Like the project's other exports, downloads are not audited (they change nothing).
"""

from __future__ import annotations

import io
from decimal import Decimal
from fractions import Fraction

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from sewaka.core.downloads import file_response
from sewaka.core.spreadsheet import append
from sewaka.reports.exports.pdf import document_number, render_pdf
from sewaka.reports.exports.xlsx import ReadinessSheetRow, readiness_workbook

from . import selectors, services
from .forecast import method_years
from .forms import ReadinessForm, readiness_filters
from .labels import indicator_numbers
from .models import AssessmentStatus, EvidenceKind, InstrumentVersion
from .scoring.engine import InstrumentError, round_value

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(data: bytes, content_type: str, filename: str) -> HttpResponse:
    return file_response(data, filename=filename, content_type=content_type)


def _dec(value: Fraction | Decimal | None, places: int = 2) -> Decimal | None:
    return None if value is None else round_value(value, places)


def _visits(assessment) -> list[dict]:
    try:
        items = {i.code: i.text for i in services.parsed_code("monev-denpasar").indicators}
    except (InstrumentVersion.DoesNotExist, InstrumentError):  # only the item texts are lost
        items = {}
    return selectors.visits_of(assessment, item_texts=items)


def assessment_document_context(assessment, *, base_url: str = "") -> dict:
    """Everything the assessment PDF shows; `base_url` makes relative evidence links absolute."""
    instrument = services.parsed(assessment.instrument)
    result = services.result_of(assessment)
    answers = selectors.answers_by_indicator(assessment)
    lines = {line.code: line for line in result.indicators}
    dim_lines = {d.code: d for d in result.dimensions}
    dims = []
    for dimension in instrument.dimensions:
        line = dim_lines.get(dimension.code)
        dims.append(
            {
                "dimension": dimension,
                "line": line,
                "weight": _dec(line.weight if line else dimension.weight),
                "weight_doubtful": dimension.weight_provenance.doubtful,
                "score": _dec(line.score) if line else None,
                "contribution": _dec(line.contribution) if line else None,
                "rows": [
                    {"indicator": ind, "answer": answers.get(ind.code), "line": lines.get(ind.code)}
                    for ind in dimension.indicators
                ],
            }
        )
    kinds = dict(EvidenceKind.choices)
    evidence = []
    for item in selectors.evidence_list(assessment):
        url = str(item.get("url") or "")
        evidence.append(
            {
                **item,
                "kind_label": str(kinds.get(item.get("kind"), item.get("kind") or "–")),
                "url": base_url.rstrip("/") + url if url.startswith("/") and base_url else url,
            }
        )
    final = assessment.status == AssessmentStatus.FINAL
    sign_date = (
        timezone.localtime(assessment.finalised_at).date()
        if final and assessment.finalised_at
        else timezone.localdate()
    )
    sha = assessment.snapshot.get("instrument_sha256") if final else None
    return {
        "a": assessment,
        "unit": assessment.unit,
        "instrument": instrument,
        "sha_short": (sha or assessment.instrument.sha256)[:12],
        "is_draft": not final,
        "result": result,
        "dims": dims,
        "weights_doubtful": any(d["weight_doubtful"] for d in dims),
        "evidence": evidence,
        "visits": _visits(assessment),
        "numbers": indicator_numbers(instrument),
        "doc_number": document_number("LPM", unit=assessment.unit, serial=assessment.pk, on=sign_date),
        "doc_date": sign_date,
        "generated": timezone.now(),
    }


@login_required
def assessment_pdf(request, pk):
    """A unit's assessment as an A4 PDF: answers and their sources, Monev verification, evidence, visits,
    the result with its reasons and a signature block; a draft is marked on every page."""
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    # Same figures as the detail page, which refreshes the pre-filled indicators of a draft on view.
    services.assessment_refresh_prefill(assessment=assessment)
    with translation.override("id"):
        context = assessment_document_context(assessment, base_url=request.build_absolute_uri("/"))
        pdf = render_pdf(
            "assessments/docs/assessment.html",
            context,
            mark="DRAF" if context["is_draft"] else "",
            mark_note=(
                "belum final. Penilaian ini masih dapat diubah; nilai dan kategori di bawah adalah prediksi "
                "saat dokumen dicetak."
            ),
        )
    name = (
        f"penilaian-{assessment.unit.code}-{assessment.instrument.code}-"
        f"{assessment.year}-rev{assessment.revision}.pdf"
    )
    return _file(pdf, "application/pdf", name)


def readiness_rows(data: dict) -> list:
    """`selectors.readiness` data as plain workbook rows."""
    rows = []
    numbers = indicator_numbers(data["instrument"])  # people read "2.3", never a key like "proses.k03"
    for rank, r in enumerate(data["rows"], start=1):
        a, result, official = r["assessment"], r["result"], r["official"]
        official_score = official.score if official else None
        rows.append(
            ReadinessSheetRow(
                rank=rank,
                unit=r["unit"].name,
                revision=f"rev. {a.revision} · {a.get_status_display()}",
                predicted=result.total,
                category=result.category or "",
                label=result.label or "",
                zone=result.zone or "",
                below_green=r["below_green"],
                losses=tuple(
                    (numbers.get(line.code, line.code), line.text, _dec(lost)) for lost, line in r["losses"]
                ),
                open_followups=r["open_followups"],
                official_score=official_score,
                official_category=official.category if official else "",
                difference=(
                    result.total - official_score
                    if result.total is not None and official_score is not None
                    else None
                ),
            )
        )
    return rows


@login_required
def readiness_xlsx(request):
    """The readiness table (same instrument, year and defaults as the page) as an Excel workbook."""
    form = ReadinessForm(request.GET or None, instruments=selectors.instruments())
    if form.is_valid():
        instrument, year = form.cleaned_data["instrument"], form.cleaned_data["year"]
    else:
        instrument, year = (
            selectors.instrument_by_code("ombudsman-2022-2024"),
            timezone.localdate().year,
        )
    if instrument is None:
        raise Http404
    with translation.override("id"):
        data = selectors.readiness(user=request.user, instrument=instrument, year=year)
        workbook = readiness_workbook(
            title=f"Kesiapan menghadapi penilaian {year}",
            instrument=f"{instrument.title} ({instrument.code})",
            year=year,
            generated=timezone.localdate(),
            rows=readiness_rows(data),
            mae=data["mae"],
            agreement=data["agreement"],
            paired=len(data["paired"]),
        )
    return _file(workbook, XLSX_TYPE, f"kesiapan-{instrument.code}-{year}.xlsx")


FORECAST_COLUMNS = (
    ("No.", 5),
    ("Unit", 40),
    ("Jenis unit", 16),
    ("Perangkat daerah", 36),
    ("Prakiraan (indikator tanpa bukti = 0)", 14),
    ("Zona", 10),
    ("Kategori", 22),
    ("Nilai terbaik (indikator tanpa bukti = penuh)", 14),
    ("Zona terbaik", 10),
    ("Indikator diputuskan data", 12),
    ("Jumlah indikator", 12),
    ("Bagian bobot diputuskan (%)", 12),
    ("Penilaian mandiri", 12),
    ("Zona penilaian mandiri", 12),
    ("Indikator belum penuh (nilai, alasan)", 70),
    ("Indikator tanpa bukti dan yang perlu dilakukan", 70),
)


@login_required
def readiness_forecast_xlsx(request):
    """The forecast table of every unit, with the page's filters, as an Excel workbook (values only)."""
    _form, filters = readiness_filters(request)
    instrument, year = filters["instrument"], filters["year"]
    if instrument is None:
        raise Http404
    rows = selectors.readiness_forecast(
        user=request.user,
        instrument=instrument,
        year=year,
        kind=filters["kind"],
        agency=filters["agency"],
        zone=filters["zone"],
    )
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Prakiraan"
    append(sheet, [f"Prakiraan kesiapan penilaian {year} dari data Sewaka (bukan hasil resmi)"])
    sheet["A1"].font = Font(bold=True, size=13)
    append(sheet, ["Instrumen", f"{instrument.title} (metode {method_years(services.parsed(instrument))})"])
    append(sheet, ["Tahun data", year])
    append(sheet, ["Dibuat", timezone.localdate()])
    sheet["B3"].alignment = sheet["B4"].alignment = Alignment(horizontal="left")
    sheet["B4"].number_format = "dd-mm-yyyy"
    append(
        sheet,
        [
            "Indikator yang tidak dapat diputuskan dari data Sewaka dihitung 0 (prakiraan); nilai terbaik "
            "menghitungnya penuh. Instrumen tanpa rentang kategori resmi: tanpa zona."
        ],
    )
    append(sheet, [])
    header = 7
    append(sheet, [label for label, _w in FORECAST_COLUMNS])
    for c in sheet[header]:
        c.font = Font(bold=True)
        c.alignment = Alignment(wrap_text=True, vertical="top")
    for rank, r in enumerate(rows, start=1):
        append(
            sheet,
            [
                rank,
                r.unit.name,
                r.kind_label,
                r.agency.name if r.agency else "",
                r.score,
                r.zone or "",
                r.category_label or "",
                r.best,
                r.zone_best or "",
                r.decided,
                r.total,
                r.decided_weight,
                r.self_score,
                r.self_zone or "",
                "\n".join(f"{g.number} {g.text}: nilai {g.score}. {g.reason}" for g in r.low),
                "\n".join(f"{g.number} {g.text}: {g.todo}" for g in r.undecided),
            ],
        )
    for i, (_label, width) in enumerate(FORECAST_COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(row=header, column=i).column_letter].width = width
    for row in sheet.iter_rows(min_row=header + 1, max_row=header + len(rows)):
        for c in row[14:16]:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = sheet.cell(row=header + 1, column=3)
    buffer = io.BytesIO()
    wb.save(buffer)
    return _file(buffer.getvalue(), XLSX_TYPE, f"prakiraan-{instrument.code}-{year}.xlsx")
