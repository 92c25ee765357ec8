"""Bali's local days off for the Denpasar demo (2025, 2026), seeded into the pemda's working-day table.

The Province of Bali grants a yearly "dispensasi hari raya suci Hindu" by a Governor's circular (Surat
Edaran Gubernur Bali); Denpasar's offices close on those days. National holidays and cuti bersama come
from the `holidays` package and are not repeated here, except where a Bali day falls on one (kept for
the record). Days on a Saturday or Sunday change no deadline; they are listed so the calendar is complete.

Dates follow the 210-day pawukon cycle: Galungan is Buda Kliwon Dungulan (always a Wednesday), Umanis
Galungan the day after, Penampahan the day before; Kuningan = Galungan + 10 days (a Saturday);
Saraswati = Galungan − 74 days (Saturday), Pagerwesi = Saraswati + 4 days (Wednesday). Galungan
23 Apr 2025 → 19 Nov 2025 → 17 Jun 2026 (→ 13 Jan 2027). Nyepi-adjacent days: Tawur Agung Kesanga the
day before Nyepi, Ngembak Geni the day after. Siwaratri follows the lunar calendar (purwaning Tilem
Kapitu). Anything not read from the decree itself says so in its note: an administrator checks it against
the year's circular and corrects it on the calendar page.
"""

from __future__ import annotations

from datetime import date

from sewaka.core.models import DayOff, DayOffKind
from sewaka.core.services import dayoff_set

SE_2025 = "SE Gubernur Bali No. 16 Tahun 2024 (dispensasi hari raya suci Hindu 2025)"
SE_2026 = (
    "Surat Dirjen Bimas Hindu B-253/DJ.VI/Dt.VI.I.3/BA.03/09/2025; SE Gubernur Bali 2026 (nomor perlu dicek)"
)
PAWUKON = "dihitung dari siklus pawukon 210 hari, perlu dicek dengan SE"

# (date, name, source)
DAYS_OFF: tuple[tuple[date, str, str], ...] = (
    # 2025
    (date(2025, 1, 27), "Hari Suci Siwaratri", f"{SE_2025}; tanggal kalender lunar, perlu dicek"),
    (date(2025, 2, 8), "Hari Raya Saraswati", f"{SE_2025}; {PAWUKON}"),
    (date(2025, 2, 12), "Hari Raya Pagerwesi", f"{SE_2025}; {PAWUKON}"),
    (date(2025, 3, 28), "Hari Tawur Agung Kesanga", f"{SE_2025}; juga cuti bersama nasional"),
    (date(2025, 3, 30), "Hari Ngembak Geni", SE_2025),
    (date(2025, 4, 22), "Hari Penampahan Galungan", SE_2025),
    (date(2025, 4, 23), "Hari Raya Galungan", SE_2025),
    (date(2025, 4, 24), "Hari Umanis Galungan", SE_2025),
    (date(2025, 5, 2), "Hari Penampahan Kuningan", SE_2025),
    (date(2025, 5, 3), "Hari Raya Kuningan", SE_2025),
    (date(2025, 9, 6), "Hari Raya Saraswati", f"{SE_2025}; {PAWUKON}"),
    (date(2025, 9, 10), "Hari Raya Pagerwesi", f"{SE_2025}; {PAWUKON}"),
    (date(2025, 11, 18), "Hari Penampahan Galungan", SE_2025),
    (date(2025, 11, 19), "Hari Raya Galungan", SE_2025),
    (date(2025, 11, 20), "Hari Umanis Galungan", SE_2025),
    (date(2025, 11, 28), "Hari Penampahan Kuningan", SE_2025),
    (date(2025, 11, 29), "Hari Raya Kuningan", SE_2025),
    # 2026
    (date(2026, 1, 17), "Hari Suci Siwaratri", SE_2026),
    (date(2026, 3, 18), "Hari Tawur Agung Kesanga", f"{SE_2026}; juga cuti bersama nasional"),
    (date(2026, 3, 20), "Hari Ngembak Geni", f"{SE_2026}; juga cuti bersama Idul Fitri"),
    (date(2026, 4, 4), "Hari Raya Saraswati", SE_2026),
    (date(2026, 4, 8), "Hari Raya Pagerwesi", SE_2026),
    (date(2026, 6, 16), "Hari Penampahan Galungan", f"{SE_2026}; juga Tahun Baru Islam"),
    (date(2026, 6, 17), "Hari Raya Galungan", SE_2026),
    (date(2026, 6, 18), "Hari Umanis Galungan", SE_2026),
    (date(2026, 6, 26), "Hari Penampahan Kuningan", SE_2026),
    (date(2026, 6, 27), "Hari Raya Kuningan", SE_2026),
    (date(2026, 10, 31), "Hari Raya Saraswati", SE_2026),
    (date(2026, 11, 4), "Hari Raya Pagerwesi", SE_2026),
)


def seed_days_off(actor=None, *, pemda=None) -> int:
    """Write the Bali days into the calendar of `pemda` (local days off) through the audited service.
    Idempotent: a date already in the table is left as the administrator set it."""

    created = 0
    for day, name, source in DAYS_OFF:
        if DayOff.objects.filter(pemda=pemda, date=day).exists():
            continue
        dayoff_set(actor=actor, pemda=pemda, date=day, kind=DayOffKind.LOCAL, name=name, source=source)
        created += 1
    return created
