"""Official results of Kota Denpasar (published figures) for the demo."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from sewaka.assessments.labels import indicator_numbers
from sewaka.assessments.models import Assessment, InstrumentVersion, MonevVisit, OfficialResult
from sewaka.assessments.selectors import evidence_candidates
from sewaka.assessments.services import (
    answer_set,
    assessment_finalise,
    assessment_open,
    ensure_shipped_instruments,
    evidence_add,
    official_result_record,
    parsed,
    visit_record,
)
from sewaka.organisations.models import Unit

CITY_RESULTS = [
    (
        "ombudsman",
        2022,
        Decimal("93.27"),
        "A",
        "hijau",
        "Kualitas Tertinggi",
        "Penilaian Kepatuhan Ombudsman RI 2022",
    ),
    (
        "ombudsman",
        2023,
        Decimal("97.99"),
        "A",
        "hijau",
        "Kualitas Tertinggi",
        "Penilaian Kepatuhan Ombudsman RI 2023",
    ),
    (
        "ombudsman",
        2024,
        Decimal("97.93"),
        "A",
        "hijau",
        "Kualitas Tertinggi",
        "Penilaian Kepatuhan Ombudsman RI 2024",
    ),
    (
        "ombudsman",
        2025,
        None,
        "",
        "",
        "Opini Kualitas Tertinggi Tanpa Maladministrasi",
        "Opini Ombudsman RI 2025",
    ),
    ("pekppp", 2023, None, "A-", "", "Sangat Baik", "PEKPPP KemenPANRB 2023"),
    ("pekppp", 2024, None, "A", "", "Pelayanan Prima", "PEKPPP KemenPANRB 2024"),
]


def seed_official_results(actor) -> int:
    root = Unit.objects.get(code="kota-denpasar")
    created = 0
    for scheme, year, score, category, zone, opinion, source in CITY_RESULTS:
        if OfficialResult.objects.filter(unit=root, scheme=scheme, year=year).exists():
            continue
        official_result_record(
            actor=actor,
            unit=root,
            scheme=scheme,
            year=year,
            score=score,
            category=category,
            zone=zone,
            opinion=opinion,
            source=source,
        )
        created += 1
    return created


def seed_monev_round(actor) -> int:
    """A Monev round: three units self-assessed with the Ombudsman 2022–2024 instrument (hijau, kuning,
    missing answers) and one visit with findings. Idempotent."""

    ensure_shipped_instruments()
    instrument = InstrumentVersion.objects.get(code="ombudsman-2022-2024")
    year = timezone.localdate().year
    created = 0
    plan = {
        "disdukcapil": lambda i: 3,
        "pkm-1-denbar": lambda i: 2,
        "dpmptsp": lambda i: 3 if i % 2 else None,
    }
    for code, value_for in plan.items():
        unit = Unit.objects.get(code=code)
        if Assessment.objects.filter(unit=unit, instrument=instrument, year=year).exists():
            continue
        assessment = assessment_open(actor=actor, unit=unit, instrument=instrument, year=year)
        for i, answer in enumerate(assessment.answers.order_by("id")):
            value = value_for(i)
            if value is not None and answer.prefill_score is None:
                answer_set(actor=actor, answer=answer, score=value)
        # Evidence: every indicator at Disdukcapil, half at the Puskesmas, none at DPMPTSP.
        share = {"disdukcapil": 1, "pkm-1-denbar": 2}.get(code)
        candidates = evidence_candidates(unit, year)
        numbers = indicator_numbers(parsed(instrument))
        for i, answer in enumerate(assessment.answers.order_by("id")):
            if share is None or i % share or not candidates:
                continue
            candidate = candidates[i % len(candidates)]
            evidence_add(actor=actor, answer=answer, kind="object", ref=candidate["ref"])
            evidence_add(
                actor=actor,
                answer=answer,
                kind="link",
                url=f"https://{code}.denpasarkota.go.id/bukti/{answer.indicator}",
                label=f"Dokumen pendukung indikator {numbers.get(answer.indicator, '')} di situs unit",
            )
        created += 1
    # The city's own retro self-assessment for 2024, finalised: the readiness page compares it with the
    # official 97.93 (calibration).
    root = Unit.objects.get(code="kota-denpasar")
    if not Assessment.objects.filter(unit=root, instrument=instrument, year=2024).exists():
        retro = assessment_open(actor=actor, unit=root, instrument=instrument, year=2024)
        for answer in retro.answers.order_by("id"):
            if answer.prefill_score is None:
                weak = answer.indicator in ("input.sp-kompensasi", "input.sp-petugas")
                answer_set(actor=actor, answer=answer, score=2 if weak else 3)
        assessment_finalise(actor=actor, assessment=retro)
        created += 1
    pekppp = InstrumentVersion.objects.get(code="pekppp-2023")
    dukcapil = Unit.objects.get(code="disdukcapil")
    if not Assessment.objects.filter(unit=dukcapil, instrument=pekppp, year=year).exists():
        assessment_open(actor=actor, unit=dukcapil, instrument=pekppp, year=year)  # pre-filled only
        created += 1
    pkm = Unit.objects.get(code="pkm-1-denbar")
    if not MonevVisit.objects.filter(unit=pkm).exists():
        today = timezone.localdate()
        visit_record(
            actor=actor,
            unit=pkm,
            visited_on=today - timedelta(days=3),
            representative="Kepala Tata Usaha",
            assessment=Assessment.objects.filter(unit=pkm, instrument=instrument, year=year).first(),
            checklist={
                "sp-dipampang": True,
                "maklumat-dipampang": True,
                "skm-tahun-ini": True,
                "skm-dipublikasikan": False,
                "kanal-pengaduan": True,
                "sarana-rentan": False,
            },
            notes="Ruang tunggu bersih; jalur kursi roda belum ada di pintu samping.",
            findings=[
                ("Sediakan jalur kursi roda di pintu samping", today + timedelta(days=30)),
                ("Tempel hasil SKM triwulan terakhir di papan pengumuman", today + timedelta(days=14)),
            ],
        )
        created += 1
    return created
