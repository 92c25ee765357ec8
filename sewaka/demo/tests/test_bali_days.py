"""Bali's local days off in the Denpasar demo calendar move complaint deadlines (domain.md §5)."""

from datetime import date, datetime, timedelta

from sewaka.core.calendar import deadline
from sewaka.core.models import DayOff, DayOffKind
from sewaka.core.services import dayoff_set
from sewaka.core.workdays import WITA, Calendar
from sewaka.demo.bali import DAYS_OFF, seed_days_off

RECEIVED = datetime(2026, 6, 15, 9, 30, tzinfo=WITA)  # Monday


def test_nationally_the_verification_deadline_is_friday():
    # 16 June 2026 is Tahun Baru Islam: day 1 Wed 17, day 2 Thu 18, day 3 Fri 19.
    assert Calendar.default().deadline(RECEIVED, 3) == datetime(2026, 6, 19, 23, 59, 59, tzinfo=WITA)


def test_in_bali_galungan_and_umanis_galungan_move_it_to_tuesday(db):
    assert deadline(RECEIVED, 3).date() == date(2026, 6, 19)  # empty table: the national answer
    seed_days_off()
    # 16 (national), 17 Galungan, 18 Umanis Galungan off: day 1 Fri 19, day 2 Mon 22, day 3 Tue 23.
    assert deadline(RECEIVED, 3) == datetime(2026, 6, 23, 23, 59, 59, tzinfo=WITA)


def test_the_days_are_local_days_off_with_a_source_and_seeding_twice_adds_nothing(db):
    created = seed_days_off()
    assert created == len(DAYS_OFF) == DayOff.objects.count()
    assert seed_days_off() == 0
    galungan = DayOff.objects.get(date=date(2026, 6, 17))
    assert (galungan.kind, galungan.name) == (DayOffKind.LOCAL, "Hari Raya Galungan")
    assert "B-253/DJ.VI" in galungan.source
    assert all(d.source for d in DayOff.objects.all())


def test_an_administrators_entry_is_kept(db):
    dayoff_set(
        actor=None, pemda=None, date=date(2026, 6, 18), kind=DayOffKind.WORKING_DAY, name="Masuk kerja"
    )
    seed_days_off()
    assert DayOff.objects.get(date=date(2026, 6, 18)).kind == DayOffKind.WORKING_DAY
    assert deadline(RECEIVED, 3).date() == date(2026, 6, 22)


def test_the_dates_follow_the_pawukon_cycle():
    named = {}
    for day, name, _source in DAYS_OFF:
        named.setdefault(name, []).append(day)
    galungan = named["Hari Raya Galungan"]
    assert galungan == [date(2025, 4, 23), date(2025, 11, 19), date(2026, 6, 17)]
    assert all(d.weekday() == 2 for d in galungan)  # Buda (Wednesday)
    assert [b - a for a, b in zip(galungan, galungan[1:], strict=False)] == [timedelta(days=210)] * 2
    assert named["Hari Umanis Galungan"] == [g + timedelta(days=1) for g in galungan]
    assert named["Hari Penampahan Galungan"] == [g - timedelta(days=1) for g in galungan]
    kuningan = named["Hari Raya Kuningan"]
    assert kuningan == [date(2025, 5, 3), date(2025, 11, 29), date(2026, 6, 27)]
    assert all(d.weekday() == 5 for d in kuningan)  # Saniscara (Saturday)
    # Saraswati closes the cycle on a Saturday; Pagerwesi follows on the Wednesday.
    assert named["Hari Raya Saraswati"] == [
        date(2025, 2, 8),
        date(2025, 9, 6),
        date(2026, 4, 4),
        date(2026, 10, 31),
    ]
    assert all(d.weekday() == 5 for d in named["Hari Raya Saraswati"])
    assert named["Hari Raya Pagerwesi"] == [
        date(2025, 2, 12),
        date(2025, 9, 10),
        date(2026, 4, 8),
        date(2026, 11, 4),
    ]
    # Nyepi-adjacent days: Nyepi is 29 Mar 2025 and 19 Mar 2026 (national holidays).
    assert named["Hari Tawur Agung Kesanga"] == [date(2025, 3, 28), date(2026, 3, 18)]
    assert named["Hari Ngembak Geni"] == [date(2025, 3, 30), date(2026, 3, 20)]
