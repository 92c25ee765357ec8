"""Hand-built data for the open datasets: what is published and what must never appear."""

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import timezone, translation

from sewaka.complaints.models import Complaint
from sewaka.consultations.models import Agreement, Forum, Participant
from sewaka.innovations.models import Innovation
from sewaka.standards.models import ServiceStandard
from sewaka.surveys.ikm import UNSUR_KEYS
from sewaka.surveys.tests.factories import make_period, make_response, make_service

WITA = ZoneInfo("Asia/Makassar")
SECRETS = ("Ni Luh Markerwati", "markerwati@contoh.id", "Petugas membentak saya di loket", "081299990000")


@pytest.fixture(autouse=True)
def _indonesian_and_cold_cache(db):
    cache.clear()
    with translation.override("id"):
        yield
    cache.clear()


def _complaint(n, unit, channel, received, **extra):
    return Complaint.objects.create(
        code=f"OD{n:05d}",
        idempotency_key=f"od-{n}",
        handling_unit=unit,
        channel=channel,
        received_at=received,
        reporter_name=SECRETS[0],
        reporter_email=SECRETS[1],
        what_happened=SECRETS[2],
        reporter_phone=SECRETS[3],
        **extra,
    )


@pytest.fixture
def data(tree):
    now = timezone.now()
    service = make_service(tree.pkm_a, "Pemeriksaan Umum – Lansia")
    draft_service = make_service(tree.pkm_b, "Layanan Draf")
    ServiceStandard.objects.create(
        service=service,
        version=1,
        status="published",
        persyaratan=[{"document": "KTP-el asli", "note": "", "copy": "asli", "issuer": ""}],
        prosedur=[{"step": "Ambil nomor antrean", "actor": "Pemohon", "time": "1 menit"}],
        jangka_waktu_value=1,
        jangka_waktu_unit="hari_kerja",
        biaya_gratis=True,
        produk="Surat keterangan sehat",
        pengaduan=[{"channel": "WhatsApp", "contact": "0811-0000-000"}],
        sarana="Ruang tunggu rahasia internal",
        decree_number="188/12/2026",
        decree_date=date(2026, 1, 5),
        published_at=now,
    )
    ServiceStandard.objects.create(service=draft_service, version=1, status="draft", produk="Belum terbit")

    # SKM: answers 3,3,4 on every unsur → NRR 10/3 → 83.33 on the IKM scale, mutu B; population 100 → 80.
    published = make_period(
        tree.pkm_a,
        name="Semester I 2026",
        services={service: 100},
        open_=False,
        start=date(2026, 1, 1),
        end=date(2026, 6, 30),
        published_at=now,
    )
    for value in (3, 3, 4):
        make_response(published, dict.fromkeys(UNSUR_KEYS, value))
    hidden = make_period(
        tree.pkm_b, name="Periode Belum Terbit", open_=False, start=date(2026, 1, 1), end=date(2026, 6, 30)
    )
    make_response(hidden, dict.fromkeys(UNSUR_KEYS, 1))

    # Complaints: Puskesmas A, March 2026: 6 web + 2 WhatsApp; Puskesmas B, April 2026: 1 web.
    n = 0
    for channel, count in (("web", 6), ("whatsapp", 2)):
        for _ in range(count):
            n += 1
            _complaint(n, tree.pkm_a, channel, datetime(2026, 3, 2 + n, 10, tzinfo=WITA))
    _complaint(99, tree.pkm_b, "web", datetime(2026, 4, 1, 9, tzinfo=WITA), privacy="rahasia")

    # FKP: one held (2 users + 1 academic attended, 1 invited absent, 2 agreements), one planned.
    held = Forum.objects.create(
        unit=tree.pkm_a,
        topic="Waktu tunggu pelayanan lansia",
        purpose="evaluasi",
        method="fgd",
        date=date(2026, 5, 4),
        place="Aula",
        status="held",
    )
    for i, (category, attended) in enumerate(
        (("pengguna_layanan", True), ("pengguna_layanan", True), ("akademisi", True), ("media", False))
    ):
        Participant.objects.create(
            forum=held, name=f"Peserta Rahasia {i}", category=category, attended=attended
        )
    Agreement.objects.create(forum=held, text="Tambah kursi tunggu")
    Agreement.objects.create(forum=held, text="Nomor antrean daring")
    Forum.objects.create(
        unit=tree.pkm_b,
        topic="Forum yang direncanakan",
        purpose="evaluasi",
        method="fgd",
        date=date(2026, 12, 20),
        place="Aula",
    )

    Innovation.objects.create(
        pemda=tree.pemda,
        unit=tree.pkm_a,
        name="Antrean Daring Lansia",
        slug="antrean-daring",
        stage="implementasi",
        started_on=date(2025, 2, 1),
        goal="Mengurangi waktu tunggu lansia",
        published=True,
        published_at=now,
    )
    Innovation.objects.create(pemda=tree.pemda, unit=tree.pkm_b, name="Inovasi Tersembunyi", slug="sembunyi")
    return SimpleNamespace(tree=tree, service=service, published=published, hidden=hidden)
