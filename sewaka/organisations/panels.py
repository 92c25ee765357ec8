"""Sections that feature apps add to the unit page.

`organisations` sits below the feature apps (issue 15 layering) and never imports them; a feature app
registers a panel in its AppConfig.ready(), and the unit page renders the registered panels in order.
A panel is `func(request, unit) -> str` (rendered HTML, or "" to show nothing).
"""

from __future__ import annotations

from collections.abc import Callable

Panel = Callable[..., str]
_PANELS: dict[str, tuple[int, Panel]] = {}


def register(key: str, order: int, func: Panel) -> None:
    _PANELS[key] = (order, func)


def render_panels(request, unit) -> list[str]:
    return [
        html for _order, func in sorted(_PANELS.values(), key=lambda p: p[0]) if (html := func(request, unit))
    ]
