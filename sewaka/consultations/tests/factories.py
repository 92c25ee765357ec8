"""Helpers to build forums through the services (tests only)."""

from datetime import timedelta

from django.utils import timezone

from sewaka.consultations import services
from sewaka.consultations.models import Method, Purpose


def make_forum(unit, actor, *, topic="Evaluasi waktu tunggu pelayanan", days=0, **extra):
    return services.forum_create(
        actor=actor,
        unit=unit,
        topic=topic,
        purpose=extra.pop("purpose", Purpose.EVALUATION),
        method=extra.pop("method", Method.FGD),
        date=timezone.localdate() + timedelta(days=days),
        place=extra.pop("place", "Aula Puskesmas A"),
        agenda=extra.pop("agenda", "1. Pembukaan\n2. Diskusi\n3. Kesepakatan"),
        **extra,
    )


def due(days=14):
    return timezone.localdate() + timedelta(days=days)
