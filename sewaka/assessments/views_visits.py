"""Tim Monev visits read back: the "Catat kunjungan" unit picker, the visit page and its one-page report."""

from __future__ import annotations

import base64

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.text import slugify

from sewaka.core.downloads import file_response
from sewaka.organisations.access import Action, can, units_visible_to
from sewaka.reports.exports.pdf import document_number, render_pdf

from . import selectors

MAX_REPORT_PHOTOS = 4  # the report stays one page


@login_required
def visit_start(request):
    """Menu → "Catat kunjungan" → tap the unit → the visit form (three taps on a phone)."""
    if not units_visible_to(request.user, Action.MONEV).exists():
        raise PermissionDenied
    q = request.GET.get("q", "").strip()[:100]
    units = selectors.visit_units(user=request.user, q=q)
    current = getattr(request, "current_unit", None)
    if current is not None and (current.parent_id is None or not can(request.user, Action.MONEV, current)):
        current = None
    if q and units.count() == 1:
        return redirect("assessments:visit", unit_pk=units.first().pk)
    return render(
        request,
        "assessments/visit_start.html",
        {"units": units[:300], "q": q, "current": current},
    )


@login_required
def visit_detail(request, pk):
    visit = selectors.visit_get(user=request.user, pk=pk)
    return render(
        request,
        "assessments/visit_detail.html",
        {
            "v": visit,
            "unit": visit.unit,
            **selectors.visit_readback(visit),
            "can_record": can(request.user, Action.MONEV, visit.unit),
        },
    )


def _photo_uri(attachment) -> str:
    try:
        with attachment.file.open("rb") as fh:
            data = fh.read()
    except (OSError, ValueError):
        return ""
    return f"data:{attachment.mime};base64,{base64.b64encode(data).decode('ascii')}"


def visit_document_context(visit) -> dict:
    readback = selectors.visit_readback(visit)
    photos = [p for p in readback["photos"] if p.mime in ("image/jpeg", "image/png")]
    return {
        "v": visit,
        "unit": visit.unit,
        **readback,
        "photo_uris": [(p, _photo_uri(p)) for p in photos[:MAX_REPORT_PHOTOS]],
        "more_photos": max(0, len(photos) - MAX_REPORT_PHOTOS),
        "doc_number": document_number("LK-MONEV", unit=visit.unit, serial=visit.pk, on=visit.visited_on),
        "doc_date": visit.visited_on,
    }


@login_required
def visit_pdf(request, pk):
    """One-page visit report (A4) on the document base: checklist, notes, findings, photos, signatures."""

    visit = selectors.visit_get(user=request.user, pk=pk)
    with translation.override("id"):
        pdf = render_pdf("assessments/docs/visit.html", visit_document_context(visit))
    name = slugify(f"kunjungan-monev-{visit.unit.code}-{visit.visited_on:%Y-%m-%d}") + ".pdf"
    return file_response(pdf, filename=name)
