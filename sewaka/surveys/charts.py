"""Server-side SVG charts (no JavaScript; the same SVG prints in PDF reports)."""

from __future__ import annotations

from calendar import monthrange
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sewaka.core.templatetags.fmt import BULAN, format_number

BAND_COLOURS = {"A": "#146c2e", "B": "#0b5cab", "C": "#9a6700", "D": "#a4161a", None: "#8a94a0"}


def unsur_bars(result, priorities: set[str] = frozenset(), width: int = 640) -> SafeString:
    """Horizontal bars of NRR × 25 per unsur (25–100 scale), label above each bar, priority unsur marked."""
    row_h, value_w = 46, 80
    bar_w = width - value_w
    height = row_h * len(result.unsur) + 6
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" '
        f'aria-labelledby="unsur-title"><title id="unsur-title">Nilai per unsur (NRR × 25)</title>'
    ]
    for i, u in enumerate(result.unsur):
        y = 4 + i * row_h
        value = u.ikm_equiv
        frac = float((Decimal(value) - 25) / 75) if value is not None else 0
        colour = BAND_COLOURS.get(u.mutu)
        label = escape(u.label) + (" ★ prioritas" if u.key in priorities else "")
        weight = ' font-weight="700"' if u.key in priorities else ""
        parts.append(
            f'<text x="0" y="{y + 14}" font-size="14"{weight} fill="#1b1f24">{label}</text>'
            f'<rect x="0" y="{y + 20}" width="{bar_w}" height="18" fill="#eef1f4"/>'
            f'<rect x="0" y="{y + 20}" width="{max(0, frac) * bar_w:.1f}" height="18" fill="{colour}"/>'
            f'<text x="{bar_w + 8}" y="{y + 34}" font-size="14" fill="#1b1f24">'
            f"{format_number(value) if value is not None else '–'} {u.mutu or ''}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


ROMAN = ("I", "II", "III", "IV")


def period_label(name: str, start, end, *, limit: int = 18) -> str:
    """An Indonesian period name for tight spaces: "Triwulan IV 2026", "Semester I 2027", "Tahun 2026",
    "Oktober 2026" from the dates when they are a calendar quarter, half, year or month; otherwise the
    period's own name when it fits, else the months ("Okt–Des 2026")."""

    whole_months = start.day == 1 and end.day == monthrange(end.year, end.month)[1]
    if whole_months and start.year == end.year:
        months = end.month - start.month + 1
        if months == 1:
            return f"{BULAN[start.month - 1]} {start.year}"
        if months == 12:
            return f"Tahun {start.year}"
        if months == 6 and start.month in (1, 7):
            return f"Semester {ROMAN[start.month // 6]} {start.year}"
        if months == 3 and start.month % 3 == 1:
            return f"Triwulan {ROMAN[start.month // 3]} {start.year}"
    if name and len(name) <= limit:
        return name
    if start.year == end.year and start.month == end.month:
        return f"{BULAN[start.month - 1]} {start.year}"
    if start.year == end.year:
        return f"{BULAN[start.month - 1][:3]}–{BULAN[end.month - 1][:3]} {start.year}"
    return f"{BULAN[start.month - 1][:3]} {start.year}–{BULAN[end.month - 1][:3]} {end.year}"


def trend_line(points, width: int = 640, height: int = 180) -> SafeString:
    """IKM per period, oldest first; periods without a result leave a gap."""
    values = [(p, r.ikm if r and r.ikm is not None else None) for p, r in points]
    if not any(v is not None for _, v in values):
        return mark_safe("")
    left, right, top, bottom = 40, 20, 15, 40
    inner_w, inner_h = width - left - right, height - top - bottom
    step = inner_w / len(values)

    def y_of(v):
        return top + inner_h * (1 - (float(v) - 25) / 75)

    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" '
        f'aria-labelledby="trend-title"><title id="trend-title">Tren IKM antarperiode</title>'
    ]
    for level in (25, 50, 75, 100):
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y_of(level):.1f}" y2="{y_of(level):.1f}" stroke="#d0d6dd"/>'
            f'<text x="4" y="{y_of(level) + 4:.1f}" font-size="11" fill="#505a66">{level}</text>'
        )
    coords = []
    for i, (period, value) in enumerate(values):
        x = left + (i + 0.5) * step
        parts.append(
            f'<text x="{x:.1f}" y="{height - 12}" font-size="11" text-anchor="middle" fill="#505a66">'
            f"{escape(period_label(period.name, period.start, period.end))}</text>"
        )
        if value is not None:
            coords.append(f"{x:.1f},{y_of(value):.1f}")
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y_of(value):.1f}" r="4" fill="#0b5cab"/>'
                f'<text x="{x:.1f}" y="{y_of(value) - 8:.1f}" font-size="11" text-anchor="middle">'
                f"{format_number(value)}</text>"
            )
    if len(coords) > 1:
        parts.append(f'<polyline points="{" ".join(coords)}" fill="none" stroke="#0b5cab" stroke-width="2"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308


def count_bars(rows: list[tuple[str, int]], width: int = 320) -> SafeString:
    """Small horizontal bars for a respondent-profile breakdown."""
    total = sum(n for _, n in rows) or 1
    row_h, label_w = 24, 130
    bar_w = width - label_w - 60
    height = row_h * len(rows) + 4
    summary = escape(", ".join(f"{label}: {n}" for label, n in rows))
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" '
        f'aria-label="{summary}">'
    ]
    for i, (label, n) in enumerate(rows):
        y = 2 + i * row_h
        parts.append(
            f'<text x="0" y="{y + 16}" font-size="12">{escape(str(label))}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{bar_w * n / total:.1f}" height="14" fill="#0b5cab"/>'
            f'<text x="{label_w + bar_w * n / total + 6:.1f}" y="{y + 16}" font-size="12">{n}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308
