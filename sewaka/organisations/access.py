"""The one place that answers which units a user may see and act on.

A membership covers its unit's whole subtree. A gerai of the Mal Pelayanan Publik is also covered by the
memberships on its home agency (its staff serve there), without the agency becoming a second parent.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

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

    try:
        unit = Unit.objects.select_related("home_agency", "parent").get(pk=int(pk))
    except (Unit.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
    if not can(user, Action.VIEW, unit):
        raise Http404
    if not can(user, action, unit):
        raise PermissionDenied
    return unit


# --- Complaints: who handles a case, who sees its reporter (domain.md §5) ---------------------------
# Functions take the complaint duck-typed (core imports no feature app): handling_unit, reported_unit,
# receiving_unit (the unit whose complaint desk received and triages it; None: the pemda's own triage),
# privacy ("biasa" / "rahasia" / "anonim") and consent_share_identity.


def _is_super(user) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active)


def _covers(path: str, unit: Unit) -> bool:
    """A membership on `path` covers `unit`: its subtree, or a gerai whose home agency it covers."""
    if unit.path.startswith(path):
        return True
    return unit.home_agency_id is not None and unit.home_agency.path.startswith(path)


def _inside(path: str, unit: Unit) -> bool:
    """A membership on `path` belongs to `unit` itself: the unit or below, or (for a gerai) its home
    agency, whose staff serve there."""
    if path.startswith(unit.path):
        return True
    return unit.home_agency_id is not None and path.startswith(unit.home_agency.path)


def _root_path(complaint) -> str | None:
    for unit in (complaint.handling_unit, complaint.reported_unit, complaint.receiving_unit):
        if unit is not None:
            return unit.path_prefixes[0]
    return None


def _desk_paths(user, complaint) -> list[str]:
    """The user's complaint memberships that cover the receiving unit (default: the pemda's triage)."""
    paths = _paths_for(user, Action.COMPLAINTS)
    if complaint.receiving_unit is not None:
        return [p for p in paths if _covers(p, complaint.receiving_unit)]
    root = _root_path(complaint)
    return [p for p in paths if p.count(".") == 1 and (root is None or root.startswith(p))]


def may_handle(user, complaint) -> bool:
    """May `user` open and work on the case? The complaint handlers (and admin pemda) of the handling
    unit and of the receiving unit; an unassigned case belongs to the pemda's triage."""
    if _is_super(user):
        return True
    if complaint.handling_unit_id is not None and can(user, Action.COMPLAINTS, complaint.handling_unit):
        return True
    return bool(_desk_paths(user, complaint))


def handled_scope(user) -> Q:
    """The complaints `user` may handle, as a filter on Complaint: `may_handle` for a whole list (the
    same rule, kept next to it). The handling unit or the receiving unit in the user's complaint scope;
    a case no desk received belongs to the triage of its pemda (a complaint membership on the root)."""
    if _is_super(user):
        return Q()
    paths = _paths_for(user, Action.COMPLAINTS)
    if not paths:
        return Q(pk__in=[])
    units = units_visible_to(user, Action.COMPLAINTS)
    scope = Q(handling_unit__in=units) | Q(receiving_unit__in=units)
    for root in sorted({p for p in paths if p.count(".") == 1}):
        scope |= Q(receiving_unit__isnull=True) & (
            Q(handling_unit__path__startswith=root)
            | Q(handling_unit__isnull=True, reported_unit__path__startswith=root)
            | Q(handling_unit__isnull=True, reported_unit__isnull=True)
        )
    return scope


def may_see_reporter(user, complaint) -> bool:
    """May `user` see the reporter's identity (name, NIK, phone, e-mail, address)?

    biasa: whoever may handle the case. rahasia — and an anonim case's notification e-mail, the only
    identity it has: admin pemda and the complaint handlers of the receiving unit, unless their
    membership lies in the unit complained about; the handlers of the unit complained about (its own,
    and those above it) only when the reporter agreed. Handlers of any other unit the case was
    forwarded to never see it.
    """
    if not may_handle(user, complaint):
        return False
    if _is_super(user) or complaint.privacy == "biasa":
        return True
    root = _root_path(complaint)
    if any(
        role == Role.ADMIN_PEMDA and (root is None or root.startswith(path))
        for path, role in _memberships(user)
    ):
        return True
    reported = complaint.reported_unit
    if any(reported is None or not _inside(path, reported) for path in _desk_paths(user, complaint)):
        return True
    return bool(
        complaint.consent_share_identity and reported is not None and can(user, Action.COMPLAINTS, reported)
    )


def handlers_of(unit: Unit | None) -> list[str]:
    """E-mail addresses of the complaint handlers (and admin pemda) covering `unit`, the gerai rule
    included. For notifications, which never carry the reporter's identity."""
    if unit is None:
        return []
    prefixes = list(unit.path_prefixes)
    if unit.home_agency_id:
        prefixes += unit.home_agency.path_prefixes
    roles = [role for role, actions in ROLE_ACTIONS.items() if Action.COMPLAINTS in actions]
    return sorted(
        set(
            Membership.objects.filter(
                is_active=True,
                user__is_active=True,
                unit__is_active=True,
                unit__path__in=prefixes,
                role__in=roles,
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def complaint_desk_of(user) -> Unit | None:
    """The unit whose complaint desk `user` works at (the highest of their complaint memberships)."""
    paths = _paths_for(user, Action.COMPLAINTS)
    if not paths:
        return None
    return Unit.objects.filter(path=min(paths, key=lambda p: (p.count("."), p))).first()
