"""The public innovation gallery (issue 18 item 9): no login, works without JavaScript, published
innovations only, a constant number of queries (gallery.py)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from sewaka.core.downloads import file_response
from sewaka.core.http import int_param

from . import gallery
from . import impact as impact_module
from .transitions import Stage


def _json(data: Any) -> SafeString:
    # Escape "<" so the JSON can never close the script element.
    return mark_safe(json.dumps(data, ensure_ascii=False).replace("<", "\\u003c"))  # noqa: S308


def _filters(params) -> gallery.Filters:
    award = str(params.get("penghargaan", "")).strip()[:40]
    return gallery.Filters(
        q=str(params.get("q", "")).strip()[:100],
        unit=str(params.get("unit", "")).strip()[:50],
        year=int_param(params, "tahun", min_value=1900, max_value=2100),
        sdg=int_param(params, "sdg", min_value=1, max_value=17),
        award=award,
    )


def _query(filters: gallery.Filters, page: int | None = None) -> str:
    """The query string of the filters (and a page), for the pagination links."""
    pairs = [
        ("q", filters.q),
        ("unit", filters.unit),
        ("tahun", filters.year or ""),
        ("sdg", filters.sdg or ""),
        ("penghargaan", filters.award),
    ]
    if page and page > 1:
        pairs.append(("hal", page))
    return urlencode([(k, v) for k, v in pairs if v not in ("", None)])


def gallery_page(request):
    filters = _filters(request.GET)
    g = gallery.gallery(filters, int_param(request.GET, "hal", 1, min_value=1, max_value=10_000))
    base = request.build_absolute_uri(reverse("public_innovations"))
    # schema.org ItemList of the page's cards: each item the URL of an innovation's public page.
    json_ld = {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": "Galeri inovasi pelayanan publik",
        "numberOfItems": g.total,
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": (g.page - 1) * gallery.PER_PAGE + n,
                "url": request.build_absolute_uri(reverse("public_innovation", args=[c.innovation.slug])),
                "name": c.innovation.name,
            }
            for n, c in enumerate(g.cards, start=1)
        ],
        "url": base,
    }
    return render(
        request,
        "innovations/public/gallery.html",
        {
            "g": g,
            "f": filters,
            "any_award": gallery.ANY_AWARD,
            "prev_query": _query(filters, g.page - 1) if g.page > 1 else None,
            "next_query": _query(filters, g.page + 1) if g.page < g.pages else None,
            "page_queries": [(n, _query(filters, n)) for n in g.page_numbers],
            "json_ld": _json(json_ld),
        },
    )


def _detail_json_ld(request, d: gallery.Detail) -> dict:
    """schema.org CreativeWork: the public page documents a practice (an innovation is not itself a
    service — the services it changes are GovernmentService items in `about`). CreativeWork is the type
    that carries what the page says: `award` (text per result), `isBasedOn` (the innovation it replicates),
    `creator` (the owning unit), `contributor` (partner units), `about`, `keywords` (SDGs) and `image`."""
    innovation = d.innovation
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": innovation.name,
        "url": request.build_absolute_uri(),
        "inLanguage": "id",
        "description": innovation.problem,
        "creator": {"@type": "GovernmentOrganization", "name": innovation.unit.name},
        "publisher": {"@type": "GovernmentOrganization", "name": innovation.pemda.name},
    }
    if innovation.short_name:
        data["alternateName"] = innovation.short_name
    if innovation.goal:
        data["abstract"] = innovation.goal
    if innovation.started_on:
        data["temporalCoverage"] = f"{innovation.started_on:%Y-%m-%d}/.."
    if d.partners:
        data["contributor"] = [{"@type": "GovernmentOrganization", "name": u.name} for u in d.partners]
    if d.services:
        data["about"] = [
            {
                "@type": "GovernmentService",
                "name": link.service.name,
                "provider": {"@type": "GovernmentOrganization", "name": link.service.unit.name},
                **(
                    {
                        "url": request.build_absolute_uri(
                            reverse("public_service", args=[link.service.unit.code, link.service.slug])
                        )
                    }
                    if link.public
                    else {}
                ),
            }
            for link in d.services
        ]
    if d.awards_lines:
        data["award"] = d.awards_lines
    if d.sdgs:
        data["keywords"] = [f"SDG {n}: {name}" for n, name in d.sdgs]
    if d.photos:
        data["image"] = [request.build_absolute_uri(url) for _f, url in d.photos]
    if d.source is not None:
        data["isBasedOn"] = request.build_absolute_uri(reverse("public_innovation", args=[d.source.slug]))
    elif innovation.replicated_from_text:
        data["isBasedOn"] = innovation.replicated_from_text
    return data


def photo(request, slug, pk):
    """A photo of a published innovation, public (cached briefly); never the SK or other documents."""
    attachment = gallery.public_photo(slug, pk)
    return file_response(
        attachment.file.open("rb"),
        filename=attachment.original_name,
        content_type=attachment.mime,
        inline=True,
        private=False,
    )


def detail_page(request, slug):
    innovation = gallery.published_get(slug)
    d = gallery.detail(innovation)
    impact = None
    if innovation.started_on is not None and d.services:
        impact = impact_module.impact(
            unit_ids=[innovation.unit_id, *(u.pk for u in d.partners)],
            service_ids=[link.service.pk for link in d.services],
            started_on=innovation.started_on,
        )
    return render(
        request,
        "innovations/public/detail.html",
        {
            "d": d,
            "i": innovation,
            "stage_label": Stage(innovation.stage).label if innovation.stage in Stage.values else "",
            "impact": impact,
            "json_ld": _json(_detail_json_ld(request, d)),
        },
    )
