"""Completeness check of a service standard (pure): what PEKPPP indicator 1 and the Ombudsman observe.

Every line carries its reason. States: "ada" (present), "belum_lengkap" (entered but lacking a required
part), "tidak_ada" (missing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .components import COMPONENTS
from .transitions import SET, Status

PRESENT, INCOMPLETE, MISSING = "ada", "belum_lengkap", "tidak_ada"


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    state: str
    reason: str


@dataclass(frozen=True)
class Completeness:
    components: tuple[Line, ...]
    lifecycle: tuple[Line, ...]
    score: int  # PEKPPP indicator 1 (0–5)
    score_reason: str

    @property
    def complete(self) -> bool:
        return all(line.state == PRESENT for line in self.components)

    @property
    def missing(self) -> list[Line]:
        return [line for line in self.components if line.state != PRESENT]


def _component_line(key: str, label: str, s) -> Line:
    def line(state, reason):
        return Line(key, label, state, reason)

    if key == "persyaratan":
        docs = [d for d in s.persyaratan if d.get("document")]
        if not s.persyaratan:
            return line(MISSING, "Belum ada dokumen persyaratan.")
        if len(docs) < len(s.persyaratan):
            return line(INCOMPLETE, "Ada baris persyaratan tanpa nama dokumen.")
        return line(PRESENT, f"{len(docs)} dokumen persyaratan.")
    if key == "prosedur":
        if not s.prosedur:
            return line(MISSING, "Belum ada langkah prosedur.")
        lacking = [i + 1 for i, st in enumerate(s.prosedur) if not (st.get("step") and st.get("actor"))]
        if lacking:
            return line(INCOMPLETE, f"Langkah {', '.join(map(str, lacking))} belum menyebut pelaksananya.")
        return line(PRESENT, f"{len(s.prosedur)} langkah prosedur.")
    if key == "jangka_waktu":
        if s.jangka_waktu_value is None:
            return line(MISSING, "Jangka waktu belum diisi.")
        if not s.jangka_waktu_unit:
            return line(INCOMPLETE, "Satuan jangka waktu (menit/jam/hari kerja) belum dipilih.")
        return line(PRESENT, f"{s.jangka_waktu_value} {s.get_jangka_waktu_unit_display()}.")
    if key == "biaya":
        if s.biaya_gratis:
            return line(PRESENT, "Gratis.")
        if not s.biaya:
            return line(MISSING, "Belum dinyatakan gratis dan belum ada tarif.")
        lacking = [b.get("item") or "?" for b in s.biaya if not (b.get("amount") and b.get("basis"))]
        if lacking:
            return line(INCOMPLETE, "Tarif tanpa besaran atau dasar hukum: " + ", ".join(lacking) + ".")
        return line(PRESENT, f"{len(s.biaya)} tarif dengan dasar hukumnya.")
    if key == "pengaduan":
        if not s.pengaduan:
            return line(MISSING, "Belum ada saluran pengaduan.")
        lacking = [c.get("channel") or "?" for c in s.pengaduan if not c.get("contact")]
        if lacking:
            return line(INCOMPLETE, "Saluran tanpa alamat/nomor: " + ", ".join(lacking) + ".")
        return line(PRESENT, f"{len(s.pengaduan)} saluran pengaduan.")
    if key == "dasar_hukum":
        return (
            line(PRESENT, f"{len(s.dasar_hukum)} peraturan.")
            if s.dasar_hukum
            else line(MISSING, "Belum ada dasar hukum.")
        )
    if key == "jumlah_pelaksana":
        if s.jumlah_pelaksana is None:
            return line(MISSING, "Jumlah pelaksana belum diisi.")
        return line(PRESENT, f"{s.jumlah_pelaksana} orang.")
    value = (getattr(s, key) or "").strip()
    return line(PRESENT, "Terisi.") if value else line(MISSING, "Belum diisi.")


def check(standard, *, discussed: bool, today: date, review_months: int) -> Completeness:
    """Completeness of one standard version. `discussed`: linked to a Forum Konsultasi Publik."""
    components = tuple(_component_line(c.key, c.label, standard) for c in COMPONENTS)
    complete = all(line.state == PRESENT for line in components)
    is_set = standard.status in SET and bool(standard.decree_number)
    published = standard.status == Status.PUBLISHED
    reviewed = bool(standard.reviewed_at and (today - standard.reviewed_at).days <= review_months * 31)
    lifecycle = (
        Line(
            "ditetapkan",
            "Ditetapkan",
            PRESENT if is_set else MISSING,
            f"SK {standard.decree_number} tanggal {standard.decree_date:%d-%m-%Y}."
            if is_set and standard.decree_date
            else ("Ditetapkan." if is_set else "Belum ditetapkan dengan keputusan."),
        ),
        Line(
            "published",
            "Dipublikasikan",
            PRESENT if published else MISSING,
            "Tampil di katalog layanan publik." if published else "Belum dipublikasikan.",
        ),
        Line(
            "dibahas",
            "Dibahas bersama masyarakat (FKP)",
            PRESENT if discussed else MISSING,
            "Dibahas dalam Forum Konsultasi Publik."
            if discussed
            else "Belum dikaitkan dengan Forum Konsultasi Publik.",
        ),
        Line(
            "ditinjau",
            "Ditinjau dalam 12 bulan terakhir",
            PRESENT if reviewed else MISSING,
            f"Peninjauan terakhir {standard.reviewed_at:%d-%m-%Y}."
            if standard.reviewed_at
            else "Belum pernah ditinjau.",
        ),
    )
    # PEKPPP indicator 1: 0 none; 1 lacks components; 2 all 14; 3 + set; 4 + drafted with the public; 5 + monitored.
    if not complete:
        score, reason = (
            1,
            f"Standar ada tetapi {len([x for x in components if x.state != PRESENT])} komponen belum lengkap.",
        )
    elif not is_set:
        score, reason = 2, "Keempat belas komponen lengkap, tetapi belum ditetapkan."
    elif not discussed:
        score, reason = 3, "Lengkap dan ditetapkan, tetapi penyusunannya belum melibatkan masyarakat (FKP)."
    elif not reviewed:
        score, reason = (
            4,
            "Lengkap, ditetapkan dan disusun bersama masyarakat; belum ada monitoring/peninjauan.",
        )
    else:
        score, reason = 5, "Lengkap, ditetapkan, disusun bersama masyarakat, dan dimonitor/ditinjau."
    return Completeness(components, lifecycle, score, reason)
