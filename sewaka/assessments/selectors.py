from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from sewaka.core.access import Action, can, units_visible_to

from .models import Assessment, InstrumentVersion, OfficialResult


def assessment_list(*, user, unit=None) -> QuerySet[Assessment]:
    qs = Assessment.objects.filter(unit__in=units_visible_to(user, Action.VIEW)).select_related(
        "unit", "instrument"
    )
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs


def assessment_get(*, user, pk, action: Action = Action.VIEW) -> Assessment:
    try:
        assessment = Assessment.objects.select_related("unit", "instrument", "previous").get(pk=int(pk))
    except (Assessment.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
    if not can(user, Action.VIEW, assessment.unit):
        raise Http404
    if not can(user, action, assessment.unit):
        raise PermissionDenied
    return assessment


def instruments() -> QuerySet[InstrumentVersion]:
    from .services import ensure_shipped_instruments

    ensure_shipped_instruments()
    return InstrumentVersion.objects.all()


def official_results(*, user, unit) -> QuerySet[OfficialResult]:
    if not can(user, Action.VIEW, unit):
        raise Http404
    return OfficialResult.objects.filter(unit=unit).order_by("scheme", "-year")


def revisions(assessment: Assessment) -> list[Assessment]:
    return list(
        Assessment.objects.filter(
            unit=assessment.unit, instrument=assessment.instrument, year=assessment.year
        ).order_by("revision")
    )
