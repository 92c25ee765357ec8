"""Excel exports fed plain rows. The SKM workbook recomputes NRR and IKM with live formulas; the readiness
workbook ranks units by predicted assessment score."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from sewaka.core.spreadsheet import Formula, append


@dataclass(frozen=True)
class SkmSheetRow:
    number: int
    submitted: str
    service: str
    source: str
    answers: Sequence[int | None]  # in the order of `unsur` below


HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")


def skm_workbook(
    *,
    title: str,
    unsur: Sequence[tuple[str, str]],
    rows: Sequence[SkmSheetRow],
    excluded: Sequence[SkmSheetRow] = (),
) -> bytes:
    """Sheet "Jawaban" holds the counted answers; sheet "IKM" recomputes everything with formulas.

    `unsur` is [(key, label)]; answers are addressed by column, which follows `unsur` (never a fixed order).
    """
    wb = Workbook()
    raw = wb.active
    raw.title = "Jawaban"
    first_answer_col = 5
    append(raw, ["No", "Waktu (WITA)", "Layanan", "Sumber", *[key for key, _ in unsur]])
    for cell in raw[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for row in rows:
        append(raw, [row.number, row.submitted, row.service, row.source, *row.answers])
    last = max(2, len(rows) + 1)
    raw.freeze_panes = "A2"
    for col in range(1, first_answer_col + len(unsur)):
        raw.column_dimensions[get_column_letter(col)].width = 14 if col >= first_answer_col else 22

    sheet = wb.create_sheet("IKM")
    append(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    append(sheet, ["Unsur", "Kunci", "Jumlah nilai", "Jumlah penjawab", "NRR", "NRR × 25", "Mutu"])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    start = 4
    for i, (key, label) in enumerate(unsur):
        r = start + i
        col = get_column_letter(first_answer_col + i)
        rng = f"Jawaban!{col}2:{col}{last}"
        append(
            sheet,
            [
                label,
                key,
                Formula(f"=SUM({rng})"),
                Formula(f"=COUNT({rng})"),
                Formula(f'=IF(D{r}=0,"",AVERAGE({rng}))'),
                Formula(f'=IF(E{r}="","",ROUND(E{r}*25,2))'),
                Formula(f'=IF(F{r}="","",IF(F{r}>=88.31,"A",IF(F{r}>=76.61,"B",IF(F{r}>=65,"C","D"))))'),
            ],
        )
    end = start + len(unsur) - 1
    total_row = end + 2
    sheet.append([])
    append(
        sheet,
        [
            "IKM",
            "",
            "",
            Formula(f"=COUNTA(Jawaban!A2:A{last})"),
            Formula(f'=IF(COUNTBLANK(E{start}:E{end})>0,"",AVERAGE(E{start}:E{end}))'),
            Formula(f'=IF(E{total_row}="","",ROUND(E{total_row}*25,2))'),
            Formula(
                f'=IF(F{total_row}="","",IF(F{total_row}>=88.31,"A",IF(F{total_row}>=76.61,"B",IF(F{total_row}>=65,"C","D"))))'
            ),
        ],
    )
    for cell in sheet[total_row]:
        cell.font = Font(bold=True)
    sheet.append([])
    sheet.append(
        [
            "Rumus: NRR = jumlah nilai ÷ jumlah penjawab unsur itu; IKM = rata-rata sembilan NRR × 25 (bobot 1/9)."
        ]
    )
    sheet.append(["Mutu: A 88,31–100; B 76,61–88,30; C 65,00–76,60; D 25,00–64,99 (PermenPANRB 14/2017)."])
    sheet.column_dimensions["A"].width = 42
    for letter in "BCDEFG":
        sheet.column_dimensions[letter].width = 16
    for row in sheet.iter_rows(min_row=start, max_row=total_row, min_col=5, max_col=6):
        for cell in row:
            cell.number_format = "0.00"
            cell.alignment = Alignment(horizontal="right")

    if excluded:
        out = wb.create_sheet("Dikeluarkan")
        append(out, ["No", "Waktu (WITA)", "Layanan", "Sumber", *[key for key, _ in unsur]])
        for row in excluded:
            append(out, [row.number, row.submitted, row.service, row.source, *row.answers])
    wb.active = 1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


IKM_CELL = ("IKM", "F")  # sheet and column of the IKM in the "IKM" row


@dataclass(frozen=True)
class ReadinessSheetRow:
    rank: int
    unit: str
    revision: str  # "rev. 2 · Final (dibekukan)"
    predicted: Decimal | None
    category: str
    label: str
    zone: str
    below_green: bool
    losses: Sequence[tuple[str, str, Decimal]]  # (indicator code, text, points lost), costliest first
    open_followups: int
    official_score: Decimal | None
    official_category: str
    difference: Decimal | None  # predicted − official


READINESS_COLUMNS = (
    ("No", 11),
    ("Unit", 34),
    ("Revisi/status", 22),
    ("Prediksi", 11),
    ("Kategori", 10),
    ("Predikat", 20),
    ("Zona", 10),
    ("Di bawah zona hijau", 12),
    ("Indikator paling mengurangi nilai (poin hilang)", 70),
    ("Tindak lanjut terbuka", 12),
    ("Nilai resmi", 11),
    ("Kategori resmi", 16),
    ("Selisih (prediksi − resmi)", 13),
)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def _points(value: Decimal) -> str:
    return format(value, "f").replace(".", ",")


def _fit_height(sheet, row: int, widths: Sequence[float]) -> None:
    """Row height for wrapped text (spreadsheet programs do not always grow rows written by openpyxl)."""
    lines = 1
    for cell, width in zip(sheet[row], widths, strict=False):
        if isinstance(cell.value, str):
            chars = max(1, int(width) - 1)
            lines = max(lines, sum(len(textwrap.wrap(part, chars)) or 1 for part in cell.value.split("\n")))
    sheet.row_dimensions[row].height = 15 * lines


def _header_row(sheet, row: int) -> None:
    for cell in sheet[row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def readiness_workbook(
    *,
    title: str,
    instrument: str,
    year: int,
    generated: date,
    rows: Sequence[ReadinessSheetRow],
    mae: Decimal | None,
    agreement: int | None,
    paired: int,
) -> bytes:
    """Sheet "Kesiapan": a header block, then one row per unit in rank order (numbers as number cells).
    Sheet "Kalibrasi": mean absolute error and category agreement against official results."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Kesiapan"
    append(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=13)
    append(sheet, ["Instrumen", instrument])
    sheet.append(["Tahun", year])
    sheet.append(["Dibuat", generated])
    sheet["B3"].alignment = Alignment(horizontal="left")
    sheet["B4"].number_format = "dd-mm-yyyy"
    sheet["B4"].alignment = Alignment(horizontal="left")
    sheet.append(
        [
            "Prediksi dari penilaian mandiri terbaru tiap unit; indikator yang belum diisi dihitung nilai terendah."
        ]
    )
    sheet.append([])
    header = 7
    sheet.append([label for label, _width in READINESS_COLUMNS])
    _header_row(sheet, header)
    for row in rows:
        append(
            sheet,
            [
                row.rank,
                row.unit,
                row.revision,
                row.predicted,
                row.category,
                row.label,
                row.zone,
                "Ya" if row.below_green else "Tidak",
                "\n".join(f"{code} — {text} ({_points(lost)} poin)" for code, text, lost in row.losses),
                row.open_followups,
                row.official_score,
                row.official_category,
                row.difference,
            ],
        )
    for r in sheet.iter_rows(min_row=header + 1, max_row=header + len(rows)):
        for cell in r:
            cell.alignment = WRAP_TOP
        for cell in (r[3], r[10]):
            cell.number_format = "0.00"
        r[12].number_format = "+0.00;-0.00;0.00"
    if not rows:
        sheet.append(["Belum ada penilaian mandiri untuk instrumen dan tahun ini."])
    widths = [width for _label, width in READINESS_COLUMNS]
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    for r in range(header, header + len(rows) + 1):
        _fit_height(sheet, r, widths)
    sheet.freeze_panes = f"C{header + 1}"
    sheet.print_title_rows = f"{header}:{header}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if rows:
        sheet.auto_filter.ref = f"A{header}:{get_column_letter(len(READINESS_COLUMNS))}{header + len(rows)}"

    calib = wb.create_sheet("Kalibrasi")
    calib.append(["Kalibrasi: prediksi dibanding hasil resmi"])
    calib["A1"].font = Font(bold=True, size=13)
    append(calib, ["Instrumen", instrument])
    calib.append(["Tahun", year])
    calib["B3"].alignment = Alignment(horizontal="left")
    calib.append([])
    calib.append(["Rata-rata selisih mutlak (MAE)", mae if mae is not None else "–"])
    calib.append(["Kesesuaian kategori", agreement / 100 if agreement is not None else "–"])
    calib.append(["Unit dengan prediksi dan nilai resmi", paired])
    calib["B5"].number_format = "0.00"
    calib["B6"].number_format = "0%"
    for r in range(5, 8):
        calib.cell(r, 2).alignment = Alignment(horizontal="right")
    official = [row for row in rows if row.official_score is not None or row.official_category]
    calib.append([])
    if official:
        calib.append(["Unit", "Prediksi", "Nilai resmi", "Selisih", "Kategori prediksi", "Kategori resmi"])
        _header_row(calib, calib.max_row)
        for row in official:
            append(
                calib,
                [
                    row.unit,
                    row.predicted,
                    row.official_score,
                    row.difference,
                    row.category,
                    row.official_category,
                ],
            )
            for cell in calib[calib.max_row][1:3]:
                cell.number_format = "0.00"
            calib.cell(calib.max_row, 4).number_format = "+0.00;-0.00;0.00"
    else:
        calib.append(["Belum ada unit dengan hasil resmi pada tahun ini."])
    calib.column_dimensions["A"].width = 40
    for letter in "BCDEF":
        calib.column_dimensions[letter].width = 18

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def official_results_template(
    *, headers: Sequence[str], example: Sequence, units: Sequence[tuple[str, str]]
) -> bytes:
    """The import template of official Ombudsman/PEKPPP results: a header row, one example row (italic),
    lists for the scheme (column B) and the zone (column F), and a second sheet with the unit codes the
    user may record for. Every cell is written through `core.spreadsheet.append` (no formula)."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Hasil resmi"
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    append(sheet, list(example))
    sheet["D2"].number_format = "0.00"
    for cell in sheet[2]:
        cell.font = Font(italic=True)
    for column, width in zip("ABCDEFGH", (22, 14, 8, 10, 18, 10, 40, 50), strict=True):
        sheet.column_dimensions[column].width = width
    schemes = DataValidation(type="list", formula1='"Ombudsman,PEKPPP"', allow_blank=False)
    zones = DataValidation(type="list", formula1='"hijau,kuning,merah"', allow_blank=True)
    sheet.add_data_validation(schemes)
    sheet.add_data_validation(zones)
    schemes.add("B2:B2001")
    zones.add("F2:F2001")
    sheet.freeze_panes = "A2"
    codes = wb.create_sheet("Kode unit")
    codes.append(["kode unit", "nama unit"])
    for cell in codes[1]:
        cell.font = Font(bold=True)
    for code, name in units:
        append(codes, [code, name])
    codes.column_dimensions["A"].width = 24
    codes.column_dimensions["B"].width = 60
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
