"""The obligations section of the unit page (registered with organisations.panels in apps.py)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from sewaka.events.selectors import unit_events

from . import evaluation as ev
from . import selectors


def unit_panel(request, unit) -> str:
    if unit.parent_id is None:  # the pemda itself: the tracker is its page
        return render_to_string("obligations/_pemda_panel.html", {"unit": unit}, request=request)
    today = timezone.localdate()
    view = ev.year_period(today.year)
    rows = selectors.unit_obligations(user=request.user, unit=unit, view=view, today=today)
    return render_to_string(
        "obligations/_unit_panel.html",
        {
            "unit": unit,
            "view": view,
            "rows": rows,
            "letters": selectors.unit_letters(user=request.user, unit=unit, limit=3),
            "events": list(unit_events(unit, today.year)[:5]),
            "today": today,
        },
        request=request,
    )
