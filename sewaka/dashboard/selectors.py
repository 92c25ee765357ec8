"""The leadership dashboard's figures (issue 17 item 5), for the city or one perangkat daerah's subtree.

Everything is read in bulk through the feature apps' public modules — `surveys.facts.periods`,
`obligations.selectors.evaluate`, `standards.facts`, `consultations.facts`, `complaints.facts`,
`followups.facts`, `assessments.selectors.official_latest` — so the number of queries does not grow with the
number of units or responses (tests/test_query_counts.py; `bench/` times it at 600 units / 1 000 000
responses).

The city's SKM period ("periode kota") is a calendar quarter by default (or a semester, a year): a unit's
survey period counts in the city period in which it ENDS (its answers are never split over two city
periods), and periods recorded over the dates of an already counted period (`in_ranking=False`) are left
out so no respondent counts twice. The headline IKM of a city period is the exact engine (`surveys/ikm.py`)
over the summed included answers of all its units' periods ("pooled": every respondent weighs the same);
the mean of the units' IKM is shown beside it for comparison (docs/scoring.md).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sewaka.assessments.selectors import default_forecast_instrument, official_latest, readiness_forecast
from sewaka.complaints import facts as complaint_facts
from sewaka.complaints.models import Channel
from sewaka.consultations import facts as consultation_facts
from sewaka.followups import facts as followup_facts
from sewaka.followups.models import SOURCE_LABELS
from sewaka.innovations import facts as innovation_facts
from sewaka.innovations.transitions import Stage
from sewaka.obligations import evaluation as ev
from sewaka.obligations import selectors as obligations
from sewaka.organisations.access import Action, can, get_unit_for
from sewaka.organisations.models import Membership, Role, Unit
from sewaka.standards import facts as standard_facts
from sewaka.surveys import facts as survey_facts
from sewaka.surveys import ikm

LEADER_ROLES = (Role.PIMPINAN, Role.ADMIN_PEMDA)

GRAINS = {
    "triwulan": _("Triwulan"),
    "semester": _("Semester"),
    "tahun": _("Tahun"),
}
TREND_LENGTH = {"triwulan": 8, "semester": 6, "tahun": 5}

# Heat levels: a colour AND a word in every cell (never colour alone).
GOOD, WARN, BAD, NONE = "good", "warn", "bad", "none"
# Words that do not repeat the mutu names (A "Sangat baik", B "Baik", …) so a cell never reads "Baik" beside "A".
LEVEL_LABELS = {GOOD: _("Aman"), WARN: _("Perhatian"), BAD: _("Buruk"), NONE: _("Belum ada data")}
MUTU_LEVEL = {"A": GOOD, "B": GOOD, "C": WARN, "D": BAD}
KINERJA = {band.mutu: band.kinerja for band in ikm.BANDS}


# --- Scope ----------------------------------------------------------------------------------------------


def leader_roots(user) -> list[Unit]:
    """The units whose subtree the user leads (pimpinan or admin pemda memberships; a superuser: every
    pemda), shallowest first, without units covered by another."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.is_superuser:
        units = list(Unit.objects.filter(depth=0, is_active=True).order_by("path"))
    else:
        units = [
            m.unit
            for m in Membership.objects.filter(
                user=user, is_active=True, unit__is_active=True, role__in=LEADER_ROLES
            )
            .select_related("unit")
            .order_by("unit__depth", "unit__path")
        ]
    roots: list[Unit] = []
    for u in units:
        if not any(u.path.startswith(r.path) for r in roots):
            roots.append(u)
    return roots


def may_see(user) -> bool:
    return bool(leader_roots(user))


def scope_of(user, unit_pk: int | None = None) -> tuple[Unit, list[Unit]]:
    """(the unit the dashboard shows, the user's leader roots). No leadership role: 403. A unit outside the
    user's view scope, or outside the subtrees they lead: 404 (no existence leak)."""
    roots = leader_roots(user)
    if not roots:
        raise PermissionDenied
    if unit_pk is None:
        return roots[0], roots
    unit = get_unit_for(user, unit_pk, Action.VIEW)
    if not any(unit.path.startswith(r.path) for r in roots) or not can(user, Action.VIEW, unit):
        raise Http404
    return unit, roots


# --- City periods ---------------------------------------------------------------------------------------


def bucket_of(d: date, grain: str) -> ev.Period:
    if grain == "tahun":
        return ev.year_period(d.year)
    if grain == "semester":
        return ev.semester(d.year, 1 if d.month <= 6 else 2)
    return ev.quarter(d.year, (d.month - 1) // 3 + 1)


def buckets(today: date, grain: str, n: int) -> list[ev.Period]:
    """The last `n` city periods up to the one containing `today`, oldest first."""
    out = [bucket_of(today, grain)]
    while len(out) < n:
        out.append(bucket_of(out[-1].start - timedelta(days=1), grain))
    return out[::-1]


# --- IKM ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ikm:
    """An IKM over one or more survey periods: the exact engine's value (`exact`), rounded (`value`)."""

    value: Decimal | None = None
    exact: Fraction | None = None
    mutu: str | None = None
    respondents: int = 0
    periods: int = 0
    period_id: int | None = None  # the one period, when exactly one counted

    @property
    def kinerja(self) -> str | None:
        return KINERJA.get(self.mutu) if self.mutu else None


EMPTY = Ikm()


def pooled(facts: Sequence) -> Ikm:
    """The exact engine over the summed included answers of `facts` (surveys.facts.PeriodResult). One
    period: its stored result (the same engine, already run when its answers were tallied)."""
    counted = [f for f in facts if f.included]
    if not counted:
        return EMPTY
    if len(counted) == 1:
        r = counted[0].result
        return Ikm(r.ikm, None, r.mutu, r.respondents, 1, counted[0].id)
    sums = [[0, 0] for _ in ikm.UNSUR_KEYS]
    respondents = 0
    for f in counted:
        respondents += f.result.respondents
        for i, (total, n) in enumerate(f.result.aggregates):
            sums[i][0] += total
            sums[i][1] += n
    result = ikm.compute_from_aggregates(
        {k: (t, c) for k, (t, c) in zip(ikm.UNSUR_KEYS, sums, strict=True)}, respondents=respondents
    )
    return Ikm(result.ikm, result.ikm_exact, result.mutu, respondents, len(counted))


def mean_of(values: Sequence[Ikm]) -> tuple[Decimal | None, str | None]:
    """The plain mean of the units' IKM as each unit shows it (two decimals), rounded half-up to two
    decimals, and its mutu."""
    shown = [v.value for v in values if v.value is not None]
    if not shown:
        return None, None
    # The values have two decimals: their Decimal sum is exact (28 significant digits), one Fraction divides.
    mean = ikm.round_half_up(Fraction(sum(shown, Decimal(0))) / len(shown))
    return mean, ikm.band_for(mean).mutu


@dataclass
class CityPeriod:
    period: ev.Period
    pooled: Ikm
    mean: Decimal | None
    mean_mutu: str | None
    units: int  # units with an IKM in the period
    by_unit: dict[int, Ikm]


# --- The heat table -------------------------------------------------------------------------------------


@dataclass
class Cell:
    text: str
    level: str = NONE
    note: str = ""
    url: str = ""
    word: bool = True  # False when the text already says it (mutu "B · Baik")

    @property
    def level_label(self) -> str:
        return str(LEVEL_LABELS[self.level])


@dataclass
class HeatRow:
    unit: Unit
    units: int  # units in the row's subtree (itself included)
    cells: list[Cell]
    drill_url: str = ""
    own_only: bool = False  # the scope's own unit, without its subtree

    @property
    def bad(self) -> int:
        return sum(1 for c in self.cells if c.level == BAD)

    @property
    def warn(self) -> int:
        return sum(1 for c in self.cells if c.level == WARN)


HEAT_COLUMNS = (
    _("IKM"),
    _("Mutu"),
    _("Kewajiban terpenuhi"),
    _("Pengaduan lewat tenggat"),
    _("Tindak lanjut lewat tenggat"),
    _("Standar pelayanan lengkap"),
)


def _percent(n: int, d: int) -> int | None:
    return round(100 * n / d) if d else None


def _pct_level(p: int | None) -> str:
    if p is None:
        return NONE
    return GOOD if p >= 80 else WARN if p >= 50 else BAD


def _count_level(n: int) -> str:
    return GOOD if n == 0 else WARN if n <= 2 else BAD


def _fmt(value: Decimal | None) -> str:
    return "–" if value is None else ikm.format_id(value)


# --- The dashboard --------------------------------------------------------------------------------------


@dataclass
class Dashboard:
    root: Unit
    pemda: Unit
    today: date
    grain: str
    year: int
    unit_count: int
    current: CityPeriod
    previous: CityPeriod
    trend: list[CityPeriod]
    weak_units: list[tuple[Unit, Ikm]]
    risers: list[tuple[Unit, Ikm, Ikm, Decimal]]
    fallers: list[tuple[Unit, Ikm, Ikm, Decimal]]
    compliance: list[dict]
    worst: list[dict]
    forums_held: int
    fkp_units: tuple[int, int] | None  # (perangkat daerah that met the FKP rule, those it applies to)
    standards: tuple[int, int]  # (services with a set, current, complete standard; active services)
    complaints: dict
    followups: dict
    official: list[dict]
    heat: list[HeatRow]
    links: dict = field(default_factory=dict)
    innovations: dict = field(default_factory=dict)

    @property
    def standards_percent(self) -> int | None:
        return _percent(*self.standards)

    @property
    def empty(self) -> bool:
        return not self.trend or not any(c.pooled.respondents for c in self.trend)


def _url(name: str, pk: int | None = None) -> str:
    return reverse(name, args=[pk]) if pk is not None else reverse(name)


class _Links:
    """URL builders reversed once (a reverse per cell made a 600-unit page slow)."""

    def __init__(self):
        self.unit = reverse("organisations:unit_detail", args=[987654321])
        self.period = reverse("surveys:period_detail", args=[987654321])
        self.standards = reverse("standards:unit", args=[987654321])
        self.obligations = reverse("obligations:unit", args=[987654321])
        self.dashboard = reverse("dashboard:index")
        self.followups = reverse("followups:list")
        self.complaints = reverse("complaints:list")
        self.tracker = reverse("obligations:tracker")
        self.ranking = reverse("surveys:ranking")

    @staticmethod
    def of(template: str, pk: int) -> str:
        return template.replace("987654321", str(pk))


UNIT_COLUMNS = ("id", "parent_id", "path", "depth", "kind", "code", "name", "short_name", "is_active")


def dashboard(*, user, root: Unit, grain: str = "triwulan", today: date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    grain = grain if grain in GRAINS else "triwulan"
    year = today.year
    links = _Links()
    # Only the columns the figures and the page read (a unit row has ~20: contacts, head, address).
    units = list(
        Unit.objects.filter(path__startswith=root.path, is_active=True).only(*UNIT_COLUMNS).order_by("path")
    )
    ids = [u.id for u in units]
    by_id = dict(zip(ids, units, strict=True))
    pemda = root if root.depth == 0 else Unit.objects.get(pk=root.root_id)

    # Rows of the heat table: the root's children, each with its subtree (an OPD head's own unit first).
    children = [u for u in units if u.depth == root.depth + 1]
    row_units = ([root] if root.depth > 0 else []) + children
    row_of: dict[int, int] = {}
    root_id, part = root.pk, root.depth + 1
    for uid, u in zip(ids, units, strict=True):
        row_of[uid] = root_id if uid == root_id else int(u.path.split(".")[part])
    members: dict[int, list[int]] = defaultdict(list)
    for uid, rid in row_of.items():
        members[rid].append(uid)

    # --- SKM: every period ending in the trend's range, bucketed by the city period it ends in.
    trend_buckets = buckets(today, grain, TREND_LENGTH[grain])
    first, last = trend_buckets[0], trend_buckets[-1]
    # Read up to the year's end as well: the same stored results serve the obligations' SKM rule (every
    # period ending in the year), one read for both.
    periods = survey_facts.period_results(ids, start=first.start, end=max(last.end, date(year, 12, 31)))
    skm_results = {f.id: f.result for facts in periods.values() for f in facts}
    in_bucket: dict[str, dict[int, list]] = {b.key: defaultdict(list) for b in trend_buckets}
    key_of: dict[date, str] = {}  # end date → its city period's key (most periods share a few end dates)
    for uid, facts in periods.items():
        for f in facts:
            if not f.in_ranking or f.end > last.end:
                continue
            key = key_of.get(f.end)
            if key is None:
                key = key_of[f.end] = bucket_of(f.end, grain).key
            in_bucket[key][uid].append(f)

    def city_period(b: ev.Period) -> CityPeriod:
        per_unit = in_bucket[b.key]
        by_unit = {uid: pooled(fs) for uid, fs in per_unit.items()}
        by_unit = {uid: v for uid, v in by_unit.items() if v.value is not None}
        mean, mean_mutu = mean_of(list(by_unit.values()))
        everything = [f for fs in per_unit.values() for f in fs]
        return CityPeriod(b, pooled(everything), mean, mean_mutu, len(by_unit), by_unit)

    trend = [city_period(b) for b in trend_buckets]
    with_data = [c for c in trend if c.pooled.value is not None]
    current = with_data[-1] if with_data else trend[-1]
    index = trend.index(current)
    previous = (
        trend[index - 1]
        if index > 0
        else city_period_empty(bucket_of(current.period.start - timedelta(1), grain))
    )

    weak = sorted(
        ((by_id[uid], v) for uid, v in current.by_unit.items() if v.mutu in ("C", "D")),
        key=lambda item: (item[1].value, item[0].name),
    )
    moves = []
    for uid, now in current.by_unit.items():
        before = previous.by_unit.get(uid)
        if before is not None and before.value is not None and now.value is not None:
            moves.append((by_id[uid], before, now, now.value - before.value))
    risers = sorted((m for m in moves if m[3] > 0), key=lambda m: (-m[3], m[0].name))[:5]
    fallers = sorted((m for m in moves if m[3] < 0), key=lambda m: (m[3], m[0].name))[:5]

    # --- Obligations of the year (the tracker's one evaluation).
    # Standards are read once: for the evaluation's "standar" rule and for the coverage figure below.
    standards = standard_facts.service_standards(ids, year, today=today)
    evaluation = obligations.evaluate(
        units,
        pemda=pemda,
        view=ev.year_period(year),
        today=today,
        universe=units,
        standards_read=standards,
        skm_results=skm_results,
    )
    met_states = (ev.State.DONE, ev.State.LATE)
    # One pass over the cells: states per rule (the pemda itself holds no unit's obligations) and
    # (met, due) per heat row.
    per_rule: list[Counter] = [Counter() for _ in evaluation.rules]
    row_counts: dict[int, list[int]] = {rid: [0, 0] for rid in members}
    MISSING = ev.State.MISSING
    for uid, u in zip(ids, units, strict=True):
        counts = row_counts[row_of[uid]]
        obliged = u.depth > 0
        for n, c in enumerate(evaluation.cells[uid]):
            state = c.state
            if obliged:
                per_rule[n][state] += 1
            if state in met_states:
                counts[0] += 1
                counts[1] += 1
            elif state == MISSING:
                counts[1] += 1
    row_obligations: dict[int, tuple[int, int]] = {rid: (c[0], c[1]) for rid, c in row_counts.items()}
    compliance = []
    for n, rule in enumerate(evaluation.rules):
        states = per_rule[n]
        met = states[ev.State.DONE] + states[ev.State.LATE]
        due = met + states[ev.State.MISSING]
        compliance.append(
            {
                "rule": rule,
                "met": met,
                "late": states[ev.State.LATE],
                "missing": states[ev.State.MISSING],
                "not_due": states[ev.State.NOT_DUE],
                "due": due,
                "percent": _percent(met, due),
                "level": _pct_level(_percent(met, due)),
                "url": f"{links.tracker}?tahun={year}&periode={year}&kewajiban={rule.key}&status=belum",
            }
        )
    fkp = next((n for n, r in enumerate(evaluation.rules) if r.fact == ev.Fact.FKP_HELD), None)
    fkp_units = None
    if fkp is not None:
        heads = [u for u in row_units if evaluation.cells[u.id][fkp].state != ev.State.NA]
        fkp_units = (sum(1 for u in heads if evaluation.cells[u.id][fkp].state in met_states), len(heads))

    # --- FKP held, standards coverage.
    forums = consultation_facts.forums(ids, year)
    forums_held = sum(len(f.held) for f in forums.values())
    row_standards: dict[int, list[int]] = {rid: [0, 0] for rid in members}
    for uid, us in standards.items():
        for s in us.services:
            ok = s.current is not None and not s.review_overdue and s.current.completeness.complete
            counts = row_standards[row_of[uid]]
            counts[0] += int(ok)
            counts[1] += 1
    standards_total = (sum(c[0] for c in row_standards.values()), sum(c[1] for c in row_standards.values()))

    # --- Complaints: received this year (by handling unit), overdue now.
    received = complaint_facts.complaints(ids, year)
    overdue = complaint_facts.overdue_now(ids)
    channels: Counter = Counter()
    by_row_complaints: dict[int, dict] = {
        rid: {"received": 0, "overdue": 0, "late_days": 0} for rid in members
    }
    city = {"received": 0, "answered": 0, "in_time": 0}
    for uid, uc in received.items():
        city["received"] += uc.received
        city["answered"] += uc.answered
        city["in_time"] += uc.answered_within_deadline
        channels.update(dict(uc.by_channel))
        by_row_complaints[row_of[uid]]["received"] += uc.received
    overdue_cases = []
    for uid, cases in overdue.items():
        row = by_row_complaints[row_of[uid]]
        row["overdue"] += len(cases)
        row["late_days"] = max([row["late_days"], *(c.days_late for c in cases)])
        overdue_cases += [(c, by_id[uid]) for c in cases]
    overdue_cases.sort(key=lambda item: (-item[0].days_late, item[0].due))
    channel_labels = dict(Channel.choices)
    complaints: dict[str, Any] = {
        **city,
        "in_time_percent": _percent(city["in_time"], city["answered"]),
        "overdue": len(overdue_cases),
        "overdue_cases": overdue_cases[:10],
        "by_channel": [(str(channel_labels.get(k, k)), n) for k, n in channels.most_common()],
        "by_unit": sorted(
            (
                (u, by_row_complaints[u.id])
                for u in row_units
                if by_row_complaints[u.id]["received"] or by_row_complaints[u.id]["overdue"]
            ),
            key=lambda item: (-item[1]["overdue"], -item[1]["received"], item[0].name),
        )[:10],
        "may_open": can(user, Action.COMPLAINTS, root),
        "list_url": f"{links.complaints}?tab=due",
    }

    # --- Follow-ups: open and overdue by source and by unit.
    fus = followup_facts.followups(ids, today=today)
    sources: dict[str, list[int]] = {key: [0, 0] for key in SOURCE_LABELS}
    by_row_followups: dict[int, list[int]] = {rid: [0, 0] for rid in members}
    for uid, uf in fus.items():
        for key, source_counts in uf.by_source.items():
            counts = sources.setdefault(key, [0, 0])
            counts[0] += source_counts.open
            counts[1] += source_counts.overdue
            unit_row = by_row_followups[row_of[uid]]
            unit_row[0] += source_counts.open
            unit_row[1] += source_counts.overdue
    by_unit_followups: list[tuple[Unit, int, int]] = [
        (u, by_row_followups[u.id][0], by_row_followups[u.id][1])
        for u in row_units
        if by_row_followups[u.id][0]
    ]
    followups: dict[str, Any] = {
        "open": sum(c[0] for c in sources.values()),
        "overdue": sum(c[1] for c in sources.values()),
        "by_source": [(str(SOURCE_LABELS.get(k, k)), c[0], c[1]) for k, c in sources.items() if c[0] or c[1]],
        "by_unit": sorted(by_unit_followups, key=lambda item: (-item[2], -item[1], item[0].name))[:10],
        "list_url": f"{links.followups}?overdue=on",
    }

    # --- Official results (Ombudsman, PEKPPP): the newest per unit.
    official: list[dict[str, Any]] = [
        {
            "unit": by_id[uid],
            "ombudsman": r.get("ombudsman"),
            "pekppp": r.get("pekppp"),
            "ombudsman_text": _official_text(r.get("ombudsman")),
            "pekppp_text": _official_text(r.get("pekppp")),
        }
        for uid, r in official_latest(ids).items()
    ]
    official.sort(key=lambda r: r["unit"].path)

    # --- Innovations per perangkat daerah and the year's KIPP pipeline (innovations.facts).
    innovations = _innovations(units, ids, row_units, members, root, year)

    # --- The heat table (its words translated once, not per row).
    late_text, open_text = str(_("terlama %(d)s hari kerja")), str(_("dari %(n)s terbuka"))
    no_services = str(_("tanpa layanan"))
    heat = []
    for u in row_units:
        own_only = u.id == root.pk
        uids = [u.id] if own_only else members[u.id]
        facts_now = [f for uid in uids for f in in_bucket[current.period.key].get(uid, ())]
        facts_before = (
            [f for uid in uids for f in in_bucket[previous.period.key].get(uid, ())]
            if previous.period.key in in_bucket
            else []
        )
        now, before = pooled(facts_now), pooled(facts_before)
        leaf = len(uids) == 1
        if now.value is None:
            ikm_cell = Cell("–", NONE)
            mutu_cell = Cell("–", NONE)
        else:
            delta = now.value - before.value if before.value is not None else None
            note = (
                (f"+{ikm.format_id(delta)}" if delta > 0 else ikm.format_id(delta))
                if delta is not None
                else ""
            )
            url = (
                _Links.of(links.period, now.period_id)
                if now.period_id is not None
                else f"{links.ranking}?start={current.period.start:%Y-%m-%d}&end={current.period.end:%Y-%m-%d}"
            )
            level = MUTU_LEVEL.get(now.mutu or "", NONE)
            ikm_cell = Cell(_fmt(now.value), level, note, url)
            mutu_cell = Cell(f"{now.mutu} · {KINERJA.get(now.mutu or '', '')}", level, "", url, word=False)
        met, due = row_obligations.get(u.id, (0, 0)) if not own_only else _own_obligations(evaluation, u.id)
        p = _percent(met, due)
        obligations_url = (
            _Links.of(links.obligations, u.id) if leaf else f"{links.tracker}?tahun={year}&periode={year}"
        )
        ob_cell = Cell(
            f"{p} %" if p is not None else "–", _pct_level(p), f"{met}/{due}" if due else "", obligations_url
        )
        crow = (
            by_row_complaints[u.id]
            if not own_only
            else {
                "overdue": len(overdue.get(u.id, ())),
                "late_days": max((c.days_late for c in overdue.get(u.id, ())), default=0),
            }
        )
        complaint_cell = Cell(
            str(crow["overdue"]),
            _count_level(crow["overdue"]),
            late_text % {"d": crow["late_days"]} if crow["overdue"] else "",
            complaints["list_url"] if complaints["may_open"] else "",
        )
        fo = by_row_followups[u.id] if not own_only else [fus[u.id].open, fus[u.id].overdue]
        followup_cell = Cell(
            str(fo[1]),
            _count_level(fo[1]),
            open_text % {"n": fo[0]} if fo[0] else "",
            f"{links.followups}?unit={u.id}&overdue=on",
        )
        if own_only:
            complete = sum(
                1
                for s in standards[u.id].services
                if s.current is not None and not s.review_overdue and s.current.completeness.complete
            )
            st = [complete, len(standards[u.id].services)]
        else:
            st = row_standards[u.id]
        sp = _percent(st[0], st[1])
        standard_cell = Cell(
            f"{sp} %" if sp is not None else "–",
            _pct_level(sp),
            f"{st[0]}/{st[1]}" if st[1] else no_services,
            _Links.of(links.standards, u.id),
        )
        heat.append(
            HeatRow(
                unit=u,
                units=len(uids),
                cells=[ikm_cell, mutu_cell, ob_cell, complaint_cell, followup_cell, standard_cell],
                drill_url=f"{links.dashboard}?unit={u.id}&per={grain}" if not leaf else "",
                own_only=own_only and root.depth > 0,
            )
        )
    heat.sort(key=lambda r: (-r.bad, -r.warn, r.unit.name))

    # The worst perangkat daerah: the lowest share of their due obligations met.
    worst: list[dict[str, Any]] = []
    for u in row_units:
        met, due = row_obligations.get(u.id, (0, 0))
        if due:
            worst.append({"unit": u, "met": met, "due": due, "percent": _percent(met, due)})
    worst.sort(key=lambda w: (w["percent"], -w["due"], w["unit"].name))

    return Dashboard(
        root=root,
        pemda=pemda,
        today=today,
        grain=grain,
        year=year,
        unit_count=len(units),
        current=current,
        previous=previous,
        trend=trend,
        weak_units=weak,
        risers=risers,
        fallers=fallers,
        compliance=compliance,
        worst=worst[:5],
        forums_held=forums_held,
        fkp_units=fkp_units,
        standards=standards_total,
        complaints=complaints,
        followups=followups,
        official=official,
        heat=heat,
        innovations=innovations,
        links={
            "tracker": f"{links.tracker}?tahun={year}&periode={year}",
            "ranking": f"{links.ranking}?start={current.period.start:%Y-%m-%d}&end={current.period.end:%Y-%m-%d}",
            "followups": followups["list_url"],
            "complaints": complaints["list_url"] if complaints["may_open"] else "",
            "readiness": reverse("assessments:readiness"),
            "forums": reverse("consultations:list"),
        },
    )


def _innovations(units, ids, row_units, members, root, year) -> dict[str, Any]:
    """Innovations registered per row of the heat table (the root's children, each with its subtree), by
    stage, and the year's internal selections and competition results. Four queries whatever the size."""
    per_unit = innovation_facts.innovations(ids, year)
    pipe = innovation_facts.pipeline(units, year, read=per_unit)
    stages = [(s.value, str(s.label)) for s in Stage]
    rows = []
    for u in row_units:
        uids = [u.id] if u.id == root.pk else members[u.id]
        facts = [f for uid in uids for f in per_unit[uid].innovations]
        if not facts:
            continue
        by_stage = Counter(f.stage for f in facts)
        registered = sum(1 for f in facts if f.registered_on.year == year)
        rows.append(
            {
                "unit": u,
                "total": len(facts),
                "registered": registered,
                "stages": [by_stage.get(code, 0) for code, _label in stages],
            }
        )
    rows.sort(key=lambda r: (-r["total"], r["unit"].name))
    all_facts = [f for uf in per_unit.values() for f in uf.innovations]
    counted_rows = [u for u in row_units if u.id != root.pk]
    return {
        "stages": stages,
        "rows": rows,
        "total": len(all_facts),
        "registered": sum(1 for f in all_facts if f.registered_on.year == year),
        "stage_totals": [sum(r["stages"][n] for r in rows) for n in range(len(stages))],
        # Rows (perangkat daerah or the root's children) that registered nothing this year.
        "without": len(counted_rows) - sum(1 for r in rows if r["unit"].pk != root.pk and r["registered"]),
        "rows_total": len(counted_rows),
        "pipeline": pipe,
    }


def _official_text(result) -> str:
    """'2025: 78,50 · zona kuning · C' from the parts an official result has (never an empty part)."""
    if result is None:
        return "–"
    parts = [ikm.format_id(result.score) if result.score is not None else ""]
    parts += [f"zona {result.zone}" if result.zone else "", result.category, result.opinion]
    return f"{result.year}: " + " · ".join(p for p in parts if p)


def _own_obligations(evaluation, uid: int) -> tuple[int, int]:
    met = due = 0
    for c in evaluation.cells[uid]:
        if c.state in (ev.State.DONE, ev.State.LATE):
            met += 1
            due += 1
        elif c.state == ev.State.MISSING:
            due += 1
    return met, due


def city_period_empty(period: ev.Period) -> CityPeriod:
    return CityPeriod(period, EMPTY, None, None, 0, {})


def forecast(*, user, root: Unit, year: int) -> dict:
    """The readiness forecast from facts (Ombudsman 2022–2024 method) of every unit under `root`: zone counts
    and the worst units. A forecast, never an official result. Its own request on the page (it reads every
    unit's facts: about half a second for a hundred units), inside the PDF."""
    instrument = default_forecast_instrument()
    rows = (
        readiness_forecast(
            user=user, instrument=instrument, year=year, agency=root if root.depth > 0 else None
        )
        if instrument is not None
        else []
    )
    zones = Counter(r.zone for r in rows)
    return {
        "instrument": instrument,
        "year": year,
        "total": len(rows),
        "merah": zones.get("merah", 0),
        "kuning": zones.get("kuning", 0),
        "hijau": zones.get("hijau", 0),
        "worst": [r for r in rows if r.zone in ("merah", "kuning")][:5],
    }
