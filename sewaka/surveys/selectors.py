"""Reads of the SKM. Results are aggregated in the database (one GROUP BY) and fed to the pure engine."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, When
from django.http import Http404
from django.utils import timezone
from django.utils import timezone as tz
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sewaka.core.ratelimit import hash_value
from sewaka.core.templatetags.fmt import format_date
from sewaka.followups.transitions import Status as FollowUpStatus
from sewaka.organisations.access import Action, can, units_visible_to

from . import ikm
from .models import Education, Gender, Kiosk, Occupation, PeriodStatus, Response, RtlAction, SurveyPeriod


def answered() -> Q:
    """A respondent is a response with at least one unsur answered (same rule as ikm and the import)."""
    q = Q()
    for key in ikm.UNSUR_KEYS:
        q |= Q(**{f"{key}__isnull": False})
    return q


def _aggregate_kwargs() -> dict:
    kwargs = {}
    for key in ikm.UNSUR_KEYS:
        kwargs[f"{key}__sum"] = Sum(key)
        kwargs[f"{key}__count"] = Count(key)
    kwargs["n"] = Count("id", filter=answered())
    return kwargs


_EMPTY_ROW = {**{f"{k}__{a}": 0 for k in ikm.UNSUR_KEYS for a in ("sum", "count")}, "n": 0}


def _to_result(row: dict) -> ikm.IkmResult:
    aggregates = {key: (row[f"{key}__sum"] or 0, row[f"{key}__count"]) for key in ikm.UNSUR_KEYS}
    return ikm.compute_from_aggregates(aggregates, respondents=row["n"])


@dataclass
class PeriodResults:
    period: SurveyPeriod
    result: ikm.IkmResult
    respondents: int
    excluded: int
    exclusion_reasons: list[tuple[str, int]]
    flagged: int
    target: int
    per_service: list[tuple[object, ikm.IkmResult, int, int]]  # (service, result, n, population)
    priorities: list[ikm.UnsurResult] = field(default_factory=list)
    profile: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

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
    return qs.annotate(
        n=Count(
            "responses",
            filter=Q(responses__is_included=True)
            & Q(*[Q(**{f"responses__{k}__isnull": False}) for k in ikm.UNSUR_KEYS], _connector=Q.OR),
        ),
        flagged=Count("responses", filter=Q(responses__is_flagged=True)),
    ).order_by("-start", "unit__path")


def target_sample(period: SurveyPeriod) -> int:
    population = sum(period.period_services.values_list("population", flat=True))
    return ikm.krejcie_morgan(population) if population else 0


def period_results(period: SurveyPeriod) -> PeriodResults:
    """Everything the results page shows; a handful of GROUP BY queries, whatever the response count."""
    included = Response.objects.filter(answered(), period=period, is_included=True)
    total_row = included.aggregate(**_aggregate_kwargs())
    result = _to_result(total_row)
    per_service = []
    populations = dict(period.period_services.values_list("service_id", "population"))
    services = {ps.service_id: ps.service for ps in period.period_services.select_related("service")}
    for row in included.exclude(service=None).values("service_id").annotate(**_aggregate_kwargs()).order_by():
        service = services.get(row["service_id"])
        per_service.append((service, _to_result(row), row["n"], populations.get(row["service_id"], 0)))
    per_service.sort(key=lambda item: str(item[0]))
    excluded = list(
        Response.objects.filter(period=period, is_included=False)
        .values("inclusion_reason")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    profile = {}
    for fieldname, choices in (("gender", Gender), ("education", Education), ("occupation", Occupation)):
        counts = dict(included.values_list(fieldname).annotate(n=Count("id")).order_by())
        profile[fieldname] = [(label, counts.get(value, 0)) for value, label in choices.choices]
        if counts.get(""):
            profile[fieldname].append(("—", counts[""]))
    ages = included.exclude(age=None).values_list("age", flat=True)
    profile["age"] = _age_bins(ages)
    priorities = sorted((u for u in result.unsur if u.nrr is not None), key=lambda u: (u.nrr, u.key))[:3]
    return PeriodResults(
        period=period,
        result=result,
        respondents=total_row["n"],
        excluded=sum(r["n"] for r in excluded),
        exclusion_reasons=[(r["inclusion_reason"], r["n"]) for r in excluded],
        flagged=Response.objects.filter(period=period, is_flagged=True).count(),
        target=target_sample(period),
        per_service=per_service,
        priorities=priorities,
        profile=profile,
    )


AGE_BINS = (
    (0, 19, "< 20"),
    (20, 29, "20–29"),
    (30, 39, "30–39"),
    (40, 49, "40–49"),
    (50, 59, "50–59"),
    (60, 200, "≥ 60"),
)


def _age_bins(ages_qs) -> list[tuple[str, int]]:
    bins = (
        ages_qs.annotate(
            bin=Case(
                *[When(age__gte=lo, age__lte=hi, then=i) for i, (lo, hi, _) in enumerate(AGE_BINS)],
                output_field=IntegerField(),
            )
        )
        .values("bin")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {row["bin"]: row["n"] for row in bins}
    return [(label, counts.get(i, 0)) for i, (_, _, label) in enumerate(AGE_BINS)]


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


def response_get(*, user, pk) -> Response:
    try:
        response = Response.objects.select_related("period__unit").get(pk=int(pk))
    except (Response.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
    if not can(user, Action.VIEW, response.period.unit):
        raise Http404
    return response


def trend(*, period: SurveyPeriod, limit: int = 8) -> list[tuple[SurveyPeriod, ikm.IkmResult]]:
    """IKM of the unit's periods up to this one, oldest first (one GROUP BY over all of them)."""
    periods = list(
        SurveyPeriod.objects.filter(unit=period.unit, start__lte=period.start).order_by("-start")[:limit]
    )
    rows = {
        row["period_id"]: row
        for row in Response.objects.filter(period__in=periods, is_included=True)
        .values("period_id")
        .annotate(**_aggregate_kwargs())
        .order_by()
    }
    out = []
    for p in reversed(periods):
        row = rows.get(p.pk)
        out.append((p, _to_result(row) if row else None))
    return out


def city_ranking(*, user, start=None, end=None) -> list[dict]:
    """All units with a period overlapping [start, end], ranked by IKM (one GROUP BY by period).

    A period confirmed over dates of an already closed or published period (`in_ranking=False`) is left
    out, so no respondent is ranked twice."""
    periods = SurveyPeriod.objects.filter(unit__in=units_visible_to(user, Action.VIEW), in_ranking=True)
    if start:
        periods = periods.filter(end__gte=start)
    if end:
        periods = periods.filter(start__lte=end)
    periods = {
        p.pk: p for p in periods.select_related("unit").annotate(media=Count("publications", distinct=True))
    }
    rows = (
        Response.objects.filter(period_id__in=list(periods), is_included=True)
        .values("period_id")
        .annotate(**_aggregate_kwargs())
        .order_by()
    )

    rtl: dict[int, set[str]] = {}
    for period_id, unsur in RtlAction.objects.filter(period_id__in=list(periods)).values_list(
        "period_id", "unsur"
    ):
        rtl.setdefault(period_id, set()).add(unsur)
    ranking = []
    for row in rows:
        period = periods[row["period_id"]]
        result = _to_result(row)
        ranking.append(
            {
                "period": period,
                "unit": period.unit,
                "result": result,
                "n": row["n"],
                "evaluation": period_evaluation(period, result=result, rtl_unsur=rtl.get(period.pk, set())),
            }
        )
    seen = {r["period"].pk for r in ranking}
    empty = _to_result(_EMPTY_ROW)
    for pk, period in periods.items():
        if pk not in seen:
            ranking.append(
                {
                    "period": period,
                    "unit": period.unit,
                    "result": None,
                    "n": 0,
                    "evaluation": period_evaluation(period, result=empty, rtl_unsur=rtl.get(pk, set())),
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
    row = Response.objects.filter(period=period, is_included=True).aggregate(**_aggregate_kwargs())
    return period, _to_result(row)


def open_period_for(unit) -> SurveyPeriod | None:
    today = timezone.localdate()
    return (
        SurveyPeriod.objects.filter(unit=unit, status=PeriodStatus.OPEN, start__lte=today, end__gte=today)
        .select_related("questionnaire", "unit")
        .order_by("-start")
        .first()
    )


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
        (a.followup.done_at - a.followup.created_at).total_seconds() / 86400
        for a in done
        if a.followup.done_at
    ]
    effects = []
    previous = (
        SurveyPeriod.objects.filter(unit=period.unit, start__lt=period.start).order_by("-start").first()
    )
    if previous is not None:
        planned = sorted(set(RtlAction.objects.filter(period=previous).values_list("unsur", flat=True)))
        if planned:
            before = _to_result(
                Response.objects.filter(period=previous, is_included=True).aggregate(**_aggregate_kwargs())
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


def period_evaluation(
    period: SurveyPeriod, *, result: ikm.IkmResult | None = None, rtl_unsur: set[str] | None = None
) -> PeriodEvaluation:
    """The one rule for "Sudah dievaluasi": the period is closed, its report was issued (a recorded act
    with number and date) and an RTL exists for every unsur in category C/D or, when none, for the lowest.

    `result` and `rtl_unsur` (the unsur keys with an RTL) may be passed by callers that already hold them.
    """

    if result is None:
        result = _to_result(
            Response.objects.filter(period=period, is_included=True).aggregate(**_aggregate_kwargs())
        )
    if rtl_unsur is None:
        rtl_unsur = set(RtlAction.objects.filter(period=period).values_list("unsur", flat=True))
    missing, states = [], []
    if period.status != PeriodStatus.CLOSED:
        states.append("open")
        missing.append(
            _("Periode masih dibuka (sampai %(d)s); evaluasi dilakukan setelah periode ditutup.")
            % {"d": format_date(period.end)}
        )
    scored = [u for u in result.unsur if u.nrr is not None]
    if not scored:
        states.append("no_answers")
        missing.append(_("Belum ada jawaban yang dihitung pada periode ini."))
    if period.report_issued_at is None:
        states.append("report")
        missing.append(_("Laporan hasil SKM belum diterbitkan (dengan nomor dan tanggal)."))
    weak = tuple(u.key for u in scored if u.mutu in ("C", "D"))
    if weak:
        needed, lacking = weak, tuple(k for k in weak if k not in rtl_unsur)
        if lacking:
            missing.append(_("Belum ada RTL untuk unsur bermutu C/D: %(u)s.") % {"u": _unsur_list(lacking)})
    elif scored:
        lowest = min(u.nrr for u in scored)
        needed = tuple(u.key for u in scored if u.nrr == lowest)
        lacking = () if rtl_unsur & set(needed) else needed
        if lacking:
            message = (
                _("Belum ada RTL untuk unsur terendah: %(u)s.")
                if len(lacking) == 1
                else _("Belum ada RTL untuk unsur terendah (salah satu dari: %(u)s).")
            )
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
SEGMENTS = {
    "education": ("Pendidikan", Education),
    "gender": ("Jenis kelamin", Gender),
    "age_band": ("Kelompok usia", None),
}


def segment_results(period: SurveyPeriod, segment: str) -> list[tuple[str, int, ikm.IkmResult | None]]:
    """Per-unsur results per respondent segment, with the same engine; hidden below 5 respondents."""

    included = Response.objects.filter(answered(), period=period, is_included=True)
    if segment == "age_band":
        included = included.exclude(age=None).annotate(
            age_band=Case(
                *[When(age__gte=lo, age__lte=hi, then=i) for i, (lo, hi, _l) in enumerate(AGE_BINS)],
                output_field=IntegerField(),
            )
        )
        labels = {i: label for i, (_lo, _hi, label) in enumerate(AGE_BINS)}
    else:
        included = included.exclude(**{segment: ""})
        labels = dict(SEGMENTS[segment][1].choices)
    rows = included.values(segment).annotate(**_aggregate_kwargs()).order_by()
    # The questionnaire's own order (SD ke bawah … S2 ke atas; age groups youngest first), not alphabetical.
    order = list(labels)
    rows = sorted(rows, key=lambda r: order.index(r[segment]) if r[segment] in order else len(order))
    out = []
    for row in rows:
        label = str(labels.get(row[segment], row[segment]))
        out.append((label, row["n"], _to_result(row) if row["n"] >= SEGMENT_MIN else None))
    return out
