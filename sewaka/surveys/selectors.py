"""Reads of the SKM. Results come from the tallies (models.Tally, kept by the write path in
sewaka.surveys.tallies) — never a scan of the responses: a period's page runs the exact engine over its
tallied sums, a list of many periods reads the result stored on each period's tally row."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils import timezone as tz
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from sewaka.core.ratelimit import hash_value
from sewaka.core.templatetags.fmt import format_date
from sewaka.followups.transitions import Status as FollowUpStatus
from sewaka.organisations.access import Action, can, units_visible_to

from . import ikm, tallies
from .models import (
    Education,
    Gender,
    Kiosk,
    Occupation,
    PeriodStatus,
    Publication,
    Response,
    RtlAction,
    SurveyPeriod,
    Tally,
)
from .tallies import AGE_BINS, StoredResult

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from sewaka.organisations.models import Service


def answered() -> Q:
    """A respondent is a response with at least one unsur answered (same rule as ikm, the import and the
    tallies' `n`)."""
    q = Q()
    for key in ikm.UNSUR_KEYS:
        q |= Q(**{f"{key}__isnull": False})
    return q


@dataclass
class PeriodResults:
    period: SurveyPeriod
    result: ikm.IkmResult
    respondents: int
    excluded: int
    exclusion_reasons: list[tuple[str, int]]
    flagged: int
    target: int
    per_service: list[tuple[Service | None, ikm.IkmResult, int, int]]  # (service, result, n, population)
    priorities: list[ikm.UnsurResult] = field(default_factory=list)
    profile: dict[str, list[tuple[str | StrOrPromise, int]]] = field(default_factory=dict)
    tallies: dict = field(default_factory=dict, repr=False)  # {(dimension, value): Tally} of the period

    @property
    def below_target(self) -> bool:
        return self.target > 0 and self.respondents < self.target

    @property
    def progress_percent(self) -> int:
        return min(100, round(100 * self.respondents / self.target)) if self.target else 0


def period_get(*, user, pk, action: Action = Action.VIEW) -> SurveyPeriod:
    try:
        period = SurveyPeriod.objects.select_related("unit", "questionnaire").get(pk=int(pk))
    except (SurveyPeriod.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
    if not can(user, Action.VIEW, period.unit):
        raise Http404
    if not can(user, action, period.unit):
        raise PermissionDenied
    return period


def period_list(*, user, unit=None) -> QuerySet[SurveyPeriod]:
    qs = SurveyPeriod.objects.filter(unit__in=units_visible_to(user, Action.VIEW)).select_related("unit")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    total = Tally.objects.filter(period=OuterRef("pk"), dimension=tallies.ALL)
    return qs.annotate(
        n=Coalesce(Subquery(total.values("n")[:1]), Value(0)),
        flagged=Coalesce(Subquery(total.values("flagged")[:1]), Value(0)),
    ).order_by("-start", "unit__path")


def target_sample(period: SurveyPeriod) -> int:
    population = sum(period.period_services.values_list("population", flat=True))
    return ikm.krejcie_morgan(population) if population else 0


def period_results(period: SurveyPeriod) -> PeriodResults:
    """Everything the results page shows, from the period's tallies: one query for its tally rows, one for
    its services and populations, and the exclusion reasons (only when something was excluded); the exact
    engine over the tallied sums of the period and of each service."""
    rows = {(t.dimension, t.value): t for t in Tally.objects.filter(period=period)}
    total = rows.get(tallies.ALL_KEY)
    result = tallies.engine_result(total)
    period_services = list(period.period_services.select_related("service"))
    populations = {ps.service_id: ps.population for ps in period_services}
    services = {ps.service_id: ps.service for ps in period_services}
    per_service = []
    for (dimension, value), row in rows.items():
        if dimension == tallies.SERVICE and value and row.n:
            service_id = int(value)
            per_service.append(
                (services.get(service_id), tallies.engine_result(row), row.n, populations.get(service_id, 0))
            )
    per_service.sort(key=lambda item: str(item[0]))
    excluded = total.excluded if total else 0
    reasons = (
        list(
            # `__in=[False]`, not `=False`: SQLite compiles the latter to `NOT is_included`, which cannot use
            # the (period, is_included, service) index and walks the whole period.
            Response.objects.filter(period=period, is_included__in=[False])
            .values("inclusion_reason")
            .annotate(n=Count("id"))
            .order_by("-n", "inclusion_reason")
        )
        if excluded
        else []
    )
    profile = {}
    for fieldname, choices in (("gender", Gender), ("education", Education), ("occupation", Occupation)):
        counts = {value: row.n for (dimension, value), row in rows.items() if dimension == fieldname}
        profile[fieldname] = [(label, counts.get(value, 0)) for value, label in choices.choices]
        if counts.get(""):
            profile[fieldname].append(("—", counts[""]))
    ages = {value: row.n for (dimension, value), row in rows.items() if dimension == tallies.AGE}
    profile["age"] = [(label, ages.get(str(i), 0)) for i, (_lo, _hi, label) in enumerate(AGE_BINS)]
    priorities = sorted((u for u in result.unsur if u.nrr is not None), key=lambda u: (u.nrr, u.key))[:3]
    population = sum(populations.values())
    return PeriodResults(
        period=period,
        result=result,
        respondents=total.n if total else 0,
        excluded=excluded,
        exclusion_reasons=[(r["inclusion_reason"], r["n"]) for r in reasons],
        flagged=total.flagged if total else 0,
        target=ikm.krejcie_morgan(population) if population else 0,
        per_service=per_service,
        priorities=priorities,
        profile=profile,
        tallies=rows,
    )


def period_texts(*, user, period: SurveyPeriod, limit: int = 200) -> QuerySet[Response]:
    """Free texts (why answers and suggestions): only for the unit and the city."""
    if not can(user, Action.VIEW, period.unit):
        raise Http404
    return (
        Response.objects.filter(period=period)
        .exclude(why={}, suggestion="")
        .only("id", "why", "suggestion", "submitted_at", "service", "is_included")
        .select_related("service")
        .order_by("-submitted_at")[:limit]
    )


def flagged_responses(*, user, period: SurveyPeriod) -> QuerySet[Response]:
    if not can(user, Action.VIEW, period.unit):
        raise Http404
    return (
        Response.objects.filter(period=period)
        .filter(Q(is_flagged=True) | Q(is_included=False))
        .order_by("-submitted_at")
    )


def period_responses(*, user, period: SurveyPeriod) -> QuerySet[Response]:
    """The period's responses for a reader of its unit (the API), without the client and address hashes."""
    if not can(user, Action.VIEW, period.unit):
        raise Http404
    return (
        Response.objects.filter(period=period)
        .defer("client_id", "ip_hash", "idempotency_key")
        .order_by("submitted_at", "id")
    )


def response_get(*, user, pk) -> Response:
    try:
        response = Response.objects.select_related("period__unit").get(pk=int(pk))
    except (Response.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
    if not can(user, Action.VIEW, response.period.unit):
        raise Http404
    return response


def trend(*, period: SurveyPeriod, limit: int = 8) -> list[tuple[SurveyPeriod, StoredResult | None]]:
    """IKM of the unit's periods up to this one, oldest first (the results stored on their tallies; None
    for a period without counted answers). Two queries."""
    periods = list(
        SurveyPeriod.objects.filter(unit=period.unit, start__lte=period.start).order_by("-start")[:limit]
    )
    results = tallies.stored_results([p.pk for p in periods])
    out = []
    for p in reversed(periods):
        stored = results.get(p.pk)
        out.append((p, stored if stored is not None and stored.included else None))
    return out


def results_of(periods) -> dict[int, StoredResult]:
    """{period id: its stored result} for many periods in one query, no engine run (the dashboard, lists).
    Given periods or ids, every one gets an entry (an empty result without a tally); given a queryset
    (used as a subquery), only the periods with a tally do."""
    if isinstance(periods, QuerySet):
        return tallies.stored_results(periods.values("pk"))
    ids = [p if isinstance(p, int) else p.pk for p in periods]
    results = tallies.stored_results(ids)
    empty = StoredResult.of(None)
    return {pk: results.get(pk, empty) for pk in ids}


def pooled_result(periods) -> ikm.IkmResult:
    """The exact engine over all included answers of many periods together (e.g. the city IKM of a
    quarter: every unit's period of that quarter), summed in the database from their tallies: one query."""
    ids = (
        periods.values("pk")
        if isinstance(periods, QuerySet)
        else [p if isinstance(p, int) else p.pk for p in periods]
    )
    totals = Tally.objects.filter(period__in=ids, dimension=tallies.ALL).aggregate(
        **{
            column: Sum(column)
            for column in ("n", *[f"{k}_{p}" for k in ikm.UNSUR_KEYS for p in ("sum", "count")])
        }
    )
    return ikm.compute_from_aggregates(
        {k: (totals[f"{k}_sum"] or 0, totals[f"{k}_count"] or 0) for k in ikm.UNSUR_KEYS},
        respondents=totals["n"] or 0,
    )


RANKING_DEFERRED = (
    "created_at",
    "updated_at",
    "closed_at",
    "report_number",
    "report_date",
    "unit__created_at",
    "unit__updated_at",
    "unit__address",
    "unit__phone",
    "unit__email",
    "unit__website",
    "unit__opening_hours",
    "unit__head_name",
    "unit__head_nip",
    "unit__head_title",
)


def city_ranking(*, user, start=None, end=None) -> list[dict]:
    """All units with a period overlapping [start, end], ranked by IKM: the results stored on the periods'
    tallies, so a constant number of queries (periods, tallies, publications, RTL unsur) and no engine run
    per period.

    A period confirmed over dates of an already closed or published period (`in_ranking=False`) is left
    out, so no respondent is ranked twice."""
    periods_qs = SurveyPeriod.objects.filter(unit__in=units_visible_to(user, Action.VIEW), in_ranking=True)
    if start:
        periods_qs = periods_qs.filter(end__gte=start)
    if end:
        periods_qs = periods_qs.filter(start__lte=end)
    # Hundreds of rows: leave out what a ranking never shows (timestamps, the unit's contact and head).
    periods = list(periods_qs.select_related("unit").defer(*RANKING_DEFERRED).order_by("pk"))
    ids = periods_qs.values("pk")
    results = tallies.stored_results(ids)
    media = dict(
        Publication.objects.filter(period__in=ids)
        .values("period_id")
        .annotate(n=Count("id"))
        .values_list("period_id", "n")
        .order_by()
    )
    rtl: dict[int, set[str]] = {}
    for period_id, unsur in RtlAction.objects.filter(period__in=ids).values_list("period_id", "unsur"):
        rtl.setdefault(period_id, set()).add(unsur)
    empty = StoredResult.of(None)
    ranking = []
    for period in periods:
        period.media = media.get(period.pk, 0)  # type: ignore[attr-defined]  # read by the template
        stored = results.get(period.pk)
        result = stored if stored is not None and stored.included else None
        ranking.append(
            {
                "period": period,
                "unit": period.unit,
                "result": result,
                "n": result.respondents if result else 0,
                "evaluation": period_evaluation(
                    period, result=result or empty, rtl_unsur=rtl.get(period.pk, set())
                ),
            }
        )

    def order(row):
        ikm_value = row["result"].ikm if row["result"] else None
        return (ikm_value is None, -(ikm_value or 0), row["unit"].name)

    ranking.sort(key=order)
    return ranking


def latest_published(unit) -> tuple[SurveyPeriod, ikm.IkmResult] | None:
    period = (
        SurveyPeriod.objects.filter(unit=unit, published_at__isnull=False)
        .order_by("-end", "-published_at")
        .first()
    )
    if period is None:
        return None
    return period, tallies.engine_result(Tally.objects.filter(period=period, dimension=tallies.ALL).first())


def published_results(unit, limit: int = 12) -> list[tuple[SurveyPeriod, StoredResult, int, int]]:
    """The unit's published periods, newest first, with (result, respondents, media published on): the
    public results page, in three queries."""
    periods = list(
        SurveyPeriod.objects.filter(unit=unit, published_at__isnull=False)
        .annotate(media=Count("publications", distinct=True))
        .order_by("-end")[:limit]
    )
    results = results_of(periods)
    return [(p, results[p.pk], results[p.pk].respondents, p.media) for p in periods]


def open_period_for(unit) -> SurveyPeriod | None:
    today = timezone.localdate()
    return (
        SurveyPeriod.objects.filter(unit=unit, status=PeriodStatus.OPEN, start__lte=today, end__gte=today)
        .select_related("questionnaire", "unit")
        .order_by("-start")
        .first()
    )


def unit_kiosk(*, unit, pk: int) -> Kiosk | None:
    """An active kiosk registered on `unit` (the API's kiosk answers)."""
    return Kiosk.objects.filter(unit=unit, pk=pk, is_active=True).first()


def kiosk_by_token(token: str) -> Kiosk | None:
    if not token:
        return None
    return Kiosk.objects.select_related("unit").filter(token_hash=hash_value(token), is_active=True).first()


def export_rows(period: SurveyPeriod, *, included: bool = True):
    """Plain rows for exports, streamed in order (no model instances)."""

    qs = (
        Response.objects.filter(period=period, is_included=included)
        .order_by("submitted_at", "id")
        .values_list("id", "submitted_at", "service__name", "source", *ikm.UNSUR_KEYS)
    )
    for number, (_pk, submitted, service, source, *answers) in enumerate(
        qs.iterator(chunk_size=2000), start=1
    ):
        local = tz.localtime(submitted)
        yield number, f"{format_date(local)} {local:%H.%M}", service or "", source, answers


@dataclass
class RtlSummary:
    actions: list
    total: int
    completed: int
    average_days: float | None
    effects: list  # [(unsur label, nrr before, nrr now, rose)] for the previous period's RTL unsur

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0


def rtl_summary(period: SurveyPeriod, result: ikm.IkmResult | None = None) -> RtlSummary:
    actions = list(
        RtlAction.objects.filter(period=period).select_related("followup__owner").order_by("unsur", "id")
    )
    done = [
        a
        for a in actions
        if a.followup and a.followup.status in (FollowUpStatus.DONE, FollowUpStatus.VERIFIED)
    ]
    days = [
        (f.done_at - f.created_at).total_seconds() / 86400
        for f in (a.followup for a in done)
        if f is not None and f.done_at
    ]
    effects = []
    previous = (
        SurveyPeriod.objects.filter(unit=period.unit, start__lt=period.start).order_by("-start").first()
    )
    if previous is not None:
        planned = sorted(set(RtlAction.objects.filter(period=previous).values_list("unsur", flat=True)))
        if planned:
            before = tallies.engine_result(
                Tally.objects.filter(period=previous, dimension=tallies.ALL).first()
            )
            now = result or period_results(period).result
            for key in planned:
                a, b = before.by_key(key), now.by_key(key)
                rose = None if a.nrr is None or b.nrr is None else b.nrr > a.nrr
                effects.append((a.label, a.nrr_display, b.nrr_display, rose))
    return RtlSummary(
        actions=actions,
        total=len(actions),
        completed=len(done),
        average_days=round(sum(days) / len(days), 1) if days else None,
        effects=effects,
    )


# Short unsur names for narrow table headers (the full name goes in the header's title).
UNSUR_SHORT_LABELS = {
    "persyaratan": "Persyaratan",
    "prosedur": "Prosedur",
    "waktu": "Waktu",
    "biaya": "Biaya/Tarif",
    "produk": "Produk",
    "kompetensi": "Kompetensi",
    "perilaku": "Perilaku",
    "pengaduan": "Pengaduan",
    "sarana": "Sarana",
}


EVALUATION_STATES = {
    "open": gettext_lazy("Periode masih dibuka"),
    "no_answers": gettext_lazy("Belum ada jawaban"),
    "report": gettext_lazy("Laporan belum diterbitkan"),
    "rtl": gettext_lazy("RTL belum lengkap"),
    "evaluated": gettext_lazy("Sudah dievaluasi"),
}


@dataclass(frozen=True)
class PeriodEvaluation:
    """Whether a period counts as evaluated (SE 061/504/Org), and what is still missing.

    `state` is the first blocker in the order open → no_answers → report → rtl, else "evaluated";
    `missing` lists every blocker as an Indonesian sentence; `rtl_unsur` are the unsur that need an RTL
    (every unsur in category C/D or, when none, the lowest — any one of them when several tie) and
    `rtl_missing` those of them still without one.
    """

    state: str
    missing: tuple[str, ...]
    rtl_unsur: tuple[str, ...] = ()
    rtl_missing: tuple[str, ...] = ()

    @property
    def evaluated(self) -> bool:
        return self.state == "evaluated"

    @property
    def label(self) -> str:
        return str(_("Sudah dievaluasi") if self.evaluated else _("Belum dievaluasi"))

    @property
    def state_label(self) -> str:
        return str(EVALUATION_STATES[self.state])


def _unsur_list(keys) -> str:
    return ", ".join(ikm.UNSUR_LABELS[k] for k in keys)


@lru_cache(maxsize=8)
def _evaluation_texts(language: str | None) -> dict[str, str]:
    """The evaluation's sentences in one language, translated once (a ranking evaluates hundreds of
    periods; three gettext calls each were a third of its time)."""
    return {
        "open": _("Periode masih dibuka (sampai %(d)s); evaluasi dilakukan setelah periode ditutup."),
        "no_answers": _("Belum ada jawaban yang dihitung pada periode ini."),
        "report": _("Laporan hasil SKM belum diterbitkan (dengan nomor dan tanggal)."),
        "weak": _("Belum ada RTL untuk unsur bermutu C/D: %(u)s."),
        "lowest": _("Belum ada RTL untuk unsur terendah: %(u)s."),
        "lowest_any": _("Belum ada RTL untuk unsur terendah (salah satu dari: %(u)s)."),
    }


def period_evaluation(
    period: SurveyPeriod,
    *,
    result: ikm.IkmResult | StoredResult | None = None,
    rtl_unsur: set[str] | None = None,
) -> PeriodEvaluation:
    """The one rule for "Sudah dievaluasi": the period is closed, its report was issued (a recorded act
    with number and date) and an RTL exists for every unsur in category C/D or, when none, for the lowest.

    `result` and `rtl_unsur` (the unsur keys with an RTL) may be passed by callers that already hold them.
    """

    if result is None:
        result = StoredResult.of(Tally.objects.filter(period=period, dimension=tallies.ALL).first())
    if rtl_unsur is None:
        rtl_unsur = set(RtlAction.objects.filter(period=period).values_list("unsur", flat=True))
    texts = _evaluation_texts(get_language())
    missing, states = [], []
    if period.status != PeriodStatus.CLOSED:
        states.append("open")
        missing.append(texts["open"] % {"d": format_date(period.end)})
    # (key, sum, count, mutu) of each answered unsur: a stored result gives them without building its
    # nine StoredUnsur (a city's obligations evaluate every period of the year).
    if isinstance(result, StoredResult):
        stored = result.unsur_stored
        scored = [
            (key, total, count, stored[key][1] if key in stored else None)
            for key, (total, count) in zip(ikm.UNSUR_KEYS, result.aggregates, strict=True)
            if count
        ]
    else:
        scored = [(u.key, u.total, u.count, u.mutu) for u in result.unsur if u.nrr is not None]
    if not scored:
        states.append("no_answers")
        missing.append(texts["no_answers"])
    if period.report_issued_at is None:
        states.append("report")
        missing.append(texts["report"])
    weak = tuple(key for key, _t, _c, mutu in scored if mutu in ("C", "D"))
    if weak:
        needed, lacking = weak, tuple(k for k in weak if k not in rtl_unsur)
        if lacking:
            missing.append(texts["weak"] % {"u": _unsur_list(lacking)})
    elif scored:
        # The lowest NRR (sum/count), compared exactly by cross-multiplying (counts are positive); the first
        # of equals, as min() would pick it.
        _k, low_total, low_count, _m = scored[0]
        for _key, total, count, _mutu in scored[1:]:
            if total * low_count < low_total * count:
                low_total, low_count = total, count
        needed = tuple(key for key, total, count, _m in scored if total * low_count == low_total * count)
        lacking = () if rtl_unsur & set(needed) else needed
        if lacking:
            message = texts["lowest"] if len(lacking) == 1 else texts["lowest_any"]
            missing.append(message % {"u": _unsur_list(lacking)})
    else:
        needed = lacking = ()
    if lacking:
        states.append("rtl")
    return PeriodEvaluation(
        state=states[0] if states else "evaluated",
        missing=tuple(str(m) for m in missing),
        rtl_unsur=needed,
        rtl_missing=lacking,
    )


def unit_year_evaluations(unit, year: int, *, today=None) -> list[tuple[SurveyPeriod, PeriodEvaluation]]:
    """The evaluation of each of the unit's periods that ended in `year` (up to today), oldest first:
    what the obligations tracker reads for "Mengevaluasi hasil SKM"."""

    today = today or timezone.localdate()
    periods = SurveyPeriod.objects.filter(unit=unit, end__year=year, end__lt=today).order_by("end", "pk")
    return [(p, period_evaluation(p)) for p in periods]


SEGMENT_MIN = 5
SEGMENTS: dict[str, tuple[str, type[models.TextChoices] | None]] = {
    "education": ("Pendidikan", Education),
    "gender": ("Jenis kelamin", Gender),
    "age_band": ("Kelompok usia", None),
}


def segment_results(
    period: SurveyPeriod, segment: str, rows: dict | None = None
) -> list[tuple[str, int, ikm.IkmResult | None]]:
    """Per-unsur results per respondent segment, with the same engine over the segment's tallied sums;
    hidden below 5 respondents. `rows`: the period's tally rows when the caller has them
    (PeriodResults.tallies), else one query."""
    dimension = tallies.AGE if segment == "age_band" else segment
    if rows is None:
        rows = {(t.dimension, t.value): t for t in Tally.objects.filter(period=period, dimension=dimension)}
    if segment == "age_band":
        labels = {str(i): label for i, (_lo, _hi, label) in enumerate(AGE_BINS)}
    else:
        choices = SEGMENTS[segment][1]
        assert choices is not None  # only the age band has no choices
        labels = {value: str(label) for value, label in choices.choices}
    found = [(value, row) for (d, value), row in rows.items() if d == dimension and value and row.n]
    # The questionnaire's own order (SD ke bawah … S2 ke atas; age groups youngest first), not alphabetical.
    order = list(labels)
    found.sort(key=lambda item: (order.index(item[0]) if item[0] in order else len(order), item[0]))
    out = []
    for value, row in found:
        label = str(labels.get(value, value))
        out.append((label, row.n, tallies.engine_result(row) if row.n >= SEGMENT_MIN else None))
    return out
