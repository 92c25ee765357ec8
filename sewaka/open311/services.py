"""Writes of the Open311 app: client keys issued and revoked by admin pemda (audited; the key never is)."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sewaka.core.audit import audit
from sewaka.core.types import Actor
from sewaka.organisations.access import Action, can
from sewaka.organisations.models import Unit

from .models import ClientKey

KEY_PREFIX = "o311_"


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


def key_lookup(key: str) -> ClientKey | None:
    """The active client key matching `key` (None when unknown or revoked)."""
    if not key or len(key) > 200:
        return None
    return (
        ClientKey.objects.select_related("pemda")
        .filter(key_hash=key_hash(key), revoked_at__isnull=True)
        .first()
    )


def _check(actor: Actor, pemda: Unit) -> None:
    if pemda.parent_id is not None:
        raise ValidationError(_("Kunci klien Open311 diterbitkan oleh pemerintah daerah, bukan oleh unit."))
    if actor is not None and not can(actor, Action.MANAGE, pemda):  # None: the system (demo, tests)
        raise PermissionDenied


@transaction.atomic
def client_key_issue(
    *, actor: Actor, pemda: Unit, name: str, key: str | None = None
) -> tuple[ClientKey, str]:
    """Issue a key to a client application: (the row, the key in clear — shown once, never stored).
    `key` is for the demo's known key only."""
    _check(actor, pemda)
    key = key or KEY_PREFIX + secrets.token_urlsafe(32)
    row = ClientKey(
        pemda=pemda,
        name=name.strip(),
        key_hash=key_hash(key),
        prefix=key[:10],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    row.full_clean(exclude=["key_hash", "prefix"])
    if ClientKey.objects.filter(key_hash=row.key_hash).exists():
        raise ValidationError(_("Kunci ini sudah terdaftar."))
    row.save()
    audit(actor=actor, action="open311.key_issue", obj=row, unit=pemda, changes={"client": row.name})
    return row, key


@transaction.atomic
def client_key_revoke(*, actor: Actor, key: ClientKey) -> ClientKey:
    """Revoke a client key at once (a revoked key gets 403 on every request)."""
    row = ClientKey.objects.select_for_update().select_related("pemda").get(pk=key.pk)
    _check(actor, row.pemda)
    if row.revoked_at is not None:
        raise ValidationError(_("Kunci ini sudah dicabut."))
    row.revoked_at = timezone.now()
    row.save(update_fields=["revoked_at", "updated_at"])
    audit(actor=actor, action="open311.key_revoke", obj=row, unit=row.pemda, changes={"client": row.name})
    return row
