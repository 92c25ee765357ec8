"""A unit's obligations of the year, as the feature apps report them, for the unit page.

organisations sits below the feature apps and imports none of them: an app that knows an obligation
registers a provider `(unit, year) -> list of items with key, label, met, reason` in its
`AppConfig.ready()` (standards: FKP held, standards set and reviewed, Maklumat, SKM evaluated).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

Provider = Callable[[Any, int], Sequence[Any]]

_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def obligations_of(unit, year: int) -> list[Any]:
    return [item for provider in _PROVIDERS for item in provider(unit, year)]
