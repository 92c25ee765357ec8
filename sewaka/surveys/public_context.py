"""What the public survey page needs of a unit (the unit, its open period with questionnaire and services, its
extra questions) and of a kiosk, cached in each process and invalidated across processes.

A submission would otherwise spend four ORM queries on data that changes a few times a year. Each process
keeps the answers of the units it served; one shared key in the cache (`GENERATION_KEY`, the database
cache table or Redis) holds a random token that every save or delete of a unit, service, period, period
service, questionnaire, extra question or kiosk replaces once its transaction commits. A request reads that
token (one primary-key read) and uses its process's entry only if the entry was built under the same token
on the same day (the open period depends on the date). The token is read *before* an entry is built, so an
entry built while a change was being committed carries the old token and is rebuilt on the next request.
The process that saves also drops its own entries at once (so do tests, whose transactions never commit).
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from sewaka.organisations.models import Service, Unit

from .forms import AnswerLayout, answer_layout
from .models import ExtraQuestion, Kiosk, PeriodService, PeriodStatus, Questionnaire, SurveyPeriod

GENERATION_KEY = "skm:public-context"
MAX_ENTRIES = 2048  # units (and kiosks) kept per process; the least recently used go first


@dataclass(frozen=True)
class SurveyContext:
    unit: Unit
    period: SurveyPeriod | None  # the open period today (questionnaire and unit loaded), or None
    services: tuple[Service, ...]  # the period's active services, by name
    extra_questions: tuple[ExtraQuestion, ...]
    _layouts: dict = field(default_factory=dict, compare=False, repr=False)

    def answer_layout(self, *, with_services: bool) -> AnswerLayout:
        """The questionnaire form's fields (with the service list or without), built once per process."""
        layout = self._layouts.get(with_services)
        if layout is None:
            layout = answer_layout(
                questionnaire=self.period.questionnaire,
                services=self.services if with_services else (),
                extra_questions=self.extra_questions,
            )
            self._layouts[with_services] = layout
        return layout


_lock = threading.Lock()
_units: OrderedDict[str, tuple[str, date, SurveyContext]] = OrderedDict()
_kiosks: OrderedDict[str, tuple[str, Kiosk | None]] = OrderedDict()


def _generation() -> str:
    token = cache.get(GENERATION_KEY)
    if token is None:  # first use, or evicted from the cache: a new token makes every process rebuild
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(GENERATION_KEY) or ""
    return token


def _remember(store: OrderedDict, key: str, value) -> None:
    with _lock:
        store[key] = value
        store.move_to_end(key)
        while len(store) > MAX_ENTRIES:
            store.popitem(last=False)


def survey_context(code: str, *, verified_later: bool = False) -> SurveyContext | None:
    """The active unit with this code and what its survey page needs; None when there is no such unit.

    `verified_later`: the caller (a submission) has the database confirm, in the statement that checks the
    answer anyway, that the period is still open and the chosen service still listed (`response_submit`
    raises `StaleContext` otherwise, and the caller asks again without this flag). A cached entry of today
    is then used without reading the generation token: one round trip less per answer."""
    today = timezone.localdate()
    hit = _units.get(code)
    if verified_later and hit is not None and hit[1] == today:
        return hit[2]
    token = _generation()
    if hit is not None and hit[0] == token and hit[1] == today:
        return hit[2]
    unit = Unit.objects.filter(code=code, is_active=True).first()
    if unit is None:
        return None
    period = (
        SurveyPeriod.objects.filter(unit=unit, status=PeriodStatus.OPEN, start__lte=today, end__gte=today)
        .select_related("questionnaire", "unit")
        .order_by("-start")
        .first()
    )
    services: tuple[Service, ...] = ()
    if period is not None:
        period.questionnaire.items()  # parsed once here, not per request
        rows = PeriodService.objects.filter(period=period, service__is_active=True).select_related("service")
        services = tuple(row.service for row in rows)  # by service name (PeriodService.Meta)
    extra = tuple(ExtraQuestion.objects.filter(unit=unit, is_active=True))
    context = SurveyContext(unit=unit, period=period, services=services, extra_questions=extra)
    _remember(_units, code, (token, today, context))
    return context


def forget(code: str) -> None:
    """Drop this process's entry of a unit (found stale by a submission)."""
    with _lock:
        _units.pop(code, None)


def kiosk_by_token_hash(token_hash: str) -> Kiosk | None:
    """The active kiosk with this token hash (its unit loaded), cached like the units."""
    token = _generation()
    hit = _kiosks.get(token_hash)
    if hit is not None and hit[0] == token:
        return hit[1]
    kiosk = Kiosk.objects.select_related("unit").filter(token_hash=token_hash, is_active=True).first()
    _remember(_kiosks, token_hash, (token, kiosk))
    return kiosk


def invalidate(**_kwargs) -> None:
    """Forget every cached entry: now in this process, in every process once the transaction commits."""
    with _lock:
        _units.clear()
        _kiosks.clear()
    transaction.on_commit(lambda: cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None))


WATCHED = (Unit, Service, SurveyPeriod, PeriodService, Questionnaire, ExtraQuestion, Kiosk)


def connect_signals() -> None:
    """Called from SurveysConfig.ready(): any write to what the page shows invalidates the caches."""
    for model in WATCHED:
        post_save.connect(invalidate, sender=model, dispatch_uid=f"skm-public-context-save-{model.__name__}")
        post_delete.connect(
            invalidate, sender=model, dispatch_uid=f"skm-public-context-delete-{model.__name__}"
        )
