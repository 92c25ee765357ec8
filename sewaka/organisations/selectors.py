"""Reads of the organisation tree that take the user (house rule 2)."""

from __future__ import annotations

import base64

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from sewaka.organisations.access import Action, can, units_visible_to

from .models import Letterhead, Membership, Service, Unit


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


def people_of(unit):
    """Users with an active role on the unit, its ancestors or its subtree (possible owners)."""
    prefixes = unit.path_prefixes
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__is_active=True)
        .filter(Q(memberships__unit__path__startswith=unit.path) | Q(memberships__unit__path__in=prefixes))
        .distinct()
        .order_by("username")
    )


def unit_ancestors(unit: Unit) -> list[Unit]:
    return list(Unit.objects.filter(path__in=unit.path_prefixes[:-1]).order_by("depth"))


def service_list(*, user, unit: Unit, include_inactive: bool = True) -> QuerySet[Service]:
    if not can(user, Action.VIEW, unit):
        return Service.objects.none()
    qs = unit.services.all()
    return qs if include_inactive else qs.filter(is_active=True)


def service_get(*, user, unit: Unit, pk, action: Action = Action.VIEW) -> Service:
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
    try:
        membership = Membership.objects.select_related("unit", "user").get(pk=int(pk))
    except (Membership.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
    if not can(user, Action.MANAGE, membership.unit):
        raise Http404
    return membership


# --- Official documents: kop surat and signer -----------------------------------------------------


GOVERNMENT_PREFIXES = (
    "pemerintah kota ",
    "pemerintah kabupaten ",
    "pemerintah provinsi ",
    "kota ",
    "kabupaten ",
    "provinsi ",
)


def _place_of(root: Unit | None) -> str:
    """Without a recorded kop: "Pemerintah Kota Denpasar" signs in "Denpasar"."""

    name = root.name.strip() if root is not None else ""
    for prefix in GOVERNMENT_PREFIXES:
        if name.lower().startswith(prefix):
            return name[len(prefix) :].strip()
    return settings.PLACE_NAME


def letterhead_of(unit: Unit | None):
    """The kop surat of the unit's pemda (None when the admin has not set one yet)."""

    if unit is None:
        return Letterhead.objects.select_related("pemda").order_by("pk").first()
    return Letterhead.objects.select_related("pemda").filter(pemda_id=unit.root_id).first()


def document_header(unit: Unit | None) -> dict:
    """What every official document prints about its issuer: the kop and the signer (plain data).

    Without a recorded kop the pemda unit's own name and address (or the settings' names) are used, so a
    fresh install still prints a sensible letterhead.
    """

    letterhead = letterhead_of(unit)
    root = letterhead.pemda if letterhead else None
    if root is None and unit is not None:
        root = Unit.objects.filter(pk=unit.root_id).first()
    logo = ""
    if letterhead and letterhead.logo:
        try:
            with letterhead.logo.open("rb") as fh:
                data = fh.read()
        except (OSError, ValueError):
            data = b""
        if data:
            mime = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
            logo = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    kop_unit = unit if unit is not None and unit.parent_id else None
    pemda_address = (letterhead.address if letterhead else "") or (root.address if root else "")
    pemda_contact = letterhead.contact if letterhead else ""
    if kop_unit is not None:
        address = kop_unit.address  # never the city hall's address under a unit's name
        contact = (
            " · ".join(x for x in (f"Telp. {kop_unit.phone}" if kop_unit.phone else "", kop_unit.email) if x)
            or pemda_contact
        )
    else:
        address, contact = pemda_address, pemda_contact
    head = unit if unit is not None else root
    return {
        "pemda": letterhead.title if letterhead else (root.name if root else settings.PEMDA_NAME),
        "unit": kop_unit.name if kop_unit else "",
        "address": address,
        "contact": contact,
        "logo": logo,
        "place": letterhead.place if letterhead else _place_of(root),
        "signer": {
            "title": head.signer_title if head is not None else "",
            "name": head.head_name if head is not None else "",
            "nip": head.head_nip if head is not None else "",
        },
    }


def pemda_managed_by(user, *, current: Unit | None = None) -> Unit | None:
    """The pemda (root unit) whose settings (calendar, complaint limits) the user edits: that of the current
    unit when the user manages it city-wide, else the first pemda the user manages; None when none."""
    roots = list(units_visible_to(user, Action.MANAGE).filter(parent__isnull=True).order_by("path"))
    if current is not None:
        mine = next((r for r in roots if r.pk == current.root_id), None)
        if mine is not None:
            return mine
    return roots[0] if roots else None


def pemda_of_unit(unit: Unit) -> Unit:
    """The root unit at the top of `unit`'s tree."""
    return unit if unit.parent_id is None else Unit.objects.get(pk=unit.root_id)
