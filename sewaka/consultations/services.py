"""Writes of the Forum Konsultasi Publik: plan, participants and attendance, results, agreements (each
tracked as a FollowUp), evidence files and the public summary.

Every service is keyword-only, runs in one transaction, validates with full_clean() and leaves an audit
record. Staff services check `can(actor, Action.ACT, forum.unit)`; the QR self check-in is public.
The forum's status is assigned only by `forum_transition()`, following transitions.py.
"""

from __future__ import annotations

from datetime import date as date_type
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sewaka.core.audit import audit, diff, snapshot
from sewaka.core.files import JPEG, PDF, PNG, sniff
from sewaka.core.services import attachment_add
from sewaka.core.templatetags.fmt import format_date
from sewaka.core.types import Actor
from sewaka.followups.services import followup_create
from sewaka.organisations.access import Action, can
from sewaka.organisations.selectors import people_of

from .models import EVIDENCE_PREFIXES, Agreement, Forum, Participant, ParticipantCategory
from .selectors import forum_evidence
from .transitions import Status, allowed

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import UploadedFile

    from sewaka.core.models import Attachment
    from sewaka.organisations.models import Unit
    from sewaka.standards.models import ServiceStandard

FORUM_FIELDS = ("topic", "purpose", "method", "date", "place", "agenda", "standard", "policy")
_TEXT_FIELDS = {"topic", "place", "agenda", "policy"}

MAX_PARTICIPANTS = 1000  # per forum: a guard against a flood of public check-ins


def normalise(text: str | None) -> str:
    """Trim and collapse inner whitespace."""
    return " ".join(str(text or "").split())


def participant_key(name: str, institution: str) -> tuple[str, str]:
    """What makes two check-ins the same person: name and institution, ignoring case and spacing."""
    return normalise(name).casefold(), normalise(institution).casefold()


def _require_act(actor, unit) -> None:
    if not can(actor, Action.ACT, unit):
        raise PermissionDenied


def _check_standard(standard, unit) -> None:
    if standard is not None and standard.service.unit_id != unit.pk:
        raise ValidationError({"standard": _("Standar pelayanan yang dipilih bukan milik unit ini.")})


def _locked(forum: Forum) -> Forum:
    return Forum.objects.select_for_update().select_related("unit").get(pk=forum.pk)


def _refuse_when_reported(forum: Forum, message: str) -> None:
    if forum.status == Status.REPORTED:
        raise ValidationError(message)


@transaction.atomic
def forum_transition(*, actor: Actor, forum: Forum, to: str) -> Forum:
    """Apply the forum's table; the only writer of Forum.status. Called by forum_record_results
    (planned → held) and forum_add_evidence (held → reported)."""
    _require_act(actor, forum.unit)
    forum = _locked(forum)
    rule = allowed(forum.status, to)
    if rule is None:
        raise ValidationError(
            _("Status forum tidak dapat diubah dari “%(from)s” ke “%(to)s”.")
            % {"from": forum.get_status_display(), "to": Status(to).label if to in Status.values else to}
        )
    if "minutes" in rule.needs and not forum.minutes.strip():
        raise ValidationError(_("Catat hasil forum (notulen) lebih dahulu."))
    if "berita_acara" in rule.needs and not any(
        kind == "berita_acara" for kind, _attachment in forum_evidence(forum)
    ):
        raise ValidationError(_("Unggah berita acara bertanda tangan lebih dahulu."))
    before = forum.status
    forum.status = to
    forum.full_clean()
    forum.save(update_fields=["status", "updated_at"])
    audit(
        actor=actor,
        action=f"fkp.{to}",
        obj=forum,
        unit=forum.unit,
        changes={"status": {"before": before, "after": to}},
    )
    return forum


# --- The plan ----------------------------------------------------------------------------------------


@transaction.atomic
def forum_create(
    *,
    actor: Actor,
    unit: Unit,
    topic: str,
    purpose: str,
    method: str,
    date: date_type,
    place: str,
    agenda: str = "",
    standard: ServiceStandard | None = None,
    policy: str = "",
) -> Forum:
    """Plan a forum of `unit`. A linked standard version must belong to one of the unit's services."""
    _require_act(actor, unit)
    _check_standard(standard, unit)
    forum = Forum(
        unit=unit,
        topic=normalise(topic),
        purpose=purpose,
        method=method,
        date=date,
        place=normalise(place),
        agenda=(agenda or "").strip(),
        standard=standard,
        policy=normalise(policy),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    forum.full_clean()
    forum.save()
    audit(actor=actor, action="fkp.create", obj=forum, unit=unit, changes=snapshot(forum, FORUM_FIELDS))
    return forum


@transaction.atomic
def forum_update(*, actor: Actor, forum: Forum, **fields: Any) -> Forum:
    """Change the plan (any of FORUM_FIELDS); the audit record holds the before and after values."""
    unknown = set(fields) - set(FORUM_FIELDS)
    if unknown:
        raise ValueError(f"Unknown forum fields: {sorted(unknown)}")
    _require_act(actor, forum.unit)
    forum = _locked(forum)
    before = snapshot(forum, FORUM_FIELDS)
    for name, value in fields.items():
        if name == "agenda":
            value = (value or "").strip()
        elif name in _TEXT_FIELDS:
            value = normalise(value)
        setattr(forum, name, value)
    _check_standard(forum.standard, forum.unit)
    forum.full_clean()
    changes = diff(before, snapshot(forum, FORUM_FIELDS))
    if changes:
        forum.save()
        audit(actor=actor, action="fkp.update", obj=forum, unit=forum.unit, changes=changes)
    return forum


# --- Participants and attendance ---------------------------------------------------------------------


def _find(forum: Forum, name: str, institution: str) -> Participant | None:
    key = participant_key(name, institution)
    for participant in forum.participants.all():
        if participant_key(participant.name, participant.institution) == key:
            return participant
    return None


@transaction.atomic
def participant_invite(
    *, actor: Actor, forum: Forum, name: str, institution: str, category: str, consent: bool = False
) -> Participant:
    """Invite a participant of a category (unsur masyarakat). `consent`: the person agreed that their
    name is written in the berita acara (otherwise it shows "Peserta (tanpa nama)" until they check in
    themselves, which asks for that consent)."""
    _require_act(actor, forum.unit)
    forum = _locked(forum)
    _refuse_when_reported(
        forum, _("Berita acara sudah ditandatangani; daftar peserta tidak dapat diubah lagi.")
    )
    if _find(forum, name, institution) is not None:
        raise ValidationError(
            {"name": _("Peserta dengan nama dan lembaga ini sudah terdaftar di forum ini.")}
        )
    participant = Participant(
        forum=forum,
        name=normalise(name),
        institution=normalise(institution),
        category=category,
        invited=True,
        consent=bool(consent),
    )
    participant.full_clean()
    participant.save()
    audit(
        actor=actor,
        action="fkp.participant.invite",
        obj=participant,
        unit=forum.unit,
        changes={
            "forum": forum.pk,
            "name": participant.name,
            "institution": participant.institution,
            "category": category,
            "consent": participant.consent,
        },
    )
    return participant


@transaction.atomic
def participant_checkin_self(
    *, forum: Forum, name: str, institution: str, category: str, consent: bool
) -> Participant:
    """Public check-in by QR on the participant's own phone (no actor).

    Consent to being named in the berita acara is required. Idempotent: the same name and institution
    (ignoring case and spacing) on the same forum is one participant — an invited one is marked attended,
    and a retried submission changes nothing. An invited participant keeps the category the operator gave.
    """
    if not consent:
        raise ValidationError(
            {"consent": _("Centang persetujuan agar kehadiran Anda dapat dicatat dalam berita acara.")}
        )
    if not normalise(name):
        raise ValidationError({"name": _("Tuliskan nama Anda.")})
    if category not in ParticipantCategory.values:
        raise ValidationError({"category": _("Pilih kategori peserta dari daftar.")})
    forum = _locked(forum)
    if forum.status == Status.REPORTED or not forum.unit.is_active:
        raise ValidationError(_("Daftar hadir forum ini sudah ditutup."))
    participant = _find(forum, name, institution)
    now = timezone.now()
    if participant is not None:
        if participant.attended and participant.consent:
            return participant  # a retry: nothing to write
        before = {"attended": participant.attended, "consent": participant.consent}
        if not participant.attended:
            participant.attended, participant.checked_in_at, participant.checkin_via = True, now, "qr"
        participant.consent = True
        participant.full_clean()
        participant.save()
        audit(
            actor=None,
            action="fkp.participant.checkin",
            obj=participant,
            unit=forum.unit,
            changes={
                "forum": forum.pk,
                "via": "qr",
                **diff(before, {"attended": participant.attended, "consent": participant.consent}),
            },
        )
        return participant
    if forum.participants.count() >= MAX_PARTICIPANTS:
        raise ValidationError(_("Daftar hadir forum ini sudah penuh. Silakan hubungi panitia."))
    participant = Participant(
        forum=forum,
        name=normalise(name),
        institution=normalise(institution),
        category=category,
        invited=False,
        attended=True,
        checked_in_at=now,
        checkin_via="qr",
        consent=True,
    )
    participant.full_clean()
    participant.save()
    audit(
        actor=None,
        action="fkp.participant.checkin",
        obj=participant,
        unit=forum.unit,
        changes={
            "forum": forum.pk,
            "via": "qr",
            "name": participant.name,
            "institution": participant.institution,
            "category": category,
            "consent": True,
        },
    )
    return participant


@transaction.atomic
def participant_mark_attended(*, actor: Actor, participant: Participant, attended: bool) -> Participant:
    """The operator records (or withdraws) a participant's attendance."""
    forum = participant.forum
    _require_act(actor, forum.unit)
    forum = _locked(forum)
    _refuse_when_reported(
        forum, _("Berita acara sudah ditandatangani; daftar hadir tidak dapat diubah lagi.")
    )
    participant = Participant.objects.select_for_update().get(pk=participant.pk, forum=forum)
    attended = bool(attended)
    if participant.attended == attended:
        return participant
    before = participant.attended
    if attended:
        participant.attended, participant.checked_in_at, participant.checkin_via = (
            True,
            timezone.now(),
            "operator",
        )
    else:
        participant.attended, participant.checked_in_at, participant.checkin_via = False, None, ""
    participant.full_clean()
    participant.save()
    audit(
        actor=actor,
        action="fkp.participant.attendance",
        obj=participant,
        unit=forum.unit,
        changes={"forum": forum.pk, "attended": {"before": before, "after": attended}},
    )
    return participant


# --- Results, agreements, evidence, publication ------------------------------------------------------


@transaction.atomic
def forum_record_results(*, actor: Actor, forum: Forum, minutes: str) -> Forum:
    """Record the notulen; a planned forum becomes held."""
    _require_act(actor, forum.unit)
    minutes = (minutes or "").strip()
    if not minutes:
        raise ValidationError({"minutes": _("Notulen tidak boleh kosong.")})
    forum = _locked(forum)
    if forum.date > timezone.localdate():
        raise ValidationError(
            {
                "minutes": _("Hasil forum baru dapat dicatat mulai tanggal pelaksanaannya (%(date)s).")
                % {"date": format_date(forum.date)}
            }
        )
    before = forum.minutes
    if minutes != before:
        forum.minutes = minutes
        forum.full_clean()
        forum.save(update_fields=["minutes", "updated_at"])
        audit(
            actor=actor,
            action="fkp.results",
            obj=forum,
            unit=forum.unit,
            changes={"minutes": {"before": before, "after": minutes}},
        )
    if forum.status == Status.PLANNED:
        forum = forum_transition(actor=actor, forum=forum, to=Status.HELD)
    return forum


@transaction.atomic
def agreement_add(*, actor: Actor, forum: Forum, text: str, owner: User | None, due: date_type) -> Agreement:
    """Record a kesepakatan and open its FollowUp (owner, due date) in the unit's follow-up list."""

    _require_act(actor, forum.unit)
    forum = _locked(forum)
    if forum.status == Status.PLANNED:
        raise ValidationError(
            _("Catat hasil forum (notulen) lebih dahulu: kesepakatan lahir dari forum yang sudah terlaksana.")
        )
    _refuse_when_reported(
        forum, _("Berita acara sudah ditandatangani; kesepakatan baru tidak dapat ditambahkan lagi.")
    )
    text = (text or "").strip()
    errors = {}
    if not text:
        errors["text"] = _("Tuliskan isi kesepakatan.")
    if owner is None:
        errors["owner"] = _("Pilih penanggung jawab tindak lanjut.")
    elif not people_of(forum.unit).filter(pk=owner.pk).exists():
        errors["owner"] = _("Penanggung jawab harus memiliki peran pada unit ini atau induknya.")
    if due is None:
        errors["due"] = _("Isi tenggat tindak lanjut.")
    elif due < timezone.localdate():
        errors["due"] = _("Tenggat tidak boleh di masa lalu.")
    if errors:
        raise ValidationError(errors)
    agreement = Agreement(forum=forum, text=text)
    agreement.full_clean()
    agreement.save()
    title = normalise(text)
    if len(title) > 200:
        title = title[:199] + "…"
    followup = followup_create(
        source=agreement,
        unit=forum.unit,
        title=title,
        owner=owner,
        due=due,
        actor=actor,
        description=text,
    )
    agreement.followup = followup
    agreement.save(update_fields=["followup", "updated_at"])
    audit(
        actor=actor,
        action="fkp.agreement.add",
        obj=agreement,
        unit=forum.unit,
        changes={"forum": forum.pk, "text": text, "followup": followup.pk},
    )
    return agreement


@transaction.atomic
def forum_add_evidence(
    *, actor: Actor, forum: Forum, uploaded: UploadedFile, description: str = "", kind: str = "photo"
) -> Attachment:
    """Attach a photo, the signed berita acara (scan) or another document. Uploading the signed berita
    acara of a held forum makes it reported."""
    _require_act(actor, forum.unit)
    if kind not in EVIDENCE_PREFIXES:
        raise ValidationError({"kind": _("Pilih jenis berkas dari daftar.")})
    forum = _locked(forum)
    data = uploaded.read()
    uploaded.seek(0)
    sniffed = sniff(data) if data else None
    if kind == "photo" and sniffed is not None and sniffed not in (JPEG, PNG):
        raise ValidationError({"file": _("Foto kegiatan harus berupa gambar JPEG atau PNG.")})
    if kind == "berita_acara":
        if sniffed is not None and sniffed not in (PDF, JPEG, PNG):
            raise ValidationError(
                {
                    "file": _(
                        "Berita acara bertanda tangan diunggah sebagai hasil pindaian PDF, JPEG atau PNG."
                    )
                }
            )
        if forum.status == Status.PLANNED:
            raise ValidationError(
                _("Berita acara bertanda tangan diunggah setelah hasil forum (notulen) dicatat.")
            )

    description = normalise(description)
    prefix = EVIDENCE_PREFIXES[kind]
    label = f"{prefix}: {description}" if description else prefix
    attachment = attachment_add(
        owner=forum, unit=forum.unit, uploaded=uploaded, actor=actor, description=label[:255]
    )
    audit(
        actor=actor,
        action="fkp.evidence.add",
        obj=forum,
        unit=forum.unit,
        changes={"kind": kind, "attachment": str(attachment.pk), "file": attachment.original_name},
    )
    if kind == "berita_acara" and forum.status == Status.HELD:
        forum_transition(actor=actor, forum=forum, to=Status.REPORTED)
    return attachment


@transaction.atomic
def forum_publish_summary(*, actor: Actor, forum: Forum, summary: str) -> Forum:
    """Publish (or update) the public summary shown on the unit's public page."""
    _require_act(actor, forum.unit)
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": _("Ringkasan tidak boleh kosong.")})
    forum = _locked(forum)
    if forum.status == Status.PLANNED:
        raise ValidationError(
            _("Ringkasan dapat dipublikasikan setelah forum terlaksana dan notulennya dicatat.")
        )
    before = {"public_summary": forum.public_summary, "summary_published_at": forum.summary_published_at}
    forum.public_summary = summary
    forum.summary_published_at = timezone.now()
    forum.full_clean()
    forum.save(update_fields=["public_summary", "summary_published_at", "updated_at"])
    audit(
        actor=actor,
        action="fkp.publish",
        obj=forum,
        unit=forum.unit,
        changes=diff(before, {"public_summary": summary, "summary_published_at": forum.summary_published_at}),
    )
    return forum
