"""Indicators that Sewaka's own data determines: the rule table (instrument, indicator → rule, status).

Pure mapping, no ORM: each rule reads one unit's `UnitFacts` (gathered from the apps' public facts modules
by `sources.unit_facts`, many units at once) and returns (score, reason), or None when Sewaka has no data
to decide. Per-service facts roll up to the unit with the rule named in the table ("all services": the
weakest service decides).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sewaka.complaints.facts import UnitComplaints
from sewaka.consultations.facts import pekppp_participation_score
from sewaka.events.facts import InvitationFact
from sewaka.standards.facts import (
    MaklumatFacts,
    MaklumatStatus,
    ServiceStandards,
    StandardFact,
    UnitStandards,
)
from sewaka.standards.facts import Status as StandardStatus
from sewaka.surveys.facts import ELECTRONIC_MEDIA, PRINTED_MEDIA, PeriodFact, medium_label

STATUS_LABELS = {
    "confirmed": "terkonfirmasi: deskriptor resmi",
    "corroborated": "didukung sumber sekunder",
    "inferred": "disimpulkan: keputusan kota, deskriptor resmi belum terbit",
    "proxy": "disimpulkan: data Sewaka sebagai pengganti pengamatan di lokasi",
    "city-decision": "keputusan kota (instrumen Monev Denpasar)",
}


@dataclass(frozen=True)
class UnitFacts:
    """What the rules read about one unit and year (see `sources.unit_facts`).

    `participation`: for each standard version of the unit's services, the participant categories that
    attended a forum held on it (any year); `periods`: the SKM periods ending in `year`; `complaints`: the
    cases received in `year` by the unit and its sub-units; `invitations`: the unit's invitations to the
    city's coordination events dated in `year` (read by the forecast proxies only).
    """

    unit_id: int
    year: int
    standards: UnitStandards
    maklumat: MaklumatFacts
    participation: Mapping[int, frozenset[str]]
    periods: tuple[PeriodFact, ...]
    complaints: UnitComplaints
    invitations: tuple[InvitationFact, ...] = field(default=())


Decision = tuple[int, str] | None


@dataclass(frozen=True)
class Rule:
    instrument: str
    indicator: str
    rollup: str
    status: str  # a key of STATUS_LABELS
    description: str
    decide: Callable[[UnitFacts], Decision]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def _services(facts: UnitFacts) -> tuple[ServiceStandards, ...]:
    return facts.standards.services


def _scored(service: ServiceStandards) -> StandardFact | None:
    """The version a service is scored on: its current standard, else its newest version (a draft)."""
    return service.current or service.newest


def _standard_scores(facts: UnitFacts):
    rows = []
    for service in _services(facts):
        current = _scored(service)
        if current is None:
            rows.append((service.service_name, 0, "belum ada standar pelayanan"))
        else:
            rows.append((service.service_name, current.completeness.score, current.completeness.score_reason))
    return rows


def _weakest(rows):
    """Roll per-service (name, score, reason) rows up to the unit: the weakest service decides."""
    if not rows:
        return None
    score = min(score for _name, score, _reason in rows)
    detail = "; ".join(f"{name}: {s} — {reason}" for name, s, reason in rows)
    return score, f"Nilai terendah antarlayanan = {score}. {detail}"


def _percent_band(percent: int) -> int:
    """City decision for percentage indicators whose official descriptors are not published:
    ≥ 90 % → 5, ≥ 75 % → 4, ≥ 50 % → 3, ≥ 25 % → 2, > 0 % → 1, 0 % → 0."""
    for floor, score in ((90, 5), (75, 4), (50, 3), (25, 2)):
        if percent >= floor:
            return score
    return 1 if percent > 0 else 0


def pekppp_standard(facts: UnitFacts) -> Decision:
    """PEKPPP indicator 1: the weakest service's standard decides (all services must have one)."""
    return _weakest(_standard_scores(facts))


def pekppp_participation(facts: UnitFacts) -> Decision:
    """PEKPPP indicator 2: participant categories (unsur masyarakat) that attended an FKP on the service's
    standard (any version): 0 none, 1 … 4 categories, 5 more than four. The weakest service decides."""
    rows = []
    for service in _services(facts):
        categories = frozenset().union(
            *(facts.participation.get(i, frozenset()) for i in service.version_ids)
        )
        n = len(categories)
        rows.append(
            (
                service.service_name,
                pekppp_participation_score(n),
                f"{n} kategori peserta hadir di FKP"
                if n
                else "belum ada FKP terlaksana dengan peserta hadir",
            )
        )
    return _weakest(rows)


def pekppp_review(facts: UnitFacts) -> Decision:
    """PEKPPP indicator 4: periodic review of the standard and follow-up of its result. 0 no set standard,
    1 set but never reviewed, 3 last review older than 12 months, 4 reviewed within 12 months,
    5 reviewed within 12 months with its result recorded. The weakest service decides."""
    ref = facts.standards.as_of
    rows = []
    for service in _services(facts):
        current, name = _scored(service), service.service_name
        if current is None or not current.is_set:
            rows.append((name, 0, "belum ada standar yang ditetapkan"))
        elif current.reviewed_at is None or current.reviewed_at > ref:
            rows.append((name, 1, "belum pernah ditinjau"))
        elif (ref - current.reviewed_at).days > 366:
            rows.append((name, 3, f"peninjauan terakhir {current.reviewed_at:%d-%m-%Y}"))
        elif not current.review_note.strip():
            rows.append((name, 4, f"ditinjau {current.reviewed_at:%d-%m-%Y}, hasil belum dicatat"))
        else:
            rows.append((name, 5, f"ditinjau {current.reviewed_at:%d-%m-%Y} dan hasilnya dicatat"))
    return _weakest(rows)


def pekppp_maklumat(facts: UnitFacts) -> Decision:
    """PEKPPP indicator 5: Maklumat cycle — 0 none, 1 drafted (tersedia), 3 set, 5 set and published."""
    statuses = facts.maklumat.statuses_until(facts.year)
    if MaklumatStatus.PUBLISHED in statuses:
        return 5, "Maklumat tersedia, ditetapkan, dan dipublikasikan."
    if MaklumatStatus.DITETAPKAN in statuses:
        return 3, "Maklumat tersedia dan ditetapkan, belum dipublikasikan."
    if MaklumatStatus.DRAFT in statuses:
        return 1, "Maklumat baru berupa draf (belum ditetapkan)."
    return 0, "Belum ada Maklumat Pelayanan."


def _skm_periods_done(facts: UnitFacts) -> list[PeriodFact]:
    """Periods ending in the year with at least one included response."""
    return [p for p in facts.periods if p.done]


def _skm_media(facts: UnitFacts):
    """(periods with answers ending in the year, the set of media their results were published on)."""
    done = _skm_periods_done(facts)
    return done, frozenset().union(*(p.media for p in done))


def pekppp_skm(facts: UnitFacts) -> Decision:
    """PEKPPP indicator 6: SKM done per the regulation, published (non-)electronically, followed up."""
    done, media = _skm_media(facts)
    if not done:
        return 0, f"Belum ada SKM dengan jawaban pada {facts.year}."
    electronic = bool(media & ELECTRONIC_MEDIA)
    printed = bool(media & PRINTED_MEDIA)
    # "Followed up" = evaluated by the one rule (closed, report issued, RTL for the C/D or lowest unsur).
    followed = any(p.evaluated for p in done)
    if followed and electronic and printed:
        return (
            5,
            "SKM dilaksanakan, dipublikasikan di media elektronik dan nonelektronik, dan dievaluasi "
            "(laporan diterbitkan dan RTL disusun).",
        )
    if electronic and printed:
        return (
            4,
            "SKM dilaksanakan dan dipublikasikan di media elektronik dan nonelektronik; belum dievaluasi "
            "(laporan diterbitkan dan RTL untuk unsur C/D atau terendah).",
        )
    if electronic or printed:
        return 3, "SKM dilaksanakan dan dipublikasikan di satu jenis media."
    return 2, "SKM dilaksanakan sesuai PermenPANRB 14/2017 tetapi belum dipublikasikan."


def pekppp_skm_media(facts: UnitFacts) -> Decision:
    """PEKPPP indicator 7: number of distinct media the year's SKM results were published on (5 = five or more)."""
    done, media = _skm_media(facts)
    if not done:
        return 0, f"Belum ada SKM dengan jawaban pada {facts.year}."
    labels = ", ".join(sorted(medium_label(m) for m in media)) or "belum ada"
    return min(
        len(media), 5
    ), f"Hasil SKM {facts.year} dipublikasikan di {len(media)} jenis media ({labels})."


def _rtl_followups(facts: UnitFacts):
    return [r for p in _skm_periods_done(facts) for r in p.rtl if r.followup_id is not None]


def pekppp_rtl_done(facts: UnitFacts) -> Decision:
    """PEKPPP indicator 8: % of the year's RTL actions completed (percentage bands: see `_percent_band`)."""
    items = _rtl_followups(facts)
    if not items:
        return 0, f"Belum ada rencana tindak lanjut (RTL) hasil SKM {facts.year}."
    done = sum(1 for r in items if r.done)
    pct = round(100 * done / len(items))
    return _percent_band(pct), f"{done} dari {len(items)} RTL selesai ({pct}%)."


def pekppp_rtl_speed(facts: UnitFacts) -> Decision:
    """PEKPPP indicator 9: % of the year's RTL actions completed by their due date (bands: `_percent_band`);
    the day of completion is the local (WITA) date."""
    items = _rtl_followups(facts)
    if not items:
        return 0, f"Belum ada rencana tindak lanjut (RTL) hasil SKM {facts.year}."
    on_time = sum(1 for r in items if r.done_on_time)
    pct = round(100 * on_time / len(items))
    return _percent_band(pct), f"{on_time} dari {len(items)} RTL selesai sebelum tenggat ({pct}%)."


def pekppp_channels(facts: UnitFacts) -> Decision:
    """PEKPPP indicator 26: distinct complaint channels named in the unit's current standards (at most 4
    count) plus 1 when SP4N-LAPOR! is among them."""
    channels = set()
    for service in _services(facts):
        current = _scored(service)
        channels.update(c.lower() for c in (current.channels if current else ()))
    if not channels:
        return None
    lapor = any("lapor" in c for c in channels)
    score = min(len(channels), 4) + (1 if lapor else 0)
    return min(score, 5), (
        f"{len(channels)} saluran pengaduan dalam standar pelayanan"
        + ("; termasuk SP4N-LAPOR!." if lapor else "; SP4N-LAPOR! belum tercantum.")
    )


def pekppp_complaint_followup(facts: UnitFacts) -> Decision:
    """PEKPPP indicator 28: % of the year's complaint deadlines met in time (bands: `_percent_band`);
    no complaint in the year → not decided by Sewaka."""
    c = facts.complaints
    met, total, pct = c.deadlines_met, c.deadlines_counted, c.sla_percent
    if not total:
        return None
    return _percent_band(
        pct
    ), f"{met} dari {total} tenggat pengaduan {facts.year} dipenuhi tepat waktu ({pct}%)."


def _component_everywhere(key: str, label: str):
    """Ombudsman 2013–2021: a standard component counts as displayed when every service's published
    standard has it (the public catalogue stands in for the notice at the counter)."""

    def decide(facts: UnitFacts) -> Decision:
        rows = _services(facts)
        if not rows:
            return None
        missing = []
        for service in rows:
            current = _scored(service)
            shown = (
                current is not None
                and current.status == StandardStatus.PUBLISHED
                and current.component_present(key)
            )
            if not shown:
                missing.append(service.service_name)
        if missing:
            return 0, f"Komponen '{label}' belum tampil untuk: " + ", ".join(missing) + "."
        return 1, f"Komponen '{label}' tampil di standar yang dipublikasikan untuk semua layanan."

    return decide


def ombudsman_maklumat(facts: UnitFacts) -> Decision:
    score, reason = pekppp_maklumat(facts)
    return (1 if score == 5 else 0), reason


def monev_standard_displayed(facts: UnitFacts) -> Decision:
    rows = _services(facts)
    if not rows:
        return None
    missing = [s.service_name for s in rows if not s.has_published]
    return (
        (0, "Belum dipublikasikan: " + ", ".join(missing) + ".")
        if missing
        else (1, "Semua standar layanan dipublikasikan.")
    )


def monev_maklumat(facts: UnitFacts) -> Decision:
    m = facts.maklumat.published
    return (
        (1, f"Maklumat dipublikasikan ({m.signed_on:%d-%m-%Y}).")
        if m
        else (0, "Belum ada maklumat yang dipublikasikan.")
    )


def monev_skm_done(facts: UnitFacts) -> Decision:
    score, reason = pekppp_skm(facts)
    return (1 if score >= 2 else 0), reason


def monev_skm_published(facts: UnitFacts) -> Decision:
    score, reason = pekppp_skm(facts)
    return (1 if score >= 3 else 0), reason


INFERRED = "inferred"

RULES: tuple[Rule, ...] = (
    Rule(
        "pekppp-2023",
        "1",
        "semua layanan (nilai terendah)",
        "confirmed",
        "Standar pelayanan: kelengkapan 14 komponen, penetapan, FKP, monitoring",
        pekppp_standard,
    ),
    Rule(
        "pekppp-2023",
        "2",
        "semua layanan (nilai terendah)",
        "corroborated",
        "Kategori peserta (unsur masyarakat) yang hadir di FKP standar: 0, 1, 2, 3, 4, >4 → 0–5",
        pekppp_participation,
    ),
    Rule(
        "pekppp-2023",
        "4",
        "semua layanan (nilai terendah)",
        INFERRED,
        "Peninjauan standar: 0 belum ditetapkan, 1 belum ditinjau, 3 > 12 bulan, 4 ≤ 12 bulan, "
        "5 ≤ 12 bulan dan hasil dicatat",
        pekppp_review,
    ),
    Rule(
        "pekppp-2023",
        "5",
        "unit",
        INFERRED,
        "Siklus Maklumat: 0 tidak ada, 1 draf, 3 ditetapkan, 5 ditetapkan dan dipublikasikan",
        pekppp_maklumat,
    ),
    Rule(
        "pekppp-2023",
        "6",
        "unit",
        "corroborated",
        "SKM: pelaksanaan, publikasi, tindak lanjut",
        pekppp_skm,
    ),
    Rule(
        "pekppp-2023",
        "7",
        "unit",
        INFERRED,
        "Jumlah jenis media publikasi hasil SKM tahun itu (5 = lima atau lebih)",
        pekppp_skm_media,
    ),
    Rule(
        "pekppp-2023",
        "8",
        "unit",
        INFERRED,
        "% RTL SKM selesai: ≥90 → 5, ≥75 → 4, ≥50 → 3, ≥25 → 2, >0 → 1",
        pekppp_rtl_done,
    ),
    Rule(
        "pekppp-2023",
        "9",
        "unit",
        INFERRED,
        "% RTL SKM selesai sebelum tenggat: pita yang sama dengan indikator 8",
        pekppp_rtl_speed,
    ),
    Rule(
        "pekppp-2023",
        "26",
        "gabungan semua standar",
        INFERRED,
        "Jumlah saluran pengaduan dalam standar (maks. 4) + 1 bila ada SP4N-LAPOR!",
        pekppp_channels,
    ),
    Rule(
        "pekppp-2023",
        "28",
        "unit dan subunit",
        INFERRED,
        "% tenggat pengaduan yang dipenuhi tepat waktu (pita indikator 8); tanpa pengaduan: diisi unit",
        pekppp_complaint_followup,
    ),
    *(
        Rule(
            "ombudsman-2013-2021",
            f"sp-{code}",
            "semua layanan",
            "proxy",
            f"Komponen '{label}' ada di standar yang dipublikasikan",
            _component_everywhere(key, label),
        )
        for code, key, label in (
            ("persyaratan", "persyaratan", "Persyaratan"),
            ("prosedur", "prosedur", "Sistem, mekanisme dan prosedur"),
            ("waktu", "jangka_waktu", "Jangka waktu pelayanan"),
            ("biaya", "biaya", "Biaya/tarif"),
            ("produk", "produk", "Produk pelayanan"),
        )
    ),
    Rule(
        "ombudsman-2013-2021",
        "maklumat",
        "unit",
        "proxy",
        "Maklumat dipublikasikan",
        ombudsman_maklumat,
    ),
    Rule(
        "monev-denpasar",
        "sp-dipampang",
        "semua layanan",
        "city-decision",
        "Standar dipublikasikan (katalog) untuk semua layanan",
        monev_standard_displayed,
    ),
    Rule(
        "monev-denpasar",
        "maklumat-dipampang",
        "unit",
        "city-decision",
        "Maklumat dipublikasikan",
        monev_maklumat,
    ),
    Rule(
        "monev-denpasar",
        "skm-tahun-ini",
        "unit",
        "city-decision",
        "SKM dengan jawaban pada tahun penilaian",
        monev_skm_done,
    ),
    Rule(
        "monev-denpasar",
        "skm-dipublikasikan",
        "unit",
        "city-decision",
        "Hasil SKM dicatat di media publikasi",
        monev_skm_published,
    ),
)

# Indicators Sewaka deliberately leaves to the unit, with the reason (shown in docs/scoring.md).
NOT_DECIDED: tuple[tuple[str, str, str], ...] = (
    (
        "pekppp-2023",
        "3",
        "Sewaka hanya mengetahui katalognya sendiri, bukan media publikasi standar lainnya.",
    ),
    ("pekppp-2023", "10–25, 27, 29–31", "Sarana, SDM, SIPP, inovasi: dinilai dari bukti yang diunggah unit."),
    (
        "ombudsman-2022-2024",
        "semua",
        "Dinilai lewat wawancara dan pengamatan Ombudsman; diisi unit dengan bukti (prakiraan kesiapan memakai aturan pengganti, lihat di atas).",
    ),
    (
        "ombudsman-2025-opini",
        "semua",
        "Rincian instrumen belum dipublikasikan; dipakai untuk mengumpulkan bukti.",
    ),
    (
        "monev-denpasar",
        "kanal-pengaduan, sarana-rentan, sistem-antrian, meja-informasi",
        "Diuji Tim Monev saat kunjungan.",
    ),
)


def rules_for(instrument_code: str, *, forecast: bool = False) -> dict[str, Rule]:
    """The pre-fill rules of an instrument; with `forecast`, the forecast-only proxies as well."""
    rules = RULES + FORECAST_PROXIES if forecast else RULES
    return {r.indicator: r for r in rules if r.instrument == instrument_code}


def decide_all(
    instrument_code: str, facts: UnitFacts, *, forecast: bool = False
) -> dict[str, tuple[int, str]]:
    """{indicator code: (score, reason)} for every indicator of the instrument the facts decide (with
    `forecast`, also those the forecast-only proxies decide)."""
    out = {}
    for code, rule in rules_for(instrument_code, forecast=forecast).items():
        decided = rule.decide(facts)
        if decided is not None:
            out[code] = decided
    return out


# --- Forecast-only proxies ------------------------------------------------------------------------------
#
# The Ombudsman observes and interviews; Sewaka cannot pre-fill those indicators in a unit's self-assessment
# (NOT_DECIDED above). For the readiness forecast of every unit ("would it be kuning or merah today?") these
# proxies read the nearest Sewaka facts instead. They never fill a self-assessment; each says what it reads.

OMBUDSMAN_2022_PROSES = tuple(f"proses.k{i:02d}" for i in range(1, 12))


def _latest_skm(facts: UnitFacts) -> PeriodFact | None:
    """The year's latest SKM period with answers and a result."""
    done = [p for p in _skm_periods_done(facts) if p.ikm is not None]
    return max(done, key=lambda p: (p.end, p.id)) if done else None


def ombudsman_compliance(facts: UnitFacts) -> Decision:
    """Ombudsman 2022–2024 Proses (kepatuhan standar pelayanan; its 11 indicators are not published one by
    one, so all eleven get the same value): per service 0 no standard, 1 draft only or components missing,
    2 set with the 14 components, 3 set, complete and published; the weakest service decides; without a
    published Maklumat at most 2."""
    rows = []
    for service in _services(facts):
        current, name = _scored(service), service.service_name
        if current is None:
            rows.append((name, 0, "belum ada standar pelayanan"))
        elif not current.is_set:
            rows.append((name, 1, "standar masih draf"))
        elif not current.completeness.complete:
            missing = ", ".join(line.label for line in current.completeness.missing)
            rows.append((name, 1, f"komponen belum lengkap: {missing}"))
        elif not service.has_published:
            rows.append((name, 2, "ditetapkan dan lengkap, belum dipublikasikan"))
        else:
            rows.append((name, 3, "ditetapkan, lengkap, dan dipublikasikan"))
    decided = _weakest(rows)
    if decided is None:
        return None
    score, reason = decided
    if facts.maklumat.published is None and score > 2:
        return 2, f"{reason}. Maklumat Pelayanan belum dipublikasikan: nilai paling tinggi 2."
    return score, reason


def ombudsman_perception(facts: UnitFacts) -> Decision:
    """Ombudsman 2022–2024 Output (persepsi maladministrasi pengguna): the mutu of the year's latest SKM —
    A → 3, B → 2, C → 1, D → 0; no SKM with answers → not decided."""
    period = _latest_skm(facts)
    if period is None:
        return None
    score = {"A": 3, "B": 2, "C": 1}.get(period.mutu or "", 0)
    return score, f"SKM {period.name}: IKM {period.ikm}, mutu {period.mutu or '–'}."


def _sla_band_0_3(percent: int) -> int:
    for floor, score in ((90, 3), (75, 2), (50, 1)):
        if percent >= floor:
            return score
    return 0


def ombudsman_complaints(facts: UnitFacts) -> Decision:
    """Ombudsman 2022–2024 Pengaduan: % of the year's complaint deadlines met (≥ 90 → 3, ≥ 75 → 2,
    ≥ 50 → 1, else 0); without complaints, the channels named in the standards (SP4N-LAPOR! → 2, another
    channel → 1, none → 0)."""
    c = facts.complaints
    if c.deadlines_counted:
        return _sla_band_0_3(c.sla_percent), (
            f"{c.deadlines_met} dari {c.deadlines_counted} tenggat pengaduan {facts.year} dipenuhi tepat "
            f"waktu ({c.sla_percent}%)."
        )
    channels = {ch.lower() for s in _services(facts) if _scored(s) for ch in _scored(s).channels}
    if any("lapor" in ch for ch in channels):
        return 2, f"Belum ada pengaduan pada {facts.year}; SP4N-LAPOR! tercantum di standar pelayanan."
    if channels:
        return 1, f"Belum ada pengaduan pada {facts.year}; SP4N-LAPOR! belum tercantum di standar pelayanan."
    return 0, f"Belum ada pengaduan pada {facts.year} dan belum ada saluran pengaduan di standar pelayanan."


def ombudsman_knowledge(facts: UnitFacts) -> Decision:
    """Ombudsman 2022–2024 Input, knowledge of the Ombudsman: attended a coordination meeting with the
    Ombudsman's regional office in the year → 3, another sosialisasi or bimtek → 2, invited but absent → 1;
    not invited → not decided."""
    if not facts.invitations:
        return None
    attended = [i for i in facts.invitations if i.attended]
    ombudsman = [i for i in attended if i.kind == "rakor_ombudsman"]
    if ombudsman:
        return (
            3,
            f"Hadir di rapat koordinasi dengan Ombudsman: {ombudsman[-1].topic} ({ombudsman[-1].date:%d-%m-%Y}).",
        )
    if attended:
        return (
            2,
            f"Hadir di {attended[-1].topic} ({attended[-1].date:%d-%m-%Y}); belum di rapat dengan Ombudsman.",
        )
    return 1, f"Diundang ke {len(facts.invitations)} kegiatan koordinasi {facts.year}, belum pernah hadir."


def opini_participation(facts: UnitFacts) -> Decision:
    """Opini 2025, community involvement in planning: PEKPPP indicator 2 (0–5) × 20."""
    decided = pekppp_participation(facts)
    return None if decided is None else (decided[0] * 20, decided[1])


def opini_perception(facts: UnitFacts) -> Decision:
    """Opini 2025, perception of maladministration: the IKM of the year's latest SKM, rounded."""
    period = _latest_skm(facts)
    if period is None:
        return None
    return round(period.ikm), f"SKM {period.name}: IKM {period.ikm}, mutu {period.mutu or '–'}."


def opini_complaints(facts: UnitFacts) -> Decision:
    """Opini 2025, complaint culture: % of the year's complaint deadlines met; no complaint → not decided."""
    c = facts.complaints
    if not c.deadlines_counted:
        return None
    return (
        c.sla_percent,
        f"{c.deadlines_met} dari {c.deadlines_counted} tenggat pengaduan dipenuhi tepat waktu.",
    )


FORECAST_PROXIES: tuple[Rule, ...] = (
    *(
        Rule(
            "ombudsman-2022-2024",
            code,
            "semua layanan (nilai terendah)",
            "proxy",
            "Kepatuhan standar pelayanan (11 indikator dinilai bersama): 0 belum ada standar, 1 draf atau "
            "komponen kurang, 2 ditetapkan dan lengkap, 3 juga dipublikasikan; tanpa Maklumat maks. 2",
            ombudsman_compliance,
        )
        for code in OMBUDSMAN_2022_PROSES
    ),
    Rule(
        "ombudsman-2022-2024",
        "output.persepsi",
        "unit",
        "proxy",
        "Mutu SKM terakhir tahun itu: A → 3, B → 2, C → 1, D → 0",
        ombudsman_perception,
    ),
    Rule(
        "ombudsman-2022-2024",
        "pengaduan.pengelolaan",
        "unit dan subunit",
        "proxy",
        "% tenggat pengaduan dipenuhi: ≥90 → 3, ≥75 → 2, ≥50 → 1; tanpa pengaduan: SP4N-LAPOR! di standar → 2, "
        "saluran lain → 1",
        ombudsman_complaints,
    ),
    Rule(
        "ombudsman-2022-2024",
        "input.kp-ombudsman",
        "unit",
        "proxy",
        "Kehadiran di kegiatan koordinasi tahun itu: rapat dengan Ombudsman → 3, sosialisasi/bimtek lain → 2, "
        "diundang tetapi tidak hadir → 1",
        ombudsman_knowledge,
    ),
    Rule(
        "ombudsman-2025-opini",
        "input.partisipasi",
        "semua layanan (nilai terendah)",
        "proxy",
        "Kategori peserta FKP standar (indikator PEKPPP 2, 0–5) × 20",
        opini_participation,
    ),
    Rule(
        "ombudsman-2025-opini",
        "proses.persepsi",
        "unit",
        "proxy",
        "IKM SKM terakhir tahun itu (dibulatkan)",
        opini_perception,
    ),
    Rule(
        "ombudsman-2025-opini",
        "pengaduan.budaya",
        "unit dan subunit",
        "proxy",
        "% tenggat pengaduan dipenuhi tepat waktu",
        opini_complaints,
    ),
)
