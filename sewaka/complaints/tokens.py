"""The tracking code (ADU-XXXX-XX, drawn once per complaint) and the signed, expiring tokens that stand in
for it in URLs (URLs reach access logs).

A status token opens the tracking page for a short while after the code was entered (POST); a feedback
token, e-mailed to the reporter, confirms "satisfied / not satisfied" and is bound to the answer it is
about (a later answer makes it stale).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core import signing

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: easy to dictate by phone


def new_code() -> str:
    """ADU-XXXX-XX: 31^6 ≈ 887 million codes, guessing is rate-limited on the tracking page."""
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
    return f"ADU-{body[:4]}-{body[4:]}"


def normalise_code(text: str) -> str:
    raw = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    if raw.startswith("ADU"):
        raw = raw[3:]
    return f"ADU-{raw[:4]}-{raw[4:6]}" if len(raw) == 6 else ""


STATUS_SALT = "sewaka.complaints.status"
FEEDBACK_SALT = "sewaka.complaints.feedback"


def status_max_age() -> int:
    return int(getattr(settings, "SEWAKA_TRACK_LINK_SECONDS", 3600))


def feedback_max_age() -> int:
    return int(getattr(settings, "SEWAKA_FEEDBACK_LINK_SECONDS", 3 * 24 * 3600))


class Expired(Exception):
    """A well-signed token past its age: ask for the code again."""


def status_token(complaint) -> str:
    return signing.dumps({"c": complaint.pk}, salt=STATUS_SALT)


def status_pk(token: str) -> int | None:
    """The complaint id of a status token; None when forged; `Expired` when too old."""
    try:
        return int(signing.loads(token, salt=STATUS_SALT, max_age=status_max_age())["c"])
    except signing.SignatureExpired as exc:
        raise Expired from exc
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def _answer_stamp(complaint) -> int:
    return round(complaint.answered_at.timestamp() * 1_000_000) if complaint.answered_at else 0


def feedback_token(complaint, *, satisfied: bool) -> str:
    return signing.dumps(
        {"c": complaint.pk, "s": int(satisfied), "a": _answer_stamp(complaint)}, salt=FEEDBACK_SALT
    )


def feedback_claim(token: str) -> tuple[int, bool, int] | None:
    """(complaint id, satisfied, answer stamp) of a feedback token; None when forged; `Expired` when old."""
    try:
        data = signing.loads(token, salt=FEEDBACK_SALT, max_age=feedback_max_age())
        return int(data["c"]), bool(data["s"]), int(data["a"])
    except signing.SignatureExpired as exc:
        raise Expired from exc
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def feedback_matches(complaint, stamp: int) -> bool:
    """The token is about the complaint's current answer (not an earlier one)."""
    return _answer_stamp(complaint) == stamp
