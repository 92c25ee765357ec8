"""Every official document extends the one document base: the demo's kop, number, signer; no inline CSS."""

import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Makassar"))
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
DOC_TEMPLATES = sorted(Path(settings.BASE_DIR, "sewaka").glob("*/templates/*/docs/*.html"))


def pdf_text(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def _save(name: str, data: bytes) -> None:
    folder = os.environ.get("SEWAKA_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(data)


@pytest.mark.parametrize("path", DOC_TEMPLATES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_each_document_template_extends_the_base_without_its_own_css(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith('{% extends "documents/base.html" %}'), path
    assert "<style" not in text and "@page" not in text
    assert "_kop.html" not in text


def test_there_are_document_templates():
    assert len(DOC_TEMPLATES) >= 10


@pytest.fixture
def demo(db, settings):
    from django.contrib.auth import get_user_model

    settings.SEWAKA_DEMO_USERS = True
    with time_machine.travel(NOW, tick=False):
        call_command("seeddemo", verbosity=0)
    return get_user_model().objects.get(username="admin.pemda")


@needs_poppler
def test_the_demo_skm_report_reads_as_an_official_document(client, demo):
    from sewaka.surveys.models import SurveyPeriod

    # The demo's running quarter (Triwulan IV, open) is compared with the closed Triwulan III.
    period = SurveyPeriod.objects.filter(unit__code="disdukcapil").order_by("-start").first()
    assert period.status == "open"
    client.force_login(demo)
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("surveys:period_report", args=[period.pk]))
    _save("demo-skm-report.pdf", response.content)
    text = pdf_text(response.content)
    assert "PEMERINTAH KOTA DENPASAR" in text and "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL" in text
    assert re.search(r"Nomor: \S+/\S+", text)
    assert "I Made Wirawan, S.Sos., M.Si." in text and "NIP. 19740312 199803 1 005" in text
    assert "Kesimpulan" in text and "Berdasarkan" in text and "mutu pelayanan" in text
    assert "Perbandingan dengan periode sebelumnya" in text and "Dibandingkan periode sebelumnya" in text
    assert "Denpasar, " in text
    assert "SEMENTARA" in text  # the period is still open


@needs_poppler
def test_every_document_kind_renders_with_the_kop(client, demo):
    from sewaka.assessments.models import Assessment, MonevVisit
    from sewaka.consultations.models import Forum
    from sewaka.organisations.models import Unit
    from sewaka.standards.models import ServiceStandard
    from sewaka.surveys.models import SurveyPeriod

    capil = Unit.objects.get(code="disdukcapil")
    period = SurveyPeriod.objects.filter(unit=capil).order_by("-start").first()
    standard = ServiceStandard.objects.filter(status="published").select_related("service__unit").first()
    forum = Forum.objects.select_related("unit").first()
    assessment = Assessment.objects.select_related("unit").first()
    visit = MonevVisit.objects.first()
    urls = {
        "skm-laporan": reverse("surveys:period_report", args=[period.pk]),
        "skm-infografis": reverse("surveys:period_infographic", args=[period.pk, "pdf"]),
        "skm-poster": reverse("surveys:poster", args=[capil.pk]),
        "maklumat-a4": reverse("standards:maklumat_poster", args=[standard.service.unit_id, "a4"]),
        "standar-a3": reverse("standards:poster", args=[standard.pk, "a3"]),
        "berita-acara": reverse("consultations:berita_acara", args=[forum.pk]),
        "poster-hadir": reverse("consultations:checkin_poster", args=[forum.pk]),
        "penilaian": reverse("assessments:pdf", args=[assessment.pk]),
        "kunjungan": reverse("assessments:visit_pdf", args=[visit.pk]),
        "rekap-pengaduan": reverse("complaints:monthly_pdf") + "?bulan=2026-10",
    }
    client.force_login(demo)
    for name, url in urls.items():
        with time_machine.travel(NOW, tick=False):
            response = client.get(url)
        assert response.status_code == 200, name
        assert response["Content-Type"] == "application/pdf", name
        assert response["Cache-Control"] == "private, no-store", name
        assert 'filename="' in response["Content-Disposition"], name
        _save(f"{name}.pdf", response.content)
        assert "PEMERINTAH KOTA DENPASAR" in pdf_text(response.content), name
