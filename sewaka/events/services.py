"""Writes of coordination events: plan, invitations, attendance (organiser's tick or QR self check-in),
materials, closing the attendance list.

Keyword-only, one transaction, full_clean(), one audit record each. Staff services need `Action.ACT` on the
organising unit (the Bagian Organisasi, or an admin pemda above it); the QR check-in is public.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date as date_type
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sewaka.core.audit import audit, diff, snapshot
from sewaka.core.services import attachment_add
from sewaka.core.types import Actor
from sewaka.organisations.access import Action, can
from sewaka.organisations.models import Unit

from .models import CoordinationEvent, EventKind, Invitation

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from sewaka.core.models import Attachment

EVENT_FIELDS = ("kind", "topic", "date", "place", "speakers", "notes")
MAX_INVITATIONS = 2000


def normalise(text: str | None) -> str:
    return " ".join(str(text or "").split())


def _require_act(actor, unit) -> None:
    if not can(actor, Action.ACT, unit):
        raise PermissionDenied


def _locked(event: CoordinationEvent) -> CoordinationEvent:
    return CoordinationEvent.objects.select_for_update().select_related("organiser", "pemda").get(pk=event.pk)


def _pemda_of(unit: Unit) -> Unit:
    return Unit.objects.get(pk=unit.root_id)


@transaction.atomic
def event_create(
    *,
    actor: Actor,
    organiser: Unit,
    kind: str,
    topic: str,
    date: date_type,
    place: str,
    speakers: str = "",
    notes: str = "",
) -> CoordinationEvent:
    _require_act(actor, organiser)
    if kind not in EventKind.values:
        raise ValidationError({"kind": _("Pilih jenis kegiatan dari daftar.")})
    event = CoordinationEvent(
        pemda=_pemda_of(organiser),
        organiser=organiser,
        kind=kind,
        topic=normalise(topic),
        date=date,
        place=normalise(place),
        speakers="\n".join(normalise(s) for s in (speakers or "").splitlines() if normalise(s)),
        notes=(notes or "").strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    event.full_clean()
    event.save()
    audit(
        actor=actor, action="event.create", obj=event, unit=organiser, changes=snapshot(event, EVENT_FIELDS)
    )
    return event


@transaction.atomic
def event_update(*, actor: Actor, event: CoordinationEvent, **fields: Any) -> CoordinationEvent:
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    _require_act(actor, event.organiser)
    event = _locked(event)
    before = snapshot(event, fields)
    for name, value in fields.items():
        if name in ("topic", "place"):
            value = normalise(value)
        elif name == "speakers":
            value = "\n".join(normalise(s) for s in (value or "").splitlines() if normalise(s))
        elif name == "notes":
            value = (value or "").strip()
        setattr(event, name, value)
    event.full_clean()
    event.save()
    changes = diff(before, snapshot(event, fields))
    if changes:
        audit(actor=actor, action="event.update", obj=event, unit=event.organiser, changes=changes)
    return event


@transaction.atomic
def event_invite(*, actor: Actor, event: CoordinationEvent, units: Iterable[Unit]) -> int:
    """Invite units of the event's pemda (already invited ones are skipped); returns how many were added."""
    _require_act(actor, event.organiser)
    event = _locked(event)
    units = [u for u in units if u is not None]
    foreign = [u for u in units if u.root_id != event.pemda_id]
    if foreign:
        raise ValidationError({"units": _("Hanya unit di pemerintah daerah ini yang dapat diundang.")})
    already = set(event.invitations.values_list("unit_id", flat=True))
    new = [u for u in {u.pk: u for u in units}.values() if u.pk not in already]
    if len(already) + len(new) > MAX_INVITATIONS:
        raise ValidationError(_("Terlalu banyak undangan untuk satu kegiatan."))
    # One insert for the whole list (a city invites a hundred units); uniqueness was checked above and is
    # guarded by the (event, unit) constraint.
    Invitation.objects.bulk_create([Invitation(event=event, unit=unit) for unit in new])
    if new:
        audit(
            actor=actor,
            action="event.invite",
            obj=event,
            unit=event.organiser,
            changes={"units": [u.code for u in new]},
        )
    return len(new)


@transaction.atomic
def invitation_mark_attended(
    *, actor: Actor, invitation: Invitation, attended: bool, attendee_name: str = "", attendee_title: str = ""
) -> Invitation:
    """The organiser ticks (or unticks) a unit's attendance."""
    event = invitation.event
    _require_act(actor, event.organiser)
    event = _locked(event)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk, event=event)
    before = {"attended": invitation.attended}
    attended = bool(attended)
    if attended:
        invitation.attended = True
        invitation.checked_in_at = invitation.checked_in_at or timezone.now()
        invitation.checkin_via = invitation.checkin_via or "organiser"
        if normalise(attendee_name):
            invitation.attendee_name = normalise(attendee_name)
        if normalise(attendee_title):
            invitation.attendee_title = normalise(attendee_title)
    else:
        invitation.attended, invitation.checked_in_at, invitation.checkin_via = False, None, ""
    invitation.full_clean()
    invitation.save()
    audit(
        actor=actor,
        action="event.attendance",
        obj=event,
        unit=invitation.unit,
        changes={"unit": invitation.unit.code, **diff(before, {"attended": invitation.attended})},
    )
    return invitation


@transaction.atomic
def invitations_mark_attended(*, actor: Actor, event: CoordinationEvent, unit_ids: Iterable[int]) -> int:
    """The organiser ticks several invited units present at once (from the paper attendance list)."""
    _require_act(actor, event.organiser)
    event = _locked(event)
    ids = sorted(set(unit_ids))
    now = timezone.now()
    n = Invitation.objects.filter(event=event, unit_id__in=ids, attended=False).update(
        attended=True, checked_in_at=now, checkin_via="organiser", updated_at=now
    )
    if n:
        audit(
            actor=actor,
            action="event.attendance",
            obj=event,
            unit=event.organiser,
            changes={"units": ids, "marked": n},
        )
    return n


@transaction.atomic
def invitation_checkin_self(
    *, event: CoordinationEvent, unit_id: int, attendee_name: str, attendee_title: str
) -> Invitation:
    """Public check-in by QR: whoever attends for an invited unit records it on their own phone.
    Idempotent: a unit already present stays present (the first attendee's name is kept)."""
    if not normalise(attendee_name):
        raise ValidationError({"attendee_name": _("Tuliskan nama Anda.")})
    event = _locked(event)
    if event.checkin_closed:
        raise ValidationError(_("Daftar hadir kegiatan ini sudah ditutup."))
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("unit")
        .filter(event=event, unit_id=unit_id)
        .first()
    )
    if invitation is None:
        raise ValidationError({"unit": _("Pilih unit Anda dari daftar unit yang diundang.")})
    if invitation.attended:
        return invitation
    invitation.attended = True
    invitation.checked_in_at = timezone.now()
    invitation.checkin_via = "qr"
    invitation.attendee_name = normalise(attendee_name)[:150]
    invitation.attendee_title = normalise(attendee_title)[:150]
    invitation.full_clean()
    invitation.save()
    audit(
        actor=None,
        action="event.checkin",
        obj=event,
        unit=invitation.unit,
        changes={"unit": invitation.unit.code, "via": "qr"},
    )
    return invitation


@transaction.atomic
def event_close_checkin(*, actor: Actor, event: CoordinationEvent, closed: bool = True) -> CoordinationEvent:
    _require_act(actor, event.organiser)
    event = _locked(event)
    if event.checkin_closed != closed:
        event.checkin_closed = closed
        event.full_clean()
        event.save(update_fields=["checkin_closed", "updated_at"])
        audit(
            actor=actor,
            action="event.checkin_closed" if closed else "event.checkin_opened",
            obj=event,
            unit=event.organiser,
        )
    return event


@transaction.atomic
def event_add_material(
    *, actor: Actor, event: CoordinationEvent, uploaded: UploadedFile, description: str = ""
) -> Attachment:
    """A material of the event (slides, a circular, a photo): a private attachment of the event."""
    _require_act(actor, event.organiser)
    attachment = attachment_add(
        owner=event,
        unit=event.organiser,
        uploaded=uploaded,
        actor=actor,
        description=normalise(description)[:255],
    )
    audit(
        actor=actor,
        action="event.material.add",
        obj=event,
        unit=event.organiser,
        changes={"attachment": str(attachment.pk), "file": attachment.original_name},
    )
    return attachment
