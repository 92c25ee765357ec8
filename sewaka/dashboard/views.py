"""The leadership dashboard and its one-page PDF. Thin views: the figures come from `selectors.dashboard`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from sewaka.core.downloads import file_response
from sewaka.core.http import int_param

from . import charts, documents, selectors

HEAT_ROWS = 50


def _dashboard(request):
    root, roots = selectors.scope_of(request.user, int_param(request.GET, "unit", min_value=1))
    grain = request.GET.get("per", "triwulan")
    return selectors.dashboard(user=request.user, root=root, grain=grain), roots


@login_required
def index(request):
    d, roots = _dashboard(request)
    # The worst rows first; all of them on request (600 rows cost a third of a second to render).
    heat = d.heat if request.GET.get("semua") == "1" else d.heat[:HEAT_ROWS]
    return render(
        request,
        "dashboard/index.html",
        {
            "d": d,
            "roots": roots,
            "chart": charts.trend(d.trend),
            "heat": heat,
            "heat_rows": charts.heat_rows(heat, selectors.LEVEL_LABELS),
            "grains": selectors.GRAINS,
            "columns": selectors.HEAT_COLUMNS,
            "levels": selectors.LEVEL_LABELS,
        },
    )


@login_required
def pdf(request):
    d, _roots = _dashboard(request)
    forecast = selectors.forecast(user=request.user, root=d.root, year=d.year)
    data = documents.dashboard_pdf(d, forecast=forecast)
    return file_response(data, filename=f"dasbor-pimpinan-{d.today:%Y-%m-%d}.pdf", inline=True)


@login_required
def forecast(request):
    """The readiness forecast's summary, loaded into the page by htmx (its own request: it reads every unit's
    facts)."""
    root, _roots = selectors.scope_of(request.user, int_param(request.GET, "unit", min_value=1))
    f = selectors.forecast(user=request.user, root=root, year=timezone.localdate().year)
    return render(request, "dashboard/_forecast.html", {"f": f})
