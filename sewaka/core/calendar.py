"""A pemda's working-day calendar: the `holidays` package plus its DayOff entries (which win).

Each pemda (root unit) has its own entries; entries without a pemda are shared by every pemda that has no
entry of its own for that date (ADR 0005). `core` does not import `organisations`: a pemda is passed by id.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Q

from .models import DayOff, DayOffKind
from .workdays import Calendar


def pemda_calendar(pemda_id: int | None = None) -> Calendar:
    """The calendar of the pemda `pemda_id` (None: the shared entries only). One query."""
    rows = DayOff.objects.filter(
        Q(pemda__isnull=True) | Q(pemda_id=pemda_id) if pemda_id else Q(pemda__isnull=True)
    )
    kinds: dict[date, str] = {}
    for day, kind, owner in rows.values_list("date", "kind", "pemda_id"):
        if owner is not None or day not in kinds:  # the pemda's own entry wins over a shared one
            kinds[day] = kind
    return Calendar(
        extra_days_off=frozenset(d for d, k in kinds.items() if k != DayOffKind.WORKING_DAY),
        extra_working_days=frozenset(d for d, k in kinds.items() if k == DayOffKind.WORKING_DAY),
    )


def add_working_days(start: date, n: int, *, pemda_id: int | None = None) -> date:
    return pemda_calendar(pemda_id).add_working_days(start, n)


def working_days_between(a: date, b: date, *, pemda_id: int | None = None) -> int:
    return pemda_calendar(pemda_id).working_days_between(a, b)


def deadline(
    received_at: datetime, n: int, paused_working_days: int = 0, *, pemda_id: int | None = None
) -> datetime:
    """End of the n-th working day after receipt (23:59 WITA), pauses added in whole working days."""
    return pemda_calendar(pemda_id).deadline(received_at, n, paused_working_days)
