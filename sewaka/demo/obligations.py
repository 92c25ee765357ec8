"""Obligations demo data: the city's rules and letter settings, and a realistic mix of compliance for the
tracker — FKPs held by some perangkat daerah this year (some through their puskesmas or kelurahan), the last
quarter's SKM evaluated on time by some units, late by others, not at all by the rest, and two coordination
events with attendance. Deterministic (seeded random) and idempotent; fast (a few responses per period,
rows written in bulk where no service is needed).
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from sewaka.consultations import services as fkp
from sewaka.consultations.models import Forum, Method, Purpose
from sewaka.events import services as events
from sewaka.events.models import CoordinationEvent
from sewaka.followups.models import FollowUp
from sewaka.followups.services import followup_transition
from sewaka.followups.transitions import Status as FollowUpStatus
from sewaka.obligations import evaluation as ev
from sewaka.obligations import selectors as obligation_selectors
from sewaka.obligations import services as obligations
from sewaka.organisations.models import Unit, UnitKind
from sewaka.surveys.ikm import UNSUR_KEYS, UNSUR_LABELS
from sewaka.surveys.models import Response, RtlAction, SurveyPeriod
from sewaka.surveys.services import default_questionnaire, period_close
from sewaka.surveys.tallies import tally_apply_rows

FKP_TOPIC = "Forum Konsultasi Publik {year}: evaluasi standar dan kualitas pelayanan"
LETTER = {
    "signer_title": "Sekretaris Daerah Kota Denpasar",
    "signer_name": "Dr. I Made Wirakusuma, S.H., M.Si.",
    "signer_rank": "Pembina Utama Madya",
    "signer_nip": "19690317 199503 1 004",
}
EVENTS = [
    (
        "sosialisasi",
        "Sosialisasi SE Sekda Nomor 061/504/Org dan Survei Kepuasan Masyarakat",
        3,
        "Ruang Praja Utama, Kantor Wali Kota Denpasar",
        "Kepala Bagian Organisasi Setda Kota Denpasar\nAnalis Kebijakan Ahli Madya",
    ),
    (
        "rakor_ombudsman",
        "Rapat koordinasi kepatuhan pelayanan publik bersama Ombudsman RI Perwakilan Provinsi Bali",
        8,
        "Gedung Sewaka Dharma, Lumintang",
        "Kepala Ombudsman RI Perwakilan Provinsi Bali\nAsisten Pemerintahan Setda Kota Denpasar",
    ),
]
FKP_SHARE = 0.55  # perangkat daerah that held an FKP this year
EVENT_ATTENDANCE = 0.75


def seed_obligations(pemda: Unit, actor, *, today: date | None = None) -> int:
    today = today or timezone.localdate()
    created = obligations.obligations_install_defaults(actor=None, pemda=pemda)
    settings = obligation_selectors.letter_settings(pemda)
    if settings is not None and not settings.signer_name:
        obligations.letter_settings_update(actor=None, pemda=pemda, **LETTER)
    created += _forums(pemda, actor, today)
    created += _skm_last_quarter(pemda, actor, today)
    created += _events(pemda, actor, today)
    return created


def _perangkat_daerah(pemda: Unit) -> list[Unit]:
    kinds = (UnitKind.PERANGKAT_DAERAH, UnitKind.KECAMATAN, UnitKind.RSUD)
    return list(Unit.objects.filter(parent=pemda, kind__in=kinds, is_active=True).order_by("code"))


def _forums(pemda: Unit, actor, today: date) -> int:
    """An FKP this year for about half of the perangkat daerah: held by the perangkat daerah itself, or by
    one of its units (a puskesmas, a kelurahan), which counts for it."""
    topic = FKP_TOPIC.format(year=today.year)
    if Forum.objects.filter(topic=topic, unit__path__startswith=pemda.path).exists():
        return 0
    rng = random.Random(17)
    first, last = date(today.year, 1, 15), today - timedelta(days=3)
    if last < first:
        return 0
    created = 0
    for pd in _perangkat_daerah(pemda):
        if rng.random() >= FKP_SHARE:
            continue
        children = list(pd.children.filter(is_active=True).order_by("code"))
        host = children[rng.randrange(len(children))] if children and rng.random() < 0.4 else pd
        held_on = first + timedelta(days=rng.randrange((last - first).days + 1))
        forum = fkp.forum_create(
            actor=actor,
            unit=host,
            topic=topic,
            purpose=Purpose.EVALUATION,
            method=rng.choice([Method.FGD, Method.HEARING, Method.SARASEHAN]),
            date=held_on,
            place=f"Aula {host.short_name or host.name}",
            agenda="1. Pembukaan\n2. Paparan hasil SKM dan standar pelayanan\n3. Diskusi\n4. Kesepakatan",
        )
        fkp.forum_record_results(
            actor=actor,
            forum=forum,
            minutes="Peserta membahas hasil SKM dan standar pelayanan; dua perbaikan disepakati.",
        )
        created += 1
    return created


def _skm_units(pemda: Unit) -> list[Unit]:
    kinds = (UnitKind.KELURAHAN, UnitKind.DESA, UnitKind.KECAMATAN, UnitKind.PERANGKAT_DAERAH, UnitKind.UPTD)
    return list(
        Unit.objects.filter(
            path__startswith=pemda.path, kind__in=kinds, is_active=True, services__is_active=True
        )
        .distinct()
        .order_by("path")
    )


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _skm_last_quarter(pemda: Unit, actor, today: date) -> int:
    """The last quarter's SKM for the units that serve the public (puskesmas and the MPP agencies have
    their own periods from surveys.py): 45 % evaluated on time, 20 % late, the rest not yet evaluated.
    Written in bulk (a few inserts whatever the number of units): demo data, not a user's act."""
    quarter = ev.last_quarter(today)
    rng = random.Random(61)
    questionnaire = default_questionnaire()
    due = quarter.end + timedelta(days=30)
    busy = set(
        SurveyPeriod.objects.filter(
            unit__path__startswith=pemda.path, start__lte=quarter.end, end__gte=quarter.start
        ).values_list("unit_id", flat=True)
    )
    plans: list[tuple[Unit, date | None, int]] = []
    for unit in _skm_units(pemda):
        if unit.pk in busy:
            continue
        draw = rng.random()
        if draw < 0.45:
            issued = quarter.end + timedelta(days=rng.randint(6, 25))
        elif draw < 0.65:
            issued = quarter.end + timedelta(days=rng.randint(35, 50))
        else:
            issued = None
        plans.append((unit, issued if issued is not None and issued < today else None, rng.randint(10, 99)))
    SurveyPeriod.objects.bulk_create(
        [
            SurveyPeriod(
                unit=unit,
                name=quarter.label,
                kind="triwulan",
                start=quarter.start,
                end=quarter.end,
                questionnaire=questionnaire,
                report_number=f"065/{serial}/{unit.code.upper()}/{issued.year}" if issued else "",
                report_date=issued,
                report_issued_at=_at(issued) if issued else None,
                report_issued_by=actor if issued else None,
            )
            for unit, issued, serial in plans
        ]
    )
    periods = list(SurveyPeriod.objects.filter(unit__in=[u for u, _i, _s in plans], name=quarter.label))
    for period in periods:  # closed through the one status writer, then dated the day after the quarter
        period_close(actor=None, period=period, automatic=True)
    SurveyPeriod.objects.filter(pk__in=[p.pk for p in periods]).update(
        closed_at=_at(quarter.end + timedelta(days=1))
    )
    by_unit = {p.unit_id: p for p in periods}
    responses, actions = [], []
    for unit, issued, _serial in plans:
        period = by_unit[unit.pk]
        for _ in range(8):
            answers = dict.fromkeys(UNSUR_KEYS, 4) | {
                "waktu": rng.choice((2, 3, 3, 4)),
                "sarana": rng.choice((3, 3, 4, 4)),
            }
            responses.append(
                Response(
                    period=period,
                    unit=unit,
                    idempotency_key=str(uuid.UUID(int=rng.getrandbits(128))),
                    submitted_at=_at(quarter.start + timedelta(days=rng.randrange(80))),
                    **answers,
                )
            )
        if issued is not None:
            # An RTL for every unsur the rule may ask for (waktu and sarana are the only ones below 4).
            actions += [(RtlAction(period=period, unsur=u), issued) for u in ("waktu", "sarana")]
    Response.objects.bulk_create(responses)
    tally_apply_rows(responses)  # bulk_create bypasses the submission path: the tallies follow here
    created = RtlAction.objects.bulk_create([a for a, _d in actions])
    for action, (_a, issued) in zip(created, actions, strict=True):
        action.created_at = _at(issued)
    RtlAction.objects.bulk_update(created, ["created_at"])
    source = ContentType.objects.get_for_model(RtlAction)
    spans = random.Random(62)
    followups = FollowUp.objects.bulk_create(
        [
            FollowUp(
                unit_id=a.period.unit_id,
                source_type=source,
                source_id=str(a.pk),
                title=f"Perbaikan unsur {UNSUR_LABELS[a.unsur]}",
                # RTL deadlines of two weeks to three months: some are past by now (the late list)
                due=max(due, issued) + timedelta(days=spans.choice((14, 21, 30, 60, 60, 90))),
                created_by=actor,
            )
            for a, (_x, issued) in zip(created, actions, strict=True)
        ]
    )
    for action, followup in zip(created, followups, strict=True):
        action.followup = followup
    RtlAction.objects.bulk_update(created, ["followup"])
    # Most units finish their RTL on time; the rest are late (the late list, the obligation's mix).
    diligent = random.Random(63)
    for followup in followups:
        if followup.due < today and diligent.random() < 0.6:
            followup_transition(
                followup=followup, to=FollowUpStatus.DONE, actor=actor, note="Perbaikan selesai dilaksanakan."
            )
            FollowUp.objects.filter(pk=followup.pk).update(done_at=_at(followup.due - timedelta(days=3)))
    return len(periods) + len(responses) + 2 * len(created)


def _events(pemda: Unit, actor, today: date) -> int:
    if CoordinationEvent.objects.filter(pemda=pemda, date__year=today.year).exists():
        return 0
    organiser = Unit.objects.filter(
        path__startswith=pemda.path, kind=UnitKind.BAGIAN, code="bagian-organisasi"
    ).first()
    if organiser is None:
        organiser = (
            Unit.objects.filter(path__startswith=pemda.path, kind=UnitKind.BAGIAN).order_by("code").first()
        )
    if organiser is None:
        return 0
    kinds = (
        UnitKind.PERANGKAT_DAERAH,
        UnitKind.KECAMATAN,
        UnitKind.KELURAHAN,
        UnitKind.DESA,
        UnitKind.PUSKESMAS,
        UnitKind.RSUD,
    )
    invited = list(
        Unit.objects.filter(path__startswith=pemda.path, kind__in=kinds, is_active=True).order_by("path")
    )
    rng = random.Random(504)
    created = 0
    for kind, topic, month, place, speakers in EVENTS:
        on = date(today.year, month, 14)
        if on >= today:
            continue
        event = events.event_create(
            actor=actor, organiser=organiser, kind=kind, topic=topic, date=on, place=place, speakers=speakers
        )
        events.event_invite(actor=actor, event=event, units=invited)
        present = [u.pk for u in invited if rng.random() < EVENT_ATTENDANCE]
        events.invitations_mark_attended(actor=actor, event=event, unit_ids=present)
        events.event_close_checkin(actor=actor, event=event)
        created += 1 + len(invited)
    return created
