"""Forecast vs official result as a server-side SVG scatter chart."""

from django.utils.html import escape
from django.utils.safestring import mark_safe


def scatter(points, *, low=0, high=100, size=320):
    """points: [(label, forecast, official)]; a diagonal marks a perfect forecast."""
    pad = 36
    span = size - 2 * pad

    def xy(value):
        return pad + span * (float(value) - low) / (high - low)

    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {size} {size}" xmlns="http://www.w3.org/2000/svg" '
        f'aria-label="Prediksi dibanding hasil resmi">',
        f'<line x1="{pad}" y1="{size - pad}" x2="{size - pad}" y2="{pad}" stroke="#d0d6dd"/>',
        f'<text x="{size / 2}" y="{size - 6}" font-size="11" text-anchor="middle">Prediksi</text>',
        f'<text x="10" y="{size / 2}" font-size="11" transform="rotate(-90 10 {size / 2})" text-anchor="middle">Resmi</text>',
    ]
    for label, forecast, official in points:
        x, y = xy(forecast), size - xy(official)
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#0b5cab"><title>{escape(label)}</title></circle>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - labels escaped
