"""Tests for the working-day calendar (pure: no Django, no database)."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sewaka.core.workdays import LOCAL_DAY_OFF_NAME, WITA, Calendar, _package_holidays

CAL = Calendar.default()


def wita(*args: int) -> datetime:
    return datetime(*args, tzinfo=WITA)


def at_2359(d: date) -> datetime:
    return datetime.combine(d, time(23, 59, 59), tzinfo=WITA)


# --- domain.md §5 worked example -------------------------------------------------------------------


def test_worked_example():
    # Friday 27 Nov 2026 15:00 WITA, 3 working days -> Wednesday 2 Dec 2026, 23:59 WITA.
    due = CAL.deadline(wita(2026, 11, 27, 15, 0), 3)
    assert due == at_2359(date(2026, 12, 2))
    assert due.weekday() == 2 and (due.hour, due.minute) == (23, 59) and due.tzinfo is WITA


def test_worked_example_with_local_day_off_on_monday():
    cal = Calendar(extra_days_off=frozenset({date(2026, 11, 30)}))
    assert cal.deadline(wita(2026, 11, 27, 15, 0), 3) == at_2359(date(2026, 12, 3))


def test_hour_of_receipt_does_not_matter():
    for hour in (0, 7, 16, 23):
        assert CAL.deadline(wita(2026, 11, 27, hour, 59), 3) == at_2359(date(2026, 12, 2))


# --- time zones --------------------------------------------------------------------------------------


def test_utc_receipt_that_is_already_next_day_in_wita():
    received = datetime(2026, 11, 27, 17, 30, tzinfo=UTC)  # Saturday 28 Nov 01:30 WITA
    assert received.astimezone(WITA).date() == date(2026, 11, 28)
    assert CAL.deadline(received, 0) == at_2359(date(2026, 11, 28))  # day 0 is the Saturday
    assert CAL.deadline(received, 1) == at_2359(date(2026, 11, 30))


def test_utc_date_boundary_shifts_day_zero():
    # Thursday 26 Nov 15:59 UTC is still Thursday in WITA; 16:00 UTC is Friday 00:00 WITA.
    assert CAL.deadline(datetime(2026, 11, 26, 15, 59, tzinfo=UTC), 1) == at_2359(date(2026, 11, 27))
    assert CAL.deadline(datetime(2026, 11, 26, 16, 0, tzinfo=UTC), 1) == at_2359(date(2026, 11, 30))


def test_deadline_rejects_naive_datetime():
    with pytest.raises(ValueError):
        CAL.deadline(datetime(2026, 11, 27, 15, 0), 3)


# --- weekends and holidays ---------------------------------------------------------------------------


@pytest.mark.parametrize("day0", [date(2026, 11, 28), date(2026, 11, 29)])
def test_weekend_receipt_day_one_is_next_working_day(day0: date):
    assert CAL.add_working_days(day0, 0) == day0
    assert CAL.add_working_days(day0, 1) == date(2026, 11, 30)
    assert CAL.deadline(datetime.combine(day0, time(10), tzinfo=WITA), 1) == at_2359(date(2026, 11, 30))


def test_package_holidays_2026_assumed_by_these_tests():
    package = _package_holidays(2026)
    assert date(2026, 12, 25) in package  # Christmas, a Friday
    assert date(2026, 12, 24) in package  # cuti bersama Natal (category "government"), a Thursday
    assert date(2026, 8, 17) in package  # Independence Day, a Monday


def test_deadline_over_christmas_2026():
    assert not CAL.is_working_day(date(2026, 12, 25))
    assert CAL.holiday_name(date(2026, 12, 25))
    # Tuesday 22 Dec: day 1 Wed 23; Thu 24 (cuti bersama), Fri 25 (Natal) and the weekend are off.
    assert CAL.deadline(wita(2026, 12, 22, 9, 0), 2) == at_2359(date(2026, 12, 28))


def test_deadline_over_independence_day():
    assert CAL.deadline(wita(2026, 8, 14, 9, 0), 1) == at_2359(date(2026, 8, 18))


def test_admin_local_day_off():
    hari_jadi = date(2026, 12, 2)  # e.g. the kabupaten's anniversary, a Wednesday
    cal = Calendar(extra_days_off=frozenset({hari_jadi}))
    assert not cal.is_working_day(hari_jadi)
    assert cal.holiday_name(hari_jadi) == LOCAL_DAY_OFF_NAME
    assert CAL.holiday_name(hari_jadi) is None
    assert cal.deadline(wita(2026, 11, 27, 15, 0), 3) == at_2359(date(2026, 12, 3))


def test_idul_fitri_2027_with_explicit_cuti_bersama():
    package = _package_holidays(2027)
    assert date(2027, 3, 8) in package  # Nyepi, Monday
    assert date(2027, 3, 10) in package and date(2027, 3, 11) in package  # Idul Fitri (estimated)
    # Cuti bersama as the pemda enters them from the SKB (the package currently lists them too).
    cuti_bersama = frozenset({date(2027, 3, 9), date(2027, 3, 12), date(2027, 3, 15)})
    cal = Calendar(extra_days_off=cuti_bersama)
    # Friday 5 Mar; Mon 8 to Mon 15 are all off -> Tue 16, Wed 17, Thu 18.
    assert cal.deadline(wita(2027, 3, 5, 10, 0), 3) == at_2359(date(2027, 3, 18))
    assert cal.working_days_between(date(2027, 3, 5), date(2027, 3, 15)) == 0
    # One more cuti bersama day entered by the admin only pushes the deadline to Friday.
    cal = Calendar(extra_days_off=cuti_bersama | {date(2027, 3, 16)})
    assert cal.holiday_name(date(2027, 3, 16)) == LOCAL_DAY_OFF_NAME
    assert cal.deadline(wita(2027, 3, 5, 10, 0), 3) == at_2359(date(2027, 3, 19))


def test_extra_working_day_overrides_package():
    cal = Calendar(extra_working_days=frozenset({date(2026, 12, 24)}))
    assert cal.is_working_day(date(2026, 12, 24))
    assert cal.holiday_name(date(2026, 12, 24)) is None
    assert cal.deadline(wita(2026, 12, 22, 9, 0), 2) == at_2359(date(2026, 12, 24))
    assert not cal.is_working_day(date(2026, 12, 25))  # other holidays are untouched


def test_weekend_never_becomes_working_day():
    assert not Calendar(extra_working_days=frozenset({date(2026, 11, 28)})).is_working_day(date(2026, 11, 28))


def test_date_cannot_be_both_off_and_working():
    with pytest.raises(ValueError):
        Calendar(
            extra_days_off=frozenset({date(2026, 12, 2)}), extra_working_days=frozenset({date(2026, 12, 2)})
        )


def test_add_working_days_rejects_negative_n():
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2026, 11, 27), -1)


# --- working_days_between ----------------------------------------------------------------------------


def test_working_days_between_basics():
    fri, sat, mon = date(2026, 11, 27), date(2026, 11, 28), date(2026, 11, 30)
    assert CAL.working_days_between(fri, fri) == 0
    assert CAL.working_days_between(fri, sat) == 0
    assert CAL.working_days_between(fri, mon) == 1
    assert CAL.working_days_between(mon, mon + timedelta(days=7)) == 5
    assert CAL.working_days_between(date(2026, 12, 21), date(2026, 12, 31)) == 6  # 24 and 25 off


@given(
    st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)),
    st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)),
)
def test_working_days_between_is_antisymmetric(a: date, b: date):
    assert CAL.working_days_between(b, a) == -CAL.working_days_between(a, b)


# --- pauses ------------------------------------------------------------------------------------------


def test_pause_working_days():
    assert CAL.pause_working_days(wita(2026, 11, 30, 10), wita(2026, 11, 30, 16)) == 0  # same day
    assert CAL.pause_working_days(wita(2026, 11, 30, 10), wita(2026, 12, 2, 9)) == 2  # Mon -> Wed
    assert CAL.pause_working_days(wita(2026, 11, 27, 16), wita(2026, 11, 29, 20)) == 0  # weekend only
    assert CAL.pause_working_days(wita(2026, 11, 27, 16), wita(2026, 11, 30, 8)) == 1  # Fri -> Mon
    # 16:30 UTC on Monday is Tuesday 00:30 WITA.
    assert CAL.pause_working_days(wita(2026, 11, 30, 10), datetime(2026, 11, 30, 16, 30, tzinfo=UTC)) == 1


def test_pause_errors():
    with pytest.raises(ValueError):
        CAL.pause_working_days(wita(2026, 12, 2, 9), wita(2026, 11, 30, 10))
    with pytest.raises(ValueError):
        CAL.pause_working_days(datetime(2026, 11, 30, 10), wita(2026, 12, 2, 9))
    with pytest.raises(ValueError):
        CAL.deadline(wita(2026, 11, 27, 15), 3, paused_working_days=-1)


def test_deadline_with_pause():
    received = wita(2026, 11, 27, 15, 0)
    paused = CAL.pause_working_days(wita(2026, 11, 30, 10), wita(2026, 12, 2, 9))  # 2 working days
    assert CAL.deadline(received, 3, paused_working_days=paused) == at_2359(date(2026, 12, 4))
    assert CAL.deadline(received, 3, paused_working_days=paused) == CAL.deadline(received, 5)


# --- property ----------------------------------------------------------------------------------------


@given(
    st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)),
    st.integers(min_value=0, max_value=60),
    st.frozensets(st.dates(min_value=date(2025, 1, 1), max_value=date(2029, 3, 31)), max_size=10),
)
def test_add_then_count_round_trips(start: date, n: int, days_off: frozenset[date]):
    for cal in (CAL, Calendar(extra_days_off=days_off)):
        end = cal.add_working_days(start, n)
        assert cal.working_days_between(start, end) == n
        assert n == 0 or cal.is_working_day(end)
