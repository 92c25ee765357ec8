"""The handlers' work on a case: the one status writer (`complaint_transition`), classification,
messages, pauses, maladministration, merges and spam. Who may handle a case is decided in
organisations.access (`may_handle`), never here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sewaka.core.audit import audit
from sewaka.core.types import Actor
from sewaka.followups.services import followup_create
from sewaka.organisations.access import may_handle

from ..models import Complaint, ComplaintEvent, Maladministration, SlaLimit
from ..selectors import corrective_owners
from ..sla import PemdaSettings, calendar_of, limit_rows, limits_of, reporter_window
from ..transitions import FINAL, HANDLE, REPORTER, SYSTEM, Status, allowed
from .notifications import notify_reporter, notify_unit

if TYPE_CHECKING:
    from sewaka.organisations.models import Unit

# The audit action of a move, by who made it (a handler's move is "complaint.<to>").
AUDIT_ACTIONS = {REPORTER: "complaint.citizen_feedback", SYSTEM: "complaint.auto_close"}


def _require_classification_of(complaint: Complaint, classification: SlaLimit) -> None:
    """A classification in force for the case's pemda (its own row, or the default it has not replaced)."""
    rows = limit_rows(PemdaSettings().pemda_id(complaint), classification_only=True)
    if classification.pk not in {r.pk for r in rows}:
        raise ValidationError({"classification": _("Pilih klasifikasi penyelesaian dari daftar pemda ini.")})


def _require_handler(user, complaint) -> None:
    if not may_handle(user, complaint):
        raise PermissionDenied


def _event(complaint, actor, kind, **fields) -> ComplaintEvent:
    return ComplaintEvent.objects.create(
        complaint=complaint,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        **fields,
    )


def _label(status: str) -> str:
    return str(Status(status).label) if status in Status.values else status


@transaction.atomic
def complaint_transition(
    *,
    complaint: Complaint,
    to: str,
    actor: Actor,
    permission: str = HANDLE,
    reason: str = "",
    unit: Unit | None = None,
    answer: str = "",
    classification: SlaLimit | None = None,
    instruction: str = "",
    now: datetime | None = None,
) -> Complaint:
    """The only writer of `status`: applies the table, records the event, audits, notifies.

    `permission` says who moves the case: a handler (`actor`, checked with organisations.access.may_handle), the
    reporter (`actor` None; "satisfied" closes it, "not satisfied" reopens it, within the reporter's
    window) or the daily job (`actor` None; closes it once the reporter's window has passed; `now` is the
    job's clock). A disposition goes to any unit (no wrong door), a section of the handling unit
    included, and carries an instruction for its handlers (never shown to the reporter). The reporter
    is told of every move but their own."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if permission == HANDLE:
        _require_handler(actor, complaint)
    elif permission in (REPORTER, SYSTEM):
        if actor is not None:
            raise PermissionDenied  # a staff member never speaks for the reporter or the job
    else:
        raise ValueError(f"Unknown permission: {permission!r}")
    rule = allowed(complaint.status, to, permission)
    if rule is None:
        raise ValidationError(
            _("Pengaduan berstatus “%(a)s” tidak dapat diubah menjadi “%(b)s”.")
            % {"a": complaint.get_status_display(), "b": _label(to)}
        )
    now = now or timezone.now()
    reason, answer, instruction = reason.strip(), answer.strip(), instruction.strip()
    if "reporter_window" in rule.needs or "window_passed" in rule.needs:
        window = reporter_window(complaint, now=now)
        if "reporter_window" in rule.needs and (window is None or now > window.due):
            raise ValidationError(
                _("Batas waktu tanggapan (%(d)s hari kerja setelah jawaban) sudah lewat.")
                % {"d": limits_of(complaint)["tanggapan_pelapor"]}
            )
        if "window_passed" in rule.needs and (window is None or now <= window.due):
            raise ValidationError(_("Pelapor masih dapat menanggapi jawaban; pengaduan belum dapat ditutup."))
    if "unit" not in rule.needs:
        unit, instruction = None, ""
    elif not instruction:
        raise ValidationError({"instruction": _("Tuliskan instruksi disposisi untuk unit tujuan.")})
    if "reason" in rule.needs and not reason:
        raise ValidationError({"reason": _("Tuliskan alasan yang akan dibaca pelapor.")})
    if "answer" in rule.needs and not answer:
        raise ValidationError({"answer": _("Tuliskan jawaban untuk pelapor.")})
    before_status, before_unit = complaint.status, complaint.handling_unit
    if "unit" in rule.needs:
        if unit is None:
            raise ValidationError({"unit": _("Pilih unit tujuan disposisi.")})
        if unit.pk == complaint.handling_unit_id and complaint.status == Status.DIDISPOSISIKAN:
            raise ValidationError({"unit": _("Pengaduan sudah berada di unit ini.")})
        complaint.handling_unit = unit
    if to == Status.DIVERIFIKASI:
        complaint.verified_at = now
        if classification is not None:
            _require_classification_of(complaint, classification)
            complaint.classification = classification
    if to == Status.DIJAWAB:
        complaint.answered_at = now
        complaint.first_answer_at = complaint.first_answer_at or now
    if to in FINAL:
        complaint.closed_at = now
    if to in (Status.DITUTUP, Status.DIRUJUK) and reason:
        complaint.closing_reason = reason
    if permission == REPORTER:
        complaint.satisfied = to == Status.SELESAI
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
    changes: dict = {"status": {"before": before_status, "after": to}}
    if unit is not None:
        changes["handling_unit"] = {"before": before_unit.pk if before_unit else None, "after": unit.pk}
    if permission == REPORTER:
        changes["satisfied"] = complaint.satisfied  # the reporter's own words stay in the case history
    elif text:
        changes["text"] = text
    audit(
        actor=actor,
        action=AUDIT_ACTIONS.get(permission, f"complaint.{to}"),
        obj=complaint,
        unit=complaint.handling_unit,
        changes=changes,
    )
    if unit is not None:
        notify_unit(complaint, instruction=instruction)
    if permission != REPORTER:
        notify_reporter(
            complaint,
            _("Status pengaduan Anda: %(s)s.") % {"s": complaint.get_status_display()}
            + (f"\n\n{text}" if text else ""),
        )
    return complaint


@transaction.atomic
def complaint_classify(*, complaint: Complaint, actor: Actor, classification: SlaLimit) -> Complaint:
    _require_handler(actor, complaint)
    if not classification.is_classification:
        raise ValidationError({"classification": _("Pilih klasifikasi penyelesaian.")})
    _require_classification_of(complaint, classification)
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
def complaint_message(*, complaint: Complaint, actor: Actor, text: str, public: bool) -> ComplaintEvent:
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
def complaint_pause(*, complaint: Complaint, actor: Actor, question: str) -> Complaint:
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


def resume(complaint: Complaint, actor: Actor) -> None:
    """End a pause (the handler resumes, or the reporter answered): its whole working days are kept."""
    if complaint.paused_since is None:
        return
    days = calendar_of(complaint).pause_working_days(complaint.paused_since, timezone.now())
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
def complaint_resume(*, complaint: Complaint, actor: Actor) -> Complaint:
    _require_handler(actor, complaint)
    resume(complaint, actor)
    audit(actor=actor, action="complaint.resume", obj=complaint, unit=complaint.handling_unit, changes={})
    return complaint


@transaction.atomic
def complaint_substantiate(
    *,
    complaint: Complaint,
    actor: Actor,
    forms: list[str],
    standard_component: str = "",
    corrective_actions: Sequence[tuple[str, User | None, date]] = (),
) -> Complaint:
    """Tag maladministration and create corrective actions as follow-ups of the unit, each with an owner
    who is one of the unit's people (`selectors.corrective_owners`)."""
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
def complaint_merge(*, duplicate: Complaint, into: Complaint, actor: Actor) -> Complaint:
    """A duplicate is closed with a link to the case that carries on; nothing is deleted."""
    _require_handler(actor, duplicate)
    if duplicate.pk == into.pk or into.merged_into_id:
        raise ValidationError(_("Pilih pengaduan induk yang lain."))
    duplicate.merged_into = into
    duplicate.save(update_fields=["merged_into", "updated_at"])
    complaint_transition(
        complaint=duplicate,
        to=Status.DITUTUP,
        actor=actor,
        reason=_("Digabung dengan Pengaduan #%(pk)s yang memuat hal yang sama.") % {"pk": into.pk},
    )
    return duplicate


@transaction.atomic
def complaint_mark_spam(*, complaint: Complaint, actor: Actor, reason: str) -> Complaint:
    _require_handler(actor, complaint)
    complaint.is_spam = True
    complaint.save(update_fields=["is_spam", "updated_at"])
    if complaint.status in (Status.DITERIMA, Status.DIVERIFIKASI):
        complaint_transition(
            complaint=complaint, to=Status.DITUTUP, actor=actor, reason=reason or _("Ditandai sebagai spam.")
        )
    audit(
        actor=actor,
        action="complaint.spam",
        obj=complaint,
        unit=complaint.handling_unit,
        changes={"reason": reason},
    )
    return complaint
