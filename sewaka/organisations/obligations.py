"""A unit's obligations of the year, as the feature apps report them (the unit pages list them).

organisations sits below the feature apps and imports none of them: each app that knows an obligation
registers a provider `(unit, year) -> list[Obligation]` in its `AppConfig.ready()` with a position that
fixes the order on the page (consultations: FKP held; standards: standards set and current, Maklumat,
standards reviewed; surveys: SKM evaluated).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Obligation:
    key: str
    label: str
    met: bool
    reason: str


Provider = Callable[..., Sequence[Obligation]]

_PROVIDERS: dict[Provider, int] = {}


def register(provider: Provider, *, position: int) -> Provider:
    _PROVIDERS[provider] = position
    return provider


def obligations_of(unit, year: int) -> list[Obligation]:
    ordered = sorted(_PROVIDERS.items(), key=lambda item: item[1])
    return [obligation for provider, _position in ordered for obligation in provider(unit, year)]
