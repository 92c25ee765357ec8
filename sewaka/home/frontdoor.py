"""What the public home page shows: published facts only, a fixed number of queries whatever the city's size."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from sewaka.standards.models import Maklumat
from sewaka.standards.transitions import MaklumatStatus
from sewaka.surveys.models import PeriodStatus, SurveyPeriod


@dataclass(frozen=True)
class Entry:
    code: str
    unit: str
    detail: str


def survey_units(limit: int = 12) -> list[Entry]:
    """Units with a survey period open today (one query)."""

    today = timezone.localdate()
    rows = (
        SurveyPeriod.objects.filter(
            status=PeriodStatus.OPEN, start__lte=today, end__gte=today, unit__is_active=True
        )
        .order_by("unit__name", "-start")
        .values_list("unit__code", "unit__name", "name")
    )
    seen: dict[str, Entry] = {}
    for code, unit, period in rows[: limit * 4]:
        seen.setdefault(code, Entry(code, unit, period))
    return list(seen.values())[:limit]


def published_results(limit: int = 6) -> list[Entry]:
    """The latest published SKM result per unit, newest first (one query)."""

    rows = (
        SurveyPeriod.objects.filter(published_at__isnull=False, unit__is_active=True)
        .order_by("-published_at")
        .values_list("unit__code", "unit__name", "name")
    )
    seen: dict[str, Entry] = {}
    for code, unit, period in rows[: limit * 4]:
        seen.setdefault(code, Entry(code, unit, period))
    return list(seen.values())[:limit]


def maklumat_wall(limit: int = 8) -> list[Entry]:
    """Units whose Maklumat Pelayanan is published, newest first (one query)."""

    rows = (
        Maklumat.objects.filter(status=MaklumatStatus.PUBLISHED, unit__is_active=True)
        .order_by("-signed_on", "-id")
        .values_list("unit__code", "unit__name", "signatory_position")
    )
    seen: dict[str, Entry] = {}
    for code, unit, signatory in rows[: limit * 4]:
        seen.setdefault(code, Entry(code, unit, signatory))
    return list(seen.values())[:limit]
