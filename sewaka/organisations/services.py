"""Writes to the organisation tree. Every function is atomic, validated and audited."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sewaka.core.audit import audit, diff, snapshot
from sewaka.core.files import JPEG, PNG, check_upload, strip_image_metadata
from sewaka.core.types import Actor
from sewaka.organisations.access import Action, can, forget

from .models import PATH_STEP, Letterhead, Membership, Role, Service, Unit, UnitKind, format_nip

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import UploadedFile

UNIT_FIELDS = (
    "parent",
    "kind",
    "code",
    "name",
    "short_name",
    "home_agency",
    "address",
    "latitude",
    "longitude",
    "phone",
    "email",
    "website",
    "opening_hours",
    "head_name",
    "head_nip",
    "head_title",
)
UNIT_PROFILE_FIELDS = (
    "short_name",
    "address",
    "latitude",
    "longitude",
    "phone",
    "email",
    "website",
    "opening_hours",
    "head_name",
    "head_nip",
    "head_title",
)


def _segment(pk: int) -> str:
    return f"{pk:0{PATH_STEP}d}."


def _check_tree(unit: Unit) -> None:
    if unit.kind == UnitKind.PEMDA and unit.parent_id:
        raise ValidationError(
            {"parent": _("Pemerintah daerah adalah akar pohon dan tidak boleh memiliki induk.")}
        )
    if unit.kind != UnitKind.PEMDA and not unit.parent_id:
        raise ValidationError({"parent": _("Setiap unit selain pemerintah daerah harus memiliki induk.")})
    if unit.home_agency_id and unit.kind != UnitKind.GERAI_MPP:
        raise ValidationError({"home_agency": _("Perangkat daerah asal hanya diisi untuk gerai MPP.")})
    if unit.pk and unit.parent is not None:
        parent = unit.parent
        if parent.path.startswith(unit.path):
            raise ValidationError({"parent": _("Unit tidak boleh dipindahkan ke bawah dirinya sendiri.")})


@transaction.atomic
def unit_create(*, actor: Actor, parent: Unit | None, kind: str, code: str, name: str, **fields: Any) -> Unit:
    if fields.get("head_nip"):
        fields["head_nip"] = format_nip(fields["head_nip"].strip())
    unit = Unit(parent=parent, kind=kind, code=code, name=name, path=f"tmp-{uuid.uuid4().hex}", **fields)
    _check_tree(unit)
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = (parent.path if parent else "") + _segment(unit.pk)
    unit.depth = parent.depth + 1 if parent else 0
    unit.save(update_fields=["path", "depth"])
    audit(actor=actor, action="unit.create", obj=unit, unit=unit, changes=snapshot(unit, UNIT_FIELDS))
    return unit


@transaction.atomic
def unit_update(*, actor: Actor, unit: Unit, **fields: Any) -> Unit:
    unknown = set(fields) - set(UNIT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown unit fields: {sorted(unknown)}")
    if fields.get("head_nip"):
        fields["head_nip"] = format_nip(fields["head_nip"].strip())
    # Compare with the stored row: a bound ModelForm has already written its data onto `unit`.
    stored = Unit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(stored, UNIT_FIELDS)
    old_path = stored.path
    for key, value in fields.items():
        setattr(unit, key, value)
    _check_tree(unit)
    unit.full_clean(exclude=["path"])
    moved = str(unit.parent_id) != str(before["parent"])
    if moved and unit.parent is not None:  # a root never moves (_check_tree)
        new_path = unit.parent.path + _segment(unit.pk)
        depth_delta = unit.parent.depth + 1 - stored.depth
        # Rewrite the whole subtree's paths in one statement.
        Unit.objects.filter(path__startswith=old_path).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + depth_delta,
        )
        unit.path = new_path
        unit.depth = stored.depth + depth_delta
    unit.save()
    changes = diff(before, snapshot(unit, UNIT_FIELDS))
    if changes:
        audit(
            actor=actor, action="unit.move" if moved else "unit.update", obj=unit, unit=unit, changes=changes
        )
    return unit


@transaction.atomic
def unit_set_active(*, actor: Actor, unit: Unit, active: bool) -> Unit:
    """Units are deactivated, never deleted. A unit with active children cannot be deactivated."""
    if unit.is_active == active:
        return unit
    if not active and unit.children.filter(is_active=True).exists():
        raise ValidationError(_("Nonaktifkan dahulu semua unit di bawah %(unit)s.") % {"unit": unit})
    if active and unit.parent is not None and not unit.parent.is_active:
        raise ValidationError(_("Induk unit ini tidak aktif; aktifkan induknya dahulu."))
    unit.is_active = active
    unit.save(update_fields=["is_active", "updated_at"])
    audit(
        actor=actor,
        action="unit.activate" if active else "unit.deactivate",
        obj=unit,
        unit=unit,
        changes={"is_active": {"before": not active, "after": active}},
    )
    return unit


SERVICE_FIELDS = ("unit", "name", "slug", "description", "audience", "channels", "synonyms", "is_active")


def clean_synonyms(text: str) -> str:
    """One synonym per comma or line, trimmed, duplicates (ignoring case) dropped: "e-KTP, KTP elektronik"."""
    seen, kept = set(), []
    for part in text.replace("\n", ",").split(","):
        word = " ".join(part.split())
        if word and word.casefold() not in seen:
            seen.add(word.casefold())
            kept.append(word)
    return ", ".join(kept)


@transaction.atomic
def service_create(
    *,
    actor: Actor,
    unit: Unit,
    name: str,
    slug: str = "",
    description: str = "",
    audience: str = "",
    channels: Iterable[str] = (),
    synonyms: str = "",
) -> Service:
    service = Service(
        unit=unit,
        name=name.strip(),
        slug=slug or slugify(name)[:80],
        description=description.strip(),
        audience=audience.strip(),
        channels=list(channels),
        synonyms=clean_synonyms(synonyms),
    )
    service.full_clean()
    service.save()
    audit(
        actor=actor,
        action="service.create",
        obj=service,
        unit=unit,
        changes=snapshot(service, SERVICE_FIELDS),
    )
    return service


@transaction.atomic
def service_update(*, actor: Actor, service: Service, **fields: Any) -> Service:
    unknown = set(fields) - {"name", "slug", "description", "audience", "channels", "synonyms", "is_active"}
    if unknown:
        raise ValueError(f"Unknown service fields: {sorted(unknown)}")
    if "synonyms" in fields:
        fields["synonyms"] = clean_synonyms(fields["synonyms"])
    before = snapshot(Service.objects.get(pk=service.pk), SERVICE_FIELDS)
    for key, value in fields.items():
        setattr(service, key, value)
    service.full_clean()
    service.save()
    changes = diff(before, snapshot(service, SERVICE_FIELDS))
    if changes:
        audit(actor=actor, action="service.update", obj=service, unit=service.unit, changes=changes)
    return service


@transaction.atomic
def membership_grant(*, actor: Actor, user: User, unit: Unit, role: str) -> Membership:
    if role not in Role.values:
        raise ValidationError({"role": _("Peran tidak dikenal.")})
    if role == Role.ADMIN_PEMDA and unit.kind != UnitKind.PEMDA:
        raise ValidationError(
            {"role": _("Peran admin pemda hanya dapat diberikan pada unit pemerintah daerah.")}
        )
    membership, created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    if not created and membership.is_active:
        raise ValidationError(_("Pengguna ini sudah memiliki peran tersebut pada unit ini."))
    membership.is_active = True
    membership.full_clean()
    membership.save()
    forget(user)
    audit(
        actor=actor,
        action="membership.grant",
        obj=membership,
        unit=unit,
        changes={"user": user.pk, "role": role, "unit": unit.pk},
    )
    return membership


@transaction.atomic
def membership_revoke(*, actor: Actor, membership: Membership) -> Membership:
    if not membership.is_active:
        return membership
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])
    forget(membership.user)
    audit(
        actor=actor,
        action="membership.revoke",
        obj=membership,
        unit=membership.unit,
        changes={
            "user": membership.user_id,
            "role": membership.role,
            "is_active": {"before": True, "after": False},
        },
    )
    return membership


LETTERHEAD_FIELDS = ("title", "address", "contact", "place")
LOGO_MAX_BYTES = 1024 * 1024


@transaction.atomic
def letterhead_set(
    *,
    actor: Actor,
    pemda: Unit,
    title: str,
    place: str,
    address: str = "",
    contact: str = "",
    logo: UploadedFile | None = None,
    remove_logo: bool = False,
) -> Letterhead:
    """Create or update the pemda's kop surat. The logo must be a PNG or JPEG (checked by content)."""

    if actor is not None and not can(actor, Action.MANAGE, pemda):  # None: the demo seeder
        raise PermissionDenied
    if pemda.kind != UnitKind.PEMDA:
        raise ValidationError(_("Kop surat disimpan pada unit pemerintah daerah."))
    letterhead = Letterhead.objects.filter(pemda=pemda).first() or Letterhead(pemda=pemda)
    before = snapshot(letterhead, LETTERHEAD_FIELDS) if letterhead.pk else {}
    letterhead.title = title.strip()
    letterhead.place = place.strip()
    letterhead.address = address.strip()
    letterhead.contact = contact.strip()
    logo_change = None
    if logo is not None:
        data = logo.read()
        kind = check_upload(data, max_bytes=LOGO_MAX_BYTES)
        if kind not in (PNG, JPEG):
            raise ValidationError({"logo": _("Lambang daerah harus berupa gambar PNG atau JPEG.")})
        letterhead.logo.save(
            f"lambang{kind.extension}", ContentFile(strip_image_metadata(data, kind)), save=False
        )
        logo_change = "uploaded"
    elif remove_logo and letterhead.logo:
        letterhead.logo = ""
        logo_change = "removed"
    letterhead.full_clean()
    letterhead.save()
    changes: dict[str, Any] = (
        diff(before, snapshot(letterhead, LETTERHEAD_FIELDS))
        if before
        else snapshot(letterhead, LETTERHEAD_FIELDS)
    )
    if logo_change:
        changes["logo"] = logo_change
    if changes:
        audit(actor=actor, action="letterhead.set", obj=letterhead, unit=pemda, changes=changes)
    return letterhead
