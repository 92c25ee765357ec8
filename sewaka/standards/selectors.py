"""Reads of service standards and the Maklumat; drafts never leave the unit. (A unit's obligations are the
obligations app's, read through this app's facts.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from sewaka.core.search import matches
from sewaka.organisations.access import Action, can, units_visible_to
from sewaka.organisations.models import Service

from . import completeness, facts, lines
from .components import COMPONENTS, DELIVERY
from .models import Maklumat, ServiceStandard
from .transitions import EDITABLE, IN_FORCE, MaklumatStatus, Status


def standard_get(*, user, pk, action: Action = Action.VIEW) -> ServiceStandard:
    try:
        standard = ServiceStandard.objects.select_related("service__unit", "decree_file").get(pk=int(pk))
    except (ServiceStandard.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
    if not can(user, Action.VIEW, standard.service.unit):
        raise Http404
    if not can(user, action, standard.service.unit):
        raise PermissionDenied
    return standard


review_months = facts.review_months


def review_due(standard: ServiceStandard) -> date | None:
    """A set standard is due for review 12 months (configurable) after penetapan or its last review."""
    return facts.review_due(standard.status, standard.reviewed_at, standard.decree_date, review_months())


def check(standard: ServiceStandard) -> completeness.Completeness:
    return completeness.check(
        standard,
        discussed=standard.forums.exists(),
        today=timezone.localdate(),
        review_months=review_months(),
    )


def unit_standards(*, user, unit) -> list[dict]:
    """Each active service of the unit with its current (published or set) version and its draft."""
    if not can(user, Action.VIEW, unit):
        raise Http404
    services = (
        Service.objects.filter(unit=unit, is_active=True).prefetch_related("standards").order_by("name")
    )
    today = timezone.localdate()
    rows = []
    for service in services:
        versions = sorted(service.standards.all(), key=lambda s: -s.version)
        current = cast("ServiceStandard | None", facts.current_of(versions))
        draft = next((v for v in versions if v.status in EDITABLE), None)
        due = review_due(current) if current else None
        rows.append(
            {
                "service": service,
                "current": current,
                "draft": draft,
                "versions": versions,
                "review_due": due,
                "review_overdue": bool(due and due < today),
            }
        )
    return rows


def overdue_reviews(*, user) -> list[tuple[ServiceStandard, date]]:
    today = timezone.localdate()
    standards = ServiceStandard.objects.filter(
        service__unit__in=units_visible_to(user, Action.VIEW), status__in=IN_FORCE
    ).select_related("service__unit")
    out = []
    for standard in standards:
        due = review_due(standard)
        if due and due < today:
            out.append((standard, due))
    return sorted(out, key=lambda item: item[1])


def _text(standard, key: str) -> str:
    if key == "biaya" and standard.biaya_gratis:
        return "Gratis"
    if key in lines.LIST_FIELDS:
        return lines.format_lines(getattr(standard, key), lines.LIST_FIELDS[key])
    if key == "dasar_hukum":
        return "\n".join(standard.dasar_hukum)
    if key == "jangka_waktu":
        return f"{standard.jangka_waktu_value or ''} {standard.get_jangka_waktu_unit_display() if standard.jangka_waktu_unit else ''}".strip()
    value = getattr(standard, key)
    return "" if value is None else str(value)


def component_texts(standard: ServiceStandard) -> list[tuple[str, str, str]]:
    return [(c.key, c.label, _text(standard, c.key)) for c in COMPONENTS]


def version_diff(standard: ServiceStandard) -> tuple[ServiceStandard | None, list[tuple[str, str, str]]]:
    """The previous version and the components that differ from it: (label, before, after)."""
    previous = (
        ServiceStandard.objects.filter(service=standard.service, version__lt=standard.version)
        .order_by("-version")
        .first()
    )
    if previous is None:
        return None, []
    changes = []
    for c in COMPONENTS:
        before, after = _text(previous, c.key), _text(standard, c.key)
        if before != after:
            changes.append((c.label, before, after))
    return previous, changes


def current_maklumat(unit, *, public: bool = False) -> Maklumat | None:
    statuses = (
        (MaklumatStatus.PUBLISHED,) if public else (MaklumatStatus.DITETAPKAN, MaklumatStatus.PUBLISHED)
    )
    return Maklumat.objects.filter(unit=unit, status__in=statuses).order_by("-signed_on", "-id").first()


# --- Public catalogue ------------------------------------------------------------------------------


def published_standard(service) -> ServiceStandard | None:
    return ServiceStandard.objects.filter(service=service, status=Status.PUBLISHED).first()


def catalogue(q: str = "") -> QuerySet[Service]:
    """Services with a published standard. The search forgives case, spaces and hyphens ("ktp el", "KTP-el",
    "ktpel") and reads each service's synonyms ("e-KTP") and its unit's names (core/search.py)."""

    qs = Service.objects.filter(
        is_active=True, unit__is_active=True, standards__status=Status.PUBLISHED
    ).select_related("unit")
    if q:
        rows = qs.values_list("pk", "name", "synonyms", "unit__name", "unit__short_name").distinct()
        qs = qs.filter(
            pk__in=[
                pk
                for pk, name, synonyms, unit_name, short in rows.iterator()
                if matches(q, [name, *synonyms.split(","), unit_name, short])
            ]
        )
    return qs.distinct().order_by("unit__path", "name")


# --- For other apps (public, listed in the import contract) ------------------------------------------


def standard_versions(unit) -> QuerySet[ServiceStandard]:
    """Every version of the unit's standards, for another app's choice field (the FKP form)."""
    return (
        ServiceStandard.objects.filter(service__unit=unit)
        .select_related("service")
        .order_by("service__name", "-version")
    )


def forums_of(unit):
    """The unit's Forum Konsultasi Publik, to choose the one where a standard was discussed.

    consultations links its forums to a standard version and imports standards, so standards imports
    nothing from consultations: it reads the relation consultations' model declares on the unit."""
    return unit.forums.all()


@dataclass(frozen=True)
class PublicStandard:
    """A published standard of an active service, with the components the public service page shows."""

    id: int
    unit_code: str
    unit_name: str
    service_name: str
    service_slug: str
    version: int
    decree_number: str
    decree_date: date | None
    published_at: datetime | None
    updated_at: datetime
    components: dict[str, str]  # delivery component key → text, as on the public page


def published_standards() -> list[PublicStandard]:
    """Every published standard of an active service of an active unit (open data). One query."""
    qs = (
        ServiceStandard.objects.filter(
            status=Status.PUBLISHED, service__is_active=True, service__unit__is_active=True
        )
        .select_related("service__unit")
        .order_by("service__unit__path", "service__name", "pk")
    )
    return [
        PublicStandard(
            id=s.pk,
            unit_code=s.service.unit.code,
            unit_name=s.service.unit.name,
            service_name=s.service.name,
            service_slug=s.service.slug,
            version=s.version,
            decree_number=s.decree_number,
            decree_date=s.decree_date,
            published_at=s.published_at,
            updated_at=s.updated_at,
            components={c.key: _text(s, c.key) for c in DELIVERY},
        )
        for s in qs
    ]
