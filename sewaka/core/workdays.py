"""Working-day calendar for service deadlines (pure Python, no Django).

Rule (domain.md §5, "Counting working days (decided for Sewaka)"): dates are taken in WITA
(Asia/Makassar). Working days are Monday to Friday that are not a national holiday, cuti bersama, or a
local day off in the pemda's table. The day of receipt is day 0 whatever the hour; a limit of n working
days ends at 23:59 WITA on the n-th working day after it. Time the case waits for the reporter is a
pause, added to the deadline in whole working days.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays

WITA = ZoneInfo("Asia/Makassar")

# Deadlines end at 23:59 WITA; we use 23:59:59 so that the whole minute 23:59 is still in time.
DEADLINE_TIME = time(23, 59, 59)
LOCAL_DAY_OFF_NAME = "Hari libur lokal/cuti bersama"
# "public" = national holidays, "government" = cuti bersama decreed by the joint ministerial decree (SKB).
HOLIDAY_CATEGORIES = ("public", "government")
_ONE_DAY = timedelta(days=1)


@functools.lru_cache(maxsize=64)
def _package_holidays(year: int) -> Mapping[date, str]:
    """National holidays and cuti bersama for Indonesia in `year`, from the `holidays` package."""
    found = holidays.country_holidays("ID", categories=HOLIDAY_CATEGORIES, years=year, language="id")
    return MappingProxyType({d: name for d, name in found.items() if d.year == year})


def national_holidays(year: int) -> Mapping[date, str]:
    """Public view of the package's holidays and cuti bersama of `year` (name per date)."""
    return _package_holidays(year)


def _wita_date(moment: datetime) -> date:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("datetime must be timezone-aware")
    return moment.astimezone(WITA).date()


@dataclass(frozen=True)
class Calendar:
    """Working-day calendar: the `holidays` package plus the pemda's admin table.

    `extra_days_off`: cuti bersama and local days off entered by the admin.
    `extra_working_days`: dates the package lists as holidays but the admin declares working days
    (the admin table wins over the package). Weekends are never working days.
    """

    extra_days_off: frozenset[date] = field(default_factory=frozenset)
    extra_working_days: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        # Accept any iterable of dates but store frozensets, so the calendar stays hashable.
        object.__setattr__(self, "extra_days_off", frozenset(self.extra_days_off))
        object.__setattr__(self, "extra_working_days", frozenset(self.extra_working_days))
        if clash := self.extra_days_off & self.extra_working_days:
            raise ValueError(f"dates both off and working: {sorted(clash)}")

    @classmethod
    def default(cls) -> Calendar:
        """Calendar with empty admin tables (package holidays only)."""
        return cls()

    def is_working_day(self, d: date) -> bool:
        if d.weekday() >= 5 or d in self.extra_days_off:
            return False
        return d in self.extra_working_days or d not in _package_holidays(d.year)

    def holiday_name(self, d: date) -> str | None:
        """Why `d` is a day off (for UI explanations); None for working days and plain weekends."""
        if d in self.extra_working_days:
            return None
        name = _package_holidays(d.year).get(d)
        if name is not None:
            return name
        return LOCAL_DAY_OFF_NAME if d in self.extra_days_off else None

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (day 0, working day or not); n=0 returns `start`."""
        if n < 0:
            raise ValueError("n must be >= 0")
        d = start
        while n > 0:
            d += _ONE_DAY
            if self.is_working_day(d):
                n -= 1
        return d

    def working_days_between(self, a: date, b: date) -> int:
        """Number of working days d with a < d <= b; negative (same magnitude) if b < a."""
        if b < a:
            return -self.working_days_between(b, a)
        return sum(self.is_working_day(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))

    def deadline(self, received_at: datetime, n: int, paused_working_days: int = 0) -> datetime:
        """Deadline for a limit of `n` working days counted from `received_at`.

        `received_at` must be aware (naive -> ValueError); day 0 is its date in WITA whatever the hour.
        The result is 23:59:59 WITA on the (n + paused_working_days)-th working day after day 0: the
        rule says "ends at 23:59 WITA", and 23:59:59 keeps that whole minute inside the limit.
        """
        if paused_working_days < 0:
            raise ValueError("paused_working_days must be >= 0")
        end = self.add_working_days(_wita_date(received_at), n + paused_working_days)
        return datetime.combine(end, DEADLINE_TIME, tzinfo=WITA)

    def pause_working_days(self, start: datetime, end: datetime) -> int:
        """Whole working days a case waited: working days d with start date < d <= end date (WITA)."""
        first, last = _wita_date(start), _wita_date(end)  # also rejects naive datetimes
        if end < start:
            raise ValueError("pause ends before it starts")
        return self.working_days_between(first, last)
