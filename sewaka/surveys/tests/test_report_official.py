"""The official SKM report on the document base: kop, number, signer, conclusion, comparison, suggestions."""

import shutil
import subprocess
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from sewaka.organisations.models import Letterhead, Role, UnitKind
from sewaka.organisations.services import unit_update
from sewaka.organisations.tests.factories import make_member, make_unit
from sewaka.surveys import ikm
from sewaka.surveys.documents import group_suggestions, normalise_text

from .factories import make_period, make_response, make_service

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
NOW = datetime(2026, 12, 15, 10, 0, tzinfo=ZoneInfo("Asia/Makassar"))


def pdf_text(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def _save(name: str, data: bytes) -> None:
    """Keep the rendered PDF for a look (pdftoppm -png) when SEWAKA_SHOTS names a folder."""
    import os
    from pathlib import Path

    folder = os.environ.get("SEWAKA_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(data)


def _answers(**over):
    return {k: over.get(k, 3) for k in ikm.UNSUR_KEYS}


@pytest.fixture
def capil(db):
    """A demo-like unit: Kota Denpasar's Disdukcapil with its head, kop and two quarters of answers."""
    with time_machine.travel(NOW, tick=False):
        pemda = make_unit(code="kota-denpasar", name="Pemerintah Kota Denpasar")
        Letterhead.objects.create(
            pemda=pemda,
            title="Pemerintah Kota Denpasar",
            address="Jalan Majapahit Nomor 1, Denpasar 80235",
            contact="Telp. (0361) 123456 · denpasarkota.go.id",
            place="Denpasar",
        )
        unit = make_unit(
            pemda,
            UnitKind.PERANGKAT_DAERAH,
            code="capil",
            name="Dinas Kependudukan dan Pencatatan Sipil",
            address="Jalan Letda Tantular Nomor 5, Denpasar",
        )
        unit = unit_update(
            actor=None, unit=unit, head_name="I Made Contoh, S.Kom., M.Si.", head_nip="197001011990031001"
        )
        service = make_service(unit, "KTP-el")
        previous = make_period(
            unit,
            name="Triwulan II 2026",
            start=date(2026, 4, 1),
            end=date(2026, 6, 30),
            open_=False,
            services={service: 10},
        )
        current = make_period(
            unit,
            name="Triwulan III 2026",
            start=date(2026, 7, 1),
            end=date(2026, 9, 30),
            open_=False,
            services={service: 10},
        )
        # Previous: every unsur 3 except waktu 2 → NRR sum 26 → IKM 26/9 × 25 = 72,22.
        for _i in range(4):
            make_response(previous, _answers(waktu=2), service=service)
        # Current: perilaku 4, waktu 2, the other seven 3 → NRR sum 27 → IKM 27/9 × 25 = 75,00.
        suggestions = [
            "Tambah kursi tunggu",
            "tambah  kursi tunggu!",
            "Tambah kursi tunggu.",
            "Perpanjang jam layanan",
        ]
        for text in suggestions:
            make_response(current, _answers(perilaku=4, waktu=2), service=service, suggestion=text)
        operator = make_member(unit, Role.OPERATOR, "operator_capil")
    return unit, previous, current, operator


@needs_poppler
def test_the_skm_report_is_an_official_document(client, capil):
    unit, previous, current, operator = capil
    client.force_login(operator)
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("surveys:period_report", args=[current.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    _save("skm-report.pdf", response.content)
    text = pdf_text(response.content)
    # Kop: the pemda, the issuing unit, its address.
    assert "PEMERINTAH KOTA DENPASAR" in text
    assert "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL" in text
    assert "Jalan Letda Tantular Nomor 5, Denpasar" in text
    # Number (not yet issued: the stable generated one), place and date, signer with the grouped NIP.
    assert f"Nomor: LHS-SKM/{current.pk}/CAPIL/IX/2026" in text
    assert "Denpasar, 15 Desember 2026" in text
    assert "Kepala Dinas Kependudukan dan Pencatatan Sipil" in text
    assert "I Made Contoh, S.Kom., M.Si." in text
    assert "NIP. 19700101 199003 1 001" in text
    # Conclusion from the figures.
    assert (
        "Indeks Kepuasan Masyarakat Dinas Kependudukan dan Pencatatan Sipil periode Triwulan III 2026 adalah 75,00"
        in text
    )
    assert "mutu pelayanan C (kurang baik)" in text
    assert "Jumlah responden di bawah sampel minimal (4 dari 10)" in text
    assert "nilai tertinggi adalah Perilaku Pelaksana (NRR 4,00)" in text
    assert "nilai terendah adalah Waktu Penyelesaian (NRR 2,00)" in text
    assert "Dibandingkan periode sebelumnya (Triwulan II 2026, IKM 72,22), IKM naik 2,78 poin." in text
    # Comparison table: IKM and each unsur's NRR.
    assert "Perbandingan dengan periode sebelumnya" in text
    assert "IKM 72,22 75,00 +2,78" in text
    assert "NRR Perilaku Pelaksana 3,00 4,00 +1,00" in text
    assert "NRR Waktu Penyelesaian 2,00 2,00 0,00" in text
    # Suggestions grouped with their count.
    assert "1 Tambah kursi tunggu 3" in text
    assert "2 Perpanjang jam layanan 1" in text
    assert "SEMENTARA" not in text


@needs_poppler
def test_an_issued_number_and_date_are_printed(client, capil):
    unit, previous, current, operator = capil
    type(current).objects.filter(pk=current.pk).update(
        report_number="000.8/77/Disdukcapil/2026", report_date=date(2026, 10, 5)
    )
    client.force_login(operator)
    with time_machine.travel(NOW, tick=False):
        text = pdf_text(client.get(reverse("surveys:period_report", args=[current.pk])).content)
    assert "Nomor: 000.8/77/Disdukcapil/2026" in text
    assert "Denpasar, 5 Oktober 2026" in text


@needs_poppler
def test_an_open_periods_report_is_marked_interim(client, capil):
    unit, previous, current, operator = capil
    type(current).objects.filter(pk=current.pk).update(status="open", end=date(2026, 12, 31))
    client.force_login(operator)
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("surveys:period_report", args=[current.pk]))
    _save("skm-report-interim.pdf", response.content)
    assert "SEMENTARA" in pdf_text(response.content)


def test_suggestions_differing_in_case_spaces_or_punctuation_are_counted_once():
    assert normalise_text("  Tambah   KURSI, tunggu!! ") == "tambah kursi tunggu"
    assert group_suggestions(["A b", "Lain", "a  B.", "", "   ", "A-b", "lain"]) == [("A b", 3), ("Lain", 2)]
