"""Report, infographic and posters render in Indonesian; posters' QR decodes; RTL and publication."""

import io
import shutil
import subprocess
from datetime import timedelta

import pytest
import zxingcpp
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from sewaka.followups.models import FollowUp
from sewaka.followups.services import followup_transition
from sewaka.surveys import ikm
from sewaka.surveys.selectors import rtl_summary, segment_results
from sewaka.surveys.services import rtl_add

from .factories import make_period, make_response, make_service

needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")


def pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def pdf_png(data: bytes, dpi: int = 100) -> Image.Image:
    out = subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-f",
            "1",
            "-l",
            "1",
            "-",
        ],
        input=data,
        capture_output=True,
        check=True,
    ).stdout
    return Image.open(io.BytesIO(out))


@pytest.fixture
def period(tree):
    service = make_service(tree.pkm_a, "Pemeriksaan Umum")
    period = make_period(tree.pkm_a, services={service: 400})
    for i in range(24):
        make_response(
            period,
            {k: 1 + (i + j) % 4 for j, k in enumerate(ikm.UNSUR_KEYS)} | {"waktu": 1 + i % 2},
            service=service,
            gender="L" if i % 3 else "P",
            education="sma" if i < 20 else "s1",
            age=25 + i,
            suggestion="Tambah kursi tunggu" if i % 5 == 0 else "",
        )
    return period


@needs_poppler
def test_the_report_renders_in_indonesian_with_the_figures(client, tree, period, operator_unit_a):
    client.force_login(operator_unit_a)
    response = client.get(reverse("surveys:period_report", args=[period.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    from sewaka.surveys.selectors import period_results

    expected = ikm.format_id(period_results(period).result.ikm)
    for phrase in (
        "LAPORAN HASIL SURVEI KEPUASAN MASYARAKAT",
        "Metode dan sampel",
        expected,
        "Waktu Penyelesaian",
        "Analisis unsur terendah",
        "Tambah kursi tunggu",
        "Rencana tindak lanjut",
        "Kepala Puskesmas A",
        "Pemeriksaan Umum",
    ):
        assert phrase in text, phrase


@needs_poppler
def test_the_infographic_is_a_png_and_a_pdf(client, tree, period, operator_unit_a):
    client.force_login(operator_unit_a)
    png = client.get(reverse("surveys:period_infographic", args=[period.pk, "png"]))
    assert png["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(png.content)).size[0] > 500
    pdf = client.get(reverse("surveys:period_infographic", args=[period.pk, "pdf"]))
    assert "Indeks Kepuasan Masyarakat" in pdf_text(pdf.content)
    assert client.get(reverse("surveys:period_infographic", args=[period.pk, "exe"])).status_code == 404


@needs_poppler
def test_the_posters_qr_decodes_to_the_right_url(client, tree, period, operator_unit_a):
    client.force_login(operator_unit_a)
    service = period.period_services.get().service
    for url, expected in (
        (reverse("surveys:poster", args=[tree.pkm_a.pk]), "/s/pkm-a/"),
        (reverse("surveys:poster_service", args=[tree.pkm_a.pk, service.pk]), f"/s/pkm-a/{service.slug}/"),
    ):
        pdf = client.get(url).content
        assert "Pindai kode QR" in pdf_text(pdf)
        codes = zxingcpp.read_barcodes(pdf_png(pdf))
        assert codes and codes[0].text == "http://testserver" + expected


def test_rtl_actions_are_follow_ups_and_completion_updates(client, tree, period, operator_unit_a, tim_monev):
    due = timezone.localdate() + timedelta(days=30)
    action = rtl_add(
        actor=operator_unit_a,
        period=period,
        unsur="waktu",
        title="Tambah loket pagi",
        owner=operator_unit_a,
        due=due,
    )
    rtl_add(
        actor=operator_unit_a, period=period, unsur="sarana", title="Perbaiki toilet", owner=None, due=due
    )
    client.force_login(operator_unit_a)
    assert "Tambah loket pagi" in client.get(reverse("followups:list")).content.decode()
    assert FollowUp.objects.get(pk=action.followup.pk).source == action
    assert rtl_summary(period).percent == 0
    followup_transition(
        followup=action.followup, to="done", actor=operator_unit_a, note="Loket 2 dibuka 07.30"
    )
    summary = rtl_summary(period)
    assert summary.completed == 1 and summary.percent == 50 and summary.average_days is not None
    body = client.get(reverse("surveys:period_detail", args=[period.pk])).content.decode()
    assert "1 dari 2 tindakan selesai (50%)" in body


def test_the_next_period_shows_whether_the_rtl_unsur_rose(tree, period, operator_unit_a):
    rtl_add(
        actor=operator_unit_a,
        period=period,
        unsur="waktu",
        title="Tambah loket",
        owner=None,
        due=timezone.localdate() + timedelta(days=5),
    )
    later = make_period(tree.pkm_a, name="Berikutnya", start=period.start + timedelta(days=1), end=period.end)
    for _ in range(5):
        make_response(later, dict.fromkeys(ikm.UNSUR_KEYS, 4))
    effects = rtl_summary(later).effects
    assert effects == [("Waktu Penyelesaian", effects[0][1], "4,00", True)]


def test_publication_media_are_counted_with_evidence(client, tree, period, operator_unit_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(operator_unit_a)
    url = reverse("surveys:publication_add", args=[period.pk])
    client.post(url, {"medium": "website", "published_on": "2026-11-20", "link": "denpasarkota.go.id/skm"})
    client.post(
        url,
        {
            "medium": "notice_board",
            "published_on": "2026-11-21",
            "evidence": SimpleUploadedFile("papan.pdf", b"%PDF-1.4 papan"),
        },
    )
    assert period.publications.count() == 2
    assert (
        "Dipublikasikan di 2 media"
        in client.get(reverse("surveys:period_detail", args=[period.pk])).content.decode()
    )
    bad = client.post(url, {"medium": "tv", "published_on": "kemarin"})
    assert bad.status_code == 200 and period.publications.count() == 2


def test_segments_hide_groups_below_five_respondents(period):
    rows = {label: (n, res) for label, n, res in segment_results(period, "education")}
    assert rows["SMA"][0] == 20 and rows["SMA"][1] is not None
    assert rows["S1"][0] == 4 and rows["S1"][1] is None


@needs_poppler
def test_published_results_are_public_and_unpublished_stay_private(client, tree, period):
    url = reverse("public_survey_document", args=[tree.pkm_a.code, period.pk, "infografis.png"])
    assert client.get(url).status_code == 404
    assert (
        "Belum ada hasil"
        in client.get(reverse("public_survey_results", args=[tree.pkm_a.code])).content.decode()
    )
    period.published_at = timezone.now()
    period.save()
    assert client.get(url)["Content-Type"] == "image/png"
    page = client.get(reverse("public_survey_results", args=[tree.pkm_a.code])).content.decode()
    assert period.name in page and "Tambah kursi" not in page  # no free texts in public
    assert (
        client.get(reverse("public_survey_document", args=[tree.pkm_a.code, period.pk, "x.exe"])).status_code
        == 404
    )
