"""Reads of the organisation tree that take the user (house rule 2)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from sewaka.core.access import Action, can, units_visible_to

from .models import Membership, Service, Unit


def units_of_user(user) -> list[Unit]:
    """The units of the user's active memberships (the unit switcher's choices)."""
    if not user.is_authenticated:
        return []
    ids = (
        Membership.objects.filter(user=user, is_active=True, unit__is_active=True)
        .values_list("unit_id", flat=True)
        .distinct()
    )
    units = list(Unit.objects.filter(pk__in=ids).order_by("path"))
    if not units and user.is_superuser:
        units = list(Unit.objects.filter(parent__isnull=True, is_active=True)[:1])
    return units


def unit_list(*, user, q: str = "", kind: str = "", include_inactive: bool = False) -> QuerySet[Unit]:
    qs = units_visible_to(user, Action.VIEW).select_related("parent", "home_agency")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__icontains=q))
    return qs.annotate(
        service_count=Count("services", filter=Q(services__is_active=True), distinct=True),
    ).order_by("path")


def unit_children(*, user, unit: Unit) -> QuerySet[Unit]:
    return units_visible_to(user, Action.VIEW).filter(parent=unit).order_by("name")


def unit_gerai(*, user, unit: Unit) -> QuerySet[Unit]:
    return units_visible_to(user, Action.VIEW).filter(home_agency=unit).order_by("name")


def unit_ancestors(unit: Unit) -> list[Unit]:
    return list(Unit.objects.filter(path__in=unit.path_prefixes[:-1]).order_by("depth"))


def service_list(*, user, unit: Unit, include_inactive: bool = True) -> QuerySet[Service]:
    if not can(user, Action.VIEW, unit):
        return Service.objects.none()
    qs = unit.services.all()
    return qs if include_inactive else qs.filter(is_active=True)


def service_get(*, user, unit: Unit, pk, action: Action = Action.VIEW) -> Service:
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    try:
        service = Service.objects.select_related("unit").get(pk=int(pk), unit=unit)
    except (Service.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
    if not can(user, action, service.unit):
        raise PermissionDenied
    return service


def unit_members(*, user, unit: Unit) -> QuerySet[Membership]:
    if not can(user, Action.VIEW, unit):
        return Membership.objects.none()
    return unit.memberships.select_related("user").order_by("-is_active", "role", "user__username")


def membership_get(*, user, pk) -> Membership:
    from django.http import Http404

    try:
        membership = Membership.objects.select_related("unit", "user").get(pk=int(pk))
    except (Membership.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
    if not can(user, Action.MANAGE, membership.unit):
        raise Http404
    return membership
