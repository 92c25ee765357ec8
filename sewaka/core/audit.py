"""The one audit helper every service calls. Personal fields are redacted before they are stored."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

# Field names that hold personal data of reporters, respondents and users, wherever they appear.
PERSONAL_FIELDS = frozenset(
    {
        "name",
        "full_name",
        "first_name",
        "last_name",
        "nama",
        "reporter_name",
        "respondent_name",
        "nik",
        "reporter_nik",
        "phone",
        "telepon",
        "email",
        "reporter_email",
        "reporter_phone",
        "address",
        "alamat",
        "reporter_address",
        "password",
    }
)
REDACTED = "[disamarkan]"

_local = threading.local()


def set_request_ip(ip: str | None) -> None:
    _local.ip = ip


def current_ip() -> str | None:
    return getattr(_local, "ip", None)


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def redact(changes: Mapping[str, Any], personal: Iterable[str] = ()) -> dict[str, Any]:
    """Replace the values of personal fields by a marker, keeping the fact that they changed.

    A change is either {field: value} or {field: {"before": x, "after": y}}.
    """
    hidden = PERSONAL_FIELDS | set(personal)
    out: dict[str, Any] = {}
    for field, value in changes.items():
        if isinstance(value, Mapping):
            out[field] = {k: REDACTED if field in hidden else _plain(v) for k, v in value.items()}
        else:
            out[field] = REDACTED if field in hidden else _plain(value)
    return out


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """{field: {"before": x, "after": y}} for the fields whose value changed."""
    changed = {}
    for key in sorted(set(before) | set(after)):
        if _plain(before.get(key)) != _plain(after.get(key)):
            changed[key] = {"before": _plain(before.get(key)), "after": _plain(after.get(key))}
    return changed


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {f: _plain(getattr(obj, f)) for f in fields}


def audit(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    unit=None,
    changes: Mapping[str, Any] | None = None,
    personal: Iterable[str] = (),
):
    """Record that `actor` did `action` to `obj`. Values of personal fields are stored redacted."""
    from sewaka.core.models import AuditEvent

    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
    real_actor = actor if getattr(actor, "is_authenticated", False) else None
    label = real_actor.get_username() if real_actor else ""
    return AuditEvent.objects.create(
        actor=real_actor,
        actor_label=label,
        action=action,
        object_type=object_type or "",
        object_id="" if object_id is None else str(object_id),
        # __str__ of models holding personal data must not include it.
        object_repr=str(obj)[:255] if obj is not None else "",
        unit=unit,
        changes=redact(changes or {}, personal),
        ip=current_ip(),
    )
