"""Numbers from a request, parsed in one place: bad input gives the default, never a 500.

`str.isdigit()` accepts "²" and "٣", which `int()` refuses or reads as another number; values beyond a
64-bit integer overflow the database. Only ASCII digits with an optional minus sign are accepted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MAX_DIGITS = 18  # fits a 64-bit database integer


def parse_int(
    raw: Any, default: int | None = None, *, min_value: int | None = None, max_value: int | None = None
):
    """`raw` as an int within [min_value, max_value], else `default`."""
    if isinstance(raw, bool) or raw is None:
        return default
    if isinstance(raw, int):
        value = raw
    else:
        text = str(raw).strip()
        digits = text[1:] if text.startswith("-") else text
        if not digits or len(digits) > MAX_DIGITS or not digits.isascii() or not digits.isdigit():
            return default
        value = int(text)
    if (min_value is not None and value < min_value) or (max_value is not None and value > max_value):
        return default
    return value


def int_param(
    data: Mapping[str, Any],
    name: str,
    default: int | None = None,
    *,
    min_value: int | None = None,
    max_value: int | None = None,
):
    """An integer from request.GET/POST (or any mapping): `int_param(request.GET, "tahun", 2026)`."""
    return parse_int(data.get(name), default, min_value=min_value, max_value=max_value)
