"""Readiness demo data: service standards and Maklumat for the city's other units, so the readiness forecast
(issue 17 item 7) shows a realistic mix — some units with every standard set, complete and published and a
published Maklumat, some set but not published, some with drafts only, some with nothing yet.
Deterministic (seeded random) and idempotent: a unit that already has a standard is left as it is.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from sewaka.complaints.models import Complaint
from sewaka.complaints.services import complaint_submit, complaint_transition
from sewaka.complaints.transitions import Status as ComplaintStatus
from sewaka.demo.standards import BASE, STANDARDS, _sk
from sewaka.events.models import Invitation
from sewaka.organisations.models import Service, Unit
from sewaka.standards.models import DEFAULT_MAKLUMAT, Maklumat, ServiceStandard
from sewaka.standards.services import (
    COMPONENT_FIELDS,
    maklumat_save,
    maklumat_transition,
    standard_new_version,
    standard_transition,
    standard_update,
)
from sewaka.standards.transitions import MaklumatStatus, Status
from sewaka.surveys.models import Response

GENERIC = {
    "persyaratan": [{"document": "Surat permohonan", "note": "", "copy": "asli", "issuer": "Pemohon"}],
    "prosedur": [
        {"step": "Pengajuan permohonan", "actor": "Pemohon", "time": "5 menit"},
        {"step": "Verifikasi dan proses", "actor": "Petugas", "time": "1 hari kerja"},
        {"step": "Penyerahan produk", "actor": "Petugas loket", "time": "5 menit"},
    ],
    "jangka_waktu_value": 3,
    "produk": "Dokumen hasil pelayanan",
    "dasar_hukum": ["UU 25/2009 tentang Pelayanan Publik"],
    "kompetensi": "Pelaksana memahami prosedur dan standar pelayanan",
    "jumlah_pelaksana": 3,
}
# Units whose story the other demo modules tell (standards, complaints): left as they are.
SCRIPTED = {code for code, _service in STANDARDS} | {"pkm-2-denbar", "gerai-disdukcapil"}
# Share of units per level (the rest: nothing yet).
LEVELS = (("published", 0.45), ("set", 0.25), ("draft", 0.15))


def _level(rng: random.Random) -> str:
    draw, floor = rng.random(), 0.0
    for level, share in LEVELS:
        floor += share
        if draw < floor:
            return level
    return "none"


def seed_readiness(pemda: Unit, actor) -> int:
    today = timezone.localdate()
    created = 0
    exemplary = []  # units with every fact in order: they also answer their complaints on time
    units = (
        Unit.objects.filter(path__startswith=pemda.path, is_active=True, services__is_active=True)
        .distinct()
        .order_by("path")
    )
    for unit in units:
        rng = random.Random(f"readiness-{unit.code}")  # per unit: a second run draws the same
        level = _level(rng)
        if level == "published" and unit.code not in SCRIPTED:
            exemplary.append(unit)
        if ServiceStandard.objects.filter(service__unit=unit).exists() or level == "none":
            continue
        for service in Service.objects.filter(unit=unit, is_active=True).order_by("name"):
            standard = standard_new_version(actor=actor, service=service)
            standard_update(
                actor=actor,
                standard=standard,
                **{k: v for k, v in {**BASE, **GENERIC}.items() if k in COMPONENT_FIELDS},
            )
            created += 1
            if level == "draft":
                continue
            standard_transition(
                actor=actor,
                standard=standard,
                to=Status.DITETAPKAN,
                decree_number=f"188.45/{service.pk}/{today.year}",
                decree_date=today - timedelta(days=rng.randint(30, 300)),
                signing_official=f"Kepala {unit.short_name or unit.name}",
                decree_pdf=_sk(),
            )
            if level == "published":
                standard_transition(actor=actor, standard=standard, to=Status.PUBLISHED)
        if level in ("published", "set") and not Maklumat.objects.filter(unit=unit).exists():
            m = maklumat_save(
                actor=actor,
                unit=unit,
                text=DEFAULT_MAKLUMAT,
                signatory_name="I Made Contoh, S.Sos.",
                signatory_position=f"Kepala {unit.name}",
                signed_on=date(today.year, 1, 15),
            )
            maklumat_transition(actor=actor, maklumat=m, to=MaklumatStatus.DITETAPKAN)
            if level == "published":
                maklumat_transition(actor=actor, maklumat=m, to=MaklumatStatus.PUBLISHED)
            created += 1
    met = set(
        Invitation.objects.filter(
            unit__in=exemplary, attended=True, event__kind="rakor_ombudsman", event__date__year=today.year
        ).values_list("unit_id", flat=True)
    )
    surveyed = set(
        Response.objects.filter(unit__in=exemplary, period__end__year=today.year).values_list(
            "unit_id", flat=True
        )
    )
    for unit in [u for u in exemplary if u.pk in met and u.pk in surveyed][:EXEMPLARY]:
        created += _answered_on_time(unit, actor)
    return created


EXEMPLARY = 10  # units that reach zona hijau in the forecast


def _answered_on_time(unit: Unit, actor) -> int:
    """Two complaints of the week, verified, answered and closed at once: every deadline met in time."""
    if Complaint.objects.filter(idempotency_key__startswith=f"demo-ready-{unit.pk}-").exists():
        return 0
    service = Service.objects.filter(unit=unit, is_active=True).order_by("id").first()
    now = timezone.now()
    for i in range(2):
        complaint, _c = complaint_submit(
            what_happened="Informasi jam pelayanan di papan pengumuman belum diperbarui.",
            loss="",
            request="Perbarui informasi jam pelayanan.",
            idempotency_key=f"demo-ready-{unit.pk}-{i}",
            privacy="biasa",
            channel="lapor" if i else "web",
            lapor_number=f"LAPOR-7{unit.pk:03d}{i}" if i else "",
            reported_unit=unit,
            service=service,
            reporter_name=f"Warga Demo R{unit.pk}{i}",
            reporter_phone=f"0812-7000-{unit.pk:02d}{i}",
            received_at=now - timedelta(days=2 + i),
        )
        complaint_transition(complaint=complaint, to=ComplaintStatus.DIVERIFIKASI, actor=actor)
        complaint_transition(
            complaint=complaint,
            to=ComplaintStatus.DIDISPOSISIKAN,
            actor=actor,
            unit=unit,
            instruction="Mohon dijawab hari ini.",
        )
        complaint_transition(complaint=complaint, to=ComplaintStatus.DALAM_TINDAK_LANJUT, actor=actor)
        complaint_transition(
            complaint=complaint,
            to=ComplaintStatus.DIJAWAB,
            actor=actor,
            answer="Terima kasih. Informasi jam pelayanan sudah kami perbarui hari ini.",
        )
        complaint_transition(complaint=complaint, to=ComplaintStatus.SELESAI, actor=actor)
    return 2
