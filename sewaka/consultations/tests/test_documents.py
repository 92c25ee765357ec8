"""The berita acara renders in Indonesian with the agreements and the signature table (consenting names
only); the check-in poster's QR code decodes to the public check-in URL."""

import io
import shutil
import subprocess

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image

from sewaka.consultations import services
from sewaka.consultations.models import ParticipantCategory

from .factories import due, make_forum

C = ParticipantCategory
needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")


def pdf_text(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return " ".join(out.split())


def pdf_png(data: bytes, dpi: int = 100) -> Image.Image:
    out = subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout
    return Image.open(io.BytesIO(out))


@pytest.fixture
def held_forum(tree, operator_unit_a):
    forum = make_forum(tree.pkm_a, operator_unit_a, topic="Rancangan standar pelayanan imunisasi")
    people = [
        ("Ni Luh Ayu Lestari", "Warga Dangin Puri", C.PENGGUNA, True),
        ("I Ketut Darmawan", "Banjar Tengah", C.TOKOH, True),
        ("Rahasia Tanpa Izin", "Universitas Udayana", C.AKADEMISI, False),
    ]
    for name, institution, category, consent in people:
        p = services.participant_invite(
            actor=operator_unit_a,
            forum=forum,
            name=name,
            institution=institution,
            category=category,
            consent=consent,
        )
        services.participant_mark_attended(actor=operator_unit_a, participant=p, attended=True)
    services.forum_record_results(actor=operator_unit_a, forum=forum, minutes="Pembahasan jadwal imunisasi.")
    for text in (
        "Jadwal imunisasi ditambah pada hari Sabtu pagi.",
        "Informasi persyaratan imunisasi dipasang di papan depan loket.",
    ):
        services.agreement_add(
            actor=operator_unit_a, forum=forum, text=text, owner=operator_unit_a, due=due(30)
        )
    return forum


@needs_poppler
def test_the_berita_acara_renders_in_indonesian_with_agreements_and_signatures(
    client, held_forum, operator_unit_a
):
    client.force_login(operator_unit_a)
    response = client.get(reverse("consultations:berita_acara", args=[held_forum.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for phrase in (
        "BERITA ACARA FORUM KONSULTASI PUBLIK",
        "Rancangan standar pelayanan imunisasi",
        "Puskesmas A",
        "dua ribu",  # the date in words
        "Focus group discussion (FGD)",
        "3 orang dari 3 kategori peserta",
        "1. Jadwal imunisasi ditambah pada hari Sabtu pagi.",
        "2. Informasi persyaratan imunisasi dipasang di papan depan loket.",
        "Tanda tangan",
        "Ni Luh Ayu Lestari",
        "I Ketut Darmawan",
        "Peserta (tanpa nama)",
        "Universitas Udayana",
        "Kepala Puskesmas A",
    ):
        assert phrase in text, phrase
    assert "Rahasia Tanpa Izin" not in text
    assert pdf_png(response.content).width > 700  # renders to an image (A4 at 100 dpi is 827 px wide)


@needs_poppler
def test_the_checkin_poster_qr_decodes_to_the_public_checkin_url(client, held_forum, operator_unit_a):
    client.force_login(operator_unit_a)
    response = client.get(reverse("consultations:checkin_poster", args=[held_forum.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Daftar Hadir" in pdf_text(response.content)
    decoded = zxingcpp.read_barcodes(pdf_png(response.content))
    assert [d.text for d in decoded] == [f"http://testserver/hadir/{held_forum.checkin_token}/"]


@needs_poppler
def test_an_empty_attendance_list_prints_blank_rows_to_sign(client, tree, operator_unit_a):
    forum = make_forum(tree.pkm_a, operator_unit_a)
    client.force_login(operator_unit_a)
    text = pdf_text(client.get(reverse("consultations:berita_acara", args=[forum.pk])).content)
    assert "Forum ini tidak menghasilkan kesepakatan tertulis." in text and "15." in text
