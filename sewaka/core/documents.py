"""Public documents (published SKM reports, infographics) come from the shared cache; rendering is rate-limited.

A published document changes only when it is republished, so the cache key names the object, its publication
and last-change timestamps, the document and the language. A render (cache miss) counts against the client's
hourly render limit; cache hits are free.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from .ratelimit import over_limit

CACHE_SECONDS = 24 * 3600  # also bounds how long a change without republishing stays invisible


def document_key(obj, *, document: str, stamps=()) -> str:
    parts = [obj._meta.label_lower, str(obj.pk), document, get_language() or "", *(str(s) for s in stamps)]
    return "doc:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def cached_document(request, key: str, render: Callable[[], bytes]) -> bytes | None:
    """The document's bytes, or None when this client rendered too many documents this hour."""
    data = cache.get(key)
    if data is not None:
        return data
    if over_limit(request, "render", "SEWAKA_PUBLIC_RENDER_LIMIT_PER_HOUR", 30):
        return None
    data = render()
    cache.set(key, data, getattr(settings, "SEWAKA_PUBLIC_DOCUMENT_CACHE_SECONDS", CACHE_SECONDS))
    return data
