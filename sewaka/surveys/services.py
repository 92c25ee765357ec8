"""Writes of the SKM: periods, responses (idempotent, integrity-flagged), inclusion decisions, kiosks."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sewaka.core.audit import audit
from sewaka.core.ratelimit import hash_value
from sewaka.core.services import attachment_add
from sewaka.core.templatetags.fmt import format_date
from sewaka.core.types import Actor
from sewaka.followups.services import followup_create
from sewaka.organisations.access import Action, can

from .ikm import UNSUR_KEYS, UNSUR_LABELS
from .models import (
    ExtraQuestion,
    Kiosk,
    PeriodService,
    PeriodStatus,
    Publication,
    Questionnaire,
    Response,
    RtlAction,
    Source,
    SurveyPeriod,
)
from .tallies import FACTS, tally_apply_rows, tally_change

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import UploadedFile

    from sewaka.organisations.models import Service, Unit

PROFILE_FIELDS = ("gender", "age", "education", "occupation")


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


QUESTIONNAIRE_FILE = "permenpanrb-14-2017.json"


def default_questionnaire() -> Questionnaire:
    """The newest questionnaire version; the regulation's one is loaded from its data file if missing."""
    found = Questionnaire.objects.order_by("-created_at").first()
    if found is None:
        data = json.loads((Path(__file__).parent / "questionnaires" / QUESTIONNAIRE_FILE).read_text("utf-8"))
        found, _created = Questionnaire.objects.get_or_create(
            code=data["code"],
            defaults={"title": data["title"], "source": data["source"], "questions": data["questions"]},
        )
    return found


def overlapping_settled_periods(*, unit: Unit, start: date, end: date) -> list[SurveyPeriod]:
    """The unit's closed or published periods sharing at least one day with [start, end]."""

    return list(
        SurveyPeriod.objects.filter(unit=unit, start__lte=end, end__gte=start)
        .filter(Q(status=PeriodStatus.CLOSED) | Q(published_at__isnull=False))
        .order_by("start")
    )


@transaction.atomic
def period_create(
    *,
    actor: Actor,
    unit: Unit,
    name: str,
    kind: str,
    start: date,
    end: date,
    services: dict | None = None,
    confirm_overlap: bool = False,
) -> SurveyPeriod:
    """Open a survey period over some or all of the unit's services ({service: population}).

    A period over dates of a closed or published period of the same unit is refused unless the user
    confirms it; a confirmed one is kept out of the city ranking (`in_ranking=False`), so the unit's
    respondents of those dates are never ranked twice.
    """
    if not can(actor, Action.ACT, unit):
        raise PermissionDenied
    overlapping = overlapping_settled_periods(unit=unit, start=start, end=end) if start and end else []
    if overlapping and not confirm_overlap:
        names = "; ".join(f"{p.name} ({format_date(p.start)} – {format_date(p.end)})" for p in overlapping)
        raise ValidationError(
            _(
                "Tanggal periode ini tumpang-tindih dengan periode yang sudah ditutup atau diterbitkan: "
                "%(periods)s. Responden tanggal itu bisa terhitung dua kali. Centang konfirmasi untuk tetap "
                "membuatnya; periode ini lalu tidak dihitung dalam peringkat kota."
            )
            % {"periods": names},
            code="overlap",
        )
    period = SurveyPeriod(
        unit=unit,
        name=name.strip(),
        kind=kind,
        start=start,
        end=end,
        questionnaire=default_questionnaire(),
        in_ranking=not overlapping,
    )
    period.full_clean()
    period.save()
    for service, population in (services or {}).items():
        if service.unit_id != unit.pk:
            raise ValidationError(_("Layanan %(s)s bukan milik unit ini.") % {"s": service})
        PeriodService.objects.create(period=period, service=service, population=population or 0)
    audit(
        actor=actor,
        action="survey_period.create",
        obj=period,
        unit=unit,
        changes={
            "name": period.name,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "services": {s.name: p for s, p in (services or {}).items()},
            "overlaps": [p.pk for p in overlapping],
            "in_ranking": period.in_ranking,
        },
    )
    return period


@transaction.atomic
def period_set_population(
    *, actor: Actor, period: SurveyPeriod, service: Service, population: int
) -> PeriodService:
    if not can(actor, Action.ACT, period.unit):
        raise PermissionDenied
    if service.unit_id != period.unit_id:
        raise ValidationError(_("Layanan ini bukan milik unit periode."))
    if population < 0:
        raise ValidationError(_("Populasi tidak boleh negatif."))
    row, _created = PeriodService.objects.get_or_create(period=period, service=service)
    before = row.population
    row.population = population
    row.save()
    audit(
        actor=actor,
        action="survey_period.population",
        obj=period,
        unit=period.unit,
        changes={"service": service.name, "population": {"before": before, "after": population}},
    )
    return row


@transaction.atomic
def period_close(*, actor: Actor, period: SurveyPeriod, automatic: bool = False) -> SurveyPeriod:
    if not automatic and not can(actor, Action.ACT, period.unit):
        raise PermissionDenied
    if period.status == PeriodStatus.CLOSED:
        return period
    period.status = PeriodStatus.CLOSED
    period.closed_at = timezone.now()
    period.save(update_fields=["status", "closed_at", "updated_at"])
    audit(
        actor=actor,
        action="survey_period.close",
        obj=period,
        unit=period.unit,
        changes={
            "status": {"before": PeriodStatus.OPEN, "after": PeriodStatus.CLOSED},
            "automatic": automatic,
        },
    )
    return period


@transaction.atomic
def period_publish(*, actor: Actor, period: SurveyPeriod) -> SurveyPeriod:
    """Make the period's IKM visible on the public pages (thank-you page, TV mode)."""
    if not can(actor, Action.ACT, period.unit):
        raise PermissionDenied
    period.published_at = timezone.now()
    period.save(update_fields=["published_at", "updated_at"])
    audit(actor=actor, action="survey_period.publish", obj=period, unit=period.unit, changes={})
    return period


def close_due_periods(*, today: date | None = None) -> int:
    """Close every open period whose end date has passed (run daily by `closesurveyperiods`)."""
    today = today or timezone.localdate()
    closed = 0
    for period in SurveyPeriod.objects.filter(status=PeriodStatus.OPEN, end__lt=today):
        period_close(actor=None, period=period, automatic=True)
        closed += 1
    return closed


@dataclass(frozen=True)
class Submission:
    """What a respondent sent, already parsed (answers 1–4 or None, keyed by unsur)."""

    answers: dict[str, int | None]
    service_id: int | None = None
    gender: str = ""
    age: int | None = None
    education: str = ""
    occupation: str = ""
    why: dict | None = None
    suggestion: str = ""
    extra_answers: dict | None = None


def _check_answers(answers: dict) -> None:
    unknown = set(answers) - set(UNSUR_KEYS)
    if unknown:
        raise ValidationError(_("Unsur tidak dikenal: %(k)s.") % {"k": ", ".join(sorted(unknown))})
    for key, value in answers.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
            raise ValidationError(
                _("Jawaban untuk %(unsur)s harus 1 sampai 4.") % {"unsur": UNSUR_LABELS[key]}
            )
    if all(answers.get(k) is None for k in UNSUR_KEYS):
        raise ValidationError(_("Belum ada satu pun pertanyaan yang dijawab."))


class RateLimited(ValidationError):
    """Too many answers from one client address in the last hour (the public page answers 429)."""


class StaleContext(ValidationError):
    """The caller's period or service is no longer what the database says (closed, ended, deactivated or
    removed since the caller read it): nothing was stored. The public page reads its context afresh."""


# One statement for everything a submission must know before it is stored, each part an index lookup
# bounded by a LIMIT: the response already stored under this idempotency key (a retry), whether this
# browser answered this period within the repeat window, and how many answers this address sent to this
# period within the burst window and to any period within the last hour (the public rate limit).
# A NULL parameter matches nothing (kiosk answers skip the browser and address checks).
_CHECKS_SQL = """
SELECT
  (SELECT id FROM surveys_response WHERE idempotency_key = %s),
  (SELECT COUNT(*) FROM (SELECT 1 FROM surveys_response
     WHERE client_id = %s AND client_id > '' AND period_id = %s AND submitted_at >= %s LIMIT 1) repeat_browser),
  (SELECT COUNT(*) FROM (SELECT 1 FROM surveys_response
     WHERE ip_hash = %s AND ip_hash > '' AND period_id = %s AND submitted_at >= %s LIMIT %s) burst_address),
  (SELECT COUNT(*) FROM (SELECT 1 FROM surveys_response
     WHERE ip_hash = %s AND ip_hash > '' AND submitted_at >= %s LIMIT %s) last_hour),
  (SELECT COUNT(*) FROM surveys_surveyperiod p JOIN organisations_unit u ON u.id = p.unit_id
     WHERE p.id = %s AND p.status = %s AND p.start <= %s AND p."end" >= %s AND u.is_active),
  (SELECT COUNT(*) FROM surveys_periodservice ps JOIN organisations_service s ON s.id = ps.service_id
     WHERE ps.period_id = %s AND ps.service_id = %s AND s.is_active)
"""


@dataclass(frozen=True)
class _Checks:
    existing_id: int | None
    repeat_browser: bool
    burst: int
    last_hour: int
    period_open: bool  # in the database now: open, today within its dates, its unit active
    service_listed: bool  # the chosen service is in the period and active (False without a service)


def _run_checks(
    *,
    period,
    idempotency_key: str,
    client_id: str,
    ip_hash: str,
    kiosk,
    now,
    hourly_limit: int | None,
    service_id: int | None = None,
) -> _Checks:
    window = timedelta(minutes=_setting("SEWAKA_SKM_REPEAT_WINDOW_MINUTES", 60))
    burst_window = timedelta(minutes=_setting("SEWAKA_SKM_BURST_MINUTES", 10))
    burst_limit = _setting("SEWAKA_SKM_BURST_LIMIT", 20)
    browser = client_id if kiosk is None and client_id else None
    address = ip_hash if kiosk is None and ip_hash else None
    limited = ip_hash if hourly_limit is not None and ip_hash else None
    since = connection.ops.adapt_datetimefield_value  # the stored form (SQLite compares text)
    params = [
        idempotency_key,
        browser,
        period.pk,
        since(now - window),
        address,
        period.pk,
        since(now - burst_window),
        burst_limit,
        limited,
        since(now - timedelta(hours=1)),
        hourly_limit or 0,
        period.pk,
        PeriodStatus.OPEN,
        connection.ops.adapt_datefield_value(timezone.localdate(now)),
        connection.ops.adapt_datefield_value(timezone.localdate(now)),
        period.pk,
        service_id,
    ]
    with connection.cursor() as cursor:
        cursor.execute(_CHECKS_SQL, params)
        existing_id, repeat, burst, last_hour, period_open, service_listed = cursor.fetchone()
    return _Checks(existing_id, bool(repeat), burst, last_hour, bool(period_open), bool(service_listed))


def _integrity_flags(*, submission: Submission, checks: _Checks, kiosk, duration) -> list:
    flags = []
    if kiosk is None:
        if checks.repeat_browser:
            window = _setting("SEWAKA_SKM_REPEAT_WINDOW_MINUTES", 60)
            flags.append(
                {
                    "code": "repeat_browser",
                    "reason": _("Pengiriman berulang dari peramban yang sama dalam %(m)s menit.")
                    % {"m": window},
                }
            )
        burst_limit = _setting("SEWAKA_SKM_BURST_LIMIT", 20)
        if checks.burst >= burst_limit:
            flags.append(
                {
                    "code": "burst_address",
                    "reason": _("Lebih dari %(n)s jawaban dari satu alamat jaringan dalam %(m)s menit.")
                    % {"n": burst_limit, "m": _setting("SEWAKA_SKM_BURST_MINUTES", 10)},
                }
            )
    answered = [v for v in submission.answers.values() if v is not None]
    min_seconds = _setting("SEWAKA_SKM_MIN_SECONDS", 20)
    if (
        len(answered) == len(UNSUR_KEYS)
        and len(set(answered)) == 1
        and duration is not None
        and duration < min_seconds
    ):
        flags.append(
            {
                "code": "straight_fast",
                "reason": _("Semua jawaban sama dan diisi dalam %(s)s detik (kurang dari %(min)s detik).")
                % {"s": duration, "min": min_seconds},
            }
        )
    return flags


def response_submit(
    *,
    period: SurveyPeriod,
    submission: Submission,
    idempotency_key: str,
    source: str = Source.WEB,
    client_id: str = "",
    ip: str = "",
    duration_seconds: int | None = None,
    kiosk: Kiosk | None = None,
    entered_by: Actor = None,
    period_services: Iterable[Service] | None = None,
    hourly_limit: int | None = None,
) -> tuple[Response, bool]:
    """Store one response; a retried submission (same idempotency key) returns the stored one.

    Returns (response, created). Integrity checks flag, never drop. `period_services` (the period's
    services, when the caller has them) spares a query; `hourly_limit` (public pages) refuses with
    `RateLimited` once the client address has that many answers stored in the last hour.

    An anonymous answer (web or kiosk) writes no audit event: the response row is its own record (when,
    through which channel and kiosk, the keyed hash of the address, the integrity flags) and is never
    updated or deleted except by audited decisions. A paper entry records the officer who typed it.
    """
    now = timezone.now()
    ip_hash = hash_value(ip) if ip else ""
    checks = _run_checks(
        period=period,
        idempotency_key=idempotency_key,
        client_id=client_id,
        ip_hash=ip_hash,
        kiosk=kiosk,
        now=now,
        hourly_limit=hourly_limit,
        service_id=submission.service_id,
    )
    if checks.existing_id is not None:
        return Response.objects.get(pk=checks.existing_id), False
    if hourly_limit is not None and checks.last_hour >= hourly_limit:
        raise RateLimited(_("Terlalu banyak jawaban dari alamat jaringan ini dalam satu jam."), code="rate")
    public = source in (Source.WEB, Source.KIOSK)
    if public and not period.accepts_answers:
        raise ValidationError(
            _("Periode survei ini sudah ditutup atau belum dimulai; jawaban tidak dapat diterima.")
        )
    if public and not checks.period_open:  # the caller's copy of the period is older than the database's
        raise StaleContext(
            _("Periode survei ini sudah ditutup atau belum dimulai; jawaban tidak dapat diterima.")
        )
    if source == Source.PAPER and entered_by is None:
        raise ValidationError(_("Isian kertas harus dicatat oleh petugas yang masuk."))
    _check_answers(submission.answers)
    service = None
    if submission.service_id is not None:
        if period_services is None:
            found = period.period_services.filter(service_id=submission.service_id).select_related("service")
            period_services = [row.service for row in found]
        service = next((s for s in period_services if s.pk == submission.service_id), None)
        if service is None:
            raise ValidationError(_("Layanan yang dipilih tidak termasuk dalam periode survei ini."))
        if public and not checks.service_listed:  # deactivated or removed since the caller read the list
            raise StaleContext(_("Layanan yang dipilih tidak termasuk dalam periode survei ini."))
    why = {
        k: v.strip()[:1000] for k, v in (submission.why or {}).items() if k in UNSUR_KEYS and v and v.strip()
    }
    flags = _integrity_flags(submission=submission, checks=checks, kiosk=kiosk, duration=duration_seconds)
    response = Response(
        period=period,
        unit_id=period.unit_id,
        service=service,
        gender=submission.gender,
        age=submission.age,
        education=submission.education,
        occupation=submission.occupation,
        why=why,
        suggestion=submission.suggestion.strip()[:5000],
        extra_answers=submission.extra_answers or {},
        source=source,
        submitted_at=now,
        idempotency_key=idempotency_key,
        client_id=client_id,
        ip_hash=ip_hash,
        duration_seconds=duration_seconds,
        kiosk=kiosk,
        entered_by=entered_by,
        flags=flags,
        is_flagged=bool(flags),
        **{k: submission.answers.get(k) for k in UNSUR_KEYS},
    )
    # Answers were checked above and the CHECK constraints hold in the database (no per-constraint SELECTs);
    # the period, service, kiosk and officer were just read, and their foreign keys hold in the database too.
    response.full_clean(exclude=[*_FOREIGN_KEYS, "idempotency_key", "uid"], validate_constraints=False)
    try:
        with transaction.atomic():
            response.save()
            tally_apply_rows([response])
            if entered_by is not None:
                audit(
                    actor=entered_by,
                    action="response.submit",
                    obj=response,
                    unit=period.unit,
                    changes={"period": period.pk, "source": source, "flags": [f["code"] for f in flags]},
                )
    except IntegrityError:
        # A concurrent retry with the same key won the race: return what it stored.
        stored = Response.objects.filter(idempotency_key=idempotency_key).first()
        if stored is None:
            raise
        return stored, False
    return response, True


_FOREIGN_KEYS = ("period", "unit", "service", "kiosk", "entered_by")


def _lock_response(response: Response) -> tuple:
    """The response's tally facts, read under its row lock (a concurrent decision waits, then sees ours)."""
    return tuple(Response.objects.select_for_update().filter(pk=response.pk).values_list(*FACTS).get())


@transaction.atomic
def response_set_inclusion(*, response: Response, include: bool, reason: str, actor: Actor) -> Response:
    """Include or exclude a response from the IKM (admin pemda or Tim Monev), with a reason, audited."""
    if not can(actor, Action.MONEV, response.period.unit):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan keputusan ini.")})
    facts = _lock_response(response)
    before = facts[FACTS.index("is_included")]
    response.is_included = include
    response.inclusion_reason = reason
    response.save(update_fields=["is_included", "inclusion_reason"])
    tally_change(facts, _with(facts, is_included=include))
    audit(
        actor=actor,
        action="response.include" if include else "response.exclude",
        obj=response,
        unit=response.period.unit,
        changes={"is_included": {"before": before, "after": include}, "reason": reason},
    )
    return response


def _with(facts: tuple, **changes) -> tuple:
    out = list(facts)
    for name, value in changes.items():
        out[FACTS.index(name)] = value
    return tuple(out)


@transaction.atomic
def response_set_service(
    *, response: Response, service: Service | None, reason: str, actor: Actor
) -> Response:
    """Move a response to another service of its period (or to none), e.g. a respondent who picked the
    wrong one; the same reviewers as inclusion decisions, with a reason, audited."""
    if not can(actor, Action.MONEV, response.period.unit):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan keputusan ini.")})
    service_id = None if service is None else service.pk
    if service_id is not None and not response.period.period_services.filter(service_id=service_id).exists():
        raise ValidationError({"service": _("Layanan ini tidak termasuk dalam periode survei jawaban ini.")})
    facts = _lock_response(response)
    before = facts[FACTS.index("service_id")]
    response.service_id = service_id
    response.save(update_fields=["service"])
    tally_change(facts, _with(facts, service_id=service_id))
    audit(
        actor=actor,
        action="response.service",
        obj=response,
        unit=response.period.unit,
        changes={"service": {"before": before, "after": service_id}, "reason": reason},
    )
    return response


@transaction.atomic
def kiosk_register(*, actor: Actor, unit: Unit, name: str) -> tuple[Kiosk, str]:
    """Register a counter tablet; returns the kiosk and its one-time token (shown once, stored hashed)."""
    if not can(actor, Action.ACT, unit):
        raise PermissionDenied
    token = secrets.token_urlsafe(24)
    kiosk = Kiosk(unit=unit, name=name.strip(), token_hash=hash_value(token), registered_by=actor)
    kiosk.full_clean()
    kiosk.save()
    audit(actor=actor, action="kiosk.register", obj=kiosk, unit=unit, changes={"name": kiosk.name})
    return kiosk, token


@transaction.atomic
def kiosk_deactivate(*, actor: Actor, kiosk: Kiosk) -> Kiosk:
    if not can(actor, Action.ACT, kiosk.unit):
        raise PermissionDenied
    kiosk.is_active = False
    kiosk.save(update_fields=["is_active", "updated_at"])
    audit(actor=actor, action="kiosk.deactivate", obj=kiosk, unit=kiosk.unit, changes={"is_active": False})
    return kiosk


@transaction.atomic
def extra_question_add(*, actor: Actor, unit: Unit, text: str) -> ExtraQuestion:
    """A unit's own question (never part of the IKM)."""

    if not can(actor, Action.ACT, unit):
        raise PermissionDenied
    question = ExtraQuestion(unit=unit, text=text.strip())
    question.full_clean()
    question.save()
    audit(actor=actor, action="extra_question.add", obj=question, unit=unit, changes={"text": question.text})
    return question


@transaction.atomic
def extra_question_set_active(*, actor: Actor, question: ExtraQuestion, active: bool) -> ExtraQuestion:
    if not can(actor, Action.ACT, question.unit):
        raise PermissionDenied
    question.is_active = active
    question.save(update_fields=["is_active", "updated_at"])
    audit(
        actor=actor,
        action="extra_question.activate" if active else "extra_question.deactivate",
        obj=question,
        unit=question.unit,
        changes={"is_active": active},
    )
    return question


@transaction.atomic
def rtl_add(
    *,
    actor: Actor,
    period: SurveyPeriod,
    unsur: str,
    title: str,
    owner: User | None,
    due: date,
    description: str = "",
) -> RtlAction:
    """Plan an action for a (weak) unsur; it is tracked to done as a FollowUp of Foundation II."""

    if not can(actor, Action.ACT, period.unit):
        raise PermissionDenied
    if unsur not in UNSUR_KEYS:
        raise ValidationError({"unsur": _("Unsur tidak dikenal.")})
    action = RtlAction.objects.create(period=period, unsur=unsur)
    followup = followup_create(
        source=action,
        unit=period.unit,
        title=title,
        description=description,
        owner=owner,
        due=due,
        actor=actor,
    )
    action.followup = followup
    action.save(update_fields=["followup", "updated_at"])
    audit(
        actor=actor,
        action="rtl.add",
        obj=action,
        unit=period.unit,
        changes={"unsur": unsur, "followup": followup.pk, "title": followup.title},
    )
    return action


@transaction.atomic
def publication_add(
    *,
    actor: Actor,
    period: SurveyPeriod,
    medium: str,
    published_on: date,
    link: str = "",
    note: str = "",
    evidence: UploadedFile | None = None,
) -> Publication:
    """Record one medium on which the period's result was published (with an evidence file)."""

    if not can(actor, Action.ACT, period.unit):
        raise PermissionDenied
    publication = Publication(
        period=period,
        medium=medium,
        published_on=published_on,
        link=link.strip(),
        note=note.strip(),
        recorded_by=actor,
    )
    publication.full_clean()
    publication.save()
    if evidence is not None:
        attachment_add(owner=publication, unit=period.unit, uploaded=evidence, actor=actor)
    audit(
        actor=actor,
        action="publication.add",
        obj=publication,
        unit=period.unit,
        changes={"medium": medium, "published_on": published_on.isoformat(), "link": publication.link},
    )
    return publication


@transaction.atomic
def period_issue_report(*, actor: Actor, period: SurveyPeriod, number: str, issued_on: date) -> SurveyPeriod:
    """Issue the official SKM report of a closed period with its number and date (a recorded act of the
    unit, part of the "evaluated" obligation). Downloading the PDF never issues it. Issuing again corrects
    the number or date; the audit trail keeps the earlier values."""
    if not can(actor, Action.ACT, period.unit):
        raise PermissionDenied
    period = SurveyPeriod.objects.select_for_update().get(pk=period.pk)
    number = (number or "").strip()
    errors = {}
    if period.status != PeriodStatus.CLOSED:
        errors["__all__"] = _(
            "Laporan hanya dapat diterbitkan setelah periode ditutup; selama periode dibuka, laporan "
            "bersifat sementara."
        )
    if not number:
        errors["number"] = _("Isi nomor laporan.")
    if issued_on is None:
        errors["issued_on"] = _("Isi tanggal laporan.")
    elif issued_on < period.start:
        errors["issued_on"] = _("Tanggal laporan tidak boleh sebelum periode dimulai.")
    elif issued_on > timezone.localdate():
        errors["issued_on"] = _("Tanggal laporan tidak boleh di masa depan.")
    if errors:
        raise ValidationError(errors)
    before = (
        {"number": period.report_number, "date": period.report_date.isoformat()}
        if period.report_issued_at and period.report_date
        else None
    )
    period.report_number = number
    period.report_date = issued_on
    period.report_issued_at = timezone.now()
    period.report_issued_by = actor
    period.full_clean()
    period.save(
        update_fields=["report_number", "report_date", "report_issued_at", "report_issued_by", "updated_at"]
    )
    audit(
        actor=actor,
        action="survey_period.report_issue",
        obj=period,
        unit=period.unit,
        changes={"number": number, "date": issued_on.isoformat(), "before": before},
    )
    return period
