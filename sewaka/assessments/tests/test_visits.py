"""Tim Monev's visit read back: the unit picker, the visit page and the one-page visit report."""

import io
import shutil
import subprocess
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from sewaka.assessments import services
from sewaka.assessments.models import MonevVisit

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Makassar"))
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def _jpeg() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(out, format="JPEG")
    return SimpleUploadedFile("ruang-tunggu.jpg", out.getvalue(), content_type="image/jpeg")


def _save(name: str, data: bytes) -> None:
    import os
    from pathlib import Path

    if os.environ.get("SEWAKA_SHOTS"):
        Path(os.environ["SEWAKA_SHOTS"]).mkdir(parents=True, exist_ok=True)
        (Path(os.environ["SEWAKA_SHOTS"]) / name).write_bytes(data)


def _pages(pdf: bytes) -> int:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.fixture
def visit(tree, tim_monev):
    with time_machine.travel(NOW, tick=False):
        return services.visit_record(
            actor=tim_monev,
            unit=tree.pkm_a,
            visited_on=date(2026, 11, 23),
            representative="Kepala Tata Usaha",
            checklist={"sp-dipampang": True, "sistem-antrian": False},
            notes="Ruang tunggu bersih.",
            findings=[("Maklumat belum dipasang di ruang tunggu", date(2026, 12, 23))],
            photos=[_jpeg()],
        )


def test_the_menu_offers_catat_kunjungan_to_tim_monev_only(client, tree, tim_monev, operator_unit_a):
    client.force_login(tim_monev)
    assert reverse("assessments:visit_start") in client.get(reverse("home:home")).content.decode()
    client.force_login(operator_unit_a)
    assert reverse("assessments:visit_start") not in client.get(reverse("home:home")).content.decode()
    assert client.get(reverse("assessments:visit_start")).status_code == 403


def test_the_picker_lists_units_and_links_to_their_visit_form(client, tree, tim_monev):
    client.force_login(tim_monev)
    body = client.get(reverse("assessments:visit_start")).content.decode()
    assert reverse("assessments:visit", args=[tree.pkm_a.pk]) in body
    assert reverse("assessments:visit", args=[tree.pemda.pk]) not in body  # the pemda itself is not visited
    one = client.get(reverse("assessments:visit_start"), {"q": "Puskesmas B"})
    assert one.status_code == 302 and one["Location"] == reverse("assessments:visit", args=[tree.pkm_b.pk])


def test_saving_a_visit_opens_its_page(client, tree, tim_monev):
    client.force_login(tim_monev)
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            reverse("assessments:visit", args=[tree.pkm_a.pk]),
            {"visited_on": "2026-11-24", "representative": "Kepala TU", "due": "2026-12-24"},
        )
    visit = MonevVisit.objects.get()
    assert response["Location"] == reverse("assessments:visit_detail", args=[visit.pk])


def test_the_visit_page_reads_back_answers_findings_and_photos(
    client, tree, visit, tim_monev, operator_unit_a
):
    for user in (tim_monev, operator_unit_a):  # the unit reads its own visit
        client.force_login(user)
        body = client.get(reverse("assessments:visit_detail", args=[visit.pk])).content.decode()
        assert "Kepala Tata Usaha" in body and "Ruang tunggu bersih." in body
        assert "Standar pelayanan" in body  # checklist item text, not its key
        assert "sp-dipampang" not in body
        assert "1/2" in body
        assert "Maklumat belum dipasang di ruang tunggu" in body and "23 Desember 2026" in body
        assert "ruang-tunggu.jpg" in body
        assert reverse("assessments:visit_pdf", args=[visit.pk]) in body


def test_another_unit_cannot_read_the_visit(client, tree, visit, operator_unit_b):
    client.force_login(operator_unit_b)
    assert client.get(reverse("assessments:visit_detail", args=[visit.pk])).status_code == 404
    assert client.get(reverse("assessments:visit_pdf", args=[visit.pk])).status_code == 404
    assert client.get("/penilaian/kunjungan/99999999999999999999/").status_code == 404


@needs_poppler
def test_the_visit_report_is_one_page_on_the_document_base(client, tree, visit, tim_monev):
    client.force_login(tim_monev)
    response = client.get(reverse("assessments:visit_pdf", args=[visit.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert _pages(response.content) == 1
    _save("visit-report.pdf", response.content)
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
        )
        .stdout.decode()
        .split()
    )
    assert "PEMERINTAH KOTA UJI" in text and "PUSKESMAS A" in text
    assert f"Nomor: LK-MONEV/{visit.pk}/PKM-A/XI/2026" in text
    assert "LAPORAN KUNJUNGAN TIM MONEV" in text
    assert "1 dari 2 terpenuhi" in text
    assert "Maklumat belum dipasang di ruang" in text and "Terbuka" in text
    assert "ruang-tunggu.jpg" in text
    assert "Uji, 23 November 2026" in text and "Kepala Puskesmas A" in text
