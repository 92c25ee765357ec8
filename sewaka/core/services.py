"""Writes of the shared machinery: the pemda calendar and evidence files."""

from __future__ import annotations

import hashlib
import os
from datetime import date as date_type
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models, transaction

from .audit import audit, confidential_of, opaque_label
from .files import JPEG, PNG, check_upload, strip_image_metadata
from .models import Attachment, DayOff
from .types import Actor

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from sewaka.organisations.models import Unit  # type-only: core imports no app above it


@transaction.atomic
def dayoff_set(
    *, actor: Actor, pemda: Unit | None, date: date_type, kind: str, name: str, source: str = ""
) -> DayOff:
    """Add or change the entry of `pemda` (its root unit; None: shared by every pemda) for `date` (cuti
    bersama, local day off, or working-day override); `source` notes the decree it rests on."""
    pemda_id = pemda.pk if pemda is not None else None
    day = DayOff.objects.filter(pemda_id=pemda_id, date=date).first() or DayOff(pemda_id=pemda_id, date=date)
    before = {"kind": day.kind, "name": day.name, "source": day.source} if day.pk else {}
    day.kind, day.name, day.source = kind, name.strip(), source.strip()
    day.full_clean()
    day.save()
    audit(
        actor=actor,
        action="dayoff.update" if before else "dayoff.create",
        obj=day,
        unit=pemda,
        changes={
            "date": date.isoformat(),
            "kind": kind,
            "name": day.name,
            "source": day.source,
            **({"before": before} if before else {}),
        },
    )
    return day


@transaction.atomic
def dayoff_remove(*, actor: Actor, day: DayOff) -> None:
    """Calendar entries are configuration, not records: removing one is allowed and audited."""
    audit(
        actor=actor,
        action="dayoff.remove",
        obj=day,
        unit=day.pemda,
        changes={"date": day.date.isoformat(), "name": day.name},
    )
    DayOff.objects.filter(pk=day.pk).delete()


@transaction.atomic
def attachment_add(
    *, owner: models.Model, unit: Unit, uploaded: UploadedFile, actor: Actor, description: str = ""
) -> Attachment:
    """Store an evidence file for `owner`. Type is checked by content; image metadata is stripped."""
    data = uploaded.read()
    kind = check_upload(data, max_bytes=settings.SEWAKA_MAX_UPLOAD_MB * 1024 * 1024)
    if kind in (JPEG, PNG):
        data = strip_image_metadata(data, kind)
    base = os.path.splitext(os.path.basename(getattr(uploaded, "name", "") or "berkas"))[0][:200] or "berkas"
    attachment = Attachment(
        unit=unit,
        owner_type=ContentType.objects.get_for_model(owner),
        owner_id=str(owner.pk),
        original_name=base + kind.extension,
        extension=kind.extension,
        mime=kind.mime,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        description=description.strip(),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    attachment.file.save(attachment.original_name, ContentFile(data), save=False)
    attachment.full_clean()
    attachment.save()
    # A confidential owner's file (a complaint's) is recorded without its name.
    private = confidential_of(owner) is not None
    audit(
        actor=actor,
        action="attachment.add",
        obj=attachment,
        unit=unit,
        changes={
            "owner": f"{owner._meta.label_lower}#{owner.pk}",
            "file": attachment.original_name,
            "size": len(data),
        },
        personal=("file",) if private else (),
        label=opaque_label(owner._meta.label_lower, owner.pk) if private else None,
    )
    return attachment
