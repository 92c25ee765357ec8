"""Metadata of the open datasets: licence, publisher, file URLs, schema.org `Dataset` JSON-LD and the
DCAT-style catalogue (docs/opendata.md). No HTTP request here: absolute URLs are built from a base URL."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import get_language

from sewaka.organisations.models import Unit

from . import formats
from .datasets import DATASETS, Dataset, Table
from .models import LICENSE_URLS, License, OpenDataSettings

CACHE_SECONDS = 15 * 60


@dataclass(frozen=True)
class Publication:
    """Who publishes and under which licence: the installation's pemda (its single root unit; with none or
    several, `PEMDA_NAME`) and the licence from its `OpenDataSettings` row (none: CC BY 4.0)."""

    pemda_id: int | None
    publisher: str
    license: dict


def publication() -> Publication:
    """Two queries at most."""
    roots = list(Unit.objects.filter(parent__isnull=True).order_by("path").values_list("pk", "name")[:2])
    if len(roots) != 1:
        return Publication(None, settings.PEMDA_NAME, _license(License.CC_BY))
    pk, name = roots[0]
    chosen = OpenDataSettings.objects.filter(pemda_id=pk).values_list("license", flat=True).first()
    return Publication(pk, name, _license(chosen or License.CC_BY))


def _license(value: str) -> dict:
    chosen = License(value)
    return {"id": chosen.value, "name": str(chosen.label), "url": LICENSE_URLS[chosen]}


def file_url(slug: str, fmt: str) -> str:
    return reverse("opendata:download", args=[slug, fmt])


def meta(dataset: Dataset, table: Table, base: str, pub: Publication) -> dict:
    return {
        "dataset": dataset.slug,
        "title": str(dataset.title),
        "description": str(dataset.description),
        "publisher": pub.publisher,
        "license": pub.license,
        "modified": formats.iso(table.modified),
        "temporal": _interval(table),
        "url": base + reverse("opendata:index") + "#" + dataset.slug,
    }


def _interval(table: Table) -> str | None:
    return f"{table.coverage[0].isoformat()}/{table.coverage[1].isoformat()}" if table.coverage else None


@dataclass(frozen=True)
class Built:
    dataset: Dataset
    table: Table


def built(slug: str) -> Built:
    """The dataset's table from the shared cache (built at most once per CACHE_SECONDS and language)."""
    dataset = DATASETS[slug]
    key = f"opendata:table:{slug}:{get_language() or ''}"
    table = cache.get(key)
    if table is None:
        table = dataset.build()
        cache.set(key, table, getattr(settings, "SEWAKA_OPENDATA_CACHE_SECONDS", CACHE_SECONDS))
    return Built(dataset, table)


def file_bytes(slug: str, fmt: str, base: str, pub: Publication) -> tuple[bytes, Table]:
    """The file's bytes from the shared cache; built from the (cached) table on a miss."""
    parts = f"{slug}|{fmt}|{get_language()}|{base}|{pub.publisher}|{pub.license['id']}"
    key = "opendata:file:" + hashlib.sha256(parts.encode()).hexdigest()
    hit = cache.get(key)
    if hit is not None:
        return hit
    b = built(slug)
    info = meta(b.dataset, b.table, base, pub)
    if fmt == "csv":
        data = formats.to_csv(b.table)
    elif fmt == "xlsx":
        data = formats.to_xlsx(b.dataset, b.table, info)
    else:
        data = formats.to_json(b.table, info)
    cache.set(key, (data, b.table), getattr(settings, "SEWAKA_OPENDATA_CACHE_SECONDS", CACHE_SECONDS))
    return data, b.table


def json_ld(dataset: Dataset, table: Table, base: str, pub: Publication) -> dict:
    """schema.org Dataset (what Google Dataset Search and data portals harvest)."""
    org = {"@type": "GovernmentOrganization", "name": pub.publisher}
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": str(dataset.title),
        "description": str(dataset.description),
        "url": base + reverse("opendata:index") + "#" + dataset.slug,
        "identifier": dataset.slug,
        "license": pub.license["url"],
        "isAccessibleForFree": True,
        "creator": org,
        "publisher": org,
        "keywords": list(dataset.keywords),
        "inLanguage": "id",
        "variableMeasured": [str(c.label) for c in table.columns],
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": formats.MEDIA_TYPES[fmt],
                "contentUrl": base + file_url(dataset.slug, fmt),
            }
            for fmt in formats.FORMATS
        ],
    }
    if table.coverage:
        data["temporalCoverage"] = _interval(table)
    if table.modified:
        data["dateModified"] = table.modified.isoformat()
    return data


def catalog(base: str) -> dict:
    """The whole catalogue, DCAT-like (keys named after dcat:Catalog / dcat:Dataset / dcat:Distribution)."""
    pub = publication()
    out = []
    for slug, dataset in DATASETS.items():
        table = built(slug).table
        out.append(
            {
                "identifier": slug,
                "title": str(dataset.title),
                "description": str(dataset.description),
                "keyword": list(dataset.keywords),
                "publisher": {"name": pub.publisher},
                "license": pub.license["url"],
                "accrualPeriodicity": dataset.accrual,
                "modified": formats.iso(table.modified),
                "temporal": _interval(table),
                "landingPage": base + reverse("opendata:index") + "#" + slug,
                "columns": [
                    {"key": c.key, "label": str(c.label), "description": str(c.meaning), "type": c.kind}
                    for c in table.columns
                ],
                "distribution": [
                    {
                        "format": fmt.upper(),
                        "mediaType": formats.MEDIA_TYPES[fmt],
                        "downloadURL": base + file_url(slug, fmt),
                    }
                    for fmt in formats.FORMATS
                ],
            }
        )
    return {
        "@context": "https://www.w3.org/ns/dcat.jsonld",
        "@type": "dcat:Catalog",
        "title": f"Data terbuka {pub.publisher}",
        "description": "Data terbuka mutu pelayanan publik dari Sewaka.",
        "publisher": {"name": pub.publisher},
        "license": pub.license["url"],
        "language": "id",
        "homepage": base + reverse("opendata:index"),
        "dataset": out,
    }
