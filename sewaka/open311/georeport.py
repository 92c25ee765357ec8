"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): the service model and the output shapes.

Services: one per active unit ("complaint about this unit", code = the unit's code) and one per active public
service of a unit (code = "<unit code>.<service slug>"). Every service has extra attributes (privacy,
publication consent, unit), so `metadata` is true and `services/<code>` returns their definition.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _

from sewaka.complaints.publication import PublishedCase
from sewaka.core.workdays import WITA
from sewaka.organisations.models import Service, Unit

SPEC = "http://wiki.open311.org/GeoReport_v2"
FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
PRIVACY_VALUES = ("biasa", "rahasia", "anonim")
PUBLISH_VALUES = ("ya", "tidak")


# --- services ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Open311Service:
    code: str
    name: str
    description: str
    keywords: str
    group: str
    unit: Unit
    service: Service | None


def _services(units: list[Unit], services: list[Service]) -> list[Open311Service]:
    by_unit: dict[int, list[Service]] = {}
    for s in services:
        by_unit.setdefault(s.unit_id, []).append(s)
    out = []
    for u in units:
        out.append(
            Open311Service(
                code=u.code,
                name=_("Pengaduan umum: %(unit)s") % {"unit": u.name},
                description=_("Pengaduan tentang pelayanan %(unit)s yang tidak terkait satu jenis layanan.")
                % {"unit": u.name},
                keywords="pengaduan",
                group=u.name,
                unit=u,
                service=None,
            )
        )
        for s in by_unit.get(u.pk, []):
            out.append(
                Open311Service(
                    code=f"{u.code}.{s.slug}",
                    name=s.name,
                    description=s.description
                    or _("Pengaduan tentang layanan %(service)s.") % {"service": s.name},
                    keywords=", ".join(k.strip() for k in s.synonyms.split(",") if k.strip()),
                    group=u.name,
                    unit=u,
                    service=s,
                )
            )
    return out


def catalogue(pemda: Unit | None = None) -> list[Open311Service]:
    """Every Open311 service (of one pemda's tree when given), in the unit tree's order. Two queries."""
    units = Unit.objects.filter(is_active=True)
    if pemda is not None:
        units = units.filter(path__startswith=pemda.path)
    units_list = list(units.order_by("path"))
    services = list(
        Service.objects.filter(is_active=True, unit__in=units_list).order_by("unit__path", "name")
    )
    return _services(units_list, services)


def find_service(code: str, pemda: Unit | None = None) -> Open311Service | None:
    """The Open311 service with `code` (two queries at most)."""
    unit_code, _dot, slug = code.partition(".")
    unit = Unit.objects.filter(code=unit_code, is_active=True).first()
    if unit is None or (pemda is not None and not unit.path.startswith(pemda.path)):
        return None
    if not slug:
        return _services([unit], [])[0]
    service = Service.objects.filter(unit=unit, slug=slug, is_active=True).first()
    if service is None:
        return None
    return next(s for s in _services([unit], [service]) if s.service is not None)


def service_code_of(case: PublishedCase, services: dict[int, Service]) -> str:
    if case.service_id is not None and case.service_id in services and case.unit is not None:
        return f"{case.unit.code}.{services[case.service_id].slug}"
    return case.unit.code if case.unit is not None else ""


def service_row(s: Open311Service) -> dict:
    return {
        "service_code": s.code,
        "service_name": s.name,
        "description": s.description,
        "metadata": True,
        "type": "realtime",
        "keywords": s.keywords,
        "group": s.group,
    }


def definition(s: Open311Service) -> dict:
    """The service definition: the extra attributes every Sewaka service takes."""
    return {
        "service_code": s.code,
        "attributes": [
            {
                "variable": True,
                "code": "privacy",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": _("Bawaan: biasa."),
                "order": 1,
                "description": _(
                    "Pilihan identitas: biasa (identitas untuk petugas, tidak dipublikasikan), rahasia "
                    "(identitas hanya untuk petugas pengaduan), anonim (tanpa identitas; ikuti dengan kode "
                    "pelacakan)."
                ),
                "values": [
                    {"key": "biasa", "name": _("Biasa")},
                    {"key": "rahasia", "name": _("Rahasia")},
                    {"key": "anonim", "name": _("Anonim")},
                ],
            },
            {
                "variable": True,
                "code": "publish",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": _("Bawaan: tidak."),
                "order": 2,
                "description": _(
                    "Bolehkah uraian pengaduan dipublikasikan tanpa identitas? Hanya untuk pilihan biasa."
                ),
                "values": [{"key": "ya", "name": _("Ya")}, {"key": "tidak", "name": _("Tidak")}],
            },
            {
                "variable": True,
                "code": "unit",
                "datatype": "string",
                "required": False,
                "datatype_description": _("Kode unit, misalnya %(code)s.") % {"code": s.unit.code},
                "order": 3,
                "description": _(
                    "Kode unit yang diadukan, untuk pengaduan tanpa lokasi (lat/long atau address_string); "
                    "harus unit layanan ini atau unit di bawahnya."
                ),
                "values": [],
            },
        ],
    }


# --- requests ------------------------------------------------------------------------------------------------


def w3c(value: datetime | None) -> str | None:
    return value.astimezone(WITA).isoformat(timespec="seconds") if value is not None else None


def _coordinate(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def request_row(case: PublishedCase, services: dict[int, Service]) -> dict:
    service = services.get(case.service_id) if case.service_id else None
    return {
        "service_request_id": case.public_id,
        "status": "open" if case.is_open else "closed",
        "status_notes": case.status_note,
        "service_name": service.name
        if service is not None
        else (_("Pengaduan umum: %(unit)s") % {"unit": case.unit.name} if case.unit else ""),
        "service_code": service_code_of(case, services),
        "description": case.description,
        "agency_responsible": case.agency,
        "service_notice": None,
        "requested_datetime": w3c(case.requested_at),
        "updated_datetime": w3c(case.updated_at),
        "expected_datetime": w3c(case.expected_at),
        "address": case.address,
        "address_id": None,
        "zipcode": None,
        "lat": _coordinate(case.lat),
        "long": _coordinate(case.long),
        "media_url": case.media_url or None,
    }


# --- output --------------------------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _xml_fill(parent: ET.Element, key: str, value) -> None:
    """Children of a row: lists become a wrapper with one child per item (attributes/attribute)."""
    node = ET.SubElement(parent, key)
    if isinstance(value, list):
        child = {"attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format"}
        for item in value:
            if isinstance(item, dict):
                sub = ET.SubElement(node, child.get(key, "item"))
                for k, v in item.items():
                    _xml_fill(sub, k, v)
            else:
                ET.SubElement(node, child.get(key, "item")).text = _text(item)
    elif isinstance(value, dict):
        for k, v in value.items():
            _xml_fill(node, k, v)
    else:
        node.text = _text(value)


def render(data, fmt: str, *, root: str, item: str | None = None, status: int = 200) -> HttpResponse:
    """JSON as the spec shows it; XML with `root` and one `item` element per row (or `root` as one object)."""
    if fmt == "xml":
        top = ET.Element(root)
        if item is None:
            for k, v in data.items():
                _xml_fill(top, k, v)
        else:
            for row in data:
                node = ET.SubElement(top, item)
                for k, v in row.items():
                    _xml_fill(node, k, v)
        body = ET.tostring(top, encoding="utf-8", xml_declaration=True)
    else:
        body = json.dumps(data, ensure_ascii=False).encode()
    response = HttpResponse(body, content_type=FORMATS.get(fmt, FORMATS["json"]), status=status)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def errors(fmt: str, status: int, *descriptions: str) -> HttpResponse:
    """The spec's error shape: [{"code": 403, "description": "..."}] / <errors><error>…</error></errors>."""
    rows = [{"code": status, "description": str(d)} for d in descriptions]
    return render(rows, fmt if fmt in FORMATS else "json", root="errors", item="error", status=status)
