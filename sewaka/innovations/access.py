"""Who may do what with innovations and the internal selection, on top of organisations/access.py.

- see an innovation: whoever may view its unit or one of its partner units (the unit's operators and
  heads, the perangkat daerah above it, admin pemda); a published innovation is public;
- edit it, change its stage, add files and awards, nominate it, draft its proposal: `act` on its unit
  (the unit's operators, admin pemda);
- publish it to the gallery: `manage` on its unit (admin pemda);
- run a call (open, jurors, decide): `manage` on the call's pemda;
- score: an active juror of the call, never for an innovation of the juror's own perangkat daerah.
"""

from __future__ import annotations

from django.db.models import Q

from sewaka.organisations.access import Action, can, units_visible_to
from sewaka.organisations.models import Membership, Unit

from .models import Call, Innovation, Juror


def may_view(user, innovation: Innovation) -> bool:
    if can(user, Action.VIEW, innovation.unit):
        return True
    return any(can(user, Action.VIEW, unit) for unit in innovation.partner_units.all())


def may_edit(user, innovation: Innovation) -> bool:
    return can(user, Action.ACT, innovation.unit)


def may_publish(user, innovation: Innovation) -> bool:
    return can(user, Action.MANAGE, innovation.unit)


def may_manage_call(user, call: Call) -> bool:
    return can(user, Action.MANAGE, call.pemda)


def scope_q(user, action: Action = Action.VIEW) -> Q:
    """Innovations `user` may `action` (view: the unit or a partner unit in scope; other actions: the
    owning unit), as a filter on Innovation."""
    units = units_visible_to(user, action)
    if action == Action.VIEW:
        return Q(unit__in=units) | Q(partner_units__in=units)
    return Q(unit__in=units)


def juror_of(user, call: Call) -> Juror | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Juror.objects.filter(call=call, user=user, is_active=True).first()


def _pd_path(path: str) -> str | None:
    """The perangkat daerah (child of the pemda root) a unit path lies in; None for the root itself."""
    parts = [p for p in path.split(".") if p]
    return ".".join(parts[:2]) + "." if len(parts) >= 2 else None


def own_unit_conflict(user, innovation: Innovation) -> bool:
    """Does the innovation belong to the user's own perangkat daerah (the owning unit or a partner unit in
    the same perangkat daerah as one of the user's memberships)? A membership on the pemda root alone
    (admin pemda, the leadership) is nobody's own unit."""
    mine = {
        pd
        for path in Membership.objects.filter(user=user, is_active=True).values_list("unit__path", flat=True)
        if (pd := _pd_path(path)) is not None
    }
    if not mine:
        return False
    paths = [
        innovation.unit.path,
        *Unit.objects.filter(partner_innovations=innovation).values_list("path", flat=True),
    ]
    return any(_pd_path(p) in mine for p in paths)


def own_unit_conflicts(users, innovations) -> set[tuple[int, int]]:
    """(user id, innovation id) pairs where `own_unit_conflict` holds, for many jurors and nominations in
    two queries (the ranking and the jurors' lists)."""
    users, innovations = list(users), list(innovations)
    mine: dict[int, set[str]] = {}
    for user_id, path in Membership.objects.filter(
        user__in=[u.pk for u in users], is_active=True
    ).values_list("user_id", "unit__path"):
        if (pd := _pd_path(path)) is not None:
            mine.setdefault(user_id, set()).add(pd)
    paths: dict[int, set[str | None]] = {i.pk: {_pd_path(i.unit.path)} for i in innovations}
    for innovation_id, path in Innovation.partner_units.through.objects.filter(
        innovation_id__in=list(paths)
    ).values_list("innovation_id", "unit__path"):
        paths[innovation_id].add(_pd_path(path))
    return {(u.pk, i.pk) for u in users for i in innovations if mine.get(u.pk, set()) & paths[i.pk]}
