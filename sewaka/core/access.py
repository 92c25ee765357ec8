"""The one place that answers which units a user may see and act on.

A membership covers its unit's whole subtree. A gerai of the Mal Pelayanan Publik is also covered by the
memberships on its home agency (its staff serve there), without the agency becoming a second parent.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from django.db.models import Q, QuerySet

from sewaka.organisations.models import Membership, Role, Unit


class Action(StrEnum):
    VIEW = "view"  # read the unit's data and dashboards
    ACT = "act"  # run the unit's work: services, surveys, standards, follow-ups
    MANAGE = "manage"  # structure: units, memberships, users
    MONEV = "monev"  # record Monev visits and findings, verify follow-ups, read the audit trail
    COMPLAINTS = "complaints"  # handle complaints


# The permission matrix: which role may do which action on the units it covers.
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.ADMIN_PEMDA: frozenset(Action),
    Role.OPERATOR: frozenset({Action.VIEW, Action.ACT}),
    Role.PIMPINAN: frozenset({Action.VIEW}),
    Role.TIM_MONEV: frozenset({Action.VIEW, Action.MONEV}),
    Role.PENGELOLA_PENGADUAN: frozenset({Action.VIEW, Action.COMPLAINTS}),
}

_CACHE_ATTR = "_sewaka_memberships"


def _memberships(user) -> list[tuple[str, str]]:
    """(unit path, role) of the user's active memberships on active units, cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, is_active=True, unit__is_active=True).values_list(
                "unit__path", "role"
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user) -> None:
    """Drop the cached memberships (after a membership change in the same request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles_of(user) -> set[str]:
    return {role for _, role in _memberships(user)}


def _paths_for(user, action: Action) -> list[str]:
    return [path for path, role in _memberships(user) if action in ROLE_ACTIONS.get(role, frozenset())]


def units_visible_to(user, action: Action | str = Action.VIEW) -> QuerySet[Unit]:
    """Units on which `user` may perform `action` (default: view)."""
    action = Action(action)
    if getattr(user, "is_superuser", False) and user.is_active:
        return Unit.objects.all()
    paths = _paths_for(user, action)
    if not paths:
        return Unit.objects.none()
    q = Q()
    for path in _roots(paths):
        q |= Q(path__startswith=path) | Q(home_agency__path__startswith=path)
    return Unit.objects.filter(q)


def _roots(paths: Iterable[str]) -> list[str]:
    """Drop paths already covered by an ancestor path."""
    roots: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(r) for r in roots):
            roots.append(path)
    return roots


def can(user, action: Action | str, unit: Unit | None) -> bool:
    """May `user` perform `action` on `unit` (and its data)?"""
    if unit is None:
        return False
    action = Action(action)
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    targets = [unit.path]
    if unit.home_agency_id:
        targets.append(unit.home_agency.path)
    return any(t.startswith(p) for p in _paths_for(user, action) for t in targets)


def is_city_wide(user, action: Action | str = Action.VIEW) -> bool:
    """True when the user's scope for `action` includes a pemda root (city-wide pages)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    action = Action(action)
    return any(p.count(".") == 1 for p in _paths_for(user, action))


def get_unit_for(user, pk, action: Action | str = Action.VIEW) -> Unit:
    """The unit `pk` if the user may `action` it; Http404 otherwise (no existence leak)."""
    from django.http import Http404

    try:
        unit = Unit.objects.select_related("home_agency", "parent").get(pk=int(pk))
    except (Unit.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
    if not can(user, Action.VIEW, unit):
        raise Http404
    if not can(user, action, unit):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return unit
