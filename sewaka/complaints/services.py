"""Writes of complaints. The reporter's identity never reaches public pages, exports, the reported unit's
notification, logs or the audit trail in clear (personal fields are redacted by core.audit)."""

from __future__ import annotations

import logging
import secrets
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sewaka.core.access import complaint_desk_of, handlers_of, may_handle
from sewaka.core.audit import audit
from sewaka.core.calendar import pemda_calendar
from sewaka.core.services import attachment_add

from . import transitions as t
from .models import Complaint, ComplaintEvent, Maladministration, Privacy, SlaLimit
from .sla import limits, reporter_window, with_pauses

log = logging.getLogger(__name__)
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: easy to dictate by phone
IDENTITY_FIELDS = ("reporter_name", "reporter_nik", "reporter_phone", "reporter_email", "reporter_address")


def new_code() -> str:
    """ADU-XXXX-XX: 31^6 ≈ 887 million codes, guessing is rate-limited on the tracking page."""
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
    return f"ADU-{body[:4]}-{body[4:]}"


def normalise_code(text: str) -> str:
    raw = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    if raw.startswith("ADU"):
        raw = raw[3:]
    return f"ADU-{raw[:4]}-{raw[4:6]}" if len(raw) == 6 else ""


def _require_handler(user, complaint) -> None:
    if not may_handle(user, complaint):
        raise PermissionDenied


@transaction.atomic
def complaint_submit(
    *,
    what_happened: str,
    idempotency_key: str,
    privacy: str = Privacy.BIASA,
    channel: str = "web",
    reported_unit=None,
    service=None,
    happened_on: date | None = None,
    loss: str = "",
    request: str = "",
    reporter_name: str = "",
    reporter_nik: str = "",
    reporter_phone: str = "",
    reporter_email: str = "",
    reporter_address: str = "",
    consent_share_identity: bool = False,
    lapor_number: str = "",
    attachments=(),
    entered_by=None,
    received_at=None,
    spam: bool = False,
    base_url: str = "",
) -> tuple[Complaint, bool]:
    """Store a complaint (public form or staff entry); a retried submission returns the stored one.

    The receiving unit is the desk of the staff member who enters it, else the pemda's own triage. A
    reporter who gave an e-mail gets a receipt with the tracking code (`base_url` makes its link)."""
    existing = Complaint.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    if privacy not in Privacy.values:
        raise ValidationError({"privacy": _("Pilihan identitas tidak dikenal.")})
    if privacy == Privacy.ANONIM:
        # Anonim: no identity at all; an e-mail for notifications only.
        reporter_name = reporter_nik = reporter_phone = reporter_address = ""
        consent_share_identity = False
    if service is not None and reported_unit is not None and service.unit_id != reported_unit.pk:
        raise ValidationError({"service": _("Layanan ini bukan milik unit yang dipilih.")})
    if service is not None and reported_unit is None:
        reported_unit = service.unit
    now = received_at or timezone.now()
    if now > timezone.now():
        raise ValidationError({"received_at": _("Tanggal diterima tidak boleh di masa depan.")})
    received_on = timezone.localtime(now).date()  # a paper complaint entered later keeps its receipt date
    late_note = ""
    if happened_on and happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("Tanggal kejadian tidak boleh di masa depan.")})
    if happened_on and happened_on > received_on:
        raise ValidationError(
            {"happened_on": _("Tanggal kejadian tidak boleh sesudah tanggal pengaduan diterima.")}
        )
    if happened_on and (received_on - happened_on).days > 30:
        late_note = _(
            "Layanan diterima lebih dari 30 hari sebelum pengaduan; pengaduan tetap diterima dan diproses."
        )
    complaint = Complaint(
        code=new_code(),
        channel=channel,
        lapor_number=lapor_number.strip(),
        privacy=privacy,
        reporter_name=reporter_name.strip(),
        reporter_nik=reporter_nik.strip(),
        reporter_phone=reporter_phone.strip(),
        reporter_email=reporter_email.strip(),
        reporter_address=reporter_address.strip(),
        consent_share_identity=consent_share_identity,
        reported_unit=reported_unit,
        service=service,
        what_happened=what_happened.strip(),
        happened_on=happened_on,
        loss=loss.strip(),
        request=request.strip(),
        late_note=late_note,
        receiving_unit=_receiving_unit(entered_by, reported_unit),
        handling_unit=reported_unit,
        received_at=now,
        idempotency_key=idempotency_key,
        is_spam=spam,
        entered_by=entered_by if getattr(entered_by, "is_authenticated", False) else None,
    )
    if channel == "lapor" and not complaint.lapor_number:
        raise ValidationError({"lapor_number": _("Isi nomor tiket SP4N-LAPOR! untuk rujukan dari LAPOR!.")})
    complaint.full_clean(exclude=["code", "idempotency_key"])
    for _attempt in range(5):
        try:
            with transaction.atomic():
                complaint.save()
            break
        except IntegrityError:
            stored = Complaint.objects.filter(idempotency_key=idempotency_key).first()
            if stored is not None:
                return stored, False
            complaint.code = new_code()  # a code collision: draw again
    for uploaded in attachments:
        attachment_add(
            owner=complaint, unit=reported_unit or _pemda_root(), uploaded=uploaded, actor=entered_by
        )
    audit(
        actor=entered_by,
        action="complaint.submit",
        obj=complaint,
        unit=reported_unit,
        changes={
            "channel": channel,
            "privacy": privacy,
            **{f: getattr(complaint, f) for f in IDENTITY_FIELDS},
            "service": service.pk if service else None,
        },
    )
    log.info("complaint #%s received via %s", complaint.pk, channel)  # never the code or the identity
    if complaint.reporter_email and not spam:
        from .tasks import send_receipt

        send_receipt.enqueue(complaint.pk, base_url)
    return complaint, True


def _receiving_unit(entered_by, reported_unit):
    desk = complaint_desk_of(entered_by) if getattr(entered_by, "is_authenticated", False) else None
    if desk is not None:
        return desk
    if reported_unit is not None:
        from sewaka.organisations.models import Unit

        return Unit.objects.filter(path=reported_unit.path_prefixes[0]).first()
    return _pemda_root()


def _pemda_root():
    from sewaka.organisations.models import Unit

    return Unit.objects.filter(parent__isnull=True).order_by("id").first()


def _event(complaint, actor, kind, **fields) -> ComplaintEvent:
    return ComplaintEvent.objects.create(
        complaint=complaint,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        **fields,
    )


@transaction.atomic
def complaint_transition(
    *,
    complaint: Complaint,
    to: str,
    actor,
    reason: str = "",
    unit=None,
    answer: str = "",
    classification: SlaLimit | None = None,
    instruction: str = "",
) -> Complaint:
    """The only writer of `status`: applies the table, records the event, audits, notifies.

    A disposition goes to any unit (no wrong door), a section of the handling unit included, and
    carries an instruction for its handlers (never shown to the reporter)."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _require_handler(actor, complaint)
    requirements = t.needs(complaint.status, to)
    if requirements is None:
        raise ValidationError(
            _("Pengaduan berstatus “%(a)s” tidak dapat diubah menjadi “%(b)s”.")
            % {
                "a": complaint.get_status_display(),
                "b": dict(Complaint._meta.get_field("status").choices).get(to, to),
            }
        )
    reason, answer, instruction = reason.strip(), answer.strip(), instruction.strip()
    if "unit" not in requirements:
        unit, instruction = None, ""
    elif not instruction:
        raise ValidationError({"instruction": _("Tuliskan instruksi disposisi untuk unit tujuan.")})
    if "reason" in requirements and not reason:
        raise ValidationError({"reason": _("Tuliskan alasan yang akan dibaca pelapor.")})
    if "answer" in requirements and not answer:
        raise ValidationError({"answer": _("Tuliskan jawaban untuk pelapor.")})
    before_status, before_unit = complaint.status, complaint.handling_unit
    now = timezone.now()
    if "unit" in requirements:
        if unit is None:
            raise ValidationError({"unit": _("Pilih unit tujuan disposisi.")})
        if unit.pk == complaint.handling_unit_id and complaint.status == t.DIDISPOSISIKAN:
            raise ValidationError({"unit": _("Pengaduan sudah berada di unit ini.")})
        complaint.handling_unit = unit
    if to == t.DIVERIFIKASI:
        complaint.verified_at = now
        if classification is not None:
            complaint.classification = classification
    if to == t.DIJAWAB:
        complaint.answered_at = now
        complaint.first_answer_at = complaint.first_answer_at or now
    if to in t.FINAL:
        complaint.closed_at = now
        if reason:
            complaint.closing_reason = reason
    complaint.status = to
    complaint.full_clean(exclude=["code", "idempotency_key"])
    complaint.save()
    text = answer or reason
    _event(
        complaint,
        actor,
        ComplaintEvent.Kind.TRANSITION,
        from_status=before_status,
        to_status=to,
        from_unit=before_unit if before_unit != complaint.handling_unit else None,
        to_unit=complaint.handling_unit if before_unit != complaint.handling_unit else None,
        text=text,
        instruction=instruction,
        is_public=True,
    )
    audit(
        actor=actor,
        action=f"complaint.{to}",
        obj=complaint,
        unit=complaint.handling_unit,
        changes={
            "status": {"before": before_status, "after": to},
            **(
                {"handling_unit": {"before": before_unit.pk if before_unit else None, "after": unit.pk}}
                if unit
                else {}
            ),
            **({"text": text} if text else {}),
        },
    )
    if unit is not None:
        notify_unit(complaint, instruction=instruction)
    notify_reporter(
        complaint,
        _("Status pengaduan Anda: %(s)s.") % {"s": complaint.get_status_display()}
        + (f"\n\n{text}" if text else ""),
    )
    return complaint


@transaction.atomic
def complaint_classify(*, complaint: Complaint, actor, classification: SlaLimit) -> Complaint:
    _require_handler(actor, complaint)
    if not classification.is_classification:
        raise ValidationError({"classification": _("Pilih klasifikasi penyelesaian.")})
    before = complaint.classification_id
    complaint.classification = classification
    complaint.save(update_fields=["classification", "updated_at"])
    audit(
        actor=actor,
        action="complaint.classify",
        obj=complaint,
        unit=complaint.handling_unit,
        changes={"classification": {"before": before, "after": classification.key}},
    )
    return complaint


@transaction.atomic
def complaint_message(*, complaint: Complaint, actor, text: str, public: bool) -> ComplaintEvent:
    """A public reply (the citizen sees it) or an internal note (handlers only)."""
    _require_handler(actor, complaint)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Pesan tidak boleh kosong.")})
    event = _event(
        complaint,
        actor,
        ComplaintEvent.Kind.PUBLIC_REPLY if public else ComplaintEvent.Kind.INTERNAL_NOTE,
        text=text,
        is_public=public,
    )
    if public and complaint.first_answer_at is None:
        complaint.first_answer_at = timezone.now()
        complaint.save(update_fields=["first_answer_at", "updated_at"])
    audit(
        actor=actor,
        action="complaint.reply" if public else "complaint.note",
        obj=complaint,
        unit=complaint.handling_unit,
        changes={"text": text},
    )
    if public:
        notify_reporter(complaint, text)
    return event


@transaction.atomic
def complaint_pause(*, complaint: Complaint, actor, question: str) -> Complaint:
    """Ask the reporter for information: the clock stops until the reporter answers (or the handler resumes)."""
    _require_handler(actor, complaint)
    if complaint.paused_since is not None or not complaint.is_open:
        raise ValidationError(_("Pengaduan ini sudah menunggu pelapor atau sudah selesai."))
    if not question.strip():
        raise ValidationError({"question": _("Tuliskan pertanyaan untuk pelapor.")})
    complaint.paused_since = timezone.now()
    complaint.save(update_fields=["paused_since", "updated_at"])
    _event(complaint, actor, ComplaintEvent.Kind.PAUSE, text=question.strip(), is_public=True)
    audit(
        actor=actor,
        action="complaint.pause",
        obj=complaint,
        unit=complaint.handling_unit,
        changes={"question": question},
    )
    notify_reporter(complaint, question.strip())
    return complaint


def _resume(complaint: Complaint, actor) -> None:
    if complaint.paused_since is None:
        return
    days = pemda_calendar().pause_working_days(complaint.paused_since, timezone.now())
    complaint.paused_working_days += days
    complaint.paused_since = None
    complaint.save(update_fields=["paused_working_days", "paused_since", "updated_at"])
    _event(
        complaint,
        actor,
        ComplaintEvent.Kind.RESUME,
        text=_("setelah %(n)s hari kerja menunggu pelapor") % {"n": days},
        is_public=True,
    )


@transaction.atomic
def complaint_resume(*, complaint: Complaint, actor) -> Complaint:
    _require_handler(actor, complaint)
    _resume(complaint, actor)
    audit(actor=actor, action="complaint.resume", obj=complaint, unit=complaint.handling_unit, changes={})
    return complaint


@transaction.atomic
def citizen_add_information(*, complaint: Complaint, text: str, attachments=()) -> ComplaintEvent:
    """The reporter (holding the tracking code) adds information; a pause ends."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not complaint.is_open:
        raise ValidationError(_("Pengaduan ini sudah ditutup; buat pengaduan baru bila perlu."))
    text = text.strip()
    if not text and not attachments:
        raise ValidationError({"text": _("Tuliskan informasi tambahan.")})
    _resume(complaint, None)
    event = _event(complaint, None, ComplaintEvent.Kind.CITIZEN, text=text, is_public=True)
    for uploaded in attachments:
        attachment_add(
            owner=complaint, unit=complaint.handling_unit or _pemda_root(), uploaded=uploaded, actor=None
        )
    audit(
        actor=None,
        action="complaint.citizen_message",
        obj=complaint,
        unit=complaint.handling_unit,
        changes={"text": text},
    )
    return event


@transaction.atomic
def citizen_feedback(*, complaint: Complaint, satisfied: bool, comment: str = "") -> Complaint:
    """Within 10 working days of the answer: satisfied closes it (selesai), not satisfied reopens it."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.status != t.DIJAWAB:
        raise ValidationError(_("Tanggapan hanya dapat diberikan setelah pengaduan dijawab."))
    window = reporter_window(complaint)
    if timezone.now() > window.due:
        raise ValidationError(
            _("Batas waktu tanggapan (%(d)s hari kerja setelah jawaban) sudah lewat.")
            % {"d": limits()["tanggapan_pelapor"]}
        )
    before = complaint.status
    complaint.satisfied = satisfied
    if satisfied:
        complaint.status, complaint.closed_at = t.SELESAI, timezone.now()
    else:
        complaint.status = t.DALAM_TINDAK_LANJUT
    if t.needs(before, complaint.status) is None:  # the table guards the citizen's move too
        raise ValidationError(_("Perubahan status tidak diizinkan."))
    complaint.save()
    _event(
        complaint,
        None,
        ComplaintEvent.Kind.TRANSITION,
        from_status=before,
        to_status=complaint.status,
        text=comment.strip()
        or (_("Pelapor puas dengan jawaban.") if satisfied else _("Pelapor belum puas dengan jawaban.")),
        is_public=True,
    )
    audit(
        actor=None,
        action="complaint.citizen_feedback",
        obj=complaint,
        unit=complaint.handling_unit,
        changes={"satisfied": satisfied, "status": {"before": before, "after": complaint.status}},
    )
    return complaint


def citizen_feedback_request(
    *, complaint: Complaint, satisfied: bool, comment: str = "", base_url: str = ""
) -> bool:
    """The reporter (holding the tracking code) answers "satisfied / not satisfied".

    When the reporter gave an e-mail, the code alone is not enough (anyone with a screenshot of it
    could close the case): a signed, expiring confirmation link goes to that address and only opening
    it applies the answer (True: a link was sent). Without a contact the answer applies at once."""
    complaint = Complaint.objects.get(pk=complaint.pk)
    if complaint.status != t.DIJAWAB:
        raise ValidationError(_("Tanggapan hanya dapat diberikan setelah pengaduan dijawab."))
    if not complaint.reporter_email:
        citizen_feedback(complaint=complaint, satisfied=satisfied, comment=comment)
        return False
    from .tasks import send_feedback_link

    send_feedback_link.enqueue(complaint.pk, satisfied, base_url)
    return True


def close_unanswered(*, now=None) -> int:
    """Answered cases whose reporter did not respond within 10 working days become selesai (daily job)."""
    now = now or timezone.now()
    table, calendar = limits(), pemda_calendar()
    closed = 0
    for complaint in with_pauses(Complaint.objects.filter(status=t.DIJAWAB, answered_at__isnull=False)):
        if now > reporter_window(complaint, now=now, calendar=calendar, table=table).due:
            with transaction.atomic():
                complaint.status, complaint.closed_at = t.SELESAI, now
                complaint.save(update_fields=["status", "closed_at", "updated_at"])
                _event(
                    complaint,
                    None,
                    ComplaintEvent.Kind.TRANSITION,
                    from_status=t.DIJAWAB,
                    to_status=t.SELESAI,
                    text=_(
                        "Tidak ada tanggapan pelapor dalam %(d)s hari kerja; pengaduan dinyatakan selesai."
                    )
                    % {"d": table["tanggapan_pelapor"]},
                    is_public=True,
                )
                audit(
                    actor=None,
                    action="complaint.auto_close",
                    obj=complaint,
                    unit=complaint.handling_unit,
                    changes={},
                )
            closed += 1
    return closed


@transaction.atomic
def complaint_substantiate(
    *,
    complaint: Complaint,
    actor,
    forms: list[str],
    standard_component: str = "",
    corrective_actions: list[tuple[str, object, date]] = (),
) -> Complaint:
    """Tag maladministration and create corrective actions as follow-ups of the unit, each with an owner
    who is one of the unit's people (`selectors.corrective_owners`)."""
    from sewaka.followups.services import followup_create

    from .selectors import corrective_owners

    _require_handler(actor, complaint)
    unknown = set(forms) - set(Maladministration.values)
    if unknown or not forms:
        raise ValidationError({"forms": _("Pilih satu atau lebih bentuk maladministrasi.")})
    unit = complaint.handling_unit or complaint.reported_unit
    if unit is None:
        raise ValidationError(_("Disposisikan pengaduan ke unit terlebih dahulu."))
    if corrective_actions:
        people = {pk for pk, _label in corrective_owners(unit)}
        if any(owner is None or owner.pk not in people for _title, owner, _due in corrective_actions):
            raise ValidationError(
                {
                    "owner": _("Pilih penanggung jawab tindakan korektif dari orang-orang unit %(u)s.")
                    % {"u": unit}
                }
            )
    complaint.maladministration = sorted(set(forms))
    complaint.substantiated = True
    complaint.standard_component = standard_component
    complaint.save(update_fields=["maladministration", "substantiated", "standard_component", "updated_at"])
    for title, owner, due in corrective_actions:
        followup_create(
            source=complaint,
            unit=unit,
            title=title,
            owner=owner,
            due=due,
            actor=actor,
            # A neutral reference: the tracking code lets whoever holds it act as the reporter.
            description=_("Tindakan korektif atas Pengaduan #%(pk)s.") % {"pk": complaint.pk},
        )
    audit(
        actor=actor,
        action="complaint.substantiate",
        obj=complaint,
        unit=unit,
        changes={
            "maladministration": complaint.maladministration,
            "standard_component": standard_component,
            "corrective_actions": [a[0] for a in corrective_actions],
        },
    )
    return complaint


@transaction.atomic
def complaint_merge(*, duplicate: Complaint, into: Complaint, actor) -> Complaint:
    """A duplicate is closed with a link to the case that carries on; nothing is deleted."""
    _require_handler(actor, duplicate)
    if duplicate.pk == into.pk or into.merged_into_id:
        raise ValidationError(_("Pilih pengaduan induk yang lain."))
    duplicate.merged_into = into
    duplicate.save(update_fields=["merged_into", "updated_at"])
    complaint_transition(
        complaint=duplicate,
        to=t.DITUTUP,
        actor=actor,
        reason=_("Digabung dengan Pengaduan #%(pk)s yang memuat hal yang sama.") % {"pk": into.pk},
    )
    return duplicate


@transaction.atomic
def complaint_mark_spam(*, complaint: Complaint, actor, reason: str) -> Complaint:
    _require_handler(actor, complaint)
    complaint.is_spam = True
    complaint.save(update_fields=["is_spam", "updated_at"])
    if complaint.status in (t.DITERIMA, t.DIVERIFIKASI):
        complaint_transition(
            complaint=complaint, to=t.DITUTUP, actor=actor, reason=reason or _("Ditandai sebagai spam.")
        )
    audit(
        actor=actor,
        action="complaint.spam",
        obj=complaint,
        unit=complaint.handling_unit,
        changes={"reason": reason},
    )
    return complaint


# --- Notifications (no identity to the unit; the reporter only hears about the case) ----------------


def notify_reporter(complaint: Complaint, message: str) -> None:
    if not complaint.reporter_email:
        return
    send_mail(
        _("Pengaduan %(c)s") % {"c": complaint.code},
        _("Pengaduan %(c)s\n\n%(m)s\n\nPantau perkembangannya dengan kode pelacakan di halaman pengaduan.")
        % {"c": complaint.code, "m": message},
        None,
        [complaint.reporter_email],
        fail_silently=True,
    )


def case_summary(complaint: Complaint) -> str:
    """What a unit is told about a case: never who reported it."""
    lines = [
        f"{complaint.code} · {complaint.get_status_display()}",
        f"{_('Layanan')}: {complaint.service or '–'}",
        f"{_('Diterima')}: {timezone.localtime(complaint.received_at):%d-%m-%Y %H.%M} WITA",
        "",
        complaint.what_happened[:2000],
    ]
    return "\n".join(lines)


def notify_unit(complaint: Complaint, *, instruction: str = "") -> None:
    recipients = handlers_of(complaint.handling_unit)
    if recipients:
        send_mail(
            _("Disposisi pengaduan %(c)s") % {"c": complaint.code},
            (f"{_('Instruksi')}: {instruction}\n\n" if instruction else "") + case_summary(complaint),
            None,
            recipients,
            fail_silently=True,
        )


def remind_due(*, now=None, soon_days: int = 1) -> int:
    """E-mail handlers of open cases whose next deadline is within `soon_days` working days or past."""
    from .sla import deadlines

    sent = 0
    for complaint in with_pauses(
        Complaint.objects.filter(status__in=t.OPEN).select_related(
            "handling_unit", "classification", "service"
        )
    ):
        pending = [d for d in deadlines(complaint, now=now) if d.met_at is None and d.days_left <= soon_days]
        if not pending:
            continue
        recipients = handlers_of(complaint.handling_unit or _pemda_root())
        if not recipients:
            continue
        body = (
            case_summary(complaint)
            + "\n\n"
            + "\n".join(
                f"- {d.label}: {timezone.localtime(d.due):%d-%m-%Y} ({d.days_left} hari kerja)"
                for d in pending
            )
        )
        send_mail(
            _("Batas waktu pengaduan %(c)s") % {"c": complaint.code},
            body,
            None,
            recipients,
            fail_silently=True,
        )
        sent += 1
    return sent
