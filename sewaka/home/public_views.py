"""Public pages that compose several apps: the unit's public page (services and Maklumat from standards,
the latest published SKM from surveys, published FKP summaries from consultations, published innovations
with their awards from the innovation gallery)."""

from django.http import Http404
from django.shortcuts import render

from sewaka.consultations.selectors import published_forums
from sewaka.innovations.gallery import unit_published
from sewaka.organisations.models import Unit
from sewaka.standards.selectors import catalogue, current_maklumat
from sewaka.surveys.selectors import latest_published


def unit_page(request, code):
    unit = Unit.objects.filter(code=code, is_active=True).first()
    if unit is None:
        raise Http404
    return render(
        request,
        "home/public_unit.html",
        {
            "unit": unit,
            "services": catalogue().filter(unit=unit),
            "maklumat": current_maklumat(unit, public=True),
            "skm": latest_published(unit),
            "forums": published_forums(unit)[:10],
            "innovations": unit_published(unit),
        },
    )
