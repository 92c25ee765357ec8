"""Per-address hourly limits for public endpoints, and the keyed hash that keeps addresses out of storage."""

import hashlib

from django.conf import settings
from django.core.cache import cache

from .net import client_ip


def hash_value(value: str) -> str:
    """A keyed hash (addresses and tokens are never stored in clear)."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()


def over_limit(request, bucket: str, setting: str, default: int) -> bool:
    """Count this request for its address in `bucket`; True once the hourly limit (settings.<setting>) is reached."""
    limit = int(getattr(settings, setting, default))
    key = f"rate:{bucket}:" + hash_value(client_ip(request))
    count = cache.get_or_set(key, 0, 3600)
    if count >= limit:
        return True
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, 3600)
    return False
