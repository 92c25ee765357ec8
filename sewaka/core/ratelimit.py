"""Per-address hourly limits for public endpoints, and the keyed hash that keeps addresses out of storage."""

import hashlib

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from .net import client_ip


def hash_value(value: str) -> str:
    """A keyed hash (addresses and tokens are never stored in clear); keyed with SEWAKA_HASH_KEY, not SECRET_KEY."""
    return hashlib.sha256(f"{settings.SEWAKA_HASH_KEY}:{value}".encode()).hexdigest()


def count_hit(key: str, limit: int, window: int = 3600) -> bool:
    """Count one hit for `key` in the shared cache; True once `limit` hits in the window are reached."""
    key = "rate:" + key
    count = cache.get_or_set(key, 0, window)
    if count >= limit:
        return True
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)
    return False


def over_limit(request, bucket: str, setting: str, default: int) -> bool:
    """Count this request for its address in `bucket`; True once the hourly limit (settings.<setting>) is reached."""
    limit = int(getattr(settings, setting, default))
    return count_hit(f"{bucket}:" + hash_value(client_ip(request)), limit)


def _cookie_signers(name: str, salt: str) -> list[signing.Signer]:
    # Django's signed-cookie construction (both its current and its older salt), keyed with SEWAKA_HASH_KEY;
    # cookies signed with the secret key (before the hash key existed) are still accepted.
    prefix = "django.http.cookies"
    fallbacks = [prefix + k for k in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)]
    return [
        signing.TimestampSigner(key=prefix + settings.SEWAKA_HASH_KEY, fallback_keys=fallbacks, salt=s)
        for s in (f"{prefix}.v2:{len(salt)}:{salt}{name}", name + salt)
    ]


def keyed_cookie_get(request, name: str, *, salt: str, default: str = "") -> str:
    """A cookie signed with the hash key (survives a SECRET_KEY rotation: kiosks stay registered)."""
    value = request.COOKIES.get(name)
    if not value:
        return default
    for signer in _cookie_signers(name, salt):
        try:
            return signer.unsign(value)
        except signing.BadSignature:
            continue
    return default


def keyed_cookie_set(response, name: str, value: str, *, salt: str, **kwargs) -> None:
    response.set_cookie(name, _cookie_signers(name, salt)[0].sign(value), **kwargs)
