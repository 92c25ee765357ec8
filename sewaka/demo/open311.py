"""The demo's Open311 client key: a known value, so docs/open311.md's curl examples work at once.
Created only with the demo accounts (never on a real installation)."""

from __future__ import annotations

from sewaka.open311.models import ClientKey
from sewaka.open311.services import client_key_issue, key_hash
from sewaka.organisations.models import Unit

DEMO_OPEN311_KEY = "o311_demo-denpasar-2026"


def seed_open311_key(pemda: Unit) -> int:
    if ClientKey.objects.filter(key_hash=key_hash(DEMO_OPEN311_KEY)).exists():
        return 0
    client_key_issue(actor=None, pemda=pemda, name="Aplikasi demo Open311", key=DEMO_OPEN311_KEY)
    return 1
