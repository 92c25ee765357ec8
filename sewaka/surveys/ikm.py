"""Pure SKM index engine: Indeks Kepuasan Masyarakat (PermenPANRB 14/2017).

Stdlib only; no Django, no sewaka imports. See docs/scoring.md and docs domain rulebook section 4.

Rules implemented (all decided in the domain rulebook):
- NRR of an unsur = sum of its scores / number of respondents who answered it (exact Fraction).
- IKM = mean of the nine NRRs (weight exactly 1/9) x 25; exact until display.
- Display rounding: two decimals, half-up; categories are read from the rounded value.
- Per-unsur category: NRR x 25 rounded half-up to two decimals, read against the IKM bands.
- Unanswered unsur is excluded from that unsur's denominator only; an unsur with no answers makes
  the IKM undefined.
- Unsur are always addressed by key, never by position.

CLI:
    python -m sewaka.surveys.ikm answers.csv      # or "-" for stdin
    python -m sewaka.surveys.ikm --population 1000
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

UNSUR_KEYS: tuple[str, ...] = (
    "persyaratan",
    "prosedur",
    "waktu",
    "biaya",
    "produk",
    "kompetensi",
    "perilaku",
    "pengaduan",
    "sarana",
)

UNSUR_LABELS: dict[str, str] = {
    "persyaratan": "Persyaratan",
    "prosedur": "Sistem, Mekanisme, dan Prosedur",
    "waktu": "Waktu Penyelesaian",
    "biaya": "Biaya/Tarif",
    "produk": "Produk Spesifikasi Jenis Pelayanan",
    "kompetensi": "Kompetensi Pelaksana",
    "perilaku": "Perilaku Pelaksana",
    "pengaduan": "Penanganan Pengaduan, Saran dan Masukan",
    "sarana": "Sarana dan Prasarana",
}

MIN_SCORE = 1
MAX_SCORE = 4
IKM_SCALE = 25  # NRR (1-4) x 25 -> 25-100
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Band:
    mutu: str
    kinerja: str
    lower: Decimal
    upper: Decimal


# Conversion table (PermenPANRB 14/2017), read on the IKM scale rounded to two decimals.
BANDS: tuple[Band, ...] = (
    Band("D", "Tidak baik", Decimal("25.00"), Decimal("64.99")),
    Band("C", "Kurang baik", Decimal("65.00"), Decimal("76.60")),
    Band("B", "Baik", Decimal("76.61"), Decimal("88.30")),
    Band("A", "Sangat baik", Decimal("88.31"), Decimal("100.00")),
)


@dataclass(frozen=True)
class UnsurAggregate:
    key: str
    total: int
    count: int


@dataclass(frozen=True)
class UnsurResult:
    key: str
    label: str
    total: int
    count: int
    nrr: Fraction | None
    nrr_display: str | None
    ikm_equiv: Decimal | None
    mutu: str | None
    kinerja: str | None
    reason: str


@dataclass(frozen=True)
class IkmResult:
    unsur: tuple[UnsurResult, ...]
    ikm_exact: Fraction | None
    ikm: Decimal | None
    mutu: str | None
    kinerja: str | None
    respondents: int
    empty_unsur: tuple[str, ...]
    reason: str

    def by_key(self, key: str) -> UnsurResult:
        for item in self.unsur:
            if item.key == key:
                return item
        raise KeyError(key)


# ---------------------------------------------------------------------------
# Rounding and formatting helpers


def round_half_up(value: Fraction | int, places: int = 2) -> Decimal:
    """Exact half-up (away from zero) rounding of a rational to `places` decimals."""
    if not isinstance(value, Fraction):
        value = Fraction(value)
    # floor(|p/q| * 10^places + 1/2) in integers, q > 0: floor((2|p| * 10^places + q) / 2q). Same value as
    # the Fraction expression without building intermediate Fractions (the engine rounds ~40 times a call).
    p, q = value.numerator, value.denominator
    n = (2 * abs(p) * 10**places + q) // (2 * q)
    return Decimal(-n if p < 0 else n).scaleb(-places)


def format_id(d: Decimal) -> str:
    """Indonesian decimal comma: Decimal('87.28') -> '87,28'."""
    return format(d, "f").replace(".", ",")


def _approx(value: Fraction, places: int = 2) -> str:
    """'= 3,12' when the display is exact, '≈ 3,33' otherwise."""
    shown = round_half_up(value, places)
    sign = "=" if Fraction(shown) == value else "≈"
    return f"{sign} {format_id(shown)}"


def _nrr_text(nrr: Fraction) -> str:
    """NRR for reason texts: two decimals when exact, else four (the precision of the NRR intervals)."""
    return _approx(nrr, 2) if Fraction(round_half_up(nrr, 2)) == nrr else _approx(nrr, 4)


def band_for(value: Decimal | Fraction | int) -> Band:
    """Band of an IKM-scale value; the value is first rounded half-up to two decimals."""
    if isinstance(value, bool) or not isinstance(value, Decimal | Fraction | int):
        raise TypeError(f"band_for expects Decimal, Fraction or int, got {type(value).__name__}")
    rounded = (
        value.quantize(CENT, rounding=ROUND_HALF_UP) if isinstance(value, Decimal) else round_half_up(value)
    )
    for band in BANDS:
        if band.lower <= rounded <= band.upper:
            return band
    raise ValueError(f"Nilai {format_id(rounded)} di luar rentang IKM 25,00–100,00.")


# ---------------------------------------------------------------------------
# Core computation


def _check_int(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} harus bilangan bulat, bukan {value!r}.")
    return value


def _normalise(
    aggregates: Mapping[str, tuple[int, int] | UnsurAggregate] | Iterable[UnsurAggregate],
) -> dict[str, tuple[int, int]]:
    pairs: list[tuple[str, int, int]] = []
    if isinstance(aggregates, Mapping):
        for key, value in aggregates.items():
            if isinstance(value, UnsurAggregate):
                if value.key != key:
                    raise ValueError(f"Kunci {key!r} tidak cocok dengan UnsurAggregate.key {value.key!r}.")
                pairs.append((key, value.total, value.count))
            else:
                try:
                    total, count = value
                except (TypeError, ValueError):
                    raise ValueError(
                        f"Unsur {key!r}: harus pasangan (total, count), bukan {value!r}."
                    ) from None
                pairs.append((key, total, count))
    else:
        for item in aggregates:
            if not isinstance(item, UnsurAggregate):
                raise ValueError(f"Diharapkan UnsurAggregate, bukan {item!r}.")
            pairs.append((item.key, item.total, item.count))

    result: dict[str, tuple[int, int]] = {}
    for key, total, count in pairs:
        if key not in UNSUR_LABELS:
            raise ValueError(f"Unsur tidak dikenal: {key!r}. Unsur yang sah: {', '.join(UNSUR_KEYS)}.")
        if key in result:
            raise ValueError(f"Unsur {key!r} muncul lebih dari sekali.")
        total = _check_int(total, f"Total unsur {key!r}")
        count = _check_int(count, f"Jumlah jawaban unsur {key!r}")
        if count < 0 or total < 0:
            raise ValueError(
                f"Unsur {key!r}: total dan jumlah jawaban tidak boleh negatif ({total}, {count})."
            )
        if not MIN_SCORE * count <= total <= MAX_SCORE * count:
            raise ValueError(
                f"Unsur {key!r}: total {total} tidak mungkin untuk {count} jawaban bernilai 1–4 "
                f"(harus {MIN_SCORE * count}–{MAX_SCORE * count})."
            )
        result[key] = (total, count)
    missing = [k for k in UNSUR_KEYS if k not in result]
    if missing:
        raise ValueError(f"Unsur tidak lengkap; belum ada: {', '.join(missing)}.")
    return result


def _category_text(band: Band) -> str:
    return f"{band.mutu} ({band.kinerja})"


def _unsur_result(key: str, total: int, count: int) -> UnsurResult:
    label = UNSUR_LABELS[key]
    if count == 0:
        reason = f"NRR {label} tidak dapat dihitung: belum ada jawaban."
        return UnsurResult(key, label, total, count, None, None, None, None, None, reason)
    nrr = Fraction(total, count)
    equiv = round_half_up(nrr * IKM_SCALE)
    band = band_for(equiv)
    reason = f"NRR = {total} ÷ {count} {_nrr_text(nrr)}; ×25 = {format_id(equiv)} → {_category_text(band)}"
    return UnsurResult(
        key, label, total, count, nrr, format_id(round_half_up(nrr)), equiv, band.mutu, band.kinerja, reason
    )


def compute_from_aggregates(
    aggregates: Mapping[str, tuple[int, int] | UnsurAggregate] | Iterable[UnsurAggregate],
    respondents: int | None = None,
) -> IkmResult:
    """IKM from per-unsur (total, count). `respondents` defaults to the largest count (a lower bound)."""
    data = _normalise(aggregates)
    max_count = max(count for _, count in data.values())
    if respondents is None:
        respondents = max_count
    respondents = _check_int(respondents, "Jumlah responden")
    if respondents < max_count:
        raise ValueError(
            f"Jumlah responden ({respondents}) lebih kecil dari jumlah jawaban unsur ({max_count})."
        )

    unsur = tuple(_unsur_result(key, *data[key]) for key in UNSUR_KEYS)
    empty = tuple(u.key for u in unsur if u.nrr is None)
    if empty:
        names = ", ".join(UNSUR_LABELS[k] for k in empty)
        reason = f"IKM tidak dapat dihitung: unsur {names} belum memiliki jawaban."
        return IkmResult(unsur, None, None, None, None, respondents, empty, reason)

    nrr_sum = sum((u.nrr for u in unsur if u.nrr is not None), Fraction(0))
    ikm_exact = nrr_sum / len(UNSUR_KEYS) * IKM_SCALE  # exact 1/9 weight
    ikm = round_half_up(ikm_exact)
    band = band_for(ikm)
    reason = (
        f"IKM = (Σ NRR ÷ 9) × 25 {_nrr_text(nrr_sum)[0]} ({_nrr_text(nrr_sum)[2:]} ÷ 9) × 25 "
        f"{_approx(ikm_exact)} → {_category_text(band)}"
    )
    return IkmResult(unsur, ikm_exact, ikm, band.mutu, band.kinerja, respondents, (), reason)


def compute_from_answers(rows: Iterable[Mapping[str, int | None]]) -> IkmResult:
    """IKM from raw respondent rows (key -> 1..4, None or missing = not answered).

    A respondent is a row with at least one unsur answered; a row with none (only a name, a profile or a
    suggestion) is not counted.
    """
    totals = dict.fromkeys(UNSUR_KEYS, 0)
    counts = dict.fromkeys(UNSUR_KEYS, 0)
    respondents = 0
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise ValueError(f"Baris {n}: harus berupa mapping unsur → nilai, bukan {type(row).__name__}.")
        answered = False
        for key, value in row.items():
            if key not in UNSUR_LABELS:
                raise ValueError(f"Baris {n}: unsur tidak dikenal {key!r}.")
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or not MIN_SCORE <= value <= MAX_SCORE:
                raise ValueError(
                    f"Baris {n}, unsur {key} ({UNSUR_LABELS[key]}): nilai {value!r} tidak sah; "
                    "harus bilangan bulat 1–4 atau kosong."
                )
            totals[key] += value
            counts[key] += 1
            answered = True
        respondents += answered
    return compute_from_aggregates({k: (totals[k], counts[k]) for k in UNSUR_KEYS}, respondents=respondents)


# ---------------------------------------------------------------------------
# Sample size


def krejcie_morgan(population: int) -> int:
    """Krejcie & Morgan (1970) minimum sample, X²=3.841, P=0.5, d=0.05, rounded half-up."""
    population = _check_int(population, "Populasi")
    if population < 0:
        raise ValueError(f"Populasi tidak boleh negatif ({population}).")
    if population == 0:
        return 0
    chi2, p, d = Fraction("3.841"), Fraction(1, 2), Fraction(1, 20)
    s = chi2 * population * p * (1 - p) / (d * d * (population - 1) + chi2 * p * (1 - p))
    return math.floor(s + Fraction(1, 2))


# ---------------------------------------------------------------------------
# Serialisation


def _dec(d: Decimal | None) -> str | None:
    return None if d is None else format(d, "f")


def _frac(f: Fraction | None) -> str | None:
    return None if f is None else str(f)


def to_dict(result: IkmResult) -> dict[str, Any]:
    """JSON-friendly dict: decimals as dot strings ('87.28') plus comma display strings ('87,28')."""
    return {
        "respondents": result.respondents,
        "ikm": _dec(result.ikm),
        "ikm_display": None if result.ikm is None else format_id(result.ikm),
        "ikm_exact": _frac(result.ikm_exact),
        "mutu": result.mutu,
        "kinerja": result.kinerja,
        "empty_unsur": list(result.empty_unsur),
        "reason": result.reason,
        "unsur": [
            {
                "key": u.key,
                "label": u.label,
                "total": u.total,
                "count": u.count,
                "nrr": None if u.nrr is None else _dec(round_half_up(u.nrr)),
                "nrr_display": u.nrr_display,
                "nrr_exact": _frac(u.nrr),
                "ikm_equiv": _dec(u.ikm_equiv),
                "ikm_equiv_display": None if u.ikm_equiv is None else format_id(u.ikm_equiv),
                "mutu": u.mutu,
                "kinerja": u.kinerja,
                "reason": u.reason,
            }
            for u in result.unsur
        ],
    }


# ---------------------------------------------------------------------------
# CSV import and CLI


class CsvError(ValueError):
    """Invalid answers CSV; the message is Indonesian and user-facing."""


def parse_answers_csv(text: str) -> tuple[list[dict[str, int | None]], list[str]]:
    """Parse an answers CSV (header = unsur keys, any order; ';' or ',' delimited).

    Returns (rows, ignored_columns). Empty cell = not answered; fully blank lines are skipped.
    """
    text = text.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        raise CsvError("Berkas CSV kosong atau baris pertama (header) kosong.")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]

    seen: set[str] = set()
    for name in header:
        if name in UNSUR_LABELS and name in seen:
            raise CsvError(f"Kolom {name!r} muncul lebih dari sekali di header.")
        seen.add(name)
    missing = [k for k in UNSUR_KEYS if k not in seen]
    if missing:
        raise CsvError(
            f"Kolom wajib tidak ada: {', '.join(missing)}. Header harus memuat kesembilan unsur: "
            f"{', '.join(UNSUR_KEYS)}."
        )
    ignored = [h for h in header if h not in UNSUR_LABELS]

    rows: list[dict[str, int | None]] = []
    for cells in reader:
        line = reader.line_num
        if all(not c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise CsvError(
                f"Baris {line}: jumlah kolom {len(cells)} tidak sama dengan header ({len(header)})."
            )
        row: dict[str, int | None] = {}
        for name, cell in zip(header, cells, strict=True):
            if name not in UNSUR_LABELS:
                continue
            cell = cell.strip()
            if not cell:
                row[name] = None
            elif cell in ("1", "2", "3", "4"):
                row[name] = int(cell)
            else:
                raise CsvError(
                    f"Baris {line}, kolom {name!r}: nilai {cell!r} tidak sah; harus 1–4 atau kosong."
                )
        rows.append(row)
    return rows, ignored


def _read_input(path: str) -> str:
    if path == "-":
        stream = sys.stdin
        data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read()
    else:
        with open(path, "rb") as fh:
            data = fh.read()
    if isinstance(data, bytes):
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CsvError(f"Berkas bukan UTF-8 yang sah (byte {exc.start}).") from None
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sewaka.surveys.ikm",
        description="Hitung Indeks Kepuasan Masyarakat (PermenPANRB 14/2017) dari CSV jawaban responden.",
    )
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("csv", nargs="?", help="berkas CSV jawaban (header = kunci unsur); '-' untuk stdin")
    group.add_argument("--population", type=int, help="hitung sampel minimal Krejcie–Morgan untuk populasi N")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help / usage errors
        return exc.code if isinstance(exc.code, int) else 2

    if args.population is not None:
        try:
            sample = krejcie_morgan(args.population)
        except ValueError as exc:
            print(f"Galat: {exc}", file=sys.stderr)
            return 2
        print(json.dumps({"population": args.population, "sample": sample}, indent=2, ensure_ascii=False))
        return 0

    try:
        rows, ignored = parse_answers_csv(_read_input(args.csv))
        result = compute_from_answers(rows)
    except FileNotFoundError:
        print(f"Galat: berkas {args.csv!r} tidak ditemukan.", file=sys.stderr)
        return 2
    except (OSError, ValueError) as exc:
        print(f"Galat: {exc}", file=sys.stderr)
        return 2
    out = to_dict(result)
    out["ignored_columns"] = ignored
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
