"""Pure scoring engine for assessment instruments (Ombudsman, PEKPPP, Monev kota).

Stdlib only; no Django, no sewaka imports. See docs/scoring.md, section "Assessment instruments".

An instrument is a versioned JSON file in ``sewaka/assessments/instruments/``. Every weight, band and
rule in it carries a status ("confirmed" | "corroborated" | "unconfirmed", or "city-decision" for the
city's own checklist) and a source. The engine never invents a number: it reports every unconfirmed
number it used in ``Result.warnings``.

Rules implemented:
- Indicator answers are integers on the instrument's scale (e.g. 0–3, 0–5, 0–1); None = not answered.
- Dimension score = Σ wᵢ·vᵢ ÷ Σ wᵢ over the *answered* indicators, exact (Fraction). vᵢ is the answer
  scaled to 0–100 (``dimension_score = "percent"``) or the raw answer (``"scale"``, PEKPPP 0–5).
  Indicator weights null → equal weights within the dimension (with a warning when unconfirmed).
- Total = Σ W_d × D_d ÷ 100 (W_d in percent). Dimension weights null → the remainder of 100 % is shared
  equally among them (with a warning).
- Missing answers: the dimension is computed over answered items and the result is marked incomplete;
  a weighted dimension without any answer makes the total undefined.
- The total is rounded with the file's rule (e.g. 2 places, half-up) *before* the band lookup; the
  band is the highest band whose lower bound ≤ the rounded total (no gaps possible).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

INSTRUMENTS_DIR = Path(__file__).resolve().parent.parent / "instruments"

# The version of these scoring rules. Bump it whenever a change to this module can change a number or a
# category for the same instrument and answers; final assessments record it in their frozen snapshot.
ENGINE_VERSION = "1"

NUMBER_STATUSES = frozenset({"confirmed", "corroborated", "unconfirmed", "city-decision"})
FORMULA_STATUSES = NUMBER_STATUSES | {"inferred"}
ROUNDING_MODES = frozenset({"half_up", "half_even"})
DIMENSION_SCORE_MODES = frozenset({"percent", "scale"})
HUNDRED = Fraction(100)
NO_BANDS_REASON = "Belum ada rentang kategori resmi"
_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9.-]*$")

STATUS_LABELS = {
    "confirmed": "terkonfirmasi",
    "corroborated": "didukung beberapa sumber",
    "unconfirmed": "belum terkonfirmasi",
    "city-decision": "keputusan kota",
    "inferred": "disimpulkan, belum terkonfirmasi",
}


class InstrumentError(ValueError):
    """Invalid or unknown instrument file; the message is Indonesian and user-facing."""


# ---------------------------------------------------------------------------
# Data classes


@dataclass(frozen=True)
class Provenance:
    status: str
    source: str
    weak: bool = False

    @property
    def doubtful(self) -> bool:
        """True when the number must be flagged to users (unconfirmed, inferred or weakly corroborated)."""
        return self.status in ("unconfirmed", "inferred") or self.weak


@dataclass(frozen=True)
class Indicator:
    code: str
    text: str
    dimension: str
    weight: Fraction | None  # percent within its dimension; None = unknown (equal weights are used)
    weight_provenance: Provenance
    descriptors: tuple[tuple[int, str], ...] = ()
    descriptors_provenance: Provenance | None = None

    def descriptor(self, value: int) -> str | None:
        for level, text in self.descriptors:
            if level == value:
                return text
        return None


@dataclass(frozen=True)
class Dimension:
    code: str
    title: str
    weight: Fraction | None  # percent of the total; None = unknown (shares the rest of 100 % equally)
    weight_provenance: Provenance
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    zone: str
    lower: Decimal  # inclusive; the band ends just before the next band's lower bound
    upper: Decimal  # display only (next lower − one unit of the last rounding place)
    provenance: Provenance
    split_provenance: Provenance | None = None  # e.g. the unconfirmed D/E split of Ombudsman 2022–2024


@dataclass(frozen=True)
class Instrument:
    code: str
    title: str
    issuer: str
    version: str
    year_from: int | None
    year_to: int | None
    scale_min: int
    scale_max: int
    scale_provenance: Provenance
    rounding_places: int
    rounding_mode: str
    rounding_provenance: Provenance
    dimension_score: str  # "percent" (0–100) or "scale" (item scale, e.g. PEKPPP 0–5)
    formula: str
    formula_provenance: Provenance
    dimensions: tuple[Dimension, ...]
    bands: tuple[Band, ...] | None  # None = no official bands yet
    bands_note: str | None
    notes: tuple[str, ...]

    @property
    def total_min(self) -> Fraction:
        return Fraction(0) if self.dimension_score == "percent" else Fraction(self.scale_min)

    @property
    def total_max(self) -> Fraction:
        return HUNDRED if self.dimension_score == "percent" else Fraction(self.scale_max)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for d in self.dimensions for i in d.indicators)

    def indicator(self, code: str) -> Indicator:
        for item in self.indicators:
            if item.code == code:
                return item
        raise KeyError(code)

    def dimension(self, code: str) -> Dimension:
        for dim in self.dimensions:
            if dim.code == code:
                return dim
        raise KeyError(code)

    def dimension_weights(self) -> dict[str, Fraction]:
        """Effective dimension weights (percent); null weights share the remainder of 100 % equally."""
        known = sum((d.weight for d in self.dimensions if d.weight is not None), Fraction(0))
        unknown = [d for d in self.dimensions if d.weight is None]
        share = (HUNDRED - known) / len(unknown) if unknown else Fraction(0)
        return {d.code: (share if d.weight is None else d.weight) for d in self.dimensions}


@dataclass(frozen=True)
class IndicatorLine:
    code: str
    text: str
    dimension: str
    answer: int | None
    value: Fraction | None  # answer on the dimension scale (0–100 for "percent", raw for "scale")
    weight: Fraction  # effective weight within the dimension (percent of the dimension)
    contribution: Fraction | None  # share of the dimension score
    reason: str


@dataclass(frozen=True)
class DimensionLine:
    code: str
    title: str
    weight: Fraction  # effective weight (percent of the total)
    score: Fraction | None
    score_rounded: Decimal | None
    contribution: Fraction | None  # W × D ÷ 100
    answered: int
    total: int
    reason: str


@dataclass(frozen=True)
class Result:
    instrument: str
    version: str
    indicators: tuple[IndicatorLine, ...]
    dimensions: tuple[DimensionLine, ...]
    total_exact: Fraction | None
    total: Decimal | None
    category: str | None
    label: str | None
    zone: str | None
    complete: bool
    missing: tuple[str, ...]
    reason: str
    warnings: tuple[str, ...]

    def line(self, code: str) -> IndicatorLine:
        for item in self.indicators:
            if item.code == code:
                return item
        raise KeyError(code)

    def dimension(self, code: str) -> DimensionLine:
        for item in self.dimensions:
            if item.code == code:
                return item
        raise KeyError(code)


@dataclass(frozen=True)
class Classification:
    score: Decimal
    band: Band | None
    reason: str
    warnings: tuple[str, ...]


# ---------------------------------------------------------------------------
# Rounding and formatting


def round_value(value: Fraction | Decimal | int, places: int = 2, mode: str = "half_up") -> Decimal:
    """Exact rounding of a rational to `places` decimals; half_up = half away from zero."""
    value = Fraction(value)
    scale = Fraction(10**places)
    scaled = abs(value) * scale
    n = math.floor(scaled)
    rest = scaled - n
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and (mode == "half_up" or n % 2 == 1)):
        n += 1
    return Decimal(-n if value < 0 else n).scaleb(-places)


def format_id(value: Decimal | Fraction | int, places: int | None = None) -> str:
    """Indonesian decimal comma. Decimal('87.28') -> '87,28'; Fractions are rounded half-up first."""
    if isinstance(value, Fraction | int) and not isinstance(value, bool):
        value = round_value(value, 2 if places is None else places)
    return format(value, "f").replace(".", ",")


def _pct(value: Fraction) -> str:
    """Weight for reason texts: '21,85 %', '17,5 %', '≈ 11,11 %'."""
    shown = round_value(value, 2).normalize()
    if shown == shown.to_integral_value():
        shown = shown.quantize(Decimal(1))
    prefix = "" if Fraction(shown) == value else "≈ "
    return f"{prefix}{format(shown, 'f').replace('.', ',')} %"


def _num(value: Fraction, places: int = 2) -> str:
    """'87,68' when exact (trailing zeros beyond two decimals trimmed), '≈ 87,6843' otherwise."""
    shown = round_value(value, places)
    prefix = "" if Fraction(shown) == value else "≈ "
    while not prefix:  # drop trailing zeros beyond two decimals
        exponent = shown.as_tuple().exponent
        if not isinstance(exponent, int) or exponent >= -2:  # a str exponent: NaN/infinity (never here)
            break
        coarser = shown.quantize(Decimal(1).scaleb(exponent + 1))
        if coarser != shown:
            break
        shown = coarser
    return f"{prefix}{format_id(shown)}"


def _factor(value: Fraction, places: int = 2) -> str:
    """A factor inside a product: '87,68' when exact, '(≈ 87,68)' otherwise."""
    shown = _num(value, places)
    return f"({shown})" if shown.startswith("≈") else shown


def _eq(value: Fraction, places: int = 2) -> str:
    """'= 87,68' when exact, '≈ 87,6843' otherwise."""
    shown = _num(value, places)
    return shown if shown.startswith("≈") else f"= {shown}"


# ---------------------------------------------------------------------------
# Loading


def _req(data: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in data:
        raise InstrumentError(f"{where}: kolom {key!r} wajib ada.")
    return data[key]


def _provenance(
    status: Any, source: Any, where: str, *, allowed: frozenset[str] = NUMBER_STATUSES
) -> Provenance:
    if status not in allowed:
        raise InstrumentError(
            f"{where}: status {status!r} tidak sah; pilih salah satu dari {', '.join(sorted(allowed))}."
        )
    if not isinstance(source, str) or not source.strip():
        raise InstrumentError(f"{where}: setiap angka harus memiliki sumber (source).")
    return Provenance(status, source)


def _weight(raw: Any, where: str) -> Fraction | None:
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise InstrumentError(
            f'{where}: bobot harus ditulis sebagai string desimal (mis. "21.85") atau null.'
        )
    try:
        value = Fraction(Decimal(raw))
    except (InvalidOperation, ValueError):
        raise InstrumentError(f"{where}: bobot {raw!r} bukan angka desimal.") from None
    if value < 0 or value > HUNDRED:
        raise InstrumentError(f"{where}: bobot {raw} harus di antara 0 dan 100.")
    return value


def _decimal(raw: Any, where: str) -> Decimal:
    if not isinstance(raw, str):
        raise InstrumentError(f'{where}: batas rentang harus string desimal (mis. "88.00").')
    try:
        return Decimal(raw)
    except InvalidOperation:
        raise InstrumentError(f"{where}: {raw!r} bukan angka desimal.") from None


def _indicator(raw: Mapping[str, Any], dim_code: str, scale: tuple[int, int], where: str) -> Indicator:
    code = _req(raw, "code", where)
    if not isinstance(code, str) or not code:
        raise InstrumentError(f"{where}: kode indikator harus string tidak kosong.")
    where = f"{where} indikator {code}"
    prov = _provenance(_req(raw, "weight_status", where), _req(raw, "weight_source", where), where)
    if raw.get("weight_weak"):
        prov = Provenance(prov.status, prov.source, weak=True)
    descriptors: list[tuple[int, str]] = []
    desc_prov = None
    if raw.get("descriptors"):
        for level, text in raw["descriptors"].items():
            try:
                level_int = int(level)
            except ValueError:
                raise InstrumentError(f"{where}: level deskriptor {level!r} bukan bilangan bulat.") from None
            if not scale[0] <= level_int <= scale[1]:
                raise InstrumentError(f"{where}: level deskriptor {level_int} di luar skala.")
            descriptors.append((level_int, str(text)))
        desc_prov = _provenance(
            _req(raw, "descriptors_status", where),
            raw.get("descriptors_source", raw.get("weight_source")),
            where,
        )
    return Indicator(
        code=code,
        text=str(_req(raw, "text", where)),
        dimension=dim_code,
        weight=_weight(raw.get("weight"), where),
        weight_provenance=prov,
        descriptors=tuple(sorted(descriptors)),
        descriptors_provenance=desc_prov,
    )


def _band(raw: Mapping[str, Any], where: str) -> Band:
    code = str(_req(raw, "code", where))
    where = f"{where} rentang {code}"
    split = None
    if "split_status" in raw:
        split = _provenance(raw["split_status"], raw.get("split_source"), where)
    return Band(
        code=code,
        label=str(_req(raw, "label", where)),
        zone=str(_req(raw, "zone", where)),
        lower=_decimal(_req(raw, "lower", where), where),
        upper=_decimal(_req(raw, "upper", where), where),
        provenance=_provenance(_req(raw, "status", where), _req(raw, "source", where), where),
        split_provenance=split,
    )


def _validate(inst: Instrument, raw: Mapping[str, Any]) -> None:
    where = f"Instrumen {inst.code}"
    if inst.scale_min >= inst.scale_max:
        raise InstrumentError(f"{where}: skala min harus lebih kecil dari max.")
    codes = [i.code for i in inst.indicators]
    dupes = sorted({c for c in codes if codes.count(c) > 1})
    if dupes:
        raise InstrumentError(f"{where}: kode indikator ganda: {', '.join(dupes)}.")
    dim_codes = [d.code for d in inst.dimensions]
    if len(set(dim_codes)) != len(dim_codes) or not dim_codes:
        raise InstrumentError(f"{where}: dimensi harus ada dan kodenya unik.")

    known = sum((d.weight for d in inst.dimensions if d.weight is not None), Fraction(0))
    if all(d.weight is not None for d in inst.dimensions):
        if known != HUNDRED:
            raise InstrumentError(f"{where}: jumlah bobot dimensi {_pct(known)}, harus 100 %.")
    elif known >= HUNDRED:
        raise InstrumentError(f"{where}: bobot dimensi yang diketahui sudah {_pct(known)}; tidak ada sisa.")
    for group in raw.get("weight_groups") or ():
        members = group.get("dimensions", [])
        if any(m not in dim_codes for m in members):
            raise InstrumentError(f"{where}: weight_groups menyebut dimensi yang tidak ada.")
        group_weight = _weight(group.get("weight"), where)
        _provenance(group.get("status"), group.get("source"), f"{where} weight_groups")
        weights = inst.dimension_weights()
        if group_weight is None or sum((weights[m] for m in members), Fraction(0)) != group_weight:
            raise InstrumentError(f"{where}: bobot kelompok dimensi tidak cocok dengan bobot efektif.")

    for dim in inst.dimensions:
        if not dim.indicators:
            raise InstrumentError(f"{where}: dimensi {dim.code} tidak memiliki indikator.")
        given = [i.weight for i in dim.indicators]
        if any(w is None for w in given) and any(w is not None for w in given):
            raise InstrumentError(f"{where}: dimensi {dim.code} mencampur bobot indikator kosong dan terisi.")
        if all(w is not None for w in given):
            summed = sum((w for w in given if w is not None), Fraction(0))
            if summed != HUNDRED and not (summed == 0 and dim.weight == 0):
                raise InstrumentError(
                    f"{where}: jumlah bobot indikator dimensi {dim.code} {_pct(summed)}, harus 100 %."
                )

    if inst.bands is None:
        if not inst.bands_note:
            raise InstrumentError(f"{where}: tanpa rentang kategori, bands_note wajib diisi.")
        return
    if not inst.bands:
        raise InstrumentError(
            f"{where}: daftar rentang kosong; tulis null dengan bands_note bila belum ada rentang resmi."
        )
    unit = Decimal(1).scaleb(-inst.rounding_places)
    ordered = sorted(inst.bands, key=lambda b: b.lower)
    if Fraction(ordered[0].lower) != inst.total_min:
        raise InstrumentError(
            f"{where}: rentang terendah harus mulai dari {format_id(inst.total_min)} (tanpa celah)."
        )
    for low, high in zip(ordered, ordered[1:], strict=False):
        if low.lower >= high.lower:
            raise InstrumentError(f"{where}: batas bawah rentang {low.code} dan {high.code} tidak naik.")
        if low.upper != high.lower - unit:
            raise InstrumentError(
                f"{where}: batas atas {low.code} ({format_id(low.upper)}) harus tepat sebelum batas bawah "
                f"{high.code} ({format_id(high.lower)})."
            )
    if Fraction(ordered[-1].upper) != inst.total_max or ordered[-1].lower > ordered[-1].upper:
        raise InstrumentError(f"{where}: rentang tertinggi harus berakhir di {format_id(inst.total_max)}.")


def parse_instrument(data: Mapping[str, Any], origin: str = "instrumen") -> Instrument:
    """Build and validate an Instrument from decoded JSON."""
    if not isinstance(data, Mapping):
        raise InstrumentError(f"{origin}: isi berkas harus objek JSON.")
    code = _req(data, "code", origin)
    if not isinstance(code, str) or not _CODE_RE.match(code):
        raise InstrumentError(f"{origin}: kode instrumen {code!r} tidak sah.")
    where = f"Instrumen {code}"
    scale_raw = _req(data, "scale", where)
    scale = (_req(scale_raw, "min", where), _req(scale_raw, "max", where))
    if any(isinstance(s, bool) or not isinstance(s, int) for s in scale):
        raise InstrumentError(f"{where}: skala min/max harus bilangan bulat.")
    rounding = _req(data, "rounding", where)
    places, mode = _req(rounding, "places", where), _req(rounding, "mode", where)
    if (
        isinstance(places, bool)
        or not isinstance(places, int)
        or not 0 <= places <= 6
        or mode not in ROUNDING_MODES
    ):
        raise InstrumentError(f"{where}: aturan pembulatan tidak sah ({places!r}, {mode!r}).")
    agg = _req(data, "aggregation", where)
    if agg.get("dimension_score") not in DIMENSION_SCORE_MODES:
        raise InstrumentError(f"{where}: aggregation.dimension_score harus 'percent' atau 'scale'.")
    dims = []
    for raw_dim in _req(data, "dimensions", where):
        dcode = str(_req(raw_dim, "code", where))
        dwhere = f"{where} dimensi {dcode}"
        dims.append(
            Dimension(
                code=dcode,
                title=str(_req(raw_dim, "title", dwhere)),
                weight=_weight(raw_dim.get("weight"), dwhere),
                weight_provenance=_provenance(
                    _req(raw_dim, "weight_status", dwhere), _req(raw_dim, "weight_source", dwhere), dwhere
                ),
                indicators=tuple(
                    _indicator(i, dcode, scale, dwhere) for i in _req(raw_dim, "indicators", dwhere)
                ),
            )
        )
    raw_bands = _req(data, "bands", where)
    bands = (
        None
        if raw_bands is None
        else tuple(sorted((_band(b, where) for b in raw_bands), key=lambda b: b.lower))
    )
    years = data.get("years") or {}
    inst = Instrument(
        code=code,
        title=str(_req(data, "title", where)),
        issuer=str(data.get("issuer", "")),
        version=str(_req(data, "version", where)),
        year_from=years.get("from"),
        year_to=years.get("to"),
        scale_min=scale[0],
        scale_max=scale[1],
        scale_provenance=_provenance(scale_raw.get("status"), scale_raw.get("source"), f"{where} skala"),
        rounding_places=places,
        rounding_mode=mode,
        rounding_provenance=_provenance(
            rounding.get("status"), rounding.get("source"), f"{where} pembulatan"
        ),
        dimension_score=agg["dimension_score"],
        formula=str(_req(agg, "formula", where)),
        formula_provenance=_provenance(
            agg.get("status"), agg.get("source"), f"{where} rumus", allowed=FORMULA_STATUSES
        ),
        dimensions=tuple(dims),
        bands=bands,
        bands_note=data.get("bands_note"),
        notes=tuple(str(n) for n in data.get("notes") or ()),
    )
    _validate(inst, data)
    return inst


def available_instruments() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in INSTRUMENTS_DIR.glob("*.json")))


def load_instrument(code_or_path: str | Path) -> Instrument:
    """Load an instrument by code (file name without .json in instruments/) or by path."""
    text_ref = str(code_or_path)
    if "\x00" in text_ref:
        raise InstrumentError("Nama instrumen mengandung karakter NUL.")
    if isinstance(code_or_path, Path) or text_ref.endswith(".json") or "/" in text_ref or "\\" in text_ref:
        path = Path(code_or_path)
    elif _CODE_RE.match(text_ref):
        path = INSTRUMENTS_DIR / f"{text_ref}.json"
    else:
        raise InstrumentError(f"Kode instrumen {text_ref!r} tidak sah.")
    try:
        raw_text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        known = ", ".join(available_instruments())
        raise InstrumentError(
            f"Instrumen {text_ref!r} tidak ditemukan. Instrumen yang tersedia: {known}."
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InstrumentError(f"Berkas instrumen {text_ref!r} tidak dapat dibaca: {exc}.") from None
    try:
        data = json.loads(raw_text)
    except json.JSONDecodeError as exc:
        raise InstrumentError(
            f"Berkas instrumen {text_ref!r} bukan JSON yang sah (baris {exc.lineno})."
        ) from None
    return parse_instrument(data, origin=text_ref)


# ---------------------------------------------------------------------------
# Bands


def _to_fraction(value: Decimal | Fraction | int | str) -> Fraction:
    if isinstance(value, bool):
        raise TypeError("Nilai tidak boleh boolean.")
    if isinstance(value, str):
        try:
            return Fraction(Decimal(value.strip().replace(",", ".")))
        except (InvalidOperation, ValueError, OverflowError):
            raise ValueError(f"Nilai {value!r} bukan angka.") from None
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"Nilai {value} bukan angka berhingga.")
        return Fraction(value)
    if isinstance(value, Fraction | int):
        return Fraction(value)
    raise TypeError(f"Nilai harus Decimal, Fraction, int atau str, bukan {type(value).__name__}.")


def _band_warnings(instrument: Instrument, band: Band | None) -> list[str]:
    out: list[str] = []
    if instrument.bands and any(b.provenance.doubtful for b in instrument.bands):
        listed = "; ".join(
            f"{b.code} ≥ {format_id(b.lower)}" for b in instrument.bands if b.provenance.doubtful
        )
        out.append(f"Rentang kategori belum terkonfirmasi: {listed}.")
    if band is not None and band.split_provenance is not None and band.split_provenance.doubtful:
        out.append(
            f"Pembagian kategori {band.code} ({band.label}) belum terkonfirmasi: {band.split_provenance.source}."
        )
    if instrument.rounding_provenance.doubtful and instrument.bands:
        out.append(
            f"Aturan pembulatan ({instrument.rounding_places} desimal, {instrument.rounding_mode}) belum terkonfirmasi."
        )
    return out


def classify(instrument: Instrument, value: Decimal | Fraction | int | str) -> Classification:
    """Round `value` with the instrument's rule, then read the band (or None when there are no bands)."""
    exact = _to_fraction(value)
    rounded = round_value(exact, instrument.rounding_places, instrument.rounding_mode)
    lo, hi = instrument.total_min, instrument.total_max
    if not lo <= Fraction(rounded) <= hi:
        raise ValueError(
            f"Nilai {format_id(rounded)} di luar rentang instrumen {instrument.code} "
            f"({format_id(lo, instrument.rounding_places)}–{format_id(hi, instrument.rounding_places)})."
        )
    if instrument.bands is None:
        note = f" ({instrument.bands_note})" if instrument.bands_note else ""
        reason = f"{NO_BANDS_REASON}{note}; nilai {format_id(rounded)} tidak diberi kategori"
        return Classification(rounded, None, reason, ())
    band = instrument.bands[0]
    for candidate in instrument.bands:  # sorted by lower bound; highest lower ≤ rounded wins
        if candidate.lower <= rounded:
            band = candidate
    shown = (
        "" if Fraction(rounded) == exact else f"{_num(exact, instrument.rounding_places + 2)} dibulatkan → "
    )
    reason = (
        f"{shown}{format_id(rounded)} ≥ {format_id(band.lower)} → {band.code} ({band.label}, zona {band.zone})"
        f" [{STATUS_LABELS[band.provenance.status]}]"
    )
    return Classification(rounded, band, reason, tuple(_band_warnings(instrument, band)))


def band_for(instrument: Instrument, value: Decimal | Fraction | int | str) -> Band | None:
    """Band for a total (rounded first with the instrument's rule); None when the instrument has no bands."""
    return classify(instrument, value).band


# ---------------------------------------------------------------------------
# Scoring


def _check_answers(instrument: Instrument, answers: Mapping[str, int | None]) -> dict[str, int | None]:
    if not isinstance(answers, Mapping):
        raise ValueError(
            f"Jawaban harus berupa pemetaan kode indikator → nilai, bukan {type(answers).__name__}."
        )
    known = {i.code: i for i in instrument.indicators}
    unknown = [str(k) for k in answers if k not in known]
    if unknown:
        raise ValueError(
            f"Kode indikator tidak dikenal untuk instrumen {instrument.code}: {', '.join(sorted(unknown))}."
        )
    lo, hi = instrument.scale_min, instrument.scale_max
    clean: dict[str, int | None] = {}
    for code, value in answers.items():
        ind = known[code]
        if value is None:
            clean[code] = None
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(
                f"Indikator {code} ({ind.text}): nilai {value!r} tidak sah; harus bilangan bulat {lo}–{hi} atau kosong."
            )
        if not lo <= value <= hi:
            raise ValueError(f"Indikator {code} ({ind.text}): nilai {value} di luar skala {lo}–{hi}.")
        clean[code] = value
    return clean


def _value(instrument: Instrument, answer: int) -> Fraction:
    if instrument.dimension_score == "percent":
        return Fraction(answer - instrument.scale_min, instrument.scale_max - instrument.scale_min) * HUNDRED
    return Fraction(answer)


def _dimension_warnings(instrument: Instrument, weights: Mapping[str, Fraction]) -> list[str]:
    out: list[str] = []
    for dim in instrument.dimensions:
        prov = dim.weight_provenance
        if dim.weight is None:
            out.append(
                f"Bobot dimensi {dim.title} belum diketahui; dipakai bagian rata {_pct(weights[dim.code])} "
                f"dari sisa bobot ({prov.source})."
            )
        elif prov.doubtful:
            out.append(f"Bobot dimensi {dim.title} {_pct(dim.weight)} belum terkonfirmasi ({prov.source}).")
    return out


def _indicator_warnings(dim: Dimension, answered: list[Indicator]) -> list[str]:
    if not answered:
        return []
    if dim.indicators[0].weight is None:
        prov = dim.indicators[0].weight_provenance
        if prov.doubtful:
            return [
                f"Bobot indikator dimensi {dim.title} belum diketahui; dipakai bobot sama "
                f"({_pct(HUNDRED / len(dim.indicators))} masing-masing)."
            ]
        return []
    out = []
    weak = [i for i in answered if i.weight_provenance.weak and i.weight is not None]
    unconf = [
        i
        for i in answered
        if i.weight_provenance.doubtful and not i.weight_provenance.weak and i.weight is not None
    ]
    if weak:
        listed = ", ".join(f"{i.code} ({_pct(i.weight)})" for i in weak if i.weight is not None)
        out.append(
            f"Bobot indikator {listed} hanya didukung sumber lemah ({weak[0].weight_provenance.source})."
        )
    if unconf:
        listed = ", ".join(f"{i.code} ({_pct(i.weight)})" for i in unconf if i.weight is not None)
        out.append(f"Bobot indikator {listed} belum terkonfirmasi ({unconf[0].weight_provenance.source}).")
    return out


def _instrument_warnings(instrument: Instrument) -> list[str]:
    out = []
    if instrument.formula_provenance.doubtful:
        out.append(
            f"Rumus agregasi {STATUS_LABELS[instrument.formula_provenance.status]}: {instrument.formula} "
            f"({instrument.formula_provenance.source})."
        )
    if instrument.scale_provenance.doubtful:
        out.append(
            f"Skala butir {instrument.scale_min}–{instrument.scale_max} belum terkonfirmasi "
            f"({instrument.scale_provenance.source})."
        )
    return out


def _total_reason(instrument: Instrument, lines: list[DimensionLine], total: Fraction) -> str:
    parts = " + ".join(
        f"{_pct(d.weight)} × {_factor(d.score)}" for d in lines if d.weight != 0 and d.score is not None
    )
    shown = _num(total, instrument.rounding_places + 2)
    return (
        f"Total = Σ bobot × nilai dimensi ÷ 100 = {parts} {shown if shown.startswith('≈') else '= ' + shown}"
    )


def _finish(
    instrument: Instrument,
    ind_lines: tuple[IndicatorLine, ...],
    dim_lines: list[DimensionLine],
    missing: tuple[str, ...],
    warnings: list[str],
) -> Result:
    empty = [d for d in dim_lines if d.weight != 0 and d.score is None]
    complete = not missing and not empty
    incomplete_note = ""
    if missing:
        incomplete_note = f" Hasil belum lengkap: indikator belum dijawab: {', '.join(missing)}."
    if empty:
        names = ", ".join(d.title for d in empty)
        reason = f"Total tidak dapat dihitung: dimensi {names} belum memiliki jawaban.{incomplete_note}"
        return Result(
            instrument.code,
            instrument.version,
            ind_lines,
            tuple(dim_lines),
            None,
            None,
            None,
            None,
            None,
            False,
            missing,
            reason,
            tuple(warnings),
        )
    total = sum((d.contribution for d in dim_lines if d.contribution is not None), Fraction(0))
    cls = classify(instrument, total)
    warnings = warnings + list(cls.warnings)
    reason = f"{_total_reason(instrument, dim_lines, total)}; {cls.reason}.{incomplete_note}"
    band = cls.band
    return Result(
        instrument.code,
        instrument.version,
        ind_lines,
        tuple(dim_lines),
        total,
        cls.score,
        None if band is None else band.code,
        None if band is None else band.label,
        None if band is None else band.zone,
        complete,
        missing,
        reason,
        tuple(warnings),
    )


def score(instrument: Instrument, answers: Mapping[str, int | None]) -> Result:
    """Score one unit's answers (indicator code → integer on the scale, or None/absent = not answered)."""
    clean = _check_answers(instrument, answers)
    weights = instrument.dimension_weights()
    warnings = _instrument_warnings(instrument) + _dimension_warnings(instrument, weights)
    ind_lines: list[IndicatorLine] = []
    dim_lines: list[DimensionLine] = []
    missing: list[str] = []
    places = instrument.rounding_places
    for dim in instrument.dimensions:
        equal = dim.indicators[0].weight is None
        eff = {
            i.code: (HUNDRED / len(dim.indicators) if equal else i.weight or Fraction(0))
            for i in dim.indicators
        }
        answered = [i for i in dim.indicators if clean.get(i.code) is not None]
        denom = sum((eff[i.code] for i in answered), Fraction(0))
        warnings += _indicator_warnings(dim, answered)
        for ind in dim.indicators:
            answer = clean.get(ind.code)
            w = eff[ind.code]
            if answer is None:
                if w > 0 and weights[dim.code] > 0:
                    missing.append(ind.code)
                reason = f"Indikator {ind.code} belum dijawab; tidak ikut dihitung (bobot {_pct(w)})."
                ind_lines.append(IndicatorLine(ind.code, ind.text, dim.code, None, None, w, None, reason))
                continue
            value = _value(instrument, answer)
            contribution = w / denom * value if denom else None
            shown = (
                f"{answer}/{instrument.scale_max} × 100 {_eq(value)}"
                if instrument.dimension_score == "percent"
                else f"{answer}"
            )
            desc = ind.descriptor(answer)
            desc_text = f" ({desc})" if desc else ""
            if contribution is None:
                reason = (
                    f"Nilai {shown}{desc_text}; bobot {_pct(w)}: hanya informasi, tidak memengaruhi nilai."
                )
            else:
                share = "" if denom == HUNDRED else f" ÷ {_pct(denom)} dijawab"
                reason = f"Nilai {shown}{desc_text}; bobot {_pct(w)}{share} → sumbangan {_num(contribution, places + 2)}"
            ind_lines.append(
                IndicatorLine(ind.code, ind.text, dim.code, answer, value, w, contribution, reason)
            )
        n_total = len(dim.indicators)
        if not answered or denom == 0:
            d_score = None
            if weights[dim.code] == 0:
                d_reason = f"Dimensi {dim.title} berbobot 0 %: hanya informasi, tidak dihitung."
            else:
                d_reason = (
                    f"Dimensi {dim.title} tidak dapat dihitung: belum ada jawaban ({n_total} indikator)."
                )
            dim_lines.append(
                DimensionLine(
                    dim.code, dim.title, weights[dim.code], None, None, None, len(answered), n_total, d_reason
                )
            )
            continue
        d_score = sum(
            (line.contribution for line in ind_lines[-n_total:] if line.contribution is not None), Fraction(0)
        )
        contrib = weights[dim.code] * d_score / HUNDRED
        what = "rata-rata berbobot" if not equal else "rata-rata"
        d_reason = (
            f"{dim.title}: {what} {len(answered)} dari {n_total} indikator {_eq(d_score, places + 2)}; "
            f"× {_pct(weights[dim.code])} {_eq(contrib, places + 2)}"
        )
        if len(answered) < n_total:
            not_answered = [i.code for i in dim.indicators if clean.get(i.code) is None]
            d_reason += f" (belum dijawab: {', '.join(not_answered)})"
        dim_lines.append(
            DimensionLine(
                dim.code,
                dim.title,
                weights[dim.code],
                d_score,
                round_value(d_score, places, instrument.rounding_mode),
                contrib,
                len(answered),
                n_total,
                d_reason,
            )
        )
    return _finish(instrument, tuple(ind_lines), dim_lines, tuple(missing), warnings)


def score_dimensions(
    instrument: Instrument, dimension_scores: Mapping[str, Decimal | Fraction | int | str | None]
) -> Result:
    """Total from published dimension scores (e.g. Ombudsman's per-dimension results), without item answers."""
    if not isinstance(dimension_scores, Mapping):
        raise ValueError("Nilai dimensi harus berupa pemetaan kode dimensi → nilai.")
    codes = {d.code for d in instrument.dimensions}
    unknown = sorted(str(k) for k in dimension_scores if k not in codes)
    if unknown:
        raise ValueError(
            f"Kode dimensi tidak dikenal untuk instrumen {instrument.code}: {', '.join(unknown)}."
        )
    weights = instrument.dimension_weights()
    warnings = _instrument_warnings(instrument) + _dimension_warnings(instrument, weights)
    lo, hi = instrument.total_min, instrument.total_max
    lines: list[DimensionLine] = []
    missing: list[str] = []
    places = instrument.rounding_places
    for dim in instrument.dimensions:
        raw = dimension_scores.get(dim.code)
        n = len(dim.indicators)
        if raw is None:
            if weights[dim.code] > 0:
                missing.append(dim.code)
            reason = f"Nilai dimensi {dim.title} belum diisi."
            lines.append(
                DimensionLine(dim.code, dim.title, weights[dim.code], None, None, None, 0, n, reason)
            )
            continue
        value = _to_fraction(raw)
        if not lo <= value <= hi:
            raise ValueError(
                f"Dimensi {dim.title}: nilai {_num(value)} di luar rentang {format_id(lo, places)}–{format_id(hi, places)}."
            )
        contrib = weights[dim.code] * value / HUNDRED
        reason = f"{dim.title}: nilai {_num(value, places + 2)} × {_pct(weights[dim.code])} {_eq(contrib, places + 2)}"
        lines.append(
            DimensionLine(
                dim.code,
                dim.title,
                weights[dim.code],
                value,
                round_value(value, places, instrument.rounding_mode),
                contrib,
                n,
                n,
                reason,
            )
        )
    return _finish(instrument, (), lines, tuple(missing), warnings)


# ---------------------------------------------------------------------------
# Serialisation


def _dec(d: Decimal | None) -> str | None:
    return None if d is None else format(d, "f")


def _frac(f: Fraction | None) -> str | None:
    return None if f is None else str(f)


def _rounded(f: Fraction | None, places: int) -> str | None:
    return None if f is None else format(round_value(f, places), "f")


def to_dict(result: Result) -> dict[str, Any]:
    """JSON-friendly dict; decimals as dot strings, exact values as fraction strings ('1747/20')."""
    return {
        "instrument": result.instrument,
        "version": result.version,
        "total": _dec(result.total),
        "total_display": None if result.total is None else format_id(result.total),
        "total_exact": _frac(result.total_exact),
        "category": result.category,
        "label": result.label,
        "zone": result.zone,
        "complete": result.complete,
        "missing": list(result.missing),
        "reason": result.reason,
        "warnings": list(result.warnings),
        "dimensions": [
            {
                "code": d.code,
                "title": d.title,
                "weight": _rounded(d.weight, 4),
                "weight_exact": _frac(d.weight),
                "score": _dec(d.score_rounded),
                "score_exact": _frac(d.score),
                "contribution": _rounded(d.contribution, 4),
                "contribution_exact": _frac(d.contribution),
                "answered": d.answered,
                "total": d.total,
                "reason": d.reason,
            }
            for d in result.dimensions
        ],
        "indicators": [
            {
                "code": i.code,
                "text": i.text,
                "dimension": i.dimension,
                "answer": i.answer,
                "value": _rounded(i.value, 4),
                "value_exact": _frac(i.value),
                "weight": _rounded(i.weight, 4),
                "weight_exact": _frac(i.weight),
                "contribution": _rounded(i.contribution, 4),
                "contribution_exact": _frac(i.contribution),
                "reason": i.reason,
            }
            for i in result.indicators
        ],
    }


def _fraction_of(data: Mapping[str, Any], exact: str, rounded: str) -> Fraction | None:
    """The exact value when it was stored, else the rounded one (snapshots written before it was)."""
    raw = data.get(exact)
    if raw is None:
        raw = data.get(rounded)
    return None if raw is None else Fraction(raw)


def from_dict(data: Mapping[str, Any]) -> Result:
    """The `Result` that `to_dict` wrote, read back without scoring anything again (a final assessment's
    frozen result). Exact values come from the `*_exact` strings; an indicator's value stored before
    `value_exact` existed is read from its 4-place rounding."""

    def dec(raw: str | None) -> Decimal | None:
        return None if raw is None else Decimal(raw)

    def dimension(d: Mapping[str, Any]) -> DimensionLine:
        weight = _fraction_of(d, "weight_exact", "weight") or Fraction(0)
        score = _fraction_of(d, "score_exact", "score")
        contribution = (
            Fraction(d["contribution_exact"])
            if d.get("contribution_exact") is not None
            else (None if score is None or d["contribution"] is None else weight * score / HUNDRED)
        )
        return DimensionLine(
            code=d["code"],
            title=d["title"],
            weight=weight,
            score=score,
            score_rounded=dec(d["score"]),
            contribution=contribution,
            answered=d["answered"],
            total=d["total"],
            reason=d["reason"],
        )

    return Result(
        instrument=data["instrument"],
        version=data["version"],
        indicators=tuple(
            IndicatorLine(
                code=i["code"],
                text=i["text"],
                dimension=i["dimension"],
                answer=i["answer"],
                value=_fraction_of(i, "value_exact", "value"),
                weight=_fraction_of(i, "weight_exact", "weight") or Fraction(0),
                contribution=_fraction_of(i, "contribution_exact", "contribution"),
                reason=i["reason"],
            )
            for i in data["indicators"]
        ),
        dimensions=tuple(dimension(d) for d in data["dimensions"]),
        total_exact=None if data["total_exact"] is None else Fraction(data["total_exact"]),
        total=dec(data["total"]),
        category=data["category"],
        label=data["label"],
        zone=data["zone"],
        complete=data["complete"],
        missing=tuple(data["missing"]),
        reason=data["reason"],
        warnings=tuple(data["warnings"]),
    )


def classification_dict(cls: Classification) -> dict[str, Any]:
    band = cls.band
    return {
        "score": format(cls.score, "f"),
        "category": None if band is None else band.code,
        "zone": None if band is None else band.zone,
        "label": None if band is None else band.label,
        "reason": cls.reason,
        "warnings": list(cls.warnings),
    }
