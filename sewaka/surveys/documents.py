"""The official SKM report's own content: conclusion, comparison with the previous period, grouped suggestions.

Pure functions over the engine's results (`ikm.IkmResult`), plus `report_extras` that reads the database once
for the previous period and the suggestions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from sewaka.reports.exports.pdf import document_number

from . import selectors
from .ikm import IkmResult, UnsurResult, format_id, round_half_up
from .models import PeriodStatus

_PUNCT = re.compile(r"[^\w\s]+", re.UNICODE)
_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Case, whitespace and punctuation do not make two suggestions different."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = _PUNCT.sub(" ", text).replace("_", " ")
    return _SPACE.sub(" ", text).strip()


def group_suggestions(texts) -> list[tuple[str, int]]:
    """Identical or near-identical texts counted once: [(text as first written, count)], most frequent first."""
    groups: dict[str, list] = {}
    for order, raw in enumerate(texts):
        key = normalise_text(raw)
        if not key:
            continue
        if key in groups:
            groups[key][1] += 1
        else:
            groups[key] = [raw.strip(), 1, order]
    ranked = sorted(groups.values(), key=lambda g: (-g[1], g[2]))
    return [(text, count) for text, count, _order in ranked]


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    previous: str  # displayed value (Indonesian decimal comma) or "–"
    current: str
    change: str  # "+0,12", "−0,05", "0,00" or "–"
    direction: str  # "up", "down", "same", ""


def _signed(delta: Decimal) -> tuple[str, str]:
    if delta > 0:
        return "+" + format_id(delta), "up"
    if delta < 0:
        return "−" + format_id(-delta), "down"
    return format_id(delta), "same"


def _row(label: str, previous: Decimal | None, current: Decimal | None) -> ComparisonRow:
    if previous is None or current is None:
        return ComparisonRow(
            label,
            format_id(previous) if previous is not None else "–",
            format_id(current) if current is not None else "–",
            "–",
            "",
        )
    change, direction = _signed(current - previous)
    return ComparisonRow(label, format_id(previous), format_id(current), change, direction)


def _nrr(u: UnsurResult) -> Decimal | None:
    return round_half_up(u.nrr) if u.nrr is not None else None


def compare(current: IkmResult, previous: IkmResult) -> list[ComparisonRow]:
    """IKM, then each unsur's NRR (two decimals, as displayed), previous → current with the change."""
    rows = [_row(_("IKM"), previous.ikm, current.ikm)]
    for u in current.unsur:
        try:
            before = previous.by_key(u.key)
        except KeyError:
            before = None
        rows.append(_row(u.label, _nrr(before) if before else None, _nrr(u)))
    return rows


def _strongest(result: IkmResult) -> UnsurResult | None:
    answered = [u for u in result.unsur if u.nrr is not None]
    return max(answered, key=lambda u: u.nrr) if answered else None


def _weakest(result: IkmResult) -> UnsurResult | None:
    answered = [u for u in result.unsur if u.nrr is not None]
    return min(answered, key=lambda u: (u.nrr, u.key)) if answered else None


def conclusion(
    *,
    unit_name: str,
    period_name: str,
    result: IkmResult,
    respondents: int,
    target: int,
    previous_name: str = "",
    previous: IkmResult | None = None,
) -> str:
    """One paragraph written from the figures: IKM and mutu, strongest/weakest unsur, sample vs target, change."""
    if result.ikm is None:
        return _("IKM %(unit)s periode %(period)s belum dapat dihitung: %(reason)s") % {
            "unit": unit_name,
            "period": period_name,
            "reason": result.reason,
        }
    parts = [
        _(
            "Berdasarkan %(n)s responden, Indeks Kepuasan Masyarakat %(unit)s periode %(period)s adalah "
            "%(ikm)s dengan mutu pelayanan %(mutu)s (%(kinerja)s)."
        )
        % {
            "n": respondents,
            "unit": unit_name,
            "period": period_name,
            "ikm": format_id(result.ikm),
            "mutu": result.mutu,
            "kinerja": (result.kinerja or "").lower(),
        }
    ]
    if target:
        if respondents >= target:
            parts.append(
                _("Jumlah responden memenuhi sampel minimal (%(n)s dari %(target)s).")
                % {"n": respondents, "target": target}
            )
        else:
            parts.append(
                _(
                    "Jumlah responden di bawah sampel minimal (%(n)s dari %(target)s); hasil ini perlu dibaca hati-hati."
                )
                % {"n": respondents, "target": target}
            )
    best, worst = _strongest(result), _weakest(result)
    if best and worst and best.key != worst.key:
        parts.append(
            _(
                "Unsur dengan nilai tertinggi adalah %(best)s (NRR %(best_nrr)s) dan unsur dengan nilai terendah "
                "adalah %(worst)s (NRR %(worst_nrr)s), yang menjadi prioritas perbaikan."
            )
            % {
                "best": best.label,
                "best_nrr": best.nrr_display,
                "worst": worst.label,
                "worst_nrr": worst.nrr_display,
            }
        )
    if previous is not None and previous.ikm is not None:
        delta = result.ikm - previous.ikm
        if delta > 0:
            change = _("naik %(d)s poin") % {"d": format_id(delta)}
        elif delta < 0:
            change = _("turun %(d)s poin") % {"d": format_id(-delta)}
        else:
            change = _("tetap")
        parts.append(
            _("Dibandingkan periode sebelumnya (%(prev)s, IKM %(prev_ikm)s), IKM %(change)s.")
            % {"prev": previous_name, "prev_ikm": format_id(previous.ikm), "change": change}
        )
    return " ".join(parts)


def previous_period(period):
    """The unit's latest earlier period with counted answers, and its result; (None, None) without one."""

    for other, result in reversed(selectors.trend(period=period)):
        if other.pk != period.pk and other.start < period.start and result is not None and result.respondents:
            return other, result
    return None, None


def report_extras(period, results, suggestions: list[str]) -> dict:
    """What the report adds to the results page: number, conclusion, comparison, grouped suggestions."""

    previous, previous_result = previous_period(period)
    number = getattr(period, "report_number", "") or document_number(
        "LHS-SKM", unit=period.unit, serial=period.pk, on=period.end
    )
    return {
        "doc_number": number,
        "doc_date": getattr(period, "report_date", None),
        "interim": period.status != PeriodStatus.CLOSED,
        "conclusion": conclusion(
            unit_name=period.unit.name,
            period_name=period.name,
            result=results.result,
            respondents=results.respondents,
            target=results.target,
            previous_name=previous.name if previous else "",
            previous=previous_result,
        ),
        "previous": previous,
        "comparison": compare(results.result, previous_result) if previous_result else [],
        "suggestion_groups": group_suggestions(suggestions),
    }
