"""Indicators that Sewaka's own data determines: the rule table (instrument, indicator → rule, status).

Each rule returns (score, reason) or None when Sewaka has no data to decide. Per-service facts roll up to
the unit with the rule named in the table ("all services": the weakest service decides).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    instrument: str
    indicator: str
    rollup: str
    status: str
    description: str
    decide: Callable


def _standard_scores(unit):
    from sewaka.organisations.models import Service
    from sewaka.standards import transitions as t
    from sewaka.standards.selectors import check

    rows = []
    for service in (
        Service.objects.filter(unit=unit, is_active=True).prefetch_related("standards").order_by("name")
    ):
        versions = sorted(service.standards.all(), key=lambda s: -s.version)
        current = next((v for v in versions if v.status in (t.PUBLISHED, t.DITETAPKAN)), None) or (
            versions[0] if versions else None
        )
        if current is None:
            rows.append((service.name, 0, "belum ada standar pelayanan"))
        else:
            result = check(current)
            rows.append((service.name, result.score, result.score_reason))
    return rows


def pekppp_standard(unit, year):
    """PEKPPP indicator 1: the weakest service's standard decides (all services must have one)."""
    rows = _standard_scores(unit)
    if not rows:
        return None
    score = min(score for _name, score, _reason in rows)
    detail = "; ".join(f"{name}: {s} — {reason}" for name, s, reason in rows)
    return score, f"Nilai terendah antarlayanan = {score}. {detail}"


def pekppp_skm(unit, year):
    """PEKPPP indicator 6: SKM done per the regulation, published (non-)electronically, followed up."""
    from sewaka.surveys.models import Response, SurveyPeriod

    periods = SurveyPeriod.objects.filter(unit=unit, end__year=year)
    done = [p for p in periods if Response.objects.filter(period=p, is_included=True).exists()]
    if not done:
        return 0, f"Belum ada SKM dengan jawaban pada {year}."
    media = set()
    for p in done:
        media.update(p.publications.values_list("medium", flat=True))
    electronic = bool(media & {"website", "social_media"})
    printed = bool(media & {"notice_board", "print_media", "other"})
    followed = any(p.rtl_actions.exists() for p in done)
    if followed and electronic and printed:
        return (
            5,
            "SKM dilaksanakan, dipublikasikan di media elektronik dan nonelektronik, dan ditindaklanjuti (RTL).",
        )
    if electronic and printed:
        return 4, "SKM dilaksanakan dan dipublikasikan di media elektronik dan nonelektronik; RTL belum ada."
    if electronic or printed:
        return 3, "SKM dilaksanakan dan dipublikasikan di satu jenis media."
    return 2, "SKM dilaksanakan sesuai PermenPANRB 14/2017 tetapi belum dipublikasikan."


def monev_standard_displayed(unit, year):
    rows = _standard_scores(unit)
    if not rows:
        return None
    from sewaka.standards.models import ServiceStandard

    missing = [
        name
        for name, *_ in rows
        if not ServiceStandard.objects.filter(
            service__unit=unit, service__name=name, status="published"
        ).exists()
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


RULES: tuple[Rule, ...] = (
    Rule(
        "pekppp-2023",
        "1",
        "semua layanan (nilai terendah)",
        "confirmed descriptors",
        "Standar pelayanan: kelengkapan 14 komponen, penetapan, FKP, monitoring",
        pekppp_standard,
    ),
    Rule(
        "pekppp-2023",
        "6",
        "unit",
        "corroborated descriptors",
        "SKM: pelaksanaan, publikasi, tindak lanjut",
        pekppp_skm,
    ),
    Rule(
        "monev-denpasar",
        "sp-dipampang",
        "semua layanan",
        "city decision",
        "Standar dipublikasikan (katalog) untuk semua layanan",
        monev_standard_displayed,
    ),
    Rule(
        "monev-denpasar",
        "maklumat-dipampang",
        "unit",
        "city decision",
        "Maklumat dipublikasikan",
        monev_maklumat,
    ),
    Rule(
        "monev-denpasar",
        "skm-tahun-ini",
        "unit",
        "city decision",
        "SKM dengan jawaban pada tahun penilaian",
        monev_skm_done,
    ),
    Rule(
        "monev-denpasar",
        "skm-dipublikasikan",
        "unit",
        "city decision",
        "Hasil SKM dicatat di media publikasi",
        monev_skm_published,
    ),
)


def rules_for(instrument_code: str) -> dict[str, Rule]:
    return {r.indicator: r for r in RULES if r.instrument == instrument_code}
