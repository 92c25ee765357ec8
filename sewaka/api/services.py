"""Writes of API tokens: create (the secret returned once) and revoke (the owner or their admin pemda)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sewaka.core.audit import audit
from sewaka.core.types import Actor

from . import selectors
from .models import ApiToken
from .tokens import hash_secret, new_secret, prefix_of

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DEFAULT_DAYS = 90
MAX_DAYS = 365


@transaction.atomic
def api_token_create(
    *, actor: Actor, user: User, name: str, expires_at: datetime | None = None, secret: str | None = None
) -> tuple[ApiToken, str]:
    """A new token for `user` (the actor itself; None: the system, e.g. the demo). Returns (token, secret):
    the secret is shown once and only its hash is stored. `secret` is for the demo's known tokens only."""
    if actor is not None and actor.pk != user.pk:
        raise PermissionDenied
    now = timezone.now()
    expires_at = expires_at or now + timedelta(days=DEFAULT_DAYS)
    if expires_at <= now:
        raise ValidationError({"expires_at": _("Tanggal berlaku harus di masa depan.")})
    if expires_at > now + timedelta(days=MAX_DAYS + 1):
        raise ValidationError({"expires_at": _("Token berlaku paling lama satu tahun.")})
    secret = secret or new_secret()
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=prefix_of(secret),
        token_hash=hash_secret(secret),
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    audit(
        actor=actor,
        action="api_token.create",
        obj=token,
        changes={
            "user": user.pk,
            "name": token.name,
            "prefix": token.prefix,
            "expires_at": expires_at.isoformat(),
        },
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke a token: its owner, or an admin pemda of a pemda the owner works in."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    mine = actor is None or token.user_id == actor.pk
    if not mine and not selectors.managed_tokens(user=actor).filter(pk=token.pk).exists():
        raise PermissionDenied
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    audit(
        actor=actor,
        action="api_token.revoke",
        obj=token,
        changes={"user": token.user_id, "prefix": token.prefix},
    )
    return token
