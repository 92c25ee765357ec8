"""SKM history for the leadership dashboard: the four quarters before last quarter for every unit that serves
the public, and this quarter's open period for most of them, so the city IKM has a trend, units rise and
fall, and a few sit in mutu C/D. Each unit has its own level and drift (seeded, reproducible).

Written in bulk (demo data, not a user's act): past periods closed through `period_close` with their
report issued, answers bulk-inserted and added to the tallies (`tally_apply_rows`), as the import does.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from sewaka.obligations import evaluation as ev
from sewaka.organisations.models import Unit
from sewaka.surveys.ikm import UNSUR_KEYS
from sewaka.surveys.models import Gender, PeriodService, Response, RtlAction, SurveyPeriod
from sewaka.surveys.selectors import period_evaluation
from sewaka.surveys.services import default_questionnaire, period_close
from sewaka.surveys.tallies import stored_results, tally_apply_rows


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


UNSUR_OFFSET = {"waktu": -0.25, "sarana": -0.1, "biaya": 0.15, "perilaku": 0.1}  # the usual shape


def _answer(rng: random.Random, target: float, key: str) -> int:
    """One answer whose expected value is the unit's target IKM / 25 (shifted per unsur), between 1 and 4."""
    mean = min(3.97, max(1.6, target / 25 + UNSUR_OFFSET.get(key, 0.0)))
    low = int(mean)
    return min(4, low + (1 if rng.random() < mean - low else 0))


def seed_history(pemda: Unit, *, today: date | None = None) -> int:
    today = today or timezone.localdate()
    rng = random.Random(1705)
    questionnaire = default_questionnaire()
    last = ev.last_quarter(today)
    past = [last]
    for _ in range(4):
        past.append(ev.last_quarter(past[-1].start))
    past = past[1:][::-1]  # the four quarters before last quarter, oldest first
    current = ev.last_quarter(last.end + timedelta(days=100))  # the quarter containing today
    if SurveyPeriod.objects.filter(unit__path__startswith=pemda.path, name=past[0].label).exists():
        return 0  # seeded before (idempotent)
    units = list(
        Unit.objects.filter(path__startswith=pemda.path, is_active=True, services__is_active=True)
        .exclude(kind="gerai_mpp")
        .distinct()
        .order_by("path")
    )
    taken_by: dict[int, list[tuple[date, date]]] = {}
    for unit_id, start, end in SurveyPeriod.objects.filter(unit__in=units).values_list(
        "unit_id", "start", "end"
    ):
        taken_by.setdefault(unit_id, []).append((start, end))
    # Each unit's level: its last quarter's IKM where it has one (so the history leads up to it), else a draw.
    last_ids = dict(
        SurveyPeriod.objects.filter(unit__in=units, start=last.start, end=last.end).values_list(
            "pk", "unit_id"
        )
    )
    stored = stored_results(list(last_ids))
    known = {last_ids[pk]: float(r.ikm) for pk, r in stored.items() if r.ikm is not None}
    # As many respondents a quarter as last quarter (the city's mix stays the same from quarter to quarter).
    sizes = {last_ids[pk]: r.respondents for pk, r in stored.items() if r.respondents}
    plans = []  # (unit, quarter, closed, target IKM)
    for unit in units:
        level = known.get(unit.pk, rng.uniform(70, 93))
        drift = rng.uniform(-1.5, 2.5)  # IKM points a quarter; a few units get worse
        taken = taken_by.get(unit.pk, [])
        for n, q in enumerate(past):
            if any(s <= q.end and e >= q.start for s, e in taken):
                continue
            plans.append((unit, q, True, level - drift * (len(past) - n) + rng.uniform(-1.5, 1.5)))
        if not any(s <= current.end and e >= current.start for s, e in taken) and rng.random() < 0.75:
            now = level + (rng.uniform(-9, -3) if rng.random() < 0.12 else drift + rng.uniform(-2, 2))
            plans.append((unit, current, False, now))
    if not plans:
        return 0
    periods = SurveyPeriod.objects.bulk_create(
        [
            SurveyPeriod(
                unit=unit,
                name=q.label,
                kind="triwulan",
                start=q.start,
                end=q.end,
                questionnaire=questionnaire,
                published_at=_at(q.end + timedelta(days=20)) if closed else None,
                report_number=f"065/{rng.randint(10, 99)}/{unit.code.upper()}/{q.end.year}" if closed else "",
                report_date=q.end + timedelta(days=14) if closed else None,
                report_issued_at=_at(q.end + timedelta(days=14)) if closed else None,
            )
            for unit, q, closed, _target in plans
        ]
    )
    services = {}
    for unit in {u for u, _q, _c, _l in plans}:
        services[unit.pk] = list(unit.services.filter(is_active=True))
    period_services, responses = [], []
    for period, (unit, q, closed, target) in zip(periods, plans, strict=True):
        offered = services[unit.pk]
        for service in offered:
            period_services.append(
                PeriodService(period=period, service=service, population=rng.randint(150, 900))
            )
        last_day = min(q.end, today)
        span = max(1, (last_day - q.start).days)
        usual = sizes.get(unit.pk) or rng.randint(25, 70)
        count = max(6, round(usual * rng.uniform(0.8, 1.2) * (1 if closed else rng.uniform(0.3, 0.6))))
        for _ in range(count):
            answers = {k: _answer(rng, target, k) for k in UNSUR_KEYS}
            responses.append(
                Response(
                    period=period,
                    unit=unit,
                    service=rng.choice(offered) if offered else None,
                    gender=rng.choice(Gender.values),
                    age=rng.randint(18, 70),
                    idempotency_key=str(uuid.uuid4()),
                    submitted_at=_at(q.start + timedelta(days=rng.randrange(span))),
                    **answers,
                )
            )
    PeriodService.objects.bulk_create(period_services)
    Response.objects.bulk_create(responses, batch_size=2000)
    tally_apply_rows(responses)  # bulk_create bypasses the submission path: the tallies follow here
    past_periods = [p for p, (_u, _q, closed, _t) in zip(periods, plans, strict=True) if closed]
    for period in past_periods:  # closed through the one status writer, then dated the day after the quarter
        period_close(actor=None, period=period, automatic=True)
    for period in past_periods:
        SurveyPeriod.objects.filter(pk=period.pk).update(closed_at=_at(period.end + timedelta(days=1)))
    # Most units write the RTL their report asks for (the weak or the lowest unsur) within two weeks; a few
    # never do, so "Evaluasi SKM" has a realistic mix on the tracker and the dashboard.
    results = stored_results([p.pk for p in past_periods])
    careful = random.Random(64)
    keen = {u.pk: careful.random() < 0.75 for u in {p.unit for p in past_periods}}
    actions = []
    for period in past_periods:
        period.refresh_from_db(fields=["status", "closed_at"])
        if not keen[period.unit_id]:
            continue
        evaluation = period_evaluation(period, result=results.get(period.pk), rtl_unsur=set())
        weak = any(results[period.pk].by_key(k).mutu in ("C", "D") for k in evaluation.rtl_unsur)
        for unsur in evaluation.rtl_unsur if weak else evaluation.rtl_unsur[:1]:
            actions.append((RtlAction(period=period, unsur=unsur), period.end + timedelta(days=14)))
    created = RtlAction.objects.bulk_create([a for a, _d in actions])
    for action, (_a, day) in zip(created, actions, strict=True):
        action.created_at = _at(day)
    RtlAction.objects.bulk_update(created, ["created_at"])
    return len(periods) + len(responses) + len(created)
