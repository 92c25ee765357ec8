"""The innovations section of the unit page (registered with organisations.panels in apps.py)."""

from __future__ import annotations

from django.template.loader import render_to_string

from . import selectors


def unit_panel(request, unit) -> str:
    if unit.parent_id is None:  # the pemda itself: the registry list is its page
        return render_to_string("innovations/_pemda_panel.html", {"unit": unit}, request=request)
    innovations = list(selectors.unit_innovations(unit)[:20])
    return render_to_string(
        "innovations/_unit_panel.html",
        {
            "unit": unit,
            "innovations": innovations,
            "awards": selectors.awards_summary([i.pk for i in innovations]),
        },
        request=request,
    )
