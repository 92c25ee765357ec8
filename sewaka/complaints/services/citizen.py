"""What the reporter does: submit a complaint (public form, or staff entering a paper one), add
information, and answer "satisfied / not satisfied". The reporter's identity never reaches public pages,
exports, the reported unit's notification, logs or the audit trail in clear (personal fields are
redacted by core.audit)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sewaka.core.audit import audit
from sewaka.core.services import attachment_add
from sewaka.core.types import Actor
from sewaka.organisations.access import complaint_desk_of
from sewaka.organisations.models import Unit

from ..models import Complaint, ComplaintEvent, Privacy
from ..tasks import send_feedback_link, send_receipt
from ..tokens import new_code
from ..transitions import REPORTER, Status
from .workflow import _event, complaint_transition, resume

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from sewaka.organisations.models import Service

log = logging.getLogger(__name__)
IDENTITY_FIELDS = ("reporter_name", "reporter_nik", "reporter_phone", "reporter_email", "reporter_address")


def _desk(unit: Unit | None) -> Unit:
    """The unit an attachment of the case is filed under: the given one, else the pemda's root."""
    found = unit or pemda_root()
    if found is None:
        raise ValidationError(_("Belum ada pemerintah daerah terdaftar."))
    return found


def pemda_root() -> Unit | None:
    """The pemda's root unit: the triage of cases no unit desk received."""
    return Unit.objects.filter(parent__isnull=True).order_by("id").first()


def _receiving_unit(entered_by, reported_unit):
    desk = complaint_desk_of(entered_by) if getattr(entered_by, "is_authenticated", False) else None
    if desk is not None:
        return desk
    if reported_unit is not None:
        return Unit.objects.filter(path=reported_unit.path_prefixes[0]).first()
    return pemda_root()


@transaction.atomic
def complaint_submit(
    *,
    what_happened: str,
    idempotency_key: str,
    privacy: str = Privacy.BIASA,
    channel: str = "web",
    reported_unit: Unit | None = None,
    service: Service | None = None,
    happened_on: date | None = None,
    loss: str = "",
    request: str = "",
    reporter_name: str = "",
    reporter_nik: str = "",
    reporter_phone: str = "",
    reporter_email: str = "",
    reporter_address: str = "",
    consent_share_identity: bool = False,
    consent_publish: bool = False,
    location_lat: Decimal | None = None,
    location_long: Decimal | None = None,
    location_address: str = "",
    media_url: str = "",
    lapor_number: str = "",
    attachments: Iterable[UploadedFile] = (),
    entered_by: Actor = None,
    received_at: datetime | None = None,
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
    if privacy != Privacy.BIASA:
        consent_publish = False  # only a biasa case is ever listed publicly
    if (location_lat is None) != (location_long is None):
        raise ValidationError({"location_lat": _("Isi lintang dan bujur lokasi bersama-sama.")})
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
        consent_publish=consent_publish,
        location_lat=location_lat,
        location_long=location_long,
        location_address=location_address.strip(),
        media_url=media_url.strip(),
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
        attachment_add(owner=complaint, unit=_desk(reported_unit), uploaded=uploaded, actor=entered_by)
    audit(
        actor=entered_by,
        action="complaint.submit",
        obj=complaint,
        unit=reported_unit,
        changes={
            "channel": channel,
            "privacy": privacy,
            "consent_publish": consent_publish,
            **{f: getattr(complaint, f) for f in IDENTITY_FIELDS},
            "service": service.pk if service else None,
        },
    )
    log.info("complaint #%s received via %s", complaint.pk, channel)  # never the code or the identity
    if complaint.reporter_email and not spam:
        send_receipt.enqueue(complaint.pk, base_url)
    return complaint, True


@transaction.atomic
def citizen_add_information(
    *, complaint: Complaint, text: str, attachments: Iterable[UploadedFile] = ()
) -> ComplaintEvent:
    """The reporter (holding the tracking code) adds information; a pause ends."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not complaint.is_open:
        raise ValidationError(_("Pengaduan ini sudah ditutup; buat pengaduan baru bila perlu."))
    text = text.strip()
    if not text and not attachments:
        raise ValidationError({"text": _("Tuliskan informasi tambahan.")})
    resume(complaint, None)
    event = _event(complaint, None, ComplaintEvent.Kind.CITIZEN, text=text, is_public=True)
    for uploaded in attachments:
        attachment_add(owner=complaint, unit=_desk(complaint.handling_unit), uploaded=uploaded, actor=None)
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
    """Within 10 working days of the answer: satisfied closes it (selesai), not satisfied reopens it
    (dalam tindak lanjut). The move is the table's reporter move, made by complaint_transition."""
    if Complaint.objects.filter(pk=complaint.pk).values_list("status", flat=True).first() != Status.DIJAWAB:
        raise ValidationError(_("Tanggapan hanya dapat diberikan setelah pengaduan dijawab."))
    return complaint_transition(
        complaint=complaint,
        to=Status.SELESAI if satisfied else Status.DALAM_TINDAK_LANJUT,
        actor=None,
        permission=REPORTER,
        reason=comment.strip()
        or (_("Pelapor puas dengan jawaban.") if satisfied else _("Pelapor belum puas dengan jawaban.")),
    )


def citizen_feedback_request(
    *, complaint: Complaint, satisfied: bool, comment: str = "", base_url: str = ""
) -> bool:
    """The reporter (holding the tracking code) answers "satisfied / not satisfied".

    When the reporter gave an e-mail, the code alone is not enough (anyone with a screenshot of it
    could close the case): a signed, expiring confirmation link goes to that address and only opening
    it applies the answer (True: a link was sent). Without a contact the answer applies at once."""
    complaint = Complaint.objects.get(pk=complaint.pk)
    if complaint.status != Status.DIJAWAB:
        raise ValidationError(_("Tanggapan hanya dapat diberikan setelah pengaduan dijawab."))
    if not complaint.reporter_email:
        citizen_feedback(complaint=complaint, satisfied=satisfied, comment=comment)
        return False
    send_feedback_link.enqueue(complaint.pk, satisfied, base_url)
    return True
