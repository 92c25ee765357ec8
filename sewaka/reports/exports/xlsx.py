"""Excel exports fed plain rows. The SKM workbook recomputes NRR and IKM with live formulas."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter


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
    raw.append(["No", "Waktu (WITA)", "Layanan", "Sumber", *[key for key, _ in unsur]])
    for cell in raw[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for row in rows:
        raw.append([row.number, row.submitted, row.service, row.source, *row.answers])
    last = max(2, len(rows) + 1)
    raw.freeze_panes = "A2"
    for col in range(1, first_answer_col + len(unsur)):
        raw.column_dimensions[get_column_letter(col)].width = 14 if col >= first_answer_col else 22

    sheet = wb.create_sheet("IKM")
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(["Unsur", "Kunci", "Jumlah nilai", "Jumlah penjawab", "NRR", "NRR × 25", "Mutu"])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    start = 4
    for i, (key, label) in enumerate(unsur):
        r = start + i
        col = get_column_letter(first_answer_col + i)
        rng = f"Jawaban!{col}2:{col}{last}"
        sheet.append(
            [
                label,
                key,
                f"=SUM({rng})",
                f"=COUNT({rng})",
                f'=IF(D{r}=0,"",AVERAGE({rng}))',
                f'=IF(E{r}="","",ROUND(E{r}*25,2))',
                f'=IF(F{r}="","",IF(F{r}>=88.31,"A",IF(F{r}>=76.61,"B",IF(F{r}>=65,"C","D"))))',
            ]
        )
    end = start + len(unsur) - 1
    total_row = end + 2
    sheet.append([])
    sheet.append(
        [
            "IKM",
            "",
            "",
            f"=COUNTA(Jawaban!A2:A{last})",
            f'=IF(COUNTBLANK(E{start}:E{end})>0,"",AVERAGE(E{start}:E{end}))',
            f'=IF(E{total_row}="","",ROUND(E{total_row}*25,2))',
            f'=IF(F{total_row}="","",IF(F{total_row}>=88.31,"A",IF(F{total_row}>=76.61,"B",IF(F{total_row}>=65,"C","D"))))',
        ]
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
        out.append(["No", "Waktu (WITA)", "Layanan", "Sumber", *[key for key, _ in unsur]])
        for row in excluded:
            out.append([row.number, row.submitted, row.service, row.source, *row.answers])
    wb.active = 1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


IKM_CELL = ("IKM", "F")  # sheet and column of the IKM in the "IKM" row
