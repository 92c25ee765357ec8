"""Forgiving text search for citizens: "ktp el", "KTP-el" and "ktpel" are the same words (pure Python)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_NOT_ALNUM = re.compile(r"[\W_]+", re.UNICODE)


def search_key(text: str) -> str:
    """Case, accents, spaces, hyphens and punctuation removed: "KTP-el" → "ktpel", "e-KTP" → "ektp"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_ALNUM.sub("", plain.casefold())


def matches(query: str, texts: Iterable[str]) -> bool:
    """True when the query, written together, is inside one of `texts`, or each of its words is inside one
    of them ("akta lahir" finds "Akta Kelahiran"; "puskesmas ktp" a service and its unit). An empty query
    matches everything."""
    keys = [search_key(t) for t in texts if t]
    whole = search_key(query)
    if not whole:
        return True
    if any(whole in key for key in keys):
        return True
    words = [search_key(w) for w in query.split()]
    words = [w for w in words if w]
    return len(words) > 1 and all(any(w in key for key in keys) for w in words)
