"""Reading a table from an uploaded xlsx or csv file: (headers, rows with their line numbers).

Used by every import (SKM answers, official results). A file that cannot be read as a whole raises
`TableFileError` with a message for the user; rows are returned as read, parsing is the caller's. A file
object is read as a stream (csv row by row, xlsx in openpyxl's read-only mode): an import of 100 000
rows never holds the file, or its rows, in memory whole.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import zipfile
from collections.abc import Iterator
from typing import BinaryIO

from openpyxl import load_workbook


class TableFileError(ValueError):
    """The file as a whole cannot be read (not a spreadsheet, broken, empty)."""


def read_table(source: bytes | BinaryIO, filename: str) -> tuple[list[str], Iterator[tuple[int, list]]]:
    """(headers, iterator of (line number, cells)) for an xlsx or csv file.

    `source` is the file's bytes or a binary file object open for reading; a file object is read as a
    stream (csv row by row, xlsx in openpyxl's read-only mode), so a file of 100 000 rows is never held in
    memory whole. The rows must be consumed while the file is open.
    """
    stream = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source
    head = stream.read(4096)
    stream.seek(0)
    name = filename.lower()
    if head.startswith(b"PK\x03\x04") or name.endswith(".xlsx"):
        return _read_xlsx(stream)
    if name.endswith((".xls", ".ods")):
        raise TableFileError("Format .xls/.ods lama belum didukung. Simpan ulang sebagai .xlsx atau .csv.")
    return _read_csv(stream, head)


def estimate_rows(stream: BinaryIO, filename: str) -> int:
    """About how many data rows the file has, cheaply (for a progress bar; the analysis counts them
    exactly): the csv's line breaks, or the xlsx sheet's declared dimension. The stream is rewound."""
    try:
        head = stream.read(4)
        stream.seek(0)
        if head.startswith(b"PK\x03\x04") or filename.lower().endswith(".xlsx"):
            try:
                sheet = load_workbook(stream, read_only=True, data_only=True).worksheets[0]
                return max(0, (sheet.max_row or 1) - 1)
            except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError):
                return 0
        lines = 0
        while chunk := stream.read(1 << 20):
            lines += chunk.count(b"\n")
        return max(0, lines - 1)
    finally:
        stream.seek(0)


def _read_xlsx(stream: BinaryIO):
    try:
        wb = load_workbook(stream, read_only=True, data_only=True)
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


def _encoding(stream: BinaryIO) -> str:
    """utf-8-sig when the whole file decodes as UTF-8, else cp1252 (checked in 1 MB chunks)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        while chunk := stream.read(1 << 20):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "cp1252"
    finally:
        stream.seek(0)


class _KeepOpen(io.RawIOBase):
    """The caller's file seen through a text wrapper that may be closed (or collected) early: closing it
    must not close the caller's file, which the caller still reads or stores."""

    def __init__(self, stream: BinaryIO):
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _read_csv(stream: BinaryIO, head: bytes):
    if b"\x00" in head:
        raise TableFileError(
            "Berkas ini bukan CSV atau Excel (.xlsx). Unggah ekspor Google Forms, .xlsx atau .csv."
        )
    text = io.TextIOWrapper(io.BufferedReader(_KeepOpen(stream)), encoding=_encoding(stream), newline="")
    first = text.readline()
    line_one = first.split("\n", 1)[0]
    delimiter = (
        ";"
        if line_one.count(";") > line_one.count(",")
        else ("\t" if line_one.count("\t") > line_one.count(",") else ",")
    )
    reader = csv.reader(itertools.chain([first], text), delimiter=delimiter)
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
