"""Token secrets: generated, hashed (SHA-256) and parsed. The secret is shown once and never stored."""

from __future__ import annotations

import hashlib
import secrets

PREFIX_LEN = 8
SCHEME = "swk_"


def new_secret() -> str:
    return SCHEME + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def prefix_of(secret: str) -> str:
    return secret[: len(SCHEME) + PREFIX_LEN]


# The demo's known tokens (`make run` prints them); refused unless demo mode is on (SEWAKA_DEMO), like the
# demo password.
DEMO_TOKENS = {
    "operator.pkm1": SCHEME + "demo-operator-pkm1-sewaka-2026",
    "admin.pemda": SCHEME + "demo-admin-pemda-sewaka-2026",
}
DEMO_HASHES = frozenset(hash_secret(s) for s in DEMO_TOKENS.values())
