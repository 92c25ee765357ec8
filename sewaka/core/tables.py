"""Reading a table from an uploaded xlsx or csv file: (headers, rows with their line numbers).

Used by every import (SKM answers, official results). A file that cannot be read as a whole raises
`TableFileError` with a message for the user; rows are returned as read, parsing is the caller's.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator

from openpyxl import load_workbook


class TableFileError(ValueError):
    """The file as a whole cannot be read (not a spreadsheet, broken, empty)."""


def read_table(data: bytes, filename: str) -> tuple[list[str], Iterator[tuple[int, list]]]:
    """(headers, iterator of (line number, cells)) for an xlsx or csv file."""
    name = filename.lower()
    if data.startswith(b"PK\x03\x04") or name.endswith(".xlsx"):
        return _read_xlsx(data)
    if name.endswith((".xls", ".ods")):
        raise TableFileError("Format .xls/.ods lama belum didukung. Simpan ulang sebagai .xlsx atau .csv.")
    return _read_csv(data)


def _read_xlsx(data: bytes):
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TableFileError(
            "Berkas ini bukan lembar kerja Excel (.xlsx) yang utuh. Periksa berkasnya."
        ) from exc
    sheet = wb.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        headers = [str(h).strip() if h is not None else "" for h in next(rows)]
    except StopIteration as exc:
        raise TableFileError("Lembar kerja pertama kosong.") from exc

    def body():
        for line, row in enumerate(rows, start=2):
            cells = list(row)
            if all(c is None or str(c).strip() == "" for c in cells):
                continue
            yield line, cells

    return headers, body()


def _read_csv(data: bytes):
    if b"\x00" in data[:4096]:
        raise TableFileError(
            "Berkas ini bukan CSV atau Excel (.xlsx). Unggah ekspor Google Forms, .xlsx atau .csv."
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first = text.split("\n", 1)[0]
    delimiter = (
        ";"
        if first.count(";") > first.count(",")
        else ("\t" if first.count("\t") > first.count(",") else ",")
    )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise TableFileError("Berkas kosong.") from exc
    if len(headers) < 2:
        raise TableFileError("Berkas tidak berbentuk tabel: baris judul kolom tidak ditemukan.")

    def body():
        try:
            for row in reader:
                if all(not c.strip() for c in row):
                    continue
                yield reader.line_num, row
        except csv.Error as exc:
            raise TableFileError(f"CSV rusak pada baris {reader.line_num}: {exc}") from exc

    return headers, body()
