"""Public facts of the innovation registry per unit and year (issue 18 item 10). Other apps (the dashboard,
the obligations) read these, never the models. Pure reads: no user, no access check — callers scope the
units they pass.

Bulk: functions take many units (instances or primary keys) and answer in a constant number of queries:

- `innovations(units, year)` → {unit id: UnitInnovations} (2 queries): the innovations each unit owns (any
  stage, any year, partner units not counted — the owner registers), those registered in `year`, the count
  per stage, and every result in a competition with those of `year`;
- `pipeline(units, year)` → Pipeline (3 queries at most): the year's internal selections (calls whose
  nomination deadline or scheme-year is `year`) of the units' pemda, their nominations and selected
  proposals from the units, and the competition results of `year` of the units' innovations.

An innovation is "registered" on the local date it was recorded in Sewaka (`created_at`, WITA).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from sewaka.core.db import Ids
from sewaka.organisations.models import Unit

from .models import Award, Call, Innovation, Nomination
from .selectors import award_label, scheme_label
from .transitions import CallStatus, NominationStatus, Stage

_PK = 987654321


def _ids(units: Iterable[Unit | int]) -> list[int]:
    return sorted({u if isinstance(u, int) else u.pk for u in units})


def _pattern(name: str) -> str:
    """The staff URL pattern (reversed once per call), or "" while the route is not installed."""
    try:
        return reverse(name, args=[_PK])
    except NoReverseMatch:
        return ""


def _url(pattern: str, pk: int) -> str:
    return pattern.replace(str(_PK), str(pk)) if pattern else ""


@dataclass(frozen=True)
class InnovationFact:
    id: int
    unit_id: int
    name: str
    stage: str
    started_on: date | None
    registered_on: date
    published: bool
    is_demo: bool
    url: str

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label) if self.stage in Stage.values else self.stage


@dataclass(frozen=True)
class AwardFact:
    """One result: "KIPP 2023: Top 99" (`label` in the scheme's words, `scheme` its short name)."""

    innovation_id: int
    unit_id: int
    innovation_name: str
    scheme_code: str
    scheme: str
    year: int
    award_code: str
    label: str
    is_demo: bool
    url: str

    @property
    def text(self) -> str:
        return f"{self.scheme}: {self.label} {self.year}"


@dataclass(frozen=True)
class UnitInnovations:
    unit_id: int
    year: int
    innovations: tuple[InnovationFact, ...]  # owned by the unit, by name
    awards: tuple[AwardFact, ...]  # every result of those innovations, newest year first

    @property
    def registered(self) -> tuple[InnovationFact, ...]:
        """Registered in `year`."""
        return tuple(i for i in self.innovations if i.registered_on.year == self.year)

    @property
    def by_stage(self) -> dict[str, int]:
        """Stage → innovations, in the stages' order (every stage present, zero when none)."""
        counts = Counter(i.stage for i in self.innovations)
        return {s: counts.get(s, 0) for s in Stage.values}

    @property
    def awards_of_year(self) -> tuple[AwardFact, ...]:
        return tuple(a for a in self.awards if a.year == self.year)


def _award_facts(qs, detail: str) -> list[AwardFact]:
    out = []
    for a in qs.select_related("scheme_year__scheme", "innovation").order_by(
        "-year", "scheme_code", "innovation__name", "innovation_id", "id"
    ):
        out.append(
            AwardFact(
                innovation_id=a.innovation_id,
                unit_id=a.innovation.unit_id,
                innovation_name=a.innovation.name,
                scheme_code=a.scheme_code,
                scheme=scheme_label(a),
                year=a.year,
                award_code=a.award_code,
                label=award_label(a),
                is_demo=a.is_demo,
                url=_url(detail, a.innovation_id),
            )
        )
    return out


def innovations(units: Iterable[Unit | int], year: int) -> dict[int, UnitInnovations]:
    """Every unit's own innovations and their results (two queries for any number of units)."""
    ids = _ids(units)
    detail = _pattern("innovations:detail")
    rows: dict[int, list[InnovationFact]] = defaultdict(list)
    for pk, unit_id, name, stage, started_on, created_at, published, is_demo in (
        Innovation.objects.filter(unit_id__in_ids=Ids(ids))
        .order_by("name", "id")
        .values_list("pk", "unit_id", "name", "stage", "started_on", "created_at", "published", "is_demo")
    ):
        rows[unit_id].append(
            InnovationFact(
                pk,
                unit_id,
                name,
                stage,
                started_on,
                timezone.localdate(created_at),
                published,
                is_demo,
                _url(detail, pk),
            )
        )
    awards: dict[int, list[AwardFact]] = defaultdict(list)
    for a in _award_facts(Award.objects.filter(innovation__unit_id__in_ids=Ids(ids)), detail):
        awards[a.unit_id].append(a)
    return {
        uid: UnitInnovations(uid, year, tuple(rows.get(uid, ())), tuple(awards.get(uid, ()))) for uid in ids
    }


@dataclass(frozen=True)
class CallFact:
    id: int
    pemda_id: int
    title: str
    scheme_code: str
    scheme_year: int
    status: str
    nomination_deadline: date
    cap: int | None
    nominations: int  # from the units asked about, not withdrawn
    selected: int
    url: str

    @property
    def status_label(self) -> str:
        return str(CallStatus(self.status).label) if self.status in CallStatus.values else self.status

    @property
    def running(self) -> bool:
        """Open for nominations or being scored."""
        return self.status in (CallStatus.OPEN, CallStatus.SCORING)


@dataclass(frozen=True)
class Pipeline:
    year: int
    calls: tuple[CallFact, ...]
    awards: tuple[AwardFact, ...]  # results of `year` of the units' innovations

    @property
    def calls_running(self) -> int:
        return sum(1 for c in self.calls if c.running)

    @property
    def nominations(self) -> int:
        return sum(c.nominations for c in self.calls)

    @property
    def selected(self) -> int:
        return sum(c.selected for c in self.calls)


def pipeline(
    units: Iterable[Unit | int], year: int, *, read: dict[int, UnitInnovations] | None = None
) -> Pipeline:
    """The internal selections of `year` and the results of `year` for the units (three queries; one more
    when the units are given as ids, to find their pemda). `read`: `innovations(units, year)` when the
    caller holds it already (its results are reused: one query less)."""
    units = list(units)
    ids = _ids(units)
    if all(isinstance(u, Unit) for u in units):
        pemdas = sorted({u.root_id for u in units if isinstance(u, Unit)})
    else:
        pemdas = sorted({u.root_id for u in Unit.objects.filter(pk__in_ids=Ids(ids)).only("pk", "path")})
    detail = _pattern("innovations:detail")
    call_pattern = _pattern("innovations:call_detail")
    counts: dict[int, Counter] = defaultdict(Counter)
    for call_id, status in (
        Nomination.objects.filter(
            call__pemda_id__in_ids=Ids(pemdas),
            innovation__unit_id__in_ids=Ids(ids),
            call__scheme_year__isnull=False,
        )
        .filter(Q(call__nomination_deadline__year=year) | Q(call__scheme_year__year=year))
        .exclude(status=NominationStatus.WITHDRAWN)
        .values_list("call_id", "status")
    ):
        counts[call_id][status] += 1
    calls = tuple(
        CallFact(
            id=c.pk,
            pemda_id=c.pemda_id,
            title=c.title,
            scheme_code=c.scheme_year.scheme.code,
            scheme_year=c.scheme_year.year,
            status=c.status,
            nomination_deadline=c.nomination_deadline,
            cap=c.cap,
            nominations=sum(counts[c.pk].values()),
            selected=counts[c.pk][NominationStatus.SELECTED],
            url=_url(call_pattern, c.pk),
        )
        for c in Call.objects.filter(pemda_id__in_ids=Ids(pemdas))
        .filter(Q(nomination_deadline__year=year) | Q(scheme_year__year=year))
        .select_related("scheme_year__scheme")
        .order_by("nomination_deadline", "id")
    )
    if read is not None:
        awards = tuple(
            sorted(
                (a for uid in ids if uid in read for a in read[uid].awards if a.year == year),
                key=lambda a: (a.scheme_code, a.innovation_name, a.innovation_id),
            )
        )
    else:
        awards = tuple(
            _award_facts(Award.objects.filter(innovation__unit_id__in_ids=Ids(ids), year=year), detail)
        )
    return Pipeline(year, calls, awards)


# --- Open data -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedInnovation:
    """An innovation shown in the public gallery, for open data (no user, no access check)."""

    id: int
    unit_code: str
    unit_name: str
    name: str
    slug: str
    stage: str
    started_on: date | None
    goal: str
    published_at: datetime | None
    updated_at: datetime

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)


def published() -> tuple[PublishedInnovation, ...]:
    """The published innovations of active units, by unit then name. One query."""
    rows = (
        Innovation.objects.filter(published=True, unit__is_active=True)
        .order_by("unit__path", "name", "pk")
        .values_list(
            "pk",
            "unit__code",
            "unit__name",
            "name",
            "slug",
            "stage",
            "started_on",
            "goal",
            "published_at",
            "updated_at",
        )
    )
    return tuple(PublishedInnovation(*r) for r in rows)
