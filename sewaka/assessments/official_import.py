"""Official Ombudsman/PEKPPP results from a spreadsheet, imported whole or not at all.

`parse_table` reads and checks every cell (no database); `check_rows` adds what needs the database
(unit codes inside the user's scope, results already recorded); `import_rows` writes every changed row
through `services.official_result_record` in one transaction. Row numbers are the spreadsheet's
(header = row 1).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sewaka.core.audit import audit
from sewaka.core.templatetags.fmt import format_number
from sewaka.organisations.access import Action, can, get_unit_for, units_visible_to
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
    unit: Unit | None = None
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


# --- Database ------------------------------------------------------------------------------------


def scope(user) -> QuerySet[Unit]:
    """Units whose official results `user` may record: MANAGE or MONEV."""
    return units_visible_to(user, Action.MANAGE) | units_visible_to(user, Action.MONEV)


def check_rows(preview: Preview, *, user) -> Preview:
    """Resolve unit codes inside the user's scope and compare with the results already recorded."""
    codes = {r.unit_code for r in preview.rows if r.unit_code}
    units = {
        u.code.lower(): u for u in scope(user).annotate(lower_code=Lower("code")).filter(lower_code__in=codes)
    }
    for row in preview.rows:
        if not row.unit_code:
            continue
        row.unit = units.get(row.unit_code)
        if row.unit is None:
            # Unknown and out-of-scope codes read the same: no existence leak.
            row.error(
                "unit_code",
                _("Kode unit “%(v)s” tidak dikenal atau di luar wewenang Anda.")
                % {"v": row.cells["unit_code"]},
            )
    keyed = [r for r in preview.rows if r.unit and r.scheme and r.year is not None]
    existing = {
        (o.unit_id, o.scheme, o.year): o
        for o in OfficialResult.objects.filter(
            unit__in={r.unit for r in keyed},
            scheme__in={r.scheme for r in keyed},
            year__in={r.year for r in keyed},
        )
    }
    for row in keyed:
        row.existing = existing.get((row.unit.pk, row.scheme, row.year))
        if row.existing is not None:
            row.changes = _changes(row.existing, row)
    return preview


def _shown(key: str, value) -> str:
    if value is None or value == "":
        return "–"
    if key == "score":
        return format_number(value)
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _changes(old: OfficialResult, row: Row) -> list[tuple[str, str, str]]:
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


def build_preview(data: bytes, filename: str, *, user, last_year: int) -> Preview:
    from sewaka.core.tables import TableFileError as TableError
    from sewaka.core.tables import read_table

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
    if not preview.file_errors:
        check_rows(preview, user=user)
    return preview


@transaction.atomic
def import_rows(*, actor, preview: Preview) -> dict[str, int]:
    """Write every new or changed row through the service, all in one transaction; unchanged rows are
    left alone (no new audit event). Refuses a preview with any error."""
    from .services import official_result_record

    if not preview.importable:
        raise ValidationError(_("Berkas masih memuat baris yang salah; tidak ada yang diimpor."))
    counts = preview.counts
    for row in preview.to_write:
        try:
            official_result_record(actor=actor, unit=row.unit, scheme=row.scheme, year=row.year, **row.values)
        except ValidationError as exc:
            raise ValidationError(
                _("Baris %(n)s: %(m)s Tidak ada yang diimpor.") % {"n": row.line, "m": " ".join(exc.messages)}
            ) from exc
    audit(
        actor=actor,
        action="official_result.import",
        object_type=OfficialResult._meta.label_lower,
        changes={
            "file": preview.filename,
            "sha256": preview.sha256,
            "rows": len(preview.rows),
            "new": counts[NEW],
            "replaced": counts[REPLACE],
            "unchanged": counts[SAME],
        },
    )
    return counts


# --- Template -----------------------------------------------------------------------------------


def template_workbook(*, user, year: int) -> bytes:
    """The import template: header row, one example row, and the unit codes the user may record for."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    from sewaka.core.spreadsheet import append

    units = list(scope(user).order_by("path").values_list("code", "name")[:5000])
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Hasil resmi"
    sheet.append(list(HEADERS.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    example_year = min(year, 2024)
    append(
        sheet,
        [
            units[0][0] if units else "kode-unit",
            "Ombudsman",
            example_year,
            97.99,
            "A",
            "hijau",
            "Kualitas Tertinggi",
            EXAMPLE_MARK,
        ],
    )
    sheet["D2"].number_format = "0.00"
    for cell in sheet[2]:
        cell.font = Font(italic=True)
    for column, width in zip("ABCDEFGH", (22, 14, 8, 10, 18, 10, 40, 50), strict=True):
        sheet.column_dimensions[column].width = width
    schemes = DataValidation(type="list", formula1='"Ombudsman,PEKPPP"', allow_blank=False)
    zones = DataValidation(type="list", formula1='"hijau,kuning,merah"', allow_blank=True)
    sheet.add_data_validation(schemes)
    sheet.add_data_validation(zones)
    schemes.add("B2:B2001")
    zones.add("F2:F2001")
    sheet.freeze_panes = "A2"
    codes = wb.create_sheet("Kode unit")
    codes.append(["kode unit", "nama unit"])
    for cell in codes[1]:
        cell.font = Font(bold=True)
    for code, name in units:
        append(codes, [code, name])
    codes.column_dimensions["A"].width = 24
    codes.column_dimensions["B"].width = 60
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- Forms ---------------------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas hasil resmi"),
        help_text=gettext_lazy("Excel (.xlsx) atau CSV, satu baris per unit, penilaian dan tahun."),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_BYTES:
            raise ValidationError(
                _("Berkas terlalu besar untuk impor hasil resmi (batas %(n)s MB).")
                % {"n": MAX_BYTES // 1048576}
            )
        return uploaded


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Dokumen sumber"),
        help_text=gettext_lazy("PDF laporan atau surat resmi hasil penilaian."),
    )
    description = forms.CharField(label=gettext_lazy("Keterangan"), required=False, max_length=255)


# --- Source documents ----------------------------------------------------------------------------


def official_result_for(*, user, pk) -> OfficialResult:
    """An official result whose source documents `user` may add: 404 outside view scope, 403 without
    MANAGE or MONEV on its unit."""
    result = OfficialResult.objects.select_related("unit").filter(pk=pk).first()
    if result is None:
        raise Http404
    unit = get_unit_for(user, result.unit_id)
    if not (can(user, Action.MANAGE, unit) or can(user, Action.MONEV, unit)):
        raise PermissionDenied
    return result


def official_documents(result: OfficialResult) -> QuerySet:
    from sewaka.core.selectors import attachments_of

    return attachments_of(result)


def with_documents(results: Iterable[OfficialResult]) -> list[OfficialResult]:
    """The results, each with `.documents` (its source documents), in one query."""
    from django.contrib.contenttypes.models import ContentType

    from sewaka.core.models import Attachment

    results = list(results)
    by_owner: dict[str, list] = {str(r.pk): [] for r in results}
    if results:
        for attachment in Attachment.objects.filter(
            owner_type=ContentType.objects.get_for_model(OfficialResult), owner_id__in=list(by_owner)
        ).order_by("created_at"):
            by_owner[attachment.owner_id].append(attachment)
    for r in results:
        r.documents = by_owner[str(r.pk)]
    return results
