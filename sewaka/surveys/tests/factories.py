import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from sewaka.organisations.services import service_create
from sewaka.surveys.ikm import UNSUR_KEYS
from sewaka.surveys.models import PeriodService, Response, SurveyPeriod
from sewaka.surveys.services import default_questionnaire
from sewaka.surveys.tallies import tally_apply_rows


def make_period(unit, *, name="Triwulan IV 2026", services=None, open_=True, **extra):
    today = timezone.localdate()
    period = SurveyPeriod.objects.create(
        unit=unit,
        name=name,
        kind="triwulan",
        start=extra.pop("start", today - timedelta(days=30)),
        end=extra.pop("end", today + timedelta(days=30)),
        questionnaire=default_questionnaire(),
        status="open" if open_ else "closed",
        **extra,
    )
    for service, population in (services or {}).items():
        PeriodService.objects.create(period=period, service=service, population=population)
    return period


def make_service(unit, name="Pemeriksaan Umum"):
    return service_create(actor=None, unit=unit, name=name)


def make_response(period, answers=None, **extra):
    """A stored response and its tallies (as every write path keeps them)."""
    answers = answers if answers is not None else dict.fromkeys(UNSUR_KEYS, 3)
    with transaction.atomic():
        response = Response.objects.create(
            period=period, unit=period.unit, idempotency_key=str(uuid.uuid4()), **answers, **extra
        )
        tally_apply_rows([response])
    return response
