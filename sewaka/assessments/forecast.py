"""The readiness forecast of every unit from Sewaka's own facts: "which zone would the unit be in today?".

For each active unit in scope the facts of the year are read once for all units (`sources.unit_facts`), the
pre-fill rules and the forecast-only proxies (`prefill.decide_all(..., forecast=True)`) decide what they
can, and the instrument is scored twice (`fast_score`: the engine's total without its per-line reasons):
every undecided indicator at the scale minimum (the forecast: conservative, an indicator without evidence
earns nothing) and at the scale maximum (the best case). The confidence is the number of indicators the facts decide, and their share of the weight.
A constant number of queries whatever the number of units.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from sewaka.organisations.models import Unit, UnitKind

from . import prefill, services
from .labels import indicator_numbers
from .models import Assessment
from .scoring import engine
from .sources import unit_facts

# Zones of the forecast, worst first (the order of the page's filter and of the sort).
ZONES = ("merah", "kuning", "hijau")
ZONE_LABELS = {"merah": "Zona merah", "kuning": "Zona kuning", "hijau": "Zona hijau"}

# What a unit does about an indicator the facts leave undecided (Ombudsman 2022–2024: by key prefix).
TODO_2022 = (
    (
        "input.kp-ombudsman",
        "Ikutkan pelaksana dalam sosialisasi atau rapat koordinasi dengan Ombudsman dan catat kehadirannya "
        "di Sewaka (Kegiatan koordinasi).",
    ),
    (
        "input.kp-",
        "Dinilai lewat wawancara pelaksana: adakan pembekalan, lalu lampirkan materi dan daftar hadirnya "
        "di penilaian mandiri.",
    ),
    (
        "input.sp-",
        "Dinilai lewat pengamatan: lampirkan bukti (SK, laporan, foto) di penilaian mandiri.",
    ),
    (
        "proses.",
        "Buat, tetapkan, lengkapi (14 komponen), dan publikasikan standar pelayanan setiap layanan; "
        "publikasikan Maklumat Pelayanan.",
    ),
    (
        "output.",
        "Laksanakan SKM tahun ini dan catat hasilnya di Sewaka (PermenPANRB 14/2017).",
    ),
    (
        "pengaduan.",
        "Cantumkan saluran pengaduan (termasuk SP4N-LAPOR!) di standar pelayanan dan catat serta jawab "
        "pengaduan di Sewaka tepat waktu.",
    ),
)
TODO_2025 = (
    (
        "input.partisipasi",
        "Adakan Forum Konsultasi Publik atas standar setiap layanan dengan peserta dari berbagai unsur "
        "masyarakat dan catat kehadirannya di Sewaka.",
    ),
    ("proses.persepsi", "Laksanakan SKM tahun ini dan catat hasilnya di Sewaka (PermenPANRB 14/2017)."),
    ("pengaduan.budaya", "Jawab setiap pengaduan di Sewaka sebelum tenggatnya."),
)
TODO_DEFAULT = "Belum ada data di Sewaka: lampirkan bukti pada penilaian mandiri unit."
TODO_DECIDED = (
    "Perbaiki keadaan yang disebut pada alasan di atas; nilai diperbarui otomatis dari data Sewaka."
)


def todo_for(instrument_code: str, indicator: str, *, decided: bool = False) -> str:
    """What a unit does about an indicator: undecided (no evidence in Sewaka) or decided below the maximum."""
    table = {"ombudsman-2022-2024": TODO_2022, "ombudsman-2025-opini": TODO_2025}.get(instrument_code, ())
    for prefix, text in table:
        if indicator.startswith(prefix):
            return text
    return TODO_DECIDED if decided else TODO_DEFAULT


@dataclass(frozen=True)
class Gap:
    """One indicator that costs the unit points: undecided by the facts (`score` None, counted as the scale
    minimum) or decided below the scale maximum (`reason`: what the facts show)."""

    number: str
    text: str
    score: int | None
    reason: str
    todo: str
    count: int = 1  # indicators this line stands for ("2.1–2.11": 11)

    @property
    def undecided(self) -> bool:
        return self.score is None


@dataclass
class ForecastRow:
    unit: Unit
    agency: Unit | None  # the perangkat daerah (or kecamatan) the unit belongs to; itself at depth 1
    score: Decimal | None  # undecided indicators at the scale minimum
    best: Decimal | None  # undecided indicators at the scale maximum
    zone: str | None  # None: the instrument has no confirmed bands
    zone_best: str | None
    category: str | None
    category_label: str | None
    decided: int
    total: int
    decided_weight: Decimal  # percent of the total weight the facts decide
    gaps: list[Gap] = field(default_factory=list)
    assessment: Assessment | None = None
    self_score: Decimal | None = None
    self_zone: str | None = None
    self_category: str | None = None

    @property
    def kind_label(self) -> str:
        return str(UnitKind(self.unit.kind).label)

    @property
    def zone_label(self) -> str:
        return ZONE_LABELS.get(self.zone or "", "")

    @property
    def undecided(self) -> list[Gap]:
        return [g for g in self.gaps if g.undecided]

    @property
    def low(self) -> list[Gap]:
        return [g for g in self.gaps if not g.undecided]

    @property
    def undecided_count(self) -> int:
        return sum(g.count for g in self.undecided)

    @property
    def low_count(self) -> int:
        return sum(g.count for g in self.low)

    @property
    def undecided_by_todo(self) -> list[tuple[str, list[Gap]]]:
        """The undecided gaps grouped by what to do (one instruction, the indicators it serves)."""
        groups: dict[str, list[Gap]] = {}
        for gap in self.undecided:
            groups.setdefault(gap.todo, []).append(gap)
        return list(groups.items())

    @property
    def below_green(self) -> bool:
        return self.zone in ("kuning", "merah")


@dataclass(frozen=True)
class Scored:
    """What the forecast reads of a scoring: the rounded total and its band."""

    total: Decimal | None
    category: str | None
    label: str | None
    zone: str | None


def _effective(dim) -> tuple[list[tuple], Fraction]:
    """The engine's effective indicator weights of a dimension (equal when unknown) and their sum."""
    equal = dim.indicators[0].weight is None
    eff = [
        (engine.HUNDRED / len(dim.indicators) if equal else (i.weight or Fraction(0)), i)
        for i in dim.indicators
    ]
    return eff, sum((w for w, _i in eff), Fraction(0))


def fast_score(instrument, answers: dict) -> Scored:
    """`engine.score` for a complete set of answers, without its per-line reasons (building them costs
    ~5 ms a call): the same exact total (Σ dimension weight × weighted mean of the values ÷ 100), rounded
    and banded by `engine.classify`. Equal to the engine's result (test_forecast)."""
    weights = instrument.dimension_weights()
    total = Fraction(0)
    for dim in instrument.dimensions:
        eff, denom = _effective(dim)
        if denom == 0:
            if weights[dim.code] != 0:
                return Scored(None, None, None, None)
            continue
        d_score = sum((w / denom * engine._value(instrument, answers[i.code]) for w, i in eff), Fraction(0))
        total += weights[dim.code] * d_score / engine.HUNDRED
    cls = engine.classify(instrument, total)
    band = cls.band
    return Scored(cls.score, *((band.code, band.label, band.zone) if band else (None, None, None)))


def _shares(instrument) -> dict[str, Fraction]:
    """{indicator code: its share of the total weight, in percent}."""
    weights = instrument.dimension_weights()
    out = {}
    for dim in instrument.dimensions:
        eff, denom = _effective(dim)
        for w, i in eff:
            out[i.code] = weights[dim.code] * w / denom if denom else Fraction(0)
    return out


def _grouped(gaps: list[Gap]) -> list[Gap]:
    """Neighbouring gaps decided alike by one rule, or undecided items of one numbered list (the eleven
    Ombudsman 2022–2024 compliance indicators), read as one line: "2.1–2.11"."""
    out: list[Gap] = []
    run: list[Gap] = []

    def flush():
        if len(run) > 1:
            stem = run[0].text.split(",")[0]
            out.append(
                Gap(
                    f"{run[0].number}–{run[-1].number}",
                    f"{stem} ({len(run)} indikator)",
                    run[0].score,
                    run[0].reason,
                    run[0].todo,
                    len(run),
                )
            )
        else:
            out.extend(run)
        run.clear()

    def alike(a: Gap, b: Gap) -> bool:
        if a.score is not None and b.score is not None:
            return (a.score, a.reason) == (b.score, b.reason)
        # Undecided: numbered items of one unpublished list ("Kepatuhan standar pelayanan, indikator 1 dari 11").
        return (
            a.score is None
            and b.score is None
            and "," in a.text
            and a.text.split(",")[0] == b.text.split(",")[0]
        )

    for gap in gaps:
        if run and not alike(run[-1], gap):
            flush()
        run.append(gap)
    flush()
    return out


def _agency_path(path: str) -> str:
    parts = path.split(".")
    return ".".join(parts[:2]) + "." if len(parts) > 2 else path


def _zone_rank(zone: str | None) -> int:
    return ZONES.index(zone) if zone in ZONES else len(ZONES)


def _latest_assessments(unit_ids, instrument, year) -> dict[int, Assessment]:
    latest: dict[int, Assessment] = {}
    for a in (
        Assessment.objects.filter(unit_id__in=unit_ids, instrument=instrument, year=year)
        .select_related("instrument")
        .order_by("unit_id", "-revision")
    ):
        latest.setdefault(a.unit_id, a)
    return latest


def forecast(units, *, instrument, year: int) -> list[ForecastRow]:
    """One row per unit of `units` (a queryset or list, already scoped by the caller), worst first: lowest
    forecast, then lowest best case, then name."""
    units = list(units)
    if not units:
        return []
    inst = services.parsed(instrument)
    numbers = indicator_numbers(inst)
    facts = unit_facts(units, year, invitations=True)
    agencies = {
        u.path: u
        for u in Unit.objects.filter(path__in={_agency_path(u.path) for u in units}).only(
            "pk", "path", "name", "short_name", "kind"
        )
    }
    assessments = _latest_assessments([u.pk for u in units], instrument, year)
    answers = services.answers_of(assessments.values())
    indicators = [(d, i) for d in inst.dimensions for i in d.indicators]
    low, high = inst.scale_min, inst.scale_max
    scored: dict[tuple, Scored] = {}  # units with the same answers share one scoring

    def score(answers: dict) -> Scored:
        key = tuple(answers[i.code] for _d, i in indicators)
        if key not in scored:
            scored[key] = fast_score(inst, answers)
        return scored[key]

    shares = _shares(inst)
    rows = []
    for unit in units:
        decided = prefill.decide_all(inst.code, facts[unit.pk], forecast=True)
        worst = score({i.code: decided[i.code][0] if i.code in decided else low for _d, i in indicators})
        best = score({i.code: decided[i.code][0] if i.code in decided else high for _d, i in indicators})
        share = sum((shares[code] for code in decided), Fraction(0))
        gaps = []
        for _d, ind in indicators:
            got = decided.get(ind.code)
            if got is None:
                gaps.append(Gap(numbers[ind.code], ind.text, None, "", todo_for(inst.code, ind.code)))
            elif got[0] < high:
                gaps.append(
                    Gap(
                        numbers[ind.code],
                        ind.text,
                        got[0],
                        got[1],
                        todo_for(inst.code, ind.code, decided=True),
                    )
                )
        row = ForecastRow(
            unit=unit,
            agency=agencies.get(_agency_path(unit.path)),
            score=worst.total,
            best=best.total,
            zone=worst.zone,
            zone_best=best.zone,
            category=worst.category,
            category_label=worst.label,
            decided=len(decided),
            total=len(indicators),
            decided_weight=engine.round_value(share, 0),
            gaps=_grouped(gaps),
        )
        assessment = assessments.get(unit.pk)
        if assessment is not None:
            own = services.predicted(assessment, instrument=inst, answers=answers[assessment.pk])
            row.assessment = assessment
            row.self_score, row.self_zone, row.self_category = own.total, own.zone, own.category
        rows.append(row)
    rows.sort(
        key=lambda r: (
            r.score is None,
            r.score if r.score is not None else 0,
            r.best if r.best is not None else 0,
            r.unit.name,
        )
    )
    return rows


def counts_by_zone(rows: list[ForecastRow]) -> dict[str, int]:
    out = dict.fromkeys(ZONES, 0)
    for r in rows:
        if r.zone in out:
            out[r.zone] += 1
    return out


def zone_ranges(instrument) -> list[tuple[str, Decimal, Decimal]]:
    """(zone, lowest, highest score) of a parsed instrument's bands, green first; [] without bands."""
    spans: dict[str, tuple[Decimal, Decimal]] = {}
    for band in instrument.bands or ():
        low, high = spans.get(band.zone, (band.lower, band.upper))
        spans[band.zone] = (min(low, band.lower), max(high, band.upper))
    return [(z, *spans[z]) for z in reversed(ZONES) if z in spans]


def method_years(instrument) -> str:
    """ "2022–2024", "2025 dan seterusnya": the years an instrument's method applies to."""
    if instrument.year_to is None:
        return f"{instrument.year_from} dan seterusnya"
    if instrument.year_from == instrument.year_to:
        return str(instrument.year_from)
    return f"{instrument.year_from}–{instrument.year_to}"
