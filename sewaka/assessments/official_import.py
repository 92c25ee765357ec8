"""Official Ombudsman/PEKPPP results from a spreadsheet: the pure parser (no database).

`parse_table` reads and checks every cell; `read_file` reads an uploaded .xlsx/.csv into a `Preview`.
What needs the database lives elsewhere: `selectors.official_preview` resolves unit codes inside the
user's scope and compares with the results already recorded, `services.official_results_import` writes
every changed row in one transaction, `services.official_import_stage` keeps an upload waiting for
confirmation (model `OfficialImport`). Row numbers are the spreadsheet's (header = row 1).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from sewaka.core.tables import TableFileError as TableError
from sewaka.core.tables import read_table
from sewaka.core.templatetags.fmt import format_number

if TYPE_CHECKING:
    from sewaka.organisations.models import Unit

    from .models import OfficialResult

MAX_BYTES = 1024 * 1024
MAX_ROWS = 2000
FIRST_YEAR = 2013

# Column key → header text in the template (the file's own words, not translated).
HEADERS = {
    "unit_code": "kode unit",
    "scheme": "penilaian",
    "year": "tahun",
    "score": "nilai",
    "category": "kategori/predikat",
    "zone": "zona",
    "opinion": "opini",
    "source": "sumber",
}
REQUIRED = ("unit_code", "scheme", "year")
HEADER_ALIASES = {
    "unit_code": ("kode unit", "kode", "unit", "kode_unit"),
    "scheme": ("penilaian", "skema", "jenis penilaian", "penilai"),
    "year": ("tahun",),
    "score": ("nilai", "skor", "indeks"),
    "category": ("kategori predikat", "kategori", "predikat"),
    "zone": ("zona",),
    "opinion": ("opini",),
    "source": ("sumber",),
}
SCHEME_WORDS = {
    "ombudsman": ("ombudsman", "ombudsman ri", "ombudsman republik indonesia"),
    "pekppp": ("pekppp", "pekppp kemenpanrb", "kemenpanrb", "kemenpan rb", "kementerian panrb"),
}
SCHEME_NAMES = {"ombudsman": "Ombudsman", "pekppp": "PEKPPP"}
ZONES = ("hijau", "kuning", "merah")
MAX_LENGTH = {"category": 60, "zone": 20, "opinion": 200, "source": 255}

# Letter categories per scheme and year span, with their official labels (also accepted in the file).
# Source: instruments/ombudsman-2022-2024.json and pekppp-2023.json. Other years take free text
# (Ombudsman zones before 2022; the Ombudsman opinion from 2025, whose categories are unconfirmed).
CATEGORIES: dict[str, tuple[tuple[int, int, dict[str, str]], ...]] = {
    "ombudsman": (
        (
            2022,
            2024,
            {
                "A": "Kualitas Tertinggi",
                "B": "Kualitas Tinggi",
                "C": "Kualitas Sedang",
                "D": "Kualitas Rendah",
                "E": "Kualitas Terendah",
            },
        ),
    ),
    "pekppp": (
        (
            FIRST_YEAR,
            9999,
            {
                "A": "Pelayanan Prima",
                "A-": "Sangat Baik",
                "B": "Baik",
                "B-": "Baik (dengan catatan)",
                "C": "Cukup",
                "C-": "Cukup (dengan catatan)",
                "D": "Buruk",
                "E": "Sangat Buruk",
                "F": "Gagal",
            },
        ),
    ),
}

# Confirmed Ombudsman score bands (lower bound, zone, categories), highest first; a score and the
# category or zone written next to it must agree. PEKPPP ranges are unconfirmed, so not checked.
OMBUDSMAN_BANDS: tuple[tuple[int, int, tuple[tuple[Decimal, str, frozenset[str]], ...]], ...] = (
    (
        2013,
        2021,
        (
            (Decimal("81.00"), "hijau", frozenset()),
            (Decimal("51.00"), "kuning", frozenset()),
            (Decimal("0"), "merah", frozenset()),
        ),
    ),
    (
        2022,
        2024,
        (
            (Decimal("88.00"), "hijau", frozenset({"A"})),
            (Decimal("78.00"), "hijau", frozenset({"B"})),
            (Decimal("54.00"), "kuning", frozenset({"C"})),
            (Decimal("0"), "merah", frozenset({"D", "E"})),
        ),
    ),
)

# The template's example row carries this text in "sumber"; an upload that still has it is refused.
EXAMPLE_MARK = "CONTOH: hapus baris ini sebelum mengunggah"

NEW, REPLACE, SAME, ERROR = "new", "replace", "same", "error"


@dataclass
class Row:
    line: int
    cells: dict[str, str] = field(default_factory=dict)  # the file's text per column, for display
    unit_code: str = ""
    scheme: str = ""
    year: int | None = None
    score: Decimal | None = None
    category: str = ""
    zone: str = ""
    opinion: str = ""
    source: str = ""
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column header, message)
    unit: Unit | None = None  # set by selectors.official_preview
    existing: OfficialResult | None = None
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (column header, old, new)

    def error(self, key: str, message: str) -> None:
        self.errors.append((HEADERS[key], message))

    @property
    def status(self) -> str:
        if self.errors:
            return ERROR
        if self.existing is None:
            return NEW
        return REPLACE if self.changes else SAME

    @property
    def values(self) -> dict:
        return {
            "score": self.score,
            "category": self.category,
            "zone": self.zone,
            "opinion": self.opinion,
            "source": self.source,
        }

    @property
    def shown(self) -> dict[str, str]:
        """What the preview shows per column: the understood value, or the file's text when unreadable."""
        return {
            "unit": self.unit.name if self.unit else "",
            "code": self.unit.code if self.unit else self.cells["unit_code"],
            "scheme": SCHEME_NAMES.get(self.scheme, self.cells["scheme"]),
            "year": str(self.year) if self.year is not None else self.cells["year"],
            "score": format_number(self.score) if self.score is not None else self.cells["score"],
            "category": self.category or self.cells["category"],
            "zone": self.zone or self.cells["zone"],
            "opinion": self.opinion[:80],
            "source": self.source[:80],
        }

    @property
    def change_text(self) -> str:
        return "; ".join(f"{label} {old} → {new}" for label, old, new in self.changes)


@dataclass
class Preview:
    filename: str
    sha256: str
    rows: list[Row] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    def _count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {s: self._count(s) for s in (NEW, REPLACE, SAME, ERROR)}

    @property
    def errors(self) -> list[tuple[int, str, str]]:
        return [(r.line, column, message) for r in self.rows for column, message in r.errors]

    @property
    def to_write(self) -> list[Row]:
        return [r for r in self.rows if r.status in (NEW, REPLACE)]

    @property
    def importable(self) -> bool:
        return not self.file_errors and bool(self.rows) and not any(r.errors for r in self.rows)

    def plan_digest(self) -> str:
        """Identity of what a confirmation would write, against which existing values."""
        plan = [
            [
                r.line,
                r.unit.pk if r.unit else None,
                r.scheme,
                r.year,
                {k: str(v) for k, v in r.values.items()},
                r.status,
                r.changes,
            ]
            for r in self.rows
        ]
        return hashlib.sha256(json.dumps(plan, sort_keys=True).encode()).hexdigest()


# --- Cells --------------------------------------------------------------------------------------


def clean_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Control characters (NUL included, which PostgreSQL refuses) become spaces, then runs of space one.
    return re.sub(r"\s+", " ", re.sub(r"[\x00-\x1f\x7f]", " ", str(value))).strip()


def _key(text: str) -> str:
    """Lower case, words only: 'Kategori / Predikat (wajib)' → 'kategori predikat'."""
    text = re.sub(r"\(.*?\)", " ", text.lower())
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def map_headers(headers: list[str]) -> tuple[dict[str, int], list[str], list[str]]:
    """(column key → index, ignored header texts, file errors)."""
    lookup = {alias: key for key, aliases in HEADER_ALIASES.items() for alias in aliases}
    found: dict[str, int] = {}
    ignored, errors = [], []
    for index, header in enumerate(headers):
        key = lookup.get(_key(header))
        if key is None:
            if header.strip():
                ignored.append(header.strip()[:60])
        elif key in found:
            errors.append(_("Kolom “%(c)s” muncul dua kali.") % {"c": HEADERS[key]})
        else:
            found[key] = index
    missing = [HEADERS[k] for k in REQUIRED if k not in found]
    if missing:
        errors.append(
            _("Kolom wajib tidak ditemukan: %(c)s. Pakai baris judul dari templat.")
            % {"c": ", ".join(missing)}
        )
    return found, ignored, errors


def parse_scheme(value: object) -> str:
    key = _key(clean_text(value))
    for scheme, words in SCHEME_WORDS.items():
        if key in words:
            return scheme
    raise ValueError


def parse_year(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, float)):
        if float(value).is_integer():
            return int(value)
        raise ValueError
    text = clean_text(value)
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError
    return int(text)


def parse_score(value: object) -> Decimal | None:
    """97.99, '97,99', '97.99', '97' → Decimal; '' → None. ValueError when not a number."""
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise ValueError
    if isinstance(value, (int, float)):
        text = repr(value)
    else:
        text = clean_text(value).replace(" ", "")
        if not text:
            return None
        if "," in text and "." in text:
            raise ValueError  # no thousands separators in a score of at most 100
        text = text.replace(",", ".")
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
            raise ValueError
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError from exc
    if not number.is_finite():
        raise ValueError
    return number


def categories_for(scheme: str, year: int | None) -> dict[str, str] | None:
    """The letter categories (code → label) of a scheme in a year; None where free text is kept."""
    if year is None:
        return None
    for first, last, categories in CATEGORIES.get(scheme, ()):
        if first <= year <= last:
            return categories
    return None


def parse_category(value: object, known: dict[str, str] | None) -> str:
    text = clean_text(value)
    if not text or known is None:
        return text
    code = re.sub(r"\s+", "", re.sub("[–—−‐]", "-", text)).upper()
    if code in known:
        return code
    by_label = {label.casefold(): c for c, label in known.items()}
    if text.casefold() in by_label:
        return by_label[text.casefold()]
    raise ValueError


def parse_zone(value: object) -> str:
    text = _key(clean_text(value))
    text = re.sub(r"^zona ", "", text)
    if text and text not in ZONES:
        raise ValueError
    return text


def _band(year: int, score: Decimal):
    for first, last, bands in OMBUDSMAN_BANDS:
        if first <= year <= last:
            for lower, zone, categories in bands:
                if score >= lower:
                    return zone, categories
    return None


def _zone_of_category(year: int, category: str) -> str | None:
    for first, last, bands in OMBUDSMAN_BANDS:
        if first <= year <= last:
            for _lower, zone, categories in bands:
                if category in categories:
                    return zone
    return None


def parse_row(line: int, cells: list, columns: dict[str, int], *, last_year: int) -> Row:
    def cell(key: str) -> object:
        index = columns.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    row = Row(line=line, cells={k: clean_text(cell(k))[:80] for k in HEADERS})
    row.unit_code = clean_text(cell("unit_code")).lower()
    if not row.unit_code:
        row.error("unit_code", _("Kode unit wajib diisi."))
    try:
        row.scheme = parse_scheme(cell("scheme"))
    except ValueError:
        row.error(
            "scheme",
            _("Penilaian “%(v)s” tidak dikenal; tulis Ombudsman atau PEKPPP.") % {"v": row.cells["scheme"]}
            if row.cells["scheme"]
            else _("Penilaian wajib diisi: Ombudsman atau PEKPPP."),
        )
    try:
        row.year = parse_year(cell("year"))
        if not FIRST_YEAR <= row.year <= last_year:
            raise ValueError
    except ValueError:
        row.year = None
        row.error(
            "year",
            _("Tahun “%(v)s” tidak sah; isi tahun antara %(a)s dan %(b)s.")
            % {"v": row.cells["year"], "a": FIRST_YEAR, "b": last_year}
            if row.cells["year"]
            else _("Tahun wajib diisi."),
        )
    try:
        row.score = parse_score(cell("score"))
    except ValueError:
        row.error("score", _("Nilai “%(v)s” bukan angka (contoh: 97,99).") % {"v": row.cells["score"]})
    else:
        if row.score is not None and not Decimal(0) <= row.score <= Decimal(100):
            row.error("score", _("Nilai %(v)s di luar rentang 0–100.") % {"v": row.cells["score"]})
            row.score = None
        elif row.score is not None and row.score != row.score.quantize(Decimal("0.01")):
            row.error(
                "score",
                _("Nilai %(v)s: paling banyak dua angka di belakang koma.") % {"v": row.cells["score"]},
            )
            row.score = None
        elif row.score is not None:
            row.score = row.score.quantize(Decimal("0.01"))
    known = categories_for(row.scheme, row.year)
    try:
        row.category = parse_category(cell("category"), known)
    except ValueError:
        row.error(
            "category",
            _("Kategori “%(v)s” tidak dikenal untuk %(s)s %(y)s; pilih salah satu: %(c)s.")
            % {
                "v": row.cells["category"],
                "s": SCHEME_NAMES[row.scheme],
                "y": row.year,
                "c": ", ".join(known or ()),
            },
        )
    try:
        row.zone = parse_zone(cell("zone"))
    except ValueError:
        row.error(
            "zone",
            _("Zona “%(v)s” tidak dikenal; pilih hijau, kuning atau merah.") % {"v": row.cells["zone"]},
        )
    row.opinion = clean_text(cell("opinion"))
    row.source = clean_text(cell("source"))
    for key in ("category", "opinion", "source"):
        if len(getattr(row, key)) > MAX_LENGTH[key]:
            row.error(
                key, _("Isian terlalu panjang (paling banyak %(n)s karakter).") % {"n": MAX_LENGTH[key]}
            )
    if row.source.casefold() == EXAMPLE_MARK.casefold():
        row.error("source", _("Ini baris contoh dari templat; hapus baris ini sebelum mengunggah."))
    if row.scheme == "ombudsman" and row.year is not None:
        _check_bands(row)
    return row


def _check_bands(row: Row) -> None:
    """A score, its category and its zone must agree with the confirmed Ombudsman bands of the year."""
    assert row.year is not None
    band = _band(row.year, row.score) if row.score is not None else None
    if band and row.category and band[1] and row.category not in band[1]:
        row.error(
            "category",
            _(
                "Kategori %(c)s tidak sesuai dengan nilai %(v)s: menurut rentang Ombudsman %(y)s nilai itu berkategori %(e)s."
            )
            % {
                "c": row.category,
                "v": format_number(row.score),
                "y": row.year,
                "e": "/".join(sorted(band[1])),
            },
        )
        return
    expected = _zone_of_category(row.year, row.category) if row.category else None
    if expected is None and band:
        expected = band[0]
    if row.zone and expected and row.zone != expected:
        basis = (
            _("kategori %(c)s") % {"c": row.category}
            if row.category and _zone_of_category(row.year, row.category)
            else _("nilai %(v)s") % {"v": format_number(row.score)}
        )
        row.error(
            "zone",
            _("Zona %(z)s tidak sesuai dengan %(b)s; menurut rentang Ombudsman %(y)s zonanya %(e)s.")
            % {"z": row.zone, "b": basis, "y": row.year, "e": expected},
        )


def parse_table(
    headers: list[str], body: Iterable[tuple[int, list]], *, filename: str, sha256: str, last_year: int
) -> Preview:
    """Every row read and checked cell by cell; duplicates inside the file are flagged."""
    preview = Preview(filename=filename, sha256=sha256)
    columns, preview.ignored_columns, preview.file_errors = map_headers(headers)
    if preview.file_errors:
        return preview
    seen: dict[tuple[str, str, int], int] = {}
    for line, cells in body:
        if len(preview.rows) >= MAX_ROWS:
            preview.file_errors.append(
                _("Berkas berisi lebih dari %(n)s baris; pecah menjadi beberapa berkas.") % {"n": MAX_ROWS}
            )
            break
        row = parse_row(line, cells, columns, last_year=last_year)
        if row.unit_code and row.scheme and row.year is not None:
            identity = (row.unit_code, row.scheme, row.year)
            if identity in seen:
                row.error(
                    "unit_code",
                    _("Baris ganda: unit, penilaian dan tahun yang sama sudah ada di baris %(n)s.")
                    % {"n": seen[identity]},
                )
            else:
                seen[identity] = line
        preview.rows.append(row)
    if not preview.rows and not preview.file_errors:
        preview.file_errors.append(_("Berkas tidak berisi baris data di bawah baris judul."))
    return preview


# --- Comparison with a recorded result (pure: any object with the result's fields) ---------------------


def _shown(key: str, value) -> str:
    if value is None or value == "":
        return "–"
    if key == "score":
        return format_number(value)
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def changes(old: Any, row: Row) -> list[tuple[str, str, str]]:
    """(column header, old value, new value) for every value of `row` that differs from `old`."""
    out = []
    for key, new in row.values.items():
        before = getattr(old, key)
        if key == "score":
            same = (before is None and new is None) or (
                before is not None and new is not None and Decimal(before) == new
            )
        else:
            same = (before or "") == new
        if not same:
            out.append((HEADERS[key], _shown(key, before), _shown(key, new)))
    return out


def read_file(data: bytes, filename: str, *, last_year: int) -> Preview:
    """Read an uploaded .xlsx/.csv and check every cell; a file it cannot read becomes a file error."""
    sha256 = hashlib.sha256(data).hexdigest()
    preview = Preview(filename=filename, sha256=sha256)
    try:
        headers, body = read_table(data, filename)
        preview = parse_table(headers, body, filename=filename, sha256=sha256, last_year=last_year)
    except TableError as exc:
        preview.file_errors.append(str(exc))
        preview.rows = []
    except (ValueError, KeyError, OSError, EOFError) as exc:  # a damaged workbook fails while rows are read
        preview.file_errors.append(
            _("Berkas tidak dapat dibaca (%(e)s). Simpan ulang sebagai .xlsx atau .csv.")
            % {"e": type(exc).__name__}
        )
        preview.rows = []
    return preview


def template_example(units: list[tuple[str, str]], year: int) -> list:
    """The template's example row (refused when uploaded unchanged: see EXAMPLE_MARK)."""
    return [
        units[0][0] if units else "kode-unit",
        "Ombudsman",
        min(year, 2024),
        97.99,
        "A",
        "hijau",
        "Kualitas Tertinggi",
        EXAMPLE_MARK,
    ]
