"""The exported workbook recomputes the IKM by itself: LibreOffice recalculates it and it matches the page."""

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sewaka.surveys import ikm
from sewaka.surveys.selectors import period_results
from sewaka.surveys.tests.factories import make_period, make_response

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

# Always recalculate OOXML files on load (LibreOffice's default is to trust cached values).
RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def recalculate(xlsx: Path, workdir: Path) -> Path:
    """Open with LibreOffice headless in its own profile, recalculate, save as xlsx with cached values."""
    profile = workdir / "lo-profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_PROFILE)
    out = workdir / "out"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / xlsx.name


@pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice not installed: `make test` installs libreoffice-calc-nogui"
)
def test_libreoffice_recomputes_the_same_ikm_as_the_page(client, tree, tmp_path, operator_unit_a):
    period = make_period(tree.pkm_a)
    patterns = [
        {
            "persyaratan": 4,
            "prosedur": 3,
            "waktu": 2,
            "biaya": 4,
            "produk": 3,
            "kompetensi": 3,
            "perilaku": 4,
            "pengaduan": 2,
            "sarana": 3,
        },
        {
            "persyaratan": 3,
            "prosedur": 3,
            "waktu": 3,
            "biaya": 4,
            "produk": 4,
            "kompetensi": 4,
            "perilaku": 4,
            "pengaduan": 3,
            "sarana": None,
        },
        {
            "persyaratan": 2,
            "prosedur": 4,
            "waktu": 1,
            "biaya": 3,
            "produk": 3,
            "kompetensi": 2,
            "perilaku": 3,
            "pengaduan": 1,
            "sarana": 4,
        },
    ]
    for i in range(37):
        make_response(period, patterns[i % 3])
    excluded = make_response(period, dict.fromkeys(ikm.UNSUR_KEYS, 1), is_included=False)
    expected = period_results(period).result
    assert expected.ikm is not None
    # The fixture has no x.xx5 tie, so float arithmetic in the spreadsheet cannot round differently.
    assert (expected.ikm_exact * 1000) % 10 != 5

    client.force_login(operator_unit_a)
    response = client.get(reverse("surveys:period_xlsx", args=[period.pk]))
    assert response.status_code == 200
    source = tmp_path / "skm.xlsx"
    source.write_bytes(response.content)
    recalculated = recalculate(source, tmp_path)

    sheet = load_workbook(recalculated, data_only=True)["IKM"]
    values = {row[0].value: row for row in sheet.iter_rows(min_row=4) if row[0].value}
    ikm_row = values["IKM"]
    assert Decimal(str(ikm_row[5].value)).quantize(Decimal("0.01")) == expected.ikm
    assert ikm_row[6].value == expected.mutu
    assert ikm_row[3].value == 37  # excluded responses are not in the sheet
    for u in expected.unsur:
        row = values[u.label]
        assert Decimal(str(row[5].value)).quantize(Decimal("0.01")) == u.ikm_equiv, u.key
    assert excluded.pk  # kept, listed on its own sheet
    assert "Dikeluarkan" in load_workbook(recalculated).sheetnames
