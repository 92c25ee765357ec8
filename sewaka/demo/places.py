"""Plausible demo addresses and coordinates (WGS 84) for the Kota Denpasar units, for maps and Open311.

Invented for the demo but placed in the right part of the city: the civic centres of Niti Mandala Renon and
Lumintang, each kecamatan's office; a desa/kelurahan or a Puskesmas sits near its kecamatan, a unit without
its own entry near its parent. Idempotent: a unit that already has coordinates is left alone.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from sewaka.organisations.models import Unit
from sewaka.organisations.services import unit_update

# unit code: (address, latitude, longitude)
PLACES = {
    "kota-denpasar": ("Jl. Majapahit No. 1, Renon, Denpasar, Bali 80235", "-8.672700", "115.233000"),
    "setda": ("Jl. Majapahit No. 1, Renon, Denpasar", "-8.672900", "115.233400"),
    "disdukcapil": ("Jl. Majapahit No. 1, Lumintang, Denpasar Utara", "-8.633400", "115.209800"),
    "dpmptsp": ("Jl. Majapahit No. 1, Renon, Denpasar", "-8.673500", "115.232100"),
    "dinkes": ("Jl. Maruti No. 12, Denpasar Utara", "-8.640900", "115.213700"),
    "mpp-denpasar": ("Jl. Majapahit, Renon, Denpasar", "-8.674100", "115.231800"),
    "kec-denpasar-barat": ("Jl. Gunung Agung No. 11, Denpasar Barat", "-8.652600", "115.190700"),
    "kec-denpasar-selatan": ("Jl. Tukad Yeh Aya No. 4, Denpasar Selatan", "-8.688200", "115.229300"),
    "kec-denpasar-timur": ("Jl. WR Supratman No. 245, Denpasar Timur", "-8.651200", "115.239800"),
    "kec-denpasar-utara": ("Jl. Gatot Subroto Tengah No. 1, Denpasar Utara", "-8.627400", "115.215300"),
    "pkm-1-denbar": ("Jl. Gunung Soputan No. 1, Denpasar Barat", "-8.665100", "115.193400"),
    "pkm-2-denbar": ("Jl. Gunung Sanghyang, Padangsambian, Denpasar Barat", "-8.645300", "115.182900"),
}
KECAMATAN_OF_PUSKESMAS = {
    "denbar": "kec-denpasar-barat",
    "densel": "kec-denpasar-selatan",
    "dentim": "kec-denpasar-timur",
    "denut": "kec-denpasar-utara",
}


def _offset(code: str) -> tuple[Decimal, Decimal]:
    """A small, stable offset (at most about 1.5 km) so neighbours do not share one point."""
    digest = hashlib.sha256(code.encode()).digest()
    return (
        Decimal(digest[0] - 128) / Decimal(10000),
        Decimal(digest[1] - 128) / Decimal(10000),
    )


def _anchor(unit: Unit, placed: dict[str, tuple[str, Decimal, Decimal]], by_pk: dict[int, Unit]):
    if unit.kind == "puskesmas":
        kec = KECAMATAN_OF_PUSKESMAS.get(unit.code.rsplit("-", 1)[-1])
        if kec in placed:
            return placed[kec]
    parent = by_pk.get(unit.parent_id) if unit.parent_id else None
    while parent is not None:
        if parent.code in placed:
            return placed[parent.code]
        parent = by_pk.get(parent.parent_id) if parent.parent_id else None
    return placed.get("kota-denpasar")


def seed_places(pemda: Unit) -> int:
    units = list(Unit.objects.filter(path__startswith=pemda.path).order_by("path"))
    by_pk = {u.pk: u for u in units}
    placed: dict[str, tuple[str, Decimal, Decimal]] = {
        u.code: (u.address, u.latitude, u.longitude) for u in units if u.latitude is not None
    }
    created = 0
    for unit in units:
        if unit.latitude is not None:
            continue
        if unit.code in PLACES:
            address, lat, long = PLACES[unit.code]
            lat_d, long_d = Decimal(lat), Decimal(long)
        else:
            anchor = _anchor(unit, placed, by_pk)
            if anchor is None:
                continue
            d_lat, d_long = _offset(unit.code)
            lat_d, long_d = anchor[1] + d_lat, anchor[2] + d_long
            address = f"{unit.name}, Kota Denpasar, Bali"
        fields = {
            "latitude": lat_d.quantize(Decimal("0.000001")),
            "longitude": long_d.quantize(Decimal("0.000001")),
        }
        if not unit.address:
            fields["address"] = address
        unit_update(actor=None, unit=unit, **fields)
        placed[unit.code] = (unit.address, fields["latitude"], fields["longitude"])
        created += 1
    return created
