"""Forecast vs official result as a server-side SVG scatter chart."""

import math

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from sewaka.core.templatetags.fmt import angka


def scatter(points, *, low=0, high=100, size=320):
    """points: [(label, forecast, official)]; a diagonal marks a perfect forecast. The axes zoom to the
    data (in steps of a tenth of the scale) so that close scores stay apart; ticks show the range."""
    values = [float(v) for _label, f, o in points for v in (f, o)]
    step = (high - low) / 10
    if values:
        low = max(low, math.floor(min(values) / step) * step - step)
    pad, right = 40, 20
    span = size - pad - right

    def pos(value):
        return span * (float(value) - low) / (high - low)

    def x(value):
        return pad + pos(value)

    def y(value):
        return size - pad - pos(value)

    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {size} {size}" xmlns="http://www.w3.org/2000/svg" '
        f'aria-label="{escape(_("Prediksi dibanding hasil resmi"))}">',
        f'<line x1="{pad}" y1="{size - pad}" x2="{size - right}" y2="{size - pad}" stroke="#5b6570"/>',
        f'<line x1="{pad}" y1="{size - pad}" x2="{pad}" y2="{right}" stroke="#5b6570"/>',
        f'<line x1="{x(low):.1f}" y1="{y(low):.1f}" x2="{x(high):.1f}" y2="{y(high):.1f}" stroke="#d0d6dd" '
        'stroke-dasharray="4 3"/>',
        f'<text x="{pad + span / 2}" y="{size - 6}" font-size="11" text-anchor="middle">'
        f"{escape(_('Prediksi Sewaka'))}</text>",
        f'<text x="12" y="{(size - pad) / 2}" font-size="11" transform="rotate(-90 12 {(size - pad) / 2})" '
        f'text-anchor="middle">{escape(_("Hasil resmi"))}</text>',
    ]
    for tick in (low, (low + high) / 2, high):
        shown = angka(tick, 0 if float(tick).is_integer() else 1)
        parts.append(
            f'<text x="{x(tick):.1f}" y="{size - pad + 14}" font-size="10" text-anchor="middle">{shown}</text>'
            f'<text x="{pad - 4}" y="{y(tick) + 3:.1f}" font-size="10" text-anchor="end">{shown}</text>'
        )
    for label, forecast, official in points:
        cx, cy = x(forecast), y(official)
        title = f"{label}: {angka(forecast)} / {angka(official)}"
        parts.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="#0b5cab"><title>{escape(title)}</title></circle>'
        )
        if len(points) <= 8:
            anchor = "end" if cx > size / 2 else "start"
            dx = -8 if anchor == "end" else 8
            parts.append(
                f'<text x="{cx + dx:.1f}" y="{cy + 4:.1f}" font-size="10" text-anchor="{anchor}">'
                f"{escape(label[:28])}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - labels escaped
