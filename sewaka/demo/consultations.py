"""FKP demo data: one held forum per unit with six attending participants from four categories, one
invited no-show, minutes, two agreements tracked as follow-ups and a published public summary."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from sewaka.consultations import services
from sewaka.consultations.models import (
    Agreement,
    Forum,
    Method,
    Participant,
    ParticipantCategory,
    Purpose,
)
from sewaka.consultations.transitions import Status
from sewaka.followups.services import followup_create
from sewaka.organisations.access import Action, can
from sewaka.organisations.selectors import people_of

TOPIC = "Evaluasi waktu tunggu dan alur antrean pelayanan"
C = ParticipantCategory
# (name, institution, category, attended)
PARTICIPANTS = [
    ("Ni Made Sukerti", "Pengguna layanan", C.PENGGUNA, True),
    ("I Wayan Sudarsana", "Pengguna layanan", C.PENGGUNA, True),
    ("I Ketut Wirawan", "Kelian Banjar Tengah", C.TOKOH, True),
    ("Ida Ayu Putu Kartini", "PKK Kelurahan", C.TOKOH, True),
    ("Dr. Made Ary Pradnyana", "Universitas Udayana", C.AKADEMISI, True),
    ("Komang Sri Wahyuni", "Persatuan Penyandang Disabilitas", C.RENTAN, True),
    ("Putu Agus Mahendra", "Bali Post", C.MEDIA, False),
]
AGREEMENTS = [
    ("Loket pendaftaran dibuka pukul 07.30, tiga puluh menit lebih awal, mulai bulan depan.", 30),
    (
        "Memasang papan alur dan waktu pelayanan serta menyediakan kursi prioritas bagi lansia, "
        "ibu hamil dan penyandang disabilitas.",
        60,
    ),
]
MINUTES = (
    "Peserta menyampaikan bahwa antrean pagi menumpuk sebelum loket dibuka dan informasi alur pelayanan "
    "belum terpasang. Unit menjelaskan jumlah petugas dan jadwal loket. Peserta dan unit menyepakati dua "
    "perbaikan yang dipantau sebagai tindak lanjut."
)
SUMMARY = (
    "Forum membahas waktu tunggu dan alur antrean bersama pengguna layanan, tokoh masyarakat, akademisi "
    "dan perwakilan kelompok rentan. Dua kesepakatan perbaikan dicatat dan dipantau penyelesaiannya."
)


AGENDA = "1. Pembukaan\n2. Paparan kinerja dan hasil SKM\n3. Diskusi\n4. Perumusan kesepakatan"
CREATED = 1 + len(PARTICIPANTS) + 2 * len(AGREEMENTS)  # forum, participants, agreements and their follow-ups


def seed_forums(unit, standard=None, owner=None) -> int:
    """Create the demo forum of `unit`; returns the number of new objects (0 when it already exists:
    idempotent by topic).

    `standard`: a ServiceStandard of the unit to link (ignored when it belongs to another unit).
    `owner`: owns the agreements' follow-ups (default: the first person of the unit). When the owner may
    act on the unit, everything is written through the audited services with the owner as actor;
    otherwise (no owner, or an account without that right) the rows are written directly.
    """
    if Forum.objects.filter(unit=unit, topic=TOPIC).exists():
        return 0

    if standard is not None and standard.service.unit_id != unit.pk:
        standard = None
    if owner is None:
        owner = people_of(unit).first()
    today = timezone.localdate()
    held_on = max(today - timedelta(days=14), date(today.year, 1, 1))
    with transaction.atomic():
        if owner is not None and can(owner, Action.ACT, unit):
            _through_services(unit, standard, owner, held_on, today)
        else:
            _directly(unit, standard, owner, held_on, today)
    return CREATED


def _through_services(unit, standard, actor, held_on, today) -> None:
    forum = services.forum_create(
        actor=actor,
        unit=unit,
        topic=TOPIC,
        purpose=Purpose.STANDARD if standard else Purpose.EVALUATION,
        method=Method.FGD,
        date=held_on,
        place=f"Aula {unit.short_name or unit.name}",
        agenda=AGENDA,
        standard=standard,
    )
    for name, institution, category, attended in PARTICIPANTS:
        participant = services.participant_invite(
            actor=actor, forum=forum, name=name, institution=institution, category=category, consent=attended
        )
        if attended:
            services.participant_mark_attended(actor=actor, participant=participant, attended=True)
    services.forum_record_results(actor=actor, forum=forum, minutes=MINUTES)
    for text, days in AGREEMENTS:
        services.agreement_add(
            actor=actor, forum=forum, text=text, owner=actor, due=today + timedelta(days=days)
        )
    services.forum_publish_summary(actor=actor, forum=forum, summary=SUMMARY)


def _directly(unit, standard, owner, held_on, today) -> None:
    start = timezone.make_aware(datetime.combine(held_on, time(9, 0)))
    forum = Forum.objects.create(
        unit=unit,
        topic=TOPIC,
        purpose=Purpose.STANDARD if standard else Purpose.EVALUATION,
        method=Method.FGD,
        date=held_on,
        place=f"Aula {unit.short_name or unit.name}",
        agenda=AGENDA,
        standard=standard,
        status=Status.HELD,
        minutes=MINUTES,
        public_summary=SUMMARY,
        summary_published_at=timezone.now(),
    )
    for i, (name, institution, category, attended) in enumerate(PARTICIPANTS):
        Participant.objects.create(
            forum=forum,
            name=name,
            institution=institution,
            category=category,
            invited=True,
            attended=attended,
            checked_in_at=start + timedelta(minutes=3 * i) if attended else None,
            checkin_via="operator" if attended else "",
            consent=attended,
        )
    for text, days in AGREEMENTS:
        agreement = Agreement.objects.create(forum=forum, text=text)
        agreement.followup = followup_create(
            source=agreement,
            unit=unit,
            title=text[:200],
            owner=owner,
            due=today + timedelta(days=days),
            actor=None,
            description=text,
        )
        agreement.save(update_fields=["followup", "updated_at"])
