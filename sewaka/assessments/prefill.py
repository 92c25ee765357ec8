"""Indicators that Sewaka's own data determines: the rule table (instrument, indicator → rule, status).

Each rule returns (score, reason) or None when Sewaka has no data to decide. Per-service facts roll up to
the unit with the rule named in the table ("all services": the weakest service decides).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

STATUS_LABELS = {
    "confirmed": "terkonfirmasi: deskriptor resmi",
    "corroborated": "didukung sumber sekunder",
    "inferred": "disimpulkan: keputusan kota, deskriptor resmi belum terbit",
    "proxy": "disimpulkan: data Sewaka sebagai pengganti pengamatan di lokasi",
    "city-decision": "keputusan kota (instrumen Monev Denpasar)",
}


@dataclass(frozen=True)
class Rule:
    instrument: str
    indicator: str
    rollup: str
    status: str  # a key of STATUS_LABELS
    description: str
    decide: Callable

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def _current_standards(unit):
    """Each active service of the unit with its current standard (published/set first, else newest)."""
    from sewaka.organisations.models import Service
    from sewaka.standards.transitions import IN_FORCE

    rows = []
    for service in (
        Service.objects.filter(unit=unit, is_active=True).prefetch_related("standards").order_by("name")
    ):
        versions = sorted(service.standards.all(), key=lambda s: -s.version)
        current = next((v for v in versions if v.status in IN_FORCE), None) or (
            versions[0] if versions else None
        )
        rows.append((service, current, versions))
    return rows


def _standard_scores(unit):
    from sewaka.standards.selectors import check

    rows = []
    for service, current, _versions in _current_standards(unit):
        if current is None:
            rows.append((service.name, 0, "belum ada standar pelayanan"))
        else:
            result = check(current)
            rows.append((service.name, result.score, result.score_reason))
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


def _year_end(year: int):
    from datetime import date

    from django.utils import timezone

    return min(date(year, 12, 31), timezone.localdate())


def pekppp_standard(unit, year):
    """PEKPPP indicator 1: the weakest service's standard decides (all services must have one)."""
    return _weakest(_standard_scores(unit))


def pekppp_participation(unit, year):
    """PEKPPP indicator 2: participant categories (unsur masyarakat) that attended an FKP on the service's
    standard (any version): 0 none, 1 … 4 categories, 5 more than four. The weakest service decides."""
    from sewaka.consultations.models import Participant
    from sewaka.consultations.selectors import pekppp_participation_score
    from sewaka.consultations.transitions import TOOK_PLACE

    rows = []
    for service, _current, versions in _current_standards(unit):
        n = (
            Participant.objects.filter(
                forum__standard__in=versions, forum__status__in=TOOK_PLACE, attended=True
            )
            .values("category")
            .distinct()
            .count()
        )
        rows.append(
            (
                service.name,
                pekppp_participation_score(n),
                f"{n} kategori peserta hadir di FKP"
                if n
                else "belum ada FKP terlaksana dengan peserta hadir",
            )
        )
    return _weakest(rows)


def pekppp_review(unit, year):
    """PEKPPP indicator 4: periodic review of the standard and follow-up of its result. 0 no set standard,
    1 set but never reviewed, 3 last review older than 12 months, 4 reviewed within 12 months,
    5 reviewed within 12 months with its result recorded. The weakest service decides."""
    ref = _year_end(year)
    rows = []
    for service, current, _versions in _current_standards(unit):
        if current is None or current.status not in ("ditetapkan", "published"):
            rows.append((service.name, 0, "belum ada standar yang ditetapkan"))
        elif current.reviewed_at is None or current.reviewed_at > ref:
            rows.append((service.name, 1, "belum pernah ditinjau"))
        elif (ref - current.reviewed_at).days > 366:
            rows.append((service.name, 3, f"peninjauan terakhir {current.reviewed_at:%d-%m-%Y}"))
        elif not current.review_note.strip():
            rows.append((service.name, 4, f"ditinjau {current.reviewed_at:%d-%m-%Y}, hasil belum dicatat"))
        else:
            rows.append((service.name, 5, f"ditinjau {current.reviewed_at:%d-%m-%Y} dan hasilnya dicatat"))
    return _weakest(rows)


def pekppp_maklumat(unit, year):
    """PEKPPP indicator 5: Maklumat cycle — 0 none, 1 drafted (tersedia), 3 set, 5 set and published."""
    from sewaka.standards.models import Maklumat

    statuses = set(
        Maklumat.objects.filter(unit=unit, signed_on__year__lte=year).values_list("status", flat=True)
    )
    if "published" in statuses:
        return 5, "Maklumat tersedia, ditetapkan, dan dipublikasikan."
    if "ditetapkan" in statuses:
        return 3, "Maklumat tersedia dan ditetapkan, belum dipublikasikan."
    if "draft" in statuses:
        return 1, "Maklumat baru berupa draf (belum ditetapkan)."
    return 0, "Belum ada Maklumat Pelayanan."


def _skm_periods_done(unit, year):
    from sewaka.surveys.models import Response, SurveyPeriod

    periods = SurveyPeriod.objects.filter(unit=unit, end__year=year)
    return [p for p in periods if Response.objects.filter(period=p, is_included=True).exists()]


def _skm_media(unit, year):
    """(periods with answers ending in `year`, the set of media their results were published on)."""
    done = _skm_periods_done(unit, year)
    media = set()
    for p in done:
        media.update(p.publications.values_list("medium", flat=True))
    return done, media


def pekppp_skm(unit, year):
    """PEKPPP indicator 6: SKM done per the regulation, published (non-)electronically, followed up."""
    done, media = _skm_media(unit, year)
    if not done:
        return 0, f"Belum ada SKM dengan jawaban pada {year}."
    electronic = bool(media & {"website", "social_media"})
    printed = bool(media & {"notice_board", "print_media", "other"})
    from sewaka.surveys.selectors import period_evaluation

    # "Followed up" = evaluated by the one rule (closed, report issued, RTL for the C/D or lowest unsur).
    followed = any(period_evaluation(p).evaluated for p in done)
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


def pekppp_skm_media(unit, year):
    """PEKPPP indicator 7: number of distinct media the year's SKM results were published on (5 = five or more)."""
    from sewaka.surveys.models import Medium

    done, media = _skm_media(unit, year)
    if not done:
        return 0, f"Belum ada SKM dengan jawaban pada {year}."
    labels = ", ".join(sorted(str(Medium(m).label) for m in media)) or "belum ada"
    return min(len(media), 5), f"Hasil SKM {year} dipublikasikan di {len(media)} jenis media ({labels})."


def _rtl_followups(unit, year):
    from sewaka.followups.models import FollowUp

    return list(FollowUp.objects.filter(rtl_action__period__in=_skm_periods_done(unit, year)))


def pekppp_rtl_done(unit, year):
    """PEKPPP indicator 8: % of the year's RTL actions completed (percentage bands: see `_percent_band`)."""
    items = _rtl_followups(unit, year)
    if not items:
        return 0, f"Belum ada rencana tindak lanjut (RTL) hasil SKM {year}."
    done = sum(1 for f in items if f.status in ("done", "verified"))
    pct = round(100 * done / len(items))
    return _percent_band(pct), f"{done} dari {len(items)} RTL selesai ({pct}%)."


def pekppp_rtl_speed(unit, year):
    """PEKPPP indicator 9: % of the year's RTL actions completed by their due date (bands: `_percent_band`)."""
    items = _rtl_followups(unit, year)
    if not items:
        return 0, f"Belum ada rencana tindak lanjut (RTL) hasil SKM {year}."
    on_time = sum(
        1 for f in items if f.status in ("done", "verified") and f.done_at and f.done_at.date() <= f.due
    )
    pct = round(100 * on_time / len(items))
    return _percent_band(pct), f"{on_time} dari {len(items)} RTL selesai sebelum tenggat ({pct}%)."


def pekppp_channels(unit, year):
    """PEKPPP indicator 26: distinct complaint channels named in the unit's current standards (at most 4
    count) plus 1 when SP4N-LAPOR! is among them."""
    channels = set()
    for _service, current, _versions in _current_standards(unit):
        for item in (current.pengaduan if current else None) or []:
            name = str(item.get("channel", "") if isinstance(item, dict) else item).strip().lower()
            if name:
                channels.add(name)
    if not channels:
        return None
    lapor = any("lapor" in c for c in channels)
    score = min(len(channels), 4) + (1 if lapor else 0)
    return min(score, 5), (
        f"{len(channels)} saluran pengaduan dalam standar pelayanan"
        + ("; termasuk SP4N-LAPOR!." if lapor else "; SP4N-LAPOR! belum tercantum.")
    )


def pekppp_complaint_followup(unit, year):
    """PEKPPP indicator 28: % of the year's complaint deadlines met in time (bands: `_percent_band`);
    no complaint in the year → not decided by Sewaka."""
    from .selectors import complaint_statistics

    stats = complaint_statistics(unit, year)
    met, total, pct = stats["deadlines_met"], stats["deadlines_counted"], stats["sla_percent"]
    if not total:
        return None
    return _percent_band(pct), f"{met} dari {total} tenggat pengaduan {year} dipenuhi tepat waktu ({pct}%)."


def _component_everywhere(key: str, label: str):
    """Ombudsman 2013–2021: a standard component counts as displayed when every service's published
    standard has it (the public catalogue stands in for the notice at the counter)."""

    def decide(unit, year):
        from sewaka.standards.completeness import PRESENT
        from sewaka.standards.selectors import check

        rows = _current_standards(unit)
        if not rows:
            return None
        missing = []
        for service, current, _versions in rows:
            line = None
            if current is not None and current.status == "published":
                line = next((x for x in check(current).components if x.key == key), None)
            if line is None or line.state != PRESENT:
                missing.append(service.name)
        if missing:
            return 0, f"Komponen '{label}' belum tampil untuk: " + ", ".join(missing) + "."
        return 1, f"Komponen '{label}' tampil di standar yang dipublikasikan untuk semua layanan."

    return decide


def ombudsman_maklumat(unit, year):
    score, reason = pekppp_maklumat(unit, year)
    return (1 if score == 5 else 0), reason


def monev_standard_displayed(unit, year):
    rows = _current_standards(unit)
    if not rows:
        return None
    missing = [
        service.name
        for service, _current, versions in rows
        if not any(v.status == "published" for v in versions)
    ]
    return (
        (0, "Belum dipublikasikan: " + ", ".join(missing) + ".")
        if missing
        else (1, "Semua standar layanan dipublikasikan.")
    )


def monev_maklumat(unit, year):
    from sewaka.standards.selectors import current_maklumat

    m = current_maklumat(unit, public=True)
    return (
        (1, f"Maklumat dipublikasikan ({m.signed_on:%d-%m-%Y}).")
        if m
        else (0, "Belum ada maklumat yang dipublikasikan.")
    )


def monev_skm_done(unit, year):
    score, reason = pekppp_skm(unit, year)
    return (1 if score >= 2 else 0), reason


def monev_skm_published(unit, year):
    score, reason = pekppp_skm(unit, year)
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
        "Dinilai lewat wawancara dan pengamatan Ombudsman; diisi unit dengan bukti.",
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


def rules_for(instrument_code: str) -> dict[str, Rule]:
    return {r.indicator: r for r in RULES if r.instrument == instrument_code}
