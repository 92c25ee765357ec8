"""The one-page PDF for the monthly leadership meeting, on the shared document base (kop, date, signer)."""

from __future__ import annotations

from sewaka.reports.exports.pdf import render_pdf

from . import charts, selectors

PDF_ROWS = 5  # heat-table rows that fit one landscape page; the rest are named by count


def dashboard_pdf(d: selectors.Dashboard, *, forecast: dict | None = None) -> bytes:
    context = {
        "unit": d.root,
        "d": d,
        "forecast": forecast or {},
        "chart": charts.trend(d.trend, width=640, height=180),
        "columns": selectors.HEAT_COLUMNS,
        "rows": d.heat[:PDF_ROWS],
        "more": max(0, len(d.heat) - PDF_ROWS),
        "doc_date": d.today,
    }
    return render_pdf("dashboard/docs/dashboard.html", context)
