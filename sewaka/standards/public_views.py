"""The public service catalogue: no login, mobile-first, works without JavaScript. Published data only."""

from __future__ import annotations

import json

from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe

from sewaka.organisations.models import Service
from sewaka.surveys.selectors import latest_published, open_period_for

from . import selectors
from .forms import CatalogueSearchForm


def catalogue(request):
    form = CatalogueSearchForm(request.GET or None)
    q = form.cleaned_data.get("q", "") if form.is_valid() else ""
    services = selectors.catalogue(q)[:200]
    return render(request, "standards/public/catalogue.html", {"form": form, "services": services, "q": q})


def _json_ld(request, service, standard) -> str:
    unit = service.unit
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": service.name,
        "description": service.description or standard.produk,
        "serviceType": service.name,
        "url": request.build_absolute_uri(),
        "provider": {
            "@type": "GovernmentOrganization",
            "name": unit.name,
            **({"address": unit.address} if unit.address else {}),
            **({"telephone": unit.phone} if unit.phone else {}),
        },
        "availableChannel": {
            "@type": "ServiceChannel",
            "serviceLocation": {
                "@type": "Place",
                "name": unit.name,
                **({"address": unit.address} if unit.address else {}),
            },
            **({"availableLanguage": "id"}),
        },
    }
    if unit.opening_hours:
        data["hoursAvailable"] = unit.opening_hours
    # Escape "<" so the JSON can never close the script element.
    return mark_safe(json.dumps(data, ensure_ascii=False).replace("<", "\\u003c"))  # noqa: S308


def service_page(request, code, slug):
    service = (
        Service.objects.select_related("unit").filter(unit__code=code, slug=slug, is_active=True).first()
    )
    if service is None or not service.unit.is_active:
        raise Http404
    standard = selectors.published_standard(service)
    if standard is None:
        raise Http404
    return render(
        request,
        "standards/public/service.html",
        {
            "service": service,
            "unit": service.unit,
            "s": standard,
            "maklumat": selectors.current_maklumat(service.unit, public=True),
            "skm": latest_published(service.unit),
            "survey_open": open_period_for(service.unit) is not None,
            "json_ld": _json_ld(request, service, standard),
            "complaint_url": _complaint_url(service),
        },
    )


def _complaint_url(service) -> str | None:
    """The complaints module adds its public form later; until then the standard's own channels are shown."""
    try:
        return reverse("public_complaint", args=[service.unit.code]) + f"?layanan={service.slug}"
    except NoReverseMatch:  # the route exists once the complaints module is installed
        return None
