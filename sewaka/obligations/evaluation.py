"""The obligations engine: a rule, a period and one unit's facts → a state with its reason and evidence.

Pure (house rule 3): no Django, no database. Facts arrive as the plain dataclasses below, read in bulk by
`obligations/sources.py` from the other apps' public facts modules; `selectors.evaluate` feeds them here.

States (issue 17): done, done late, not yet due, missing, not applicable. A rule has a frequency (the
periods a year is cut into: yearly, semester, quarter, or per SKM period — the unit's own survey periods) and
a due rule: `after_period` (N days after the period closes) or `continuous` (must hold at every moment:
evaluated as of today, or the period's end when it is over; never "not yet due").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from dateutil.relativedelta import relativedelta


class State(StrEnum):
    DONE = "done"
    LATE = "late"
    NOT_DUE = "not_due"
    MISSING = "missing"
    NA = "na"


# Indonesian labels (the template marks them for translation through the model's choices).
STATE_LABELS = {
    State.DONE: "Terpenuhi",
    State.LATE: "Terpenuhi, terlambat",
    State.NOT_DUE: "Belum jatuh tempo",
    State.MISSING: "Belum terpenuhi",
    State.NA: "Tidak berlaku",
}

# When one cell summarises several periods, the worst state shows: missing, late, not yet due, done, n/a.
SEVERITY = {State.MISSING: 4, State.LATE: 3, State.NOT_DUE: 2, State.DONE: 1, State.NA: 0}


class Frequency(StrEnum):
    YEARLY = "yearly"
    SEMESTER = "semester"
    QUARTER = "quarter"
    SKM_PERIOD = "skm_period"


class DueMode(StrEnum):
    AFTER_PERIOD = "after_period"
    CONTINUOUS = "continuous"


class Fact(StrEnum):
    FKP_HELD = "fkp_held"  # forums held (held or reported) in the period; threshold: how many
    SKM_EVALUATED = "skm_evaluated"  # every SKM period that ended is evaluated (surveys' one rule)
    STANDARD_CURRENT = "standard_current"  # every active service: a set standard reviewed within N months
    MAKLUMAT_PUBLISHED = "maklumat_published"  # a published Maklumat
    COMPLAINTS_ON_TIME = "complaints_on_time"  # % of the handlers' deadlines met; threshold: the %
    FOLLOWUPS_ON_TIME = "followups_on_time"  # RTL and FKP agreements done by their due date; threshold: %
    EVENTS_ATTENDED = "events_attended"  # coordination events attended; threshold: how many
    INNOVATIONS_REGISTERED = "innovations_registered"  # innovations registered in Sewaka; threshold: how many


@dataclass(frozen=True)
class Period:
    key: str  # "2026", "2026-S1", "2026-Q3"
    label: str  # "Tahun 2026", "Semester I 2026", "Triwulan III 2026"
    start: date
    end: date


ROMAN = ("I", "II", "III", "IV")


def year_period(year: int) -> Period:
    return Period(str(year), f"Tahun {year}", date(year, 1, 1), date(year, 12, 31))


def semester(year: int, n: int) -> Period:
    start = date(year, 1 + 6 * (n - 1), 1)
    end = date(year, 6, 30) if n == 1 else date(year, 12, 31)
    return Period(f"{year}-S{n}", f"Semester {ROMAN[n - 1]} {year}", start, end)


def quarter(year: int, n: int) -> Period:
    start = date(year, 3 * n - 2, 1)
    end = date(year, 12, 31) if n == 4 else date(year, 3 * n + 1, 1) - timedelta(days=1)
    return Period(f"{year}-Q{n}", f"Triwulan {ROMAN[n - 1]} {year}", start, end)


def parse_period(key: str) -> Period | None:
    """'2026' → the year, '2026-S2' → a semester, '2026-Q3' → a quarter; None when malformed."""
    text = (key or "").strip().upper()
    year_text, _, part = text.partition("-")
    if not (year_text.isdigit() and len(year_text) == 4):
        return None
    year = int(year_text)
    if not 2000 <= year <= 2100:
        return None
    if not part:
        return year_period(year)
    if len(part) == 2 and part[1].isdigit():
        n = int(part[1])
        if part[0] == "S" and n in (1, 2):
            return semester(year, n)
        if part[0] == "Q" and 1 <= n <= 4:
            return quarter(year, n)
    return None


def view_periods(year: int) -> list[Period]:
    """What the tracker offers for a year: the year, its semesters, its quarters."""
    return [year_period(year), semester(year, 1), semester(year, 2)] + [
        quarter(year, n) for n in (1, 2, 3, 4)
    ]


def last_quarter(today: date) -> Period:
    """The last quarter that has ended before `today`."""
    n = (today.month - 1) // 3 + 1
    return quarter(today.year, n - 1) if n > 1 else quarter(today.year - 1, 4)


def chunks(frequency: Frequency | str, view: Period) -> list[Period]:
    """The rule's own periods that a view period covers: a yearly rule viewed per quarter is read over its
    year; a quarterly rule viewed over a year is read over its four quarters."""
    year = view.start.year
    freq = Frequency(frequency)
    if freq in (Frequency.YEARLY, Frequency.SKM_PERIOD):
        return [year_period(year)] if freq == Frequency.YEARLY else [view]
    parts = (
        [semester(year, n) for n in (1, 2)]
        if freq == Frequency.SEMESTER
        else [quarter(year, n) for n in range(1, 5)]
    )
    inside = [p for p in parts if p.start >= view.start and p.end <= view.end]
    if inside:
        return inside
    return [p for p in parts if p.start <= view.start <= p.end]  # a quarter view of a semester rule


# --- Facts: what the other apps tell, as plain data ---------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    label: str
    url: str = ""
    on: date | None = None


@dataclass(frozen=True)
class Held:
    """Something that took place on a date: a forum held, an event attended."""

    on: date
    label: str
    url: str = ""


@dataclass(frozen=True)
class SkmPeriod:
    name: str
    start: date
    end: date
    evaluated_on: (
        date | None
    )  # the day the last of (closed, report issued, RTL) was done; None: not evaluated
    missing: tuple[str, ...] = ()  # what is still missing, in surveys' words
    url: str = ""


@dataclass(frozen=True)
class ServiceStandard:
    service: str
    set_on: date | None  # decree date of the current (set or published) version; None: no set standard
    reviewed_on: date | None  # last review; None: never reviewed since it was set
    url: str = ""


@dataclass(frozen=True)
class Deadline:
    """One deadline of a complaint's handlers (the reporter's window is not the unit's)."""

    due: date
    met_on: date | None
    label: str = ""
    url: str = ""


@dataclass(frozen=True)
class Task:
    """A follow-up that must be done by a date (RTL, FKP agreement)."""

    title: str
    due: date
    done_on: date | None
    url: str = ""


@dataclass(frozen=True)
class Invitation:
    on: date
    topic: str
    attended: bool
    url: str = ""


@dataclass
class UnitFacts:
    """Everything the rules read about one unit in one year (its subtree's facts are added by the caller
    when a rule counts them)."""

    services: int = 0
    forums: list[Held] = field(default_factory=list)
    skm_periods: list[SkmPeriod] = field(default_factory=list)
    standards: list[ServiceStandard] = field(default_factory=list)
    maklumat: list[Held] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)
    innovations: list[Held] = field(default_factory=list)  # innovations registered, on their registration day


@dataclass(frozen=True)
class Rule:
    key: str
    name: str
    basis: str
    fact: str
    frequency: str = Frequency.YEARLY
    due_mode: str = DueMode.AFTER_PERIOD
    due_days: int = 0
    threshold: Decimal | None = None
    kinds: frozenset[str] = frozenset()
    unit_ids: frozenset[int] = frozenset()
    counts_subtree: bool = False

    def applies_to(self, unit_id: int, kind: str) -> bool:
        if self.unit_ids:
            return unit_id in self.unit_ids
        return not self.kinds or kind in self.kinds


@dataclass(frozen=True)
class Cell:
    """The state of one rule for one unit in one view period, with why and what proves it."""

    state: State
    reason: str
    evidence: tuple[Evidence, ...] = ()
    due: date | None = None
    period: str = ""

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def _fmt(d: date) -> str:
    """8 Oktober 2026 (reasons are Indonesian sentences, dates in words like the rest of the UI)."""
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"


def _threshold(rule: Rule, default: int) -> Decimal:
    return rule.threshold if rule.threshold is not None else Decimal(default)


def _count_word(n: Decimal) -> str:
    """80 → '80', 66.7 → '66,7' (Indonesian decimal comma)."""
    return str(int(n)) if n == int(n) else str(n.normalize()).replace(".", ",")


# --- One rule, one chunk ------------------------------------------------------------------------------


def _due(rule: Rule, chunk: Period) -> date | None:
    return None if rule.due_mode == DueMode.CONTINUOUS else chunk.end + timedelta(days=rule.due_days)


def _as_of(chunk: Period, today: date) -> date:
    return min(today, chunk.end)


def _counted(rule: Rule, items: Sequence[Held], chunk: Period, today: date, noun: str) -> Cell:
    """≥ threshold things held within the chunk (forums, events attended)."""
    need = _threshold(rule, 1)
    due = _due(rule, chunk)
    inside = sorted((h for h in items if chunk.start <= h.on <= min(chunk.end, today)), key=lambda h: h.on)
    evidence = tuple(Evidence(h.label, h.url, h.on) for h in inside)
    if len(inside) >= need:
        return Cell(State.DONE, f"{len(inside)} {noun} pada {chunk.label}.", evidence, due, chunk.key)
    if due is None or today <= due:
        if due is None:  # continuous: no due date (_due)
            return Cell(
                State.MISSING,
                f"Baru {len(inside)} dari {_count_word(need)} {noun}.",
                evidence,
                due,
                chunk.key,
            )
        return Cell(
            State.NOT_DUE,
            f"Baru {len(inside)} dari {_count_word(need)} {noun}; batas {_fmt(due)}.",
            evidence,
            due,
            chunk.key,
        )
    return Cell(
        State.MISSING,
        f"Belum ada {noun} pada {chunk.label}."
        if not inside
        else f"Baru {len(inside)} dari {_count_word(need)} {noun}.",
        evidence,
        due,
        chunk.key,
    )


def _fkp(rule: Rule, facts: UnitFacts, chunk: Period, today: date) -> Cell:
    return _counted(rule, facts.forums, chunk, today, "forum konsultasi publik terlaksana")


def _events(rule: Rule, facts: UnitFacts, chunk: Period, today: date) -> Cell:
    invited = [i for i in facts.invitations if chunk.start <= i.on <= chunk.end]
    if not invited:
        return Cell(
            State.NA,
            f"Tidak diundang ke kegiatan koordinasi pada {chunk.label}.",
            (),
            _due(rule, chunk),
            chunk.key,
        )
    attended = [Held(i.on, i.topic, i.url) for i in invited if i.attended]
    cell = _counted(rule, attended, chunk, today, "kegiatan koordinasi dihadiri")
    if cell.state == State.MISSING or cell.state == State.NOT_DUE:
        absent = [i for i in invited if not i.attended and i.on <= today]
        extra = tuple(Evidence(f"Tidak hadir: {i.topic}", i.url, i.on) for i in absent)
        return Cell(cell.state, cell.reason, cell.evidence + extra, cell.due, cell.period)
    return cell


def _innovations(rule: Rule, facts: UnitFacts, chunk: Period, today: date) -> Cell:
    return _counted(rule, facts.innovations, chunk, today, "inovasi didaftarkan")


def _skm(rule: Rule, facts: UnitFacts, chunk: Period, today: date) -> Cell:
    if not facts.services and not facts.skm_periods:
        return Cell(State.NA, "Unit ini tidak memiliki layanan terdaftar.", (), None, chunk.key)
    ended = sorted(
        (p for p in facts.skm_periods if chunk.start <= p.end <= chunk.end and p.end < today),
        key=lambda p: p.end,
    )
    if not ended:
        year_view = chunk.start.month == 1 and chunk.end.month == 12 and chunk.start.day == 1
        due = chunk.end + timedelta(days=rule.due_days)
        if not year_view:
            return Cell(
                State.NA, f"Tidak ada periode SKM yang berakhir pada {chunk.label}.", (), None, chunk.key
            )
        if today <= due:
            return Cell(
                State.NOT_DUE, f"Belum ada periode SKM yang berakhir pada {chunk.label}.", (), due, chunk.key
            )
        return Cell(State.MISSING, f"Tidak ada periode SKM pada {chunk.label}.", (), due, chunk.key)
    cells = []
    for p in ended:
        due = p.end + timedelta(days=rule.due_days)
        ev = (Evidence(f"Laporan SKM {p.name}", p.url, p.evaluated_on),)
        if p.evaluated_on is not None and p.evaluated_on <= due:
            cells.append(
                Cell(State.DONE, f"{p.name}: dievaluasi {_fmt(p.evaluated_on)}.", ev, due, chunk.key)
            )
        elif p.evaluated_on is not None:
            cells.append(
                Cell(
                    State.LATE,
                    f"{p.name}: dievaluasi {_fmt(p.evaluated_on)}, lewat batas {_fmt(due)}.",
                    ev,
                    due,
                    chunk.key,
                )
            )
        elif today <= due:
            todo = " ".join(p.missing)
            cells.append(
                Cell(State.NOT_DUE, f"{p.name}: batas {_fmt(due)}. {todo}".strip(), ev, due, chunk.key)
            )
        else:
            todo = " ".join(p.missing)
            cells.append(
                Cell(
                    State.MISSING,
                    f"{p.name}: belum dievaluasi (batas {_fmt(due)}). {todo}".strip(),
                    ev,
                    due,
                    chunk.key,
                )
            )
    return combine(cells, chunk.key)


def _standards(rule: Rule, facts: UnitFacts, chunk: Period, today: date) -> Cell:
    if not facts.standards:
        return Cell(State.NA, "Unit ini tidak memiliki layanan aktif.", (), None, chunk.key)
    months = int(_threshold(rule, 12))
    as_of = _as_of(chunk, today)
    without, overdue, evidence = [], [], []
    for s in facts.standards:
        if s.set_on is None or s.set_on > as_of:
            without.append(s.service)
            continue
        base = max(d for d in (s.set_on, s.reviewed_on) if d is not None and d <= as_of)
        if base + relativedelta(months=months) < as_of:
            overdue.append(s.service)
        else:
            evidence.append(Evidence(f"Standar {s.service}", s.url, base))
    due = _due(rule, chunk)
    if not without and not overdue:
        return Cell(
            State.DONE,
            f"{len(facts.standards)} layanan memiliki standar yang berlaku.",
            tuple(evidence),
            due,
            chunk.key,
        )
    parts = []
    if without:
        parts.append("Tanpa standar yang ditetapkan: " + ", ".join(without) + ".")
    if overdue:
        parts.append(f"Belum ditinjau dalam {months} bulan: " + ", ".join(overdue) + ".")
    state = State.NOT_DUE if due is not None and today <= due else State.MISSING
    return Cell(state, " ".join(parts), tuple(evidence), due, chunk.key)


def _maklumat(rule: Rule, facts: UnitFacts, chunk: Period, today: date) -> Cell:
    if not facts.services:
        return Cell(State.NA, "Unit ini tidak memiliki layanan aktif.", (), None, chunk.key)
    as_of = _as_of(chunk, today)
    due = _due(rule, chunk)
    valid = sorted((m for m in facts.maklumat if m.on <= as_of), key=lambda m: m.on)
    if valid:
        m = valid[-1]
        late = due is not None and m.on > due
        return Cell(
            State.LATE if late else State.DONE,
            f"Maklumat ditandatangani {_fmt(m.on)}.",
            (Evidence(m.label, m.url, m.on),),
            due,
            chunk.key,
        )
    state = State.NOT_DUE if due is not None and today <= due else State.MISSING
    return Cell(state, "Belum ada maklumat pelayanan yang dipublikasikan.", (), due, chunk.key)


def _percent(n: int, d: int) -> Decimal:
    return (Decimal(100) * n / d).quantize(Decimal("0.1"))


def _complaints(rule: Rule, facts: UnitFacts, chunk: Period, today: date) -> Cell:
    target = _threshold(rule, 80)
    counted = [
        d
        for d in facts.deadlines
        if chunk.start <= d.due <= chunk.end and (d.met_on is not None or d.due < today)
    ]
    if not counted:
        return Cell(State.NA, f"Tidak ada tenggat pengaduan pada {chunk.label}.", (), None, chunk.key)
    met = [d for d in counted if d.met_on is not None and d.met_on <= d.due]
    pct = _percent(len(met), len(counted))
    missed = tuple(Evidence(f"Lewat tenggat: {d.label}", d.url, d.due) for d in counted if d not in met)
    reason = f"{len(met)} dari {len(counted)} tenggat dipenuhi ({_count_word(pct)}%; target {_count_word(target)}%)."
    due = _due(rule, chunk)
    if pct >= target:
        return Cell(State.DONE, reason, missed, due, chunk.key)
    state = State.NOT_DUE if due is not None and today <= due else State.MISSING
    return Cell(state, reason, missed, due, chunk.key)


def _followups(rule: Rule, facts: UnitFacts, chunk: Period, today: date) -> Cell:
    target = _threshold(rule, 100)
    tasks = [t for t in facts.tasks if chunk.start <= t.due <= chunk.end]
    if not tasks:
        return Cell(
            State.NA,
            f"Tidak ada RTL atau kesepakatan FKP yang jatuh tempo pada {chunk.label}.",
            (),
            None,
            chunk.key,
        )
    overdue = [t for t in tasks if t.done_on is None and t.due < today]
    pending = [t for t in tasks if t.done_on is None and t.due >= today]
    done = [t for t in tasks if t.done_on is not None]
    on_time = [t for t in done if t.done_on is not None and t.done_on <= t.due]
    evidence = tuple(
        Evidence(("Terlambat: " if t in overdue else "") + t.title, t.url, t.due) for t in overdue + pending
    ) + tuple(Evidence(t.title, t.url, t.done_on) for t in done)
    if overdue:
        return Cell(
            State.MISSING,
            f"{len(overdue)} dari {len(tasks)} tindak lanjut lewat tenggat dan belum selesai.",
            evidence,
            None,
            chunk.key,
        )
    if pending:
        first = min(t.due for t in pending)
        return Cell(
            State.NOT_DUE,
            f"{len(pending)} tindak lanjut belum jatuh tempo (terdekat {_fmt(first)}).",
            evidence,
            first,
            chunk.key,
        )
    pct = _percent(len(on_time), len(done))
    reason = f"{len(on_time)} dari {len(done)} tindak lanjut selesai tepat waktu ({_count_word(pct)}%)."
    return Cell(State.DONE if pct >= target else State.LATE, reason, evidence, None, chunk.key)


ENGINES = {
    Fact.FKP_HELD: _fkp,
    Fact.SKM_EVALUATED: _skm,
    Fact.STANDARD_CURRENT: _standards,
    Fact.MAKLUMAT_PUBLISHED: _maklumat,
    Fact.COMPLAINTS_ON_TIME: _complaints,
    Fact.FOLLOWUPS_ON_TIME: _followups,
    Fact.EVENTS_ATTENDED: _events,
    Fact.INNOVATIONS_REGISTERED: _innovations,
}


def combine(cells: Iterable[Cell], period: str = "") -> Cell:
    """The worst of several cells, with every cell's evidence and the reasons of the worst."""
    cells = list(cells)
    if not cells:
        return Cell(State.NA, "Tidak ada periode untuk dinilai.", (), None, period)
    if len(cells) == 1:
        return cells[0]
    worst = max(cells, key=lambda c: SEVERITY[c.state])
    reasons = " ".join(c.reason for c in cells if c.state == worst.state)
    evidence = tuple(e for c in cells for e in c.evidence)
    dues = [c.due for c in cells if c.state == worst.state and c.due is not None]
    return Cell(worst.state, reasons, evidence, min(dues) if dues else None, period)


def evaluate(rule: Rule, *, unit_id: int, kind: str, facts: UnitFacts, view: Period, today: date) -> Cell:
    """The state of `rule` for one unit over the view period (worst of the rule's periods inside it)."""
    if not rule.applies_to(unit_id, kind):
        return Cell(State.NA, "Kewajiban ini tidak berlaku untuk jenis unit ini.", (), None, view.key)
    try:
        engine = ENGINES[Fact(rule.fact)]
    except ValueError:
        return Cell(State.NA, "Fakta yang dibaca aturan ini tidak dikenal.", (), None, view.key)
    parts = []
    for chunk in chunks(rule.frequency, view):
        if chunk.start > today:
            parts.append(
                Cell(State.NOT_DUE, f"{chunk.label} belum dimulai.", (), _due(rule, chunk), chunk.key)
            )
            continue
        parts.append(engine(rule, facts, chunk, today))
    cell = combine(parts, view.key)
    return Cell(cell.state, cell.reason, cell.evidence, cell.due, view.key)
