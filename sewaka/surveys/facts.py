"""Public facts of the SKM per unit and period (PermenPANRB 14/2017, SE Sekda 061/504/Org). Other apps read
these, never the models. Pure reads: no user, no access check — callers scope the units they pass.

`periods(units, year)` → {unit id: tuple of PeriodFact} in a constant number of queries (4) whatever the
number of units or responses: the periods, their tallies (models.Tally: counts, sums and the stored
engine result — no scan of the responses, no engine run per period), the RTL actions with their
follow-ups, the publications.

A period's "evaluated" state is the one rule `selectors.period_evaluation` (closed, report issued, RTL for
every C/D unsur or, when none, for the lowest), fed with the aggregates read here (no extra query).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from django.utils import timezone

from sewaka.core.db import Ids
from sewaka.followups.transitions import Status as FollowUpState

from . import ikm, tallies
from .models import Medium, PeriodService, PeriodStatus, Publication, RtlAction, SurveyPeriod, Tally
from .selectors import PeriodEvaluation, period_evaluation
from .tallies import StoredResult

# The engine's names other apps may use with these facts (they never import the engine itself).
UNSUR_KEYS = ikm.UNSUR_KEYS
UNSUR_LABELS = ikm.UNSUR_LABELS
format_id = ikm.format_id

# Media that count as electronic / non-electronic publication (PEKPPP indicator 6).
ELECTRONIC_MEDIA = frozenset({"website", "social_media"})
PRINTED_MEDIA = frozenset({"notice_board", "print_media", "other"})


def medium_label(value: str) -> str:
    """The Indonesian name of a publication medium ("Situs web", "Papan pengumuman", …)."""
    return str(Medium(value).label) if value in Medium.values else value


@dataclass(frozen=True)
class RtlFact:
    """One RTL action for an unsur of the period, with its follow-up's state. `done_on` is the local date
    the follow-up was done (done or verified), else None."""

    id: int
    unsur: str
    created_at: datetime
    followup_id: int | None
    followup_status: str
    due: date | None
    done_on: date | None

    @property
    def done(self) -> bool:
        return self.followup_status in (FollowUpState.DONE, FollowUpState.VERIFIED)

    @property
    def done_on_time(self) -> bool:
        return self.done and self.done_on is not None and self.due is not None and self.done_on <= self.due


@dataclass(frozen=True)
class PublicationFact:
    id: int
    medium: str
    published_on: date
    link: str


@dataclass(frozen=True)
class PeriodFact:
    """One survey period of a unit.

    `included`: responses counted in the IKM (at least one included response means the SKM was done);
    `respondents`: those with at least one unsur answered; `aggregates`: per-unsur (total, count) of the
    included answers — sum them over periods for an exact city IKM; `result`: the exact engine's result as
    stored on the period's tally (`.full()` runs the engine again for its reasons);
    `evaluation`: `selectors.period_evaluation`; `evaluated_at`: when the last condition of the evaluation
    was met (closing, report issue, the RTL that completed the plan), None while not evaluated.
    """

    id: int
    unit_id: int
    name: str
    kind: str
    start: date
    end: date
    status: str
    closed_at: datetime | None
    in_ranking: bool
    published_at: datetime | None
    report_number: str
    report_date: date | None
    report_issued_at: datetime | None
    included: int
    respondents: int
    result: StoredResult
    rtl: tuple[RtlFact, ...]
    publications: tuple[PublicationFact, ...]
    evaluation: PeriodEvaluation
    evaluated_at: datetime | None

    @property
    def aggregates(self) -> tuple[ikm.UnsurAggregate, ...]:
        return tuple(
            ikm.UnsurAggregate(k, total, count)
            for k, (total, count) in zip(ikm.UNSUR_KEYS, self.result.aggregates, strict=True)
        )

    @property
    def closed(self) -> bool:
        return self.status == PeriodStatus.CLOSED

    @property
    def status_label(self) -> str:
        return str(PeriodStatus(self.status).label)

    @property
    def report_issued(self) -> bool:
        return self.report_issued_at is not None

    @property
    def evaluated(self) -> bool:
        return self.evaluation.evaluated

    @property
    def done(self) -> bool:
        """The SKM was carried out: at least one included response."""
        return self.included > 0

    @property
    def ikm(self):
        return self.result.ikm

    @property
    def mutu(self) -> str | None:
        return self.result.mutu

    @property
    def media(self) -> frozenset[str]:
        return frozenset(p.medium for p in self.publications)

    def rtl_for(self, unsur: str) -> tuple[RtlFact, ...]:
        return tuple(r for r in self.rtl if r.unsur == unsur)


def _ids(units: Iterable) -> list[int]:
    return list(dict.fromkeys(u if isinstance(u, int) else u.pk for u in units))


def _evaluated_at(period, result: StoredResult, evaluation: PeriodEvaluation, rtl: tuple[RtlFact, ...]):
    if not evaluation.evaluated:
        return None
    first_rtl = {}
    for r in rtl:
        if r.unsur not in first_rtl or r.created_at < first_rtl[r.unsur]:
            first_rtl[r.unsur] = r.created_at
    needed = [first_rtl[k] for k in evaluation.rtl_unsur if k in first_rtl]
    weak = all(result.by_key(k).mutu in ("C", "D") for k in evaluation.rtl_unsur)
    # C/D: every weak unsur needs its RTL (the last one completes the plan); else any lowest one will do.
    rtl_at = (max(needed) if weak else min(needed)) if needed else None
    return max(m for m in (period.closed_at, period.report_issued_at, rtl_at) if m is not None)


class _PeriodRow(NamedTuple):
    """The columns of a SurveyPeriod that the facts read, named as the model's attributes."""

    pk: int
    unit_id: int
    name: str
    kind: str
    start: date
    end: date
    status: str
    closed_at: datetime | None
    in_ranking: bool
    published_at: datetime | None
    report_number: str
    report_date: date | None
    report_issued_at: datetime | None


def periods(
    units: Iterable,
    year: int | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
    results: dict[int, StoredResult] | None = None,
) -> dict[int, tuple[PeriodFact, ...]]:
    """{unit id: its periods, oldest end first} for `units` (every id gets an entry).

    With `year`: the periods that END in `year` (what a year's assessment and the yearly obligation read).
    With `start`/`end` instead: the periods that overlap [start, end]. `results`: the stored results
    (`period_results`) of at least every period read here, when the caller holds them (one query less).
    """
    ids = _ids(units)
    qs = SurveyPeriod.objects.filter(unit_id__in_ids=Ids(ids))
    if year is not None:
        qs = qs.filter(end__year=year)
    if start is not None:
        qs = qs.filter(end__gte=start)
    if end is not None:
        qs = qs.filter(start__lte=end)
    # Plain rows, not model instances (a city's year holds hundreds of periods): `period_evaluation` and
    # `_evaluated_at` read only their attributes.
    period_list = [_PeriodRow(*row) for row in qs.order_by("end", "pk").values_list(*_PeriodRow._fields)]
    pks = [p.pk for p in period_list]
    if results is None:
        results = tallies.stored_results(qs.values("pk"))
    empty = StoredResult.of(None)
    rtl: dict[int, list[RtlFact]] = {}
    for pk, period_id, unsur, created_at, followup_id, status, due, done_at in (
        RtlAction.objects.filter(period_id__in_ids=Ids(pks))
        .order_by("unsur", "id")
        .values_list(
            "pk",
            "period_id",
            "unsur",
            "created_at",
            "followup_id",
            "followup__status",
            "followup__due",
            "followup__done_at",
        )
    ):
        rtl.setdefault(period_id, []).append(
            RtlFact(
                id=pk,
                unsur=unsur,
                created_at=created_at,
                followup_id=followup_id,
                followup_status=status or "",
                due=due,
                done_on=timezone.localtime(done_at).date()
                if done_at and status in (FollowUpState.DONE, FollowUpState.VERIFIED)
                else None,
            )
        )
    publications: dict[int, list[PublicationFact]] = {}
    for pk, period_id, medium, published_on, link in (
        Publication.objects.filter(period_id__in_ids=Ids(pks))
        .order_by("published_on", "id")
        .values_list("pk", "period_id", "medium", "published_on", "link")
    ):
        publications.setdefault(period_id, []).append(PublicationFact(pk, medium, published_on, link))
    out: dict[int, list[PeriodFact]] = {uid: [] for uid in ids}
    for p in period_list:
        result = results.get(p.pk, empty)
        period_rtl = tuple(rtl.get(p.pk, ()))
        evaluation = period_evaluation(p, result=result, rtl_unsur={r.unsur for r in period_rtl})
        out[p.unit_id].append(
            PeriodFact(
                id=p.pk,
                unit_id=p.unit_id,
                name=p.name,
                kind=p.kind,
                start=p.start,
                end=p.end,
                status=p.status,
                closed_at=p.closed_at,
                in_ranking=p.in_ranking,
                published_at=p.published_at,
                report_number=p.report_number,
                report_date=p.report_date,
                report_issued_at=p.report_issued_at,
                included=result.included,
                respondents=result.respondents,
                result=result,
                rtl=period_rtl,
                publications=tuple(publications.get(p.pk, ())),
                evaluation=evaluation,
                evaluated_at=_evaluated_at(p, result, evaluation, period_rtl),
            )
        )
    return {uid: tuple(out[uid]) for uid in ids}


@dataclass(frozen=True)
class PeriodResult:
    """A period's dates and stored result only (no RTL, publications or evaluation): what a city-wide IKM
    reads. `result.aggregates` are the per-unsur (sum, count) of its included answers."""

    id: int
    unit_id: int
    start: date
    end: date
    in_ranking: bool
    result: StoredResult

    @property
    def included(self) -> int:
        return self.result.included


def period_results(units: Iterable, *, start: date, end: date) -> dict[int, tuple[PeriodResult, ...]]:
    """{unit id: its periods ENDING in [start, end] with their stored results, oldest end first} in two
    queries (the periods, their `all` tallies) whatever the number of units: the leadership dashboard."""
    ids = _ids(units)
    qs = SurveyPeriod.objects.filter(unit_id__in_ids=Ids(ids), end__gte=start, end__lte=end)
    rows = list(qs.order_by("end", "pk").values_list("pk", "unit_id", "start", "end", "in_ranking"))
    results = tallies.stored_results([r[0] for r in rows])
    empty = StoredResult.of(None)
    out: dict[int, list[PeriodResult]] = {uid: [] for uid in ids}
    for pk, unit_id, p_start, p_end, in_ranking in rows:
        out[unit_id].append(PeriodResult(pk, unit_id, p_start, p_end, in_ranking, results.get(pk, empty)))
    return {uid: tuple(v) for uid, v in out.items()}


@dataclass(frozen=True)
class ServiceSlice:
    """One service of a period: the exact engine over its `service` tally row (what the results page shows
    per service; an empty result without counted answers) and its number of users in the period as
    recorded on the period (`population`; None when the period does not list the service)."""

    service_id: int
    result: ikm.IkmResult
    respondents: int
    population: int | None


@dataclass(frozen=True)
class PeriodSlices:
    """A period with the exact engine's result over its `all` tally row — the same function over the same
    row as `selectors.period_results`, so the figures equal the results page — and its services."""

    id: int
    unit_id: int
    name: str
    kind: str
    start: date
    end: date
    status: str
    result: ikm.IkmResult
    respondents: int
    services: tuple[ServiceSlice, ...]

    @property
    def status_label(self) -> str:
        return str(PeriodStatus(self.status).label)

    def service(self, service_id: int) -> ServiceSlice | None:
        return next((s for s in self.services if s.service_id == service_id), None)


def period_slices(
    units: Iterable, *, start: date, end: date, services: Iterable[int] | None = None
) -> dict[int, tuple[PeriodSlices, ...]]:
    """{unit id: its periods overlapping [start, end] with the engine's results of the whole period and of
    each service, oldest end first} (every id gets an entry). `services`: only these service ids in
    `PeriodSlices.services` (None: all). Three queries (periods, their `all`/`service` tallies, their
    services' populations) whatever the number of units, periods or services."""
    ids = _ids(units)
    wanted = None if services is None else {int(s) for s in services}
    rows = list(
        SurveyPeriod.objects.filter(unit_id__in_ids=Ids(ids), end__gte=start, start__lte=end)
        .order_by("end", "pk")
        .values_list("pk", "unit_id", "name", "kind", "start", "end", "status")
    )
    pks = [r[0] for r in rows]
    totals: dict[int, Tally] = {}
    by_service: dict[int, dict[int, Tally]] = {}
    for t in Tally.objects.filter(period_id__in_ids=Ids(pks), dimension__in=(tallies.ALL, tallies.SERVICE)):
        if t.dimension == tallies.ALL:
            totals[t.period_id] = t
        elif t.value and t.n and (wanted is None or int(t.value) in wanted):
            by_service.setdefault(t.period_id, {})[int(t.value)] = t
    populations: dict[int, dict[int, int]] = {}
    ps = PeriodService.objects.filter(
        period_id__in_ids=Ids(pks)
    ).order_by()  # no join for the default ordering
    if wanted is not None:
        ps = ps.filter(service_id__in_ids=Ids(sorted(wanted)))
    for period_id, service_id, population in ps.values_list("period_id", "service_id", "population"):
        populations.setdefault(period_id, {})[service_id] = population
    out: dict[int, list[PeriodSlices]] = {uid: [] for uid in ids}
    for pk, unit_id, name, kind, p_start, p_end, status in rows:
        tallied, counted = by_service.get(pk, {}), populations.get(pk, {})
        total = totals.get(pk)
        out[unit_id].append(
            PeriodSlices(
                id=pk,
                unit_id=unit_id,
                name=name,
                kind=kind,
                start=p_start,
                end=p_end,
                status=status,
                result=tallies.engine_result(total),
                respondents=total.n if total else 0,
                services=tuple(
                    ServiceSlice(
                        service_id=sid,
                        result=tallies.engine_result(tallied.get(sid)),
                        respondents=tallied[sid].n if sid in tallied else 0,
                        population=counted.get(sid),
                    )
                    for sid in sorted(set(tallied) | set(counted))
                ),
            )
        )
    return {uid: tuple(v) for uid, v in out.items()}


@dataclass(frozen=True)
class PublishedPeriod:
    """A period whose results are published (`published_at` set: the rule of the public results pages),
    for open data: the stored result and the Krejcie–Morgan target of the services' populations."""

    id: int
    unit_id: int
    unit_code: str
    unit_name: str
    name: str
    start: date
    end: date
    published_at: datetime
    updated_at: datetime
    result: StoredResult
    population: int

    @property
    def target(self) -> int | None:
        return ikm.krejcie_morgan(self.population) if self.population else None


def published_periods() -> tuple[PublishedPeriod, ...]:
    """Every published period of an active unit, oldest end first. Three queries."""
    qs = SurveyPeriod.objects.filter(published_at__isnull=False, unit__is_active=True)
    rows = list(
        qs.order_by("end", "unit__path", "pk").values_list(
            "pk", "unit_id", "unit__code", "unit__name", "name", "start", "end", "published_at", "updated_at"
        )
    )
    results = tallies.stored_results([r[0] for r in rows])
    population: dict[int, int] = {}
    for period_id, n in PeriodService.objects.filter(period_id__in_ids=Ids([r[0] for r in rows])).values_list(
        "period_id", "population"
    ):
        population[period_id] = population.get(period_id, 0) + n
    empty = StoredResult.of(None)
    return tuple(
        PublishedPeriod(*r, result=results.get(r[0], empty), population=population.get(r[0], 0)) for r in rows
    )
