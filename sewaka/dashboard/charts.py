"""The dashboard's SVG trend chart, rendered on the server (no script, no library; the same SVG prints in
the PDF). The pooled city IKM is the solid line with its values; the mean of the units' IKM is dashed."""

from __future__ import annotations

from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from sewaka.core.templatetags.fmt import format_number
from sewaka.surveys.charts import BAND_COLOURS

BLUE, GREY = "#0b5cab", "#6b7480"


def trend(points, width: int = 640, height: int = 210) -> SafeString:
    """`points`: CityPeriod objects oldest first (period, pooled, mean). Empty periods leave a gap."""
    pooled = [c.pooled.value for c in points]
    means = [c.mean for c in points]
    known = [float(v) for v in pooled + means if v is not None]
    if not known:
        return mark_safe("")
    low = max(25.0, min(known) - 5)
    low = float(int(low // 5 * 5))
    high = min(100.0, max(known) + 5)
    high = float(-(-high // 5) * 5)
    left, right, top, bottom = 42, 16, 16, 44
    inner_w, inner_h = width - left - right, height - top - bottom
    step = inner_w / len(points)

    def y_of(v) -> float:
        return top + inner_h * (1 - (float(v) - low) / (high - low))

    title = "Tren IKM kota: gabungan seluruh responden (garis biru) dan rata-rata unit (garis putus-putus)"
    parts = [
        f'<svg class="chart chart--trend" role="img" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" aria-labelledby="dash-trend-title">'
        f'<title id="dash-trend-title">{escape(title)}</title>'
    ]
    # The mutu boundaries inside the range (PermenPANRB 14/2017): 64.99 | 76.60 | 88.30.
    for edge, mutu in ((65.0, "C"), (76.61, "B"), (88.31, "A")):
        if low < edge < high:
            parts.append(
                f'<line x1="{left}" x2="{width - right}" y1="{y_of(edge):.1f}" y2="{y_of(edge):.1f}" '
                f'stroke="{BAND_COLOURS[mutu]}" stroke-dasharray="2 4" stroke-width="1"/>'
                f'<text x="{left + 4}" y="{y_of(edge) - 3:.1f}" font-size="10" text-anchor="start" '
                f'fill="{BAND_COLOURS[mutu]}">mutu {mutu} ≥ {format_number(edge)}</text>'
            )
    level = low
    while level <= high:
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y_of(level):.1f}" y2="{y_of(level):.1f}" stroke="#e2e6ea"/>'
            f'<text x="4" y="{y_of(level) + 4:.1f}" font-size="11" fill="#505a66">{int(level)}</text>'
        )
        level += 5 if high - low <= 30 else 10
    for series, colour, dash, labels in (
        (means, GREY, ' stroke-dasharray="6 4"', False),
        (pooled, BLUE, "", True),
    ):
        coords = []
        for i, value in enumerate(series):
            x = left + (i + 0.5) * step
            if value is None:
                if len(coords) > 1:
                    parts.append(_line(coords, colour, dash))
                coords = []
                continue
            coords.append(f"{x:.1f},{y_of(value):.1f}")
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y_of(value):.1f}" r="{4 if labels else 3}" fill="{colour}"/>'
            )
            if labels:
                parts.append(
                    f'<text x="{x:.1f}" y="{y_of(value) - 9:.1f}" font-size="12" font-weight="700" '
                    f'text-anchor="middle" fill="#1b1f24">{format_number(value)}</text>'
                )
        if len(coords) > 1:
            parts.append(_line(coords, colour, dash))
    for i, c in enumerate(points):
        x = left + (i + 0.5) * step
        label = c.period.label.replace("Triwulan ", "Tw ").replace("Semester ", "Smt ")
        parts.append(
            f'<text x="{x:.1f}" y="{height - 24}" font-size="11" text-anchor="middle" fill="#505a66">'
            f"{escape(label)}</text>"
        )
        if c.pooled.respondents:
            parts.append(
                f'<text x="{x:.1f}" y="{height - 10}" font-size="10" text-anchor="middle" fill="#6b7480">'
                f"{format_number(c.pooled.respondents, 0)} resp.</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def _line(coords: list[str], colour: str, dash: str) -> str:
    return f'<polyline points="{" ".join(coords)}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'


def heat_rows(rows, levels: dict) -> SafeString:
    """The heat table's body rows as one string: the markup the template loop printed, built in one pass
    (its ~50 nodes a row were a fifth of the page's rendering). Every value is escaped."""
    labels = {key: escape(str(label)) for key, label in levels.items()}
    own = escape(gettext("(unit sendiri)"))
    out = []
    for row in rows:
        name = escape(row.unit.name)
        if row.drill_url:
            n = row.units
            count = escape(ngettext("%(n)s unit", "%(n)s unit", n) % {"n": localize(n)})
            head = f'<a href="{escape(row.drill_url)}">{name}</a> <span class="small muted">{count}</span>'
        else:
            head = name + (f' <span class="small muted">{own}</span>' if row.own_only else "")
        cells = []
        for c in row.cells:
            text = escape(c.text)
            body = f'<a href="{escape(c.url)}">{text}</a>' if c.url else text
            if c.word:
                body += f'<span class="lvl-word">{labels[c.level]}</span>'
            if c.note:
                body += f'<span class="lvl-note">{escape(c.note)}</span>'
            cells.append(f'<td class="lvl-cell lvl-{c.level}">{body}</td>')
        out.append(f'<tr>\n<th scope="row">{head}</th>\n{"".join(cells)}\n</tr>')
    return mark_safe("".join(out))  # noqa: S308 (built from escaped values)
