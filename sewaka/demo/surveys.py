"""SKM demo data: two periods per demo unit with believable, reproducible answers."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from sewaka.organisations.models import Unit
from sewaka.surveys.ikm import UNSUR_KEYS
from sewaka.surveys.models import Education, Gender, Occupation, PeriodService, Response, Source, SurveyPeriod
from sewaka.surveys.services import default_questionnaire, period_close
from sewaka.surveys.tallies import tally_apply_rows

# unit code -> (mean tendency per unsur: probability weights of 1..4)
PROFILES = {
    "good": (1, 4, 45, 50),
    "fair": (3, 12, 55, 30),
    "weak_waktu": (8, 25, 50, 17),
}
SUGGESTIONS = [
    "Mohon tambah kursi di ruang tunggu.",
    "Antrean pagi terlalu panjang, tolong buka loket lebih awal.",
    "Petugas ramah, pertahankan.",
    "Informasi persyaratan sebaiknya ditempel di depan loket.",
    "",
    "",
]


def seed_surveys(units: list[Unit], *, today: date | None = None) -> int:
    """Create Triwulan III (closed, published) and Triwulan IV (open) 2026 for the given units."""
    today = today or timezone.localdate()
    rng = random.Random(2026)
    questionnaire = default_questionnaire()
    created = 0
    periods = [
        ("Triwulan III 2026", date(2026, 7, 1), date(2026, 9, 30), True),
        ("Triwulan IV 2026", date(2026, 10, 1), date(2026, 12, 31), False),
    ]
    for index, unit in enumerate(units):
        services = list(unit.services.filter(is_active=True))
        if not services:
            continue
        for name, start, end, closed in periods:
            if SurveyPeriod.objects.filter(unit=unit, name=name).exists():
                continue
            period = SurveyPeriod.objects.create(
                unit=unit,
                name=name,
                kind="triwulan",
                start=start,
                end=end,
                questionnaire=questionnaire,
                published_at=timezone.now() if closed else None,
            )
            for service in services:
                PeriodService.objects.create(period=period, service=service, population=rng.randint(150, 900))
            profile = list(PROFILES.values())[index % len(PROFILES)]
            count = rng.randint(90, 160) if closed else rng.randint(30, 80)
            last_day = min(end, today)
            span = max(1, (last_day - start).days)
            rows = []
            for _ in range(count):
                answers = {k: rng.choices((1, 2, 3, 4), weights=profile)[0] for k in UNSUR_KEYS}
                if index % 3 == 2:
                    answers["waktu"] = rng.choices((1, 2, 3, 4), weights=(10, 35, 45, 10))[0]
                when = datetime.combine(start + timedelta(days=rng.randrange(span)), time(8, 0)) + timedelta(
                    minutes=rng.randrange(420)
                )
                low = [k for k, v in answers.items() if v <= 2]
                rows.append(
                    Response(
                        period=period,
                        unit=unit,
                        service=rng.choice(services),
                        gender=rng.choice(Gender.values),
                        age=rng.randint(18, 70),
                        education=rng.choice(Education.values),
                        occupation=rng.choice(Occupation.values),
                        why={low[0]: "Menunggu terlalu lama."} if low and rng.random() < 0.4 else {},
                        suggestion=rng.choice(SUGGESTIONS),
                        source=rng.choice([Source.WEB, Source.WEB, Source.PAPER]),
                        submitted_at=timezone.make_aware(when),
                        idempotency_key=str(uuid.UUID(int=rng.getrandbits(128))),
                        duration_seconds=rng.randint(45, 300),
                        **answers,
                    )
                )
            Response.objects.bulk_create(rows)
            tally_apply_rows(rows)
            if closed:  # a past quarter: closed as the daily job would have closed it
                period_close(actor=None, period=period, automatic=True)
            created += 1 + len(rows)
    return created
