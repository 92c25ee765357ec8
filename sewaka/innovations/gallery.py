"""Reads of the public innovation gallery (`/inovasi/`): published innovations only, no user, a constant
number of queries whatever the number of innovations.

The list reads one light row per published innovation (a city has tens to hundreds), filters and searches
them in Python (the forgiving key of core/search.py, SDG numbers held in a JSON list), then reads the full
rows, awards and photos of the shown page only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sewaka.core.models import Attachment
from sewaka.core.search import matches
from sewaka.organisations.models import Service, Unit
from sewaka.standards.selectors import catalogue

from .models import AWARD_LABELS, Award, FileKind, Innovation, InnovationFile
from .selectors import awards_of, awards_summary

PER_PAGE = 12
ANY_AWARD = "ada"  # the award filter's "any result" value

SDG_NAMES = {
    1: _("Tanpa kemiskinan"),
    2: _("Tanpa kelaparan"),
    3: _("Kehidupan sehat dan sejahtera"),
    4: _("Pendidikan berkualitas"),
    5: _("Kesetaraan gender"),
    6: _("Air bersih dan sanitasi layak"),
    7: _("Energi bersih dan terjangkau"),
    8: _("Pekerjaan layak dan pertumbuhan ekonomi"),
    9: _("Industri, inovasi dan infrastruktur"),
    10: _("Berkurangnya kesenjangan"),
    11: _("Kota dan permukiman yang berkelanjutan"),
    12: _("Konsumsi dan produksi yang bertanggung jawab"),
    13: _("Penanganan perubahan iklim"),
    14: _("Ekosistem lautan"),
    15: _("Ekosistem daratan"),
    16: _("Perdamaian, keadilan dan kelembagaan yang tangguh"),
    17: _("Kemitraan untuk mencapai tujuan"),
}


@dataclass(frozen=True)
class Filters:
    q: str = ""
    unit: str = ""  # unit code (owning or partner unit)
    year: int | None = None  # year implementation started
    sdg: int | None = None
    award: str = ""  # award code, or ANY_AWARD


@dataclass
class Card:
    innovation: Innovation
    awards: list[str]
    photo: Attachment | None
    photo_alt: str
    photo_url: str = ""


@dataclass
class Gallery:
    cards: list[Card]
    total: int
    page: int
    pages: int
    units: list[tuple[str, str]]  # (code, name) of units with published innovations
    years: list[int]
    sdgs: list[tuple[int, Any]]
    awards: list[tuple[str, str]]
    filters: Filters
    filtered: bool = False
    page_numbers: list[int] = field(default_factory=list)


def _photos(innovation_ids: Iterable[int]) -> dict[int, list[tuple[InnovationFile, Attachment]]]:
    """Photos of the innovations, oldest first (two queries). Only photos: the SK and documents stay
    private even when the innovation is published (InnovationFile.attachments_are_public)."""
    rows = list(
        InnovationFile.objects.filter(innovation_id__in=list(innovation_ids), kind=FileKind.PHOTO).order_by(
            "created_at", "id"
        )
    )
    if not rows:
        return {}
    by_owner = {
        a.owner_id: a
        for a in Attachment.objects.filter(
            owner_type=ContentType.objects.get_for_model(InnovationFile),
            owner_id__in=[str(r.pk) for r in rows],
        )
        if a.is_image
    }
    out: dict[int, list[tuple[InnovationFile, Attachment]]] = defaultdict(list)
    for row in rows:
        if (attachment := by_owner.get(str(row.pk))) is not None:
            out[row.innovation_id].append((row, attachment))
    return out


def _award_choice_label(code: str) -> str:
    if code in AWARD_LABELS:
        return str(AWARD_LABELS[code])
    text = code.replace("-", " ").replace("_", " ")
    return text[:1].upper() + text[1:]


def gallery(filters: Filters, page: int = 1) -> Gallery:
    """The gallery's page `page` under `filters` (six queries at most, whatever the size)."""
    rows = list(
        Innovation.objects.filter(published=True, unit__is_active=True)
        .order_by("name", "id")
        .values_list(
            "pk",
            "name",
            "short_name",
            "problem",
            "unit_id",
            "unit__code",
            "unit__name",
            "unit__short_name",
            "started_on",
            "sdg_targets",
        )
    )
    ids = [r[0] for r in rows]
    partners: dict[int, set[str]] = defaultdict(set)
    partner_names: dict[str, str] = {}
    for innovation_id, code, name in Innovation.partner_units.through.objects.filter(
        innovation_id__in=ids, unit__is_active=True
    ).values_list("innovation_id", "unit__code", "unit__name"):
        partners[innovation_id].add(code)
        partner_names[code] = name
    award_codes: dict[int, set[str]] = defaultdict(set)
    for innovation_id, code in Award.objects.filter(innovation_id__in=ids).values_list(
        "innovation_id", "award_code"
    ):
        award_codes[innovation_id].add(code)

    units = {r[5]: r[6] for r in rows} | partner_names
    years = sorted({r[8].year for r in rows if r[8] is not None}, reverse=True)
    sdgs = sorted({int(n) for r in rows for n in (r[9] or []) if str(n).isdigit() and 1 <= int(n) <= 17})
    codes = {c for cs in award_codes.values() for c in cs}

    def keep(r) -> bool:
        pk = r[0]
        if filters.unit and filters.unit != r[5] and filters.unit not in partners.get(pk, ()):
            return False
        if filters.year and (r[8] is None or r[8].year != filters.year):
            return False
        if filters.sdg and filters.sdg not in {int(n) for n in (r[9] or []) if str(n).isdigit()}:
            return False
        if filters.award == ANY_AWARD and not award_codes.get(pk):
            return False
        if filters.award and filters.award != ANY_AWARD and filters.award not in award_codes.get(pk, ()):
            return False
        return not filters.q or matches(filters.q, [r[1], r[2], r[3] or "", r[6], r[7]])

    shown = [r[0] for r in rows if keep(r)]
    total = len(shown)
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, page), pages)
    page_ids = shown[(page - 1) * PER_PAGE : page * PER_PAGE]
    by_id = Innovation.objects.select_related("unit").in_bulk(page_ids) if page_ids else {}
    summaries = awards_summary(page_ids) if page_ids else {}
    photos = _photos(page_ids) if page_ids else {}
    cards = []
    for pk in page_ids:
        innovation = by_id[pk]
        first = photos.get(pk, [None])[0]
        cards.append(
            Card(
                innovation,
                summaries.get(pk, []),
                first[1] if first else None,
                (first[0].caption or innovation.name) if first else "",
                photo_url(innovation, first[1]) if first else "",
            )
        )
    return Gallery(
        cards=cards,
        total=total,
        page=page,
        pages=pages,
        units=sorted(units.items(), key=lambda item: item[1]),
        years=years,
        sdgs=[(n, SDG_NAMES[n]) for n in sdgs],
        awards=sorted(((c, _award_choice_label(c)) for c in codes), key=lambda item: item[1]),
        filters=filters,
        filtered=any((filters.q, filters.unit, filters.year, filters.sdg, filters.award)),
        page_numbers=list(range(1, pages + 1)),
    )


def unit_published(unit: Unit, limit: int = 10) -> list[tuple[Innovation, list[str]]]:
    """The unit's published innovations (owner or partner) with their award lines, for its public page
    (two queries)."""
    ids = Innovation.objects.filter(Q(unit=unit) | Q(partner_units=unit)).values("pk")
    innovations = list(
        Innovation.objects.filter(pk__in=ids, published=True, unit__is_active=True).order_by("name")[:limit]
    )
    lines = awards_summary([i.pk for i in innovations]) if innovations else {}
    return [(i, lines.get(i.pk, [])) for i in innovations]


# --- The detail page ------------------------------------------------------------------------------------


@dataclass
class ServiceLink:
    service: Service
    public: bool  # its published standard has a public page


@dataclass
class Detail:
    innovation: Innovation
    services: list[ServiceLink]
    partners: list[Unit]
    awards: list[Award]
    awards_lines: list[str]
    photos: list[tuple[InnovationFile, str]]  # (file, its public URL)
    replications: list[Innovation]
    source: Innovation | None  # the published innovation this one replicates
    sdgs: list[tuple[int, Any]]


def published_get(slug: str) -> Innovation:
    """The published innovation of `slug`; Http404 for an unknown, unpublished or inactive one."""
    innovation = (
        Innovation.objects.select_related("unit", "pemda", "replicated_from", "replicated_from__unit")
        .filter(slug=str(slug)[:80], published=True, unit__is_active=True)
        .first()
    )
    if innovation is None:
        raise Http404
    return innovation


def public_photo(slug: str, pk) -> Attachment:
    """A photo of a published innovation (the gallery's own route: `/inovasi/<slug>/foto/<id>/`, no login).
    Anything else — another kind of file, another innovation's photo, an unpublished one — is Http404."""
    innovation = published_get(slug)
    attachment = (
        Attachment.objects.filter(pk=pk, owner_type=ContentType.objects.get_for_model(InnovationFile))
        .only("pk", "owner_id", "file", "original_name", "mime")
        .first()
    )
    if attachment is None or not attachment.is_image or not attachment.owner_id.isdigit():
        raise Http404
    if not InnovationFile.objects.filter(
        pk=int(attachment.owner_id), innovation=innovation, kind=FileKind.PHOTO
    ).exists():
        raise Http404
    return attachment


def photo_url(innovation: Innovation, attachment: Attachment) -> str:
    return reverse("public_innovation_photo", args=[innovation.slug, attachment.pk])


def detail(innovation: Innovation) -> Detail:
    """What the public page of a published innovation shows (a constant number of queries)."""
    services = list(innovation.services.filter(is_active=True).select_related("unit").order_by("name"))
    public = set(
        catalogue().filter(pk__in=[s.pk for s in services]).values_list("pk", flat=True)
    )  # services whose standard is published
    replications = list(
        Innovation.objects.filter(replicated_from=innovation, published=True, unit__is_active=True)
        .select_related("unit")
        .order_by("name")
    )
    source = innovation.replicated_from
    if source is not None and not (source.published and source.unit.is_active):
        source = None
    sdgs = [(int(n), SDG_NAMES[int(n)]) for n in innovation.sdg_targets or [] if 1 <= int(n) <= 17]
    return Detail(
        innovation=innovation,
        services=[ServiceLink(s, s.pk in public) for s in services],
        partners=list(innovation.partner_units.filter(is_active=True).order_by("name")),
        awards=awards_of(innovation),
        awards_lines=awards_summary([innovation.pk]).get(innovation.pk, []),
        photos=[(f, photo_url(innovation, a)) for f, a in _photos([innovation.pk]).get(innovation.pk, [])],
        replications=replications,
        source=source,
        sdgs=sdgs,
    )
