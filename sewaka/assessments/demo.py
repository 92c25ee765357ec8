"""Official results of Kota Denpasar (published figures) for the demo."""

from decimal import Decimal

from sewaka.organisations.models import Unit

from .models import OfficialResult

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
    from .services import official_result_record

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
