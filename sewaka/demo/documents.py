"""Demo kop surat and unit heads, so the demo's official documents print a letterhead and a signer.

The heads' names and NIPs are invented for the demo (valid in form only); the kop uses the city's public
office address. No logo is shipped: the admin pemda uploads the official lambang daerah.
"""

from __future__ import annotations

from sewaka.organisations.models import Letterhead, Unit
from sewaka.organisations.services import letterhead_set, unit_update

KOP = {
    "title": "Pemerintah Kota Denpasar",
    "address": "Jalan Majapahit Nomor 1, Denpasar, Bali 80235",
    "contact": "denpasarkota.go.id",
    "place": "Denpasar",
}

# unit code: (head's name, NIP, title on documents or "" for "Kepala <unit name>") — invented for the demo
HEADS = {
    "disdukcapil": ("I Made Wirawan, S.Sos., M.Si.", "197403121998031005", ""),
    "dpmptsp": ("Ni Luh Putu Sari, S.H., M.H.", "197811052003122004", ""),
    "dinkes": ("dr. I Ketut Darma, M.Kes.", "197006151999031003", ""),
    "pkm-1-denbar": (
        "dr. Ni Made Ayu Lestari",
        "198202102009022001",
        "Kepala UPTD Puskesmas I Denpasar Barat",
    ),
    "pkm-2-denbar": ("dr. I Putu Gede Arta", "198507182010011002", "Kepala UPTD Puskesmas II Denpasar Barat"),
}


def seed_documents(pemda: Unit) -> int:
    """Idempotent: the kop once, each listed head once (an edited kop or head is left alone)."""
    created = 0
    if not Letterhead.objects.filter(pemda=pemda).exists():
        letterhead_set(actor=None, pemda=pemda, **KOP)
        created += 1
    for code, (name, nip, title) in HEADS.items():
        unit = Unit.objects.filter(code=code).first()
        if unit is not None and not unit.head_name:
            unit_update(actor=None, unit=unit, head_name=name, head_nip=nip, head_title=title)
            created += 1
    return created
