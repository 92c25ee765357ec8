"""Writes of follow-ups: create, comment, attach evidence, and the one transition service."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sewaka.core.audit import audit
from sewaka.core.selectors import attachments_of
from sewaka.core.services import attachment_add
from sewaka.core.types import Actor
from sewaka.organisations.access import Action, can

from .models import FollowUp, FollowUpEvent
from .transitions import Status, allowed

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import UploadedFile

    from sewaka.core.models import Attachment
    from sewaka.organisations.models import Unit

PERMISSION_ACTIONS = {"act": Action.ACT, "verify": Action.MONEV}


@transaction.atomic
def followup_create(
    *,
    source: models.Model,
    unit: Unit,
    title: str,
    owner: User | None,
    due: date,
    actor: Actor,
    description: str = "",
) -> FollowUp:
    """Create a follow-up for any source object (an SKM unsur result, an FKP agreement, a finding…)."""
    followup = FollowUp(
        unit=unit,
        source_type=ContentType.objects.get_for_model(source),
        source_id=str(source.pk),
        title=title.strip(),
        description=description.strip(),
        owner=owner,
        due=due,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    followup.full_clean()
    followup.save()
    FollowUpEvent.objects.create(
        followup=followup, actor=followup.created_by, kind=FollowUpEvent.Kind.CREATED
    )
    audit(
        actor=actor,
        action="followup.create",
        obj=followup,
        unit=unit,
        changes={
            "title": followup.title,
            "source": f"{followup.source_type.app_label}.{followup.source_type.model}#{followup.source_id}",
            "owner": owner.pk if owner else None,
            "due": due.isoformat(),
        },
    )
    return followup


@transaction.atomic
def followup_transition(*, followup: FollowUp, to: str, actor: Actor, note: str = "") -> FollowUp:
    """Move the follow-up to `to` if the table allows it and the actor may; the only status writer."""
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    rule = allowed(followup.status, to)
    if rule is None:
        raise ValidationError(
            _("Status tidak dapat diubah dari “%(from)s” ke “%(to)s”.")
            % {
                "from": followup.get_status_display(),
                "to": Status(to).label if to in Status.values else to,
            }
        )
    if not can(actor, PERMISSION_ACTIONS[rule.permission], followup.unit):
        raise PermissionDenied
    note = note.strip()
    if "evidence_or_reason" in rule.needs and not note and not attachments_of(followup).exists():
        raise ValidationError(
            _(
                "Tindak lanjut hanya dapat ditandai selesai dengan bukti (unggah berkas) atau keterangan tertulis."
            )
        )
    if "note" in rule.needs and not note:
        raise ValidationError(_("Tuliskan alasan membuka kembali tindak lanjut ini."))
    before = followup.status
    followup.status = to
    now = timezone.now()
    if to == Status.DONE:
        followup.done_at, followup.done_reason = now, note
    elif to == Status.VERIFIED:
        followup.verified_at, followup.verified_by = now, actor
    elif to == Status.REOPENED:
        followup.done_at = followup.verified_at = followup.verified_by = None
    followup.full_clean()
    followup.save()
    FollowUpEvent.objects.create(
        followup=followup,
        actor=actor,
        kind=FollowUpEvent.Kind.TRANSITION,
        from_status=before,
        to_status=to,
        text=note,
    )
    audit(
        actor=actor,
        action=f"followup.{to}",
        obj=followup,
        unit=followup.unit,
        changes={"status": {"before": before, "after": to}, **({"note": note} if note else {})},
    )
    return followup


@transaction.atomic
def followup_comment(*, followup: FollowUp, actor: Actor, text: str) -> FollowUpEvent:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Komentar tidak boleh kosong.")})
    if not (can(actor, Action.ACT, followup.unit) or can(actor, Action.MONEV, followup.unit)):
        raise PermissionDenied  # read-only roles (pimpinan) read the history, they do not write it
    event = FollowUpEvent.objects.create(
        followup=followup, actor=actor, kind=FollowUpEvent.Kind.COMMENT, text=text
    )
    audit(actor=actor, action="followup.comment", obj=followup, unit=followup.unit, changes={"comment": text})
    return event


@transaction.atomic
def followup_add_evidence(
    *, followup: FollowUp, actor: Actor, uploaded: UploadedFile, description: str = ""
) -> Attachment:
    if not (can(actor, Action.ACT, followup.unit) or can(actor, Action.MONEV, followup.unit)):
        raise PermissionDenied
    attachment = attachment_add(
        owner=followup, unit=followup.unit, uploaded=uploaded, actor=actor, description=description
    )
    FollowUpEvent.objects.create(
        followup=followup, actor=actor, kind=FollowUpEvent.Kind.EVIDENCE, text=attachment.original_name
    )
    return attachment
