"""Plain-text editing of list components: one item per line, parts separated by "|".

A clerk types "KTP-el asli | diperlihatkan | Disdukcapil" instead of filling a nested form.
"""

from __future__ import annotations

LIST_FIELDS: dict[str, tuple[str, ...]] = {
    "persyaratan": ("document", "note", "copy", "issuer"),
    "prosedur": ("step", "actor", "time"),
    "biaya": ("item", "amount", "basis"),
    "pengaduan": ("channel", "contact"),
}


def parse_lines(text: str, parts: tuple[str, ...]) -> list[dict[str, str]]:
    items = []
    for raw in (text or "").splitlines():
        if not raw.strip():
            continue
        cells = [c.strip() for c in raw.split("|")]
        cells += [""] * (len(parts) - len(cells))
        item = dict(zip(parts, cells[: len(parts)], strict=True))
        if len(cells) > len(parts):  # extra separators stay in the last part rather than being lost
            item[parts[-1]] = " | ".join(cells[len(parts) - 1 :]).strip(" |")
        items.append(item)
    return items


def format_lines(items: list[dict], parts: tuple[str, ...]) -> str:
    lines = []
    for item in items or []:
        cells = [str(item.get(p, "") or "") for p in parts]
        while cells and not cells[-1]:
            cells.pop()
        lines.append(" | ".join(cells))
    return "\n".join(lines)


def parse_plain_list(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
