"""The 14 components of a Standar Pelayanan (UU 25/2009 Pasal 21, PermenPANRB 15/2014), by key.

Pure data: the order of display and the group of each component. Code never relies on positions.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    group: str  # "delivery" (must be published) or "manufacturing" (internal)
    plain: str  # plain-language heading for citizens (delivery components only)


COMPONENTS: tuple[Component, ...] = (
    Component("persyaratan", "Persyaratan", "delivery", "Dokumen yang perlu dibawa"),
    Component("prosedur", "Sistem, mekanisme dan prosedur", "delivery", "Langkah-langkah"),
    Component("jangka_waktu", "Jangka waktu pelayanan", "delivery", "Berapa lama"),
    Component("biaya", "Biaya/tarif", "delivery", "Biaya"),
    Component("produk", "Produk pelayanan", "delivery", "Yang Anda terima"),
    Component(
        "pengaduan", "Penanganan pengaduan, saran dan masukan", "delivery", "Cara menyampaikan pengaduan"
    ),
    Component("dasar_hukum", "Dasar hukum", "manufacturing", ""),
    Component("sarana", "Sarana dan prasarana, dan/atau fasilitas", "manufacturing", ""),
    Component("kompetensi", "Kompetensi pelaksana", "manufacturing", ""),
    Component("pengawasan", "Pengawasan internal", "manufacturing", ""),
    Component("jumlah_pelaksana", "Jumlah pelaksana", "manufacturing", ""),
    Component("jaminan_pelayanan", "Jaminan pelayanan", "manufacturing", ""),
    Component("jaminan_keamanan", "Jaminan keamanan dan keselamatan pelayanan", "manufacturing", ""),
    Component("evaluasi_kinerja", "Evaluasi kinerja pelaksana", "manufacturing", ""),
)
BY_KEY = {c.key: c for c in COMPONENTS}
DELIVERY = tuple(c for c in COMPONENTS if c.group == "delivery")
MANUFACTURING = tuple(c for c in COMPONENTS if c.group == "manufacturing")
assert len(COMPONENTS) == 14
