"""The files open in LibreOffice with Indonesian text and typed numbers and dates (issue 19 acceptance): the
XLSX is converted by LibreOffice itself (headless, no network) to flat ODS, whose cells carry their type and
value; the CSV is opened through LibreOffice's CSV filter (UTF-8, comma) the same way."""

import re
import shutil
import subprocess
from html import unescape

import pytest

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")

CELL = re.compile(
    r'<table:table-cell[^>]*?office:value-type="(?P<type>\w+)"(?P<attrs>[^>]*)>(?P<body>.*?)</table:table-cell>',
    re.S,
)


def libreoffice_cells(
    tmp_path, name: str, content: bytes, infilter: str | None = None
) -> list[tuple[str, str, str]]:
    """(type, value attribute or "", text) of every typed cell, in document order."""
    source = tmp_path / name
    source.write_bytes(content)
    command = ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", "fods", "--outdir", str(tmp_path / "out"), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    xml = (tmp_path / "out" / (source.stem + ".fods")).read_text(encoding="utf-8")
    out = []
    for m in CELL.finditer(xml):
        value = re.search(r'office:(?:date-)?value="([^"]*)"', m["attrs"])
        text = " ".join(unescape(re.sub(r"<[^>]+>", "", m["body"])).split())
        out.append((m["type"], value.group(1) if value else "", text))
    return out


def test_libreoffice_reads_the_xlsx_with_numbers_dates_and_indonesian_text(client, data, tmp_path):
    cells = libreoffice_cells(tmp_path, "hasil-skm.xlsx", client.get("/data/hasil-skm.xlsx").content)
    assert ("float", "83.33", "83.33") in cells  # IKM, a number shown with two decimals
    assert ("float", "80", "80") in cells  # target sample
    assert any(t == "date" and v.startswith("2026-01-01") for t, v, _text in cells)
    assert ("string", "", "Semester I 2026") in cells
    services = libreoffice_cells(tmp_path, "layanan.xlsx", client.get("/data/layanan.xlsx").content)
    assert ("string", "", "Pemeriksaan Umum – Lansia") in services


def test_libreoffice_reads_the_csv_as_utf8_with_dot_decimals(client, data, tmp_path):
    # the CSV filter: comma, double quote, UTF-8 (76), from line 1, ISO dates detected, English (US) numbers
    cells = libreoffice_cells(
        tmp_path, "layanan.csv", client.get("/data/layanan.csv").content, "CSV:44,34,76,1,,1033,false,true"
    )
    assert ("string", "", "Pemeriksaan Umum – Lansia") in cells
    stats = libreoffice_cells(
        tmp_path,
        "hasil-skm.csv",
        client.get("/data/hasil-skm.csv").content,
        "CSV:44,34,76,1,,1033,false,true",
    )
    assert any(t == "float" and v == "83.33" for t, v, _text in stats)
