"""Reads of API tokens: a user's own, the ones an admin pemda may revoke, and authentication."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sewaka.organisations.access import Action, units_visible_to
from sewaka.organisations.models import Membership

from .models import ApiToken
from .tokens import DEMO_HASHES, hash_secret


def token_list(*, user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def managed_tokens(*, user) -> QuerySet[ApiToken]:
    """Tokens of the users with a membership in the pemda(s) the user manages (admin pemda)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return ApiToken.objects.select_related("user").order_by("-created_at")
    roots = units_visible_to(user, Action.MANAGE).filter(parent__isnull=True)
    q = Q(pk__in=[])
    for path in roots.values_list("path", flat=True):
        q |= Q(unit__path__startswith=path)
    users = Membership.objects.filter(q).values("user_id")
    return ApiToken.objects.filter(user_id__in=users).select_related("user").order_by("-created_at")


def may_manage(user) -> bool:
    return (getattr(user, "is_superuser", False) and user.is_active) or units_visible_to(
        user, Action.MANAGE
    ).filter(parent__isnull=True).exists()


def token_get(*, user, pk) -> ApiToken:
    """The user's own token, or one the user manages as admin pemda; Http404 otherwise."""
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    token = ApiToken.objects.select_related("user").filter(pk=pk).first()
    if token is None:
        raise Http404
    if token.user_id == user.pk or managed_tokens(user=user).filter(pk=pk).exists():
        return token
    raise Http404


def authenticate(secret: str) -> ApiToken | None:
    """The active token for `secret` (unknown, revoked or expired: None); its user must be active."""
    if not secret or len(secret) > 200:
        return None
    digest = hash_secret(secret)
    if digest in DEMO_HASHES and not getattr(settings, "SEWAKA_DEMO", False):
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=digest).first()
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # not a status: a usage stamp
        token.last_used_at = now
    return token
