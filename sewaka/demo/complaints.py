"""A few dozen Denpasar complaints across channels and states: overdue, forwarded, anonim and rahasia."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from django.utils import timezone

from sewaka.complaints.models import Complaint, SlaLimit
from sewaka.complaints.services import complaint_submit, complaint_transition
from sewaka.complaints.transitions import Status
from sewaka.organisations.models import Service, Unit

STORIES = [
    (
        "Antrean perekaman KTP-el sangat panjang, saya menunggu lebih dari tiga jam.",
        "Waktu terbuang setengah hari kerja.",
        "Tambah petugas perekaman pada jam sibuk.",
    ),
    (
        "Petugas meminta uang agar akta kelahiran cepat selesai.",
        "Diminta Rp 100.000.",
        "Tindak tegas petugas dan kembalikan uang.",
    ),
    (
        "Informasi persyaratan di papan pengumuman berbeda dengan yang diminta petugas.",
        "Harus bolak-balik dua kali.",
        "Samakan informasi persyaratan.",
    ),
    ("Toilet ruang tunggu rusak dan kotor.", "", "Perbaiki toilet."),
    (
        "Permohonan NIB saya tidak ada kabar setelah dua minggu.",
        "Usaha tertunda.",
        "Kepastian waktu penyelesaian.",
    ),
    ("Petugas loket berbicara kasar kepada lansia.", "", "Pembinaan petugas."),
    ("Obat di apotek Puskesmas sering kosong.", "Harus membeli di luar.", "Ketersediaan obat."),
    ("Jalan di depan kantor desa berlubang dan membahayakan.", "", "Perbaikan jalan."),
]


def seed_complaints(actor) -> int:
    """Idempotent: does nothing when demo complaints exist. `actor` is an admin pemda."""

    if Complaint.objects.filter(idempotency_key__startswith="demo-").exists():
        return 0
    rng = random.Random(76)
    units = [
        Unit.objects.get(code=c)
        for c in ("disdukcapil", "dpmptsp", "pkm-1-denbar", "pkm-2-denbar", "gerai-disdukcapil")
    ]
    channels = ["web", "walk_in", "phone", "whatsapp", "letter", "email", "social", "lapor"]
    classes = list(SlaLimit.objects.filter(is_classification=True))
    now = timezone.now()
    created = 0
    for i in range(36):
        unit = rng.choice(units) if i % 9 else None  # a few with "saya tidak tahu" → triage
        story = STORIES[i % len(STORIES)]
        channel = channels[i % len(channels)]
        privacy = "anonim" if i % 7 == 0 else ("rahasia" if i % 5 == 0 else "biasa")
        service = Service.objects.filter(unit=unit).order_by("id").first() if unit else None
        received = now - timedelta(days=rng.randint(0, 45), hours=rng.randint(0, 8))
        complaint, _c = complaint_submit(
            what_happened=story[0],
            loss=story[1],
            request=story[2],
            idempotency_key=f"demo-{i}-{uuid.uuid4().hex[:8]}",
            privacy=privacy,
            channel=channel,
            lapor_number=f"LAPOR-{4400 + i}" if channel == "lapor" else "",
            reported_unit=unit,
            service=service,
            reporter_name="" if privacy == "anonim" else f"Warga Demo {i}",
            reporter_phone="" if privacy == "anonim" else f"0812-0000-{1000 + i}",
            consent_publish=privacy == "biasa" and i % 2 == 0,  # Open311 shows these texts
            received_at=received,
        )
        created += 1
        stage = i % 6
        if unit is None or stage == 0:
            continue  # stays diterima (some of them overdue for verification)
        complaint_transition(
            complaint=complaint,
            to=Status.DIVERIFIKASI,
            actor=actor,
            classification=rng.choice(classes) if classes else None,
        )
        if stage == 1:
            continue
        target = unit if i % 11 else Unit.objects.get(code="dinkes")  # one forwarded elsewhere
        complaint_transition(
            complaint=complaint,
            to=Status.DIDISPOSISIKAN,
            actor=actor,
            unit=target,
            instruction="Mohon diverifikasi di lapangan dan dijawab dalam 5 hari kerja.",
        )
        if stage == 2:
            continue
        complaint_transition(complaint=complaint, to=Status.DALAM_TINDAK_LANJUT, actor=actor)
        if stage == 3:
            continue
        complaint_transition(
            complaint=complaint,
            to=Status.DIJAWAB,
            actor=actor,
            answer="Terima kasih. Kami telah menindaklanjuti dan memperbaiki pelayanan sesuai permintaan Anda.",
        )
        if stage == 5:
            complaint_transition(complaint=complaint, to=Status.SELESAI, actor=actor)
    return created
