"""A `Table` as CSV, XLSX or JSON bytes. Decisions (docs/opendata.md):

- CSV: UTF-8 without BOM (a BOM ends up inside the first header for most machine readers; people use the
  XLSX), RFC 4180 (comma, CRLF, quotes doubled), a header row of stable snake_case keys, ISO 8601 dates,
  dot decimals, an empty field for "none / suppressed".
- XLSX: typed cells through `core.spreadsheet` (numbers are numbers, dates are dates, text that could be a
  formula stays text), Indonesian header labels, a second sheet "Keterangan" with the dataset, licence and
  column meanings.
- JSON: an object with the metadata and `rows`, a list of objects keyed like the CSV header; numbers are
  JSON numbers (decimals rounded to two places), dates ISO strings, `null` for none / suppressed.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from sewaka.core import spreadsheet

from .datasets import DATE, DECIMAL, Dataset, Table

FORMATS = ("csv", "xlsx", "json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8; header=present",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
MEDIA_TYPES = {"csv": "text/csv", "xlsx": CONTENT_TYPES["xlsx"], "json": "application/json"}


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def to_csv(table: Table) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.key for c in table.columns])
    for row in table.rows:
        writer.writerow([_plain(v) for v in row])
    return out.getvalue().encode("utf-8")


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def to_json(table: Table, meta: dict) -> bytes:
    data = {
        **meta,
        "columns": [
            {"key": c.key, "label": str(c.label), "description": str(c.meaning), "type": c.kind}
            for c in table.columns
        ],
        "rows": [
            {c.key: _json_value(v) for c, v in zip(table.columns, row, strict=True)} for row in table.rows
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def to_xlsx(dataset: Dataset, table: Table, meta: dict) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    spreadsheet.append(ws, [str(c.label) for c in table.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        spreadsheet.append(ws, row)
    for index, column in enumerate(table.columns, start=1):
        letter = ws.cell(row=1, column=index).column_letter
        fmt = {DATE: "yyyy-mm-dd", DECIMAL: "0.00"}.get(column.kind)
        if fmt:
            for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = fmt
        ws.column_dimensions[letter].width = min(max(len(str(column.label)) + 2, 12), 40)
    ws.freeze_panes = "A2"
    notes = wb.create_sheet("Keterangan")
    for label, value in (
        ("Dataset", str(dataset.title)),
        ("Keterangan", str(dataset.description)),
        ("Penerbit", meta["publisher"]),
        ("Lisensi", f"{meta['license']['name']} ({meta['license']['url']})"),
        ("Diperbarui", meta["modified"] or ""),
        ("Frekuensi pembaruan", str(dataset.frequency)),
    ):
        spreadsheet.append(notes, [label, value])
    spreadsheet.append(notes, [])
    spreadsheet.append(notes, ["Kolom", "Kode", "Arti"])
    for column in table.columns:
        spreadsheet.append(notes, [str(column.label), column.key, str(column.meaning)])
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 28
    notes.column_dimensions["C"].width = 90
    stamp = datetime(2000, 1, 1)  # fixed: the same data gives the same bytes (and ETag)
    wb.properties.created = wb.properties.modified = stamp
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None
