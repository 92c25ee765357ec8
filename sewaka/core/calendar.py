"""The pemda's working-day calendar: the `holidays` package plus the DayOff table (which wins)."""

from __future__ import annotations

from datetime import date, datetime

from .models import DayOff, DayOffKind
from .workdays import Calendar


def pemda_calendar() -> Calendar:
    rows = DayOff.objects.values_list("date", "kind")
    return Calendar(
        extra_days_off=frozenset(d for d, k in rows if k != DayOffKind.WORKING_DAY),
        extra_working_days=frozenset(d for d, k in rows if k == DayOffKind.WORKING_DAY),
    )


def add_working_days(start: date, n: int) -> date:
    return pemda_calendar().add_working_days(start, n)


def working_days_between(a: date, b: date) -> int:
    return pemda_calendar().working_days_between(a, b)


def deadline(received_at: datetime, n: int, paused_working_days: int = 0) -> datetime:
    """End of the n-th working day after receipt (23:59 WITA), pauses added in whole working days."""
    return pemda_calendar().deadline(received_at, n, paused_working_days)
