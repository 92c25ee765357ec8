"""What the registry and the selection read from a loaded scheme file (`SchemeYear.data`): a few plain
lookups on the raw JSON, tolerant of facts written as {"value": …, "status": …}. The file's full
validation is `schemes.parse_scheme` (the pure parser), run when a file is loaded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any


def fact(value: Any) -> Any:
    """A fact's value: {"value": v, "status": …} → v; a plain value stays itself."""
    return value.get("value") if isinstance(value, dict) else value


def scheme_code(data: dict) -> str:
    return str(data.get("code") or data.get("scheme") or "").strip()


def default_cap(data: dict) -> int | None:
    cap = fact(data.get("cap_per_instance"))
    return cap if isinstance(cap, int) and not isinstance(cap, bool) and cap >= 1 else None


def registration_deadline(data: dict) -> date | None:
    raw = fact(data.get("registration_deadline"))
    try:
        return date.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        return None


def scale_max(data: dict) -> Decimal:
    scale = data.get("scale")
    try:
        return Decimal(str(scale["max"])) if isinstance(scale, dict) else Decimal(100)
    except (KeyError, InvalidOperation):
        return Decimal(100)


def groups(data: dict) -> list[tuple[str, str]]:
    """(code, name) of the scheme's groups."""
    return [
        (str(g["code"]), str(g.get("name") or g["code"]))
        for g in data.get("groups") or []
        if isinstance(g, dict) and g.get("code")
    ]


def categories(data: dict) -> list[tuple[str, str]]:
    raw = data.get("categories")
    items = raw.get("items", []) if isinstance(raw, dict) else raw or []
    return [
        (str(c["code"]), str(c.get("name") or c["code"]))
        for c in items
        if isinstance(c, dict) and c.get("code")
    ]


def aspects(data: dict, group_code: str) -> dict[str, dict]:
    """The group's proposal aspects by code: {"name", "question", "weight", "max_words" (None: no limit)}."""
    out: dict[str, dict] = {}
    for g in data.get("groups") or []:
        if not isinstance(g, dict) or g.get("code") != group_code:
            continue
        for a in g.get("aspects") or []:
            if not isinstance(a, dict) or not a.get("code"):
                continue
            limit = fact(a.get("max_words"))
            out[str(a["code"])] = {
                "name": str(a.get("name") or a["code"]),
                "question": str(a.get("question") or ""),
                "weight": fact(a.get("weight")),
                "max_words": limit if isinstance(limit, int) and not isinstance(limit, bool) else None,
            }
    return out


def award_names(data: dict) -> dict[str, str]:
    return {
        str(a["code"]): str(a.get("name") or a["code"])
        for a in data.get("awards") or []
        if isinstance(a, dict) and a.get("code")
    }


def award_order(data: dict) -> dict[str, int]:
    """Award code → order (1 = highest) as the scheme gives it."""
    out = {}
    for a in data.get("awards") or []:
        if isinstance(a, dict) and a.get("code") and isinstance(a.get("order"), int):
            out[str(a["code"])] = a["order"]
    return out
