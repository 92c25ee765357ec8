"""The one audit helper every service calls. Personal fields are redacted before they are stored.

Confidential objects (complaints) are recorded by an opaque label ("Pengaduan #12") and only the fields they
declare safe are stored in clear: the trail says *that* something happened and *who* did it, never the free
text or the tracking code. Anonymous actions keep a keyed hash of the address, never the address itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst

from sewaka.core.models import AuditEvent
from sewaka.core.ratelimit import hash_value

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


@dataclass(frozen=True)
class Confidential:
    """How the trail records an object type whose content is confidential."""

    label: Any  # a (lazy) name, e.g. "Pengaduan"; the row's label is "<label> #<pk>"
    clear: frozenset[str]  # change fields stored (and shown) in clear; every other value is redacted
    visible: Callable  # visible(user) -> QuerySet of the objects the user may see (the case page's rule)


CONFIDENTIAL: dict[str, Confidential] = {}


def register_confidential(object_type: str, *, label, clear: Iterable[str], visible: Callable) -> None:
    """Declare `object_type` ("app.model") confidential; called from the owning app's ready()."""
    CONFIDENTIAL[object_type] = Confidential(label=label, clear=frozenset(clear), visible=visible)


def confidential_of(obj_or_type) -> Confidential | None:
    if isinstance(obj_or_type, models.Model):
        obj_or_type = obj_or_type._meta.label_lower
    return CONFIDENTIAL.get(obj_or_type or "")


def opaque_label(object_type: str, object_id) -> str:
    """'Pengaduan #12' for a confidential object: no code, no text."""
    rule = CONFIDENTIAL[object_type]
    return f"{rule.label} #{object_id}"


def redact_confidential(changes: Mapping[str, Any], clear: Iterable[str]) -> dict[str, Any]:
    """Keep the keys (the fact that a field changed) but only the values of `clear` fields."""
    keep = set(clear)
    return redact(changes, {k for k in changes if k not in keep})


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
    label: str | None = None,
):
    """Record that `actor` did `action` to `obj`. Values of personal fields are stored redacted.

    `label` replaces the object's str() (e.g. a complaint's file: "Pengaduan #12").
    """

    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
    real_actor = actor if getattr(actor, "is_authenticated", False) else None
    actor_label = real_actor.get_username() if real_actor else ""
    rule = confidential_of(object_type)
    if rule is not None:
        object_repr = opaque_label(object_type, object_id)
        stored = redact(redact_confidential(changes or {}, rule.clear), personal)
    else:
        # __str__ of models holding personal data must not include it.
        object_repr = label if label is not None else (str(obj)[:255] if obj is not None else "")
        stored = redact(changes or {}, personal)
    ip = current_ip() or None
    return AuditEvent.objects.create(
        actor=real_actor,
        actor_label=actor_label,
        action=action,
        object_type=object_type or "",
        object_id="" if object_id is None else str(object_id),
        object_repr=object_repr,
        unit=unit,
        changes=stored,
        # Staff actions keep the address; a citizen's only as a keyed hash (like the survey response row).
        ip=ip if real_actor else None,
        ip_hash=hash_value(ip) if ip and not real_actor else "",
    )


def type_label(object_type: str) -> str:
    """The model's Indonesian name for an object type ("complaints.complaint" → "Pengaduan")."""

    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(capfirst(model._meta.verbose_name))


def status_labels(object_type: str, changes: Mapping[str, Any]) -> dict[str, Any]:
    """`changes` with a status change shown in the workflow's labels ("Terbuka → Sedang dikerjakan"):
    the trail stores the values, which never change; people read the labels."""
    change = changes.get("status")
    if not isinstance(change, Mapping):
        return dict(changes)
    try:
        field = apps.get_model(object_type)._meta.get_field("status")
    except (LookupError, ValueError, FieldDoesNotExist):
        return dict(changes)
    labels = {str(value): str(label) for value, label in field.flatchoices}
    shown = {
        key: labels.get(value, value) if isinstance(value, str) else value for key, value in change.items()
    }
    return {**changes, "status": shown}


def present(event) -> tuple[str, dict[str, Any]]:
    """(object label, changes) safe to show: rows written before the redaction are cleaned at display;
    a status change reads in the workflow's labels."""
    label, changes = _present(event)
    return label, status_labels(event.object_type, changes)


def _present(event) -> tuple[str, dict[str, Any]]:
    rule = confidential_of(event.object_type)
    if rule is not None:
        return opaque_label(event.object_type, event.object_id), redact_confidential(
            event.changes, rule.clear
        )
    owner = event.changes.get("owner") if isinstance(event.changes, Mapping) else None
    if event.object_type == "core.attachment" and isinstance(owner, str) and "#" in owner:
        owner_type, owner_id = owner.split("#", 1)
        if confidential_of(owner_type) is not None:
            return opaque_label(owner_type, owner_id), redact(event.changes, {"file"})
    return event.object_repr, dict(event.changes or {})
