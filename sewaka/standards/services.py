"""Writes of service standards and the Maklumat. Set versions are immutable; a change is a new version."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sewaka.core.audit import audit, diff, snapshot
from sewaka.core.services import attachment_add
from sewaka.core.types import Actor
from sewaka.organisations.access import Action, can

from .models import Maklumat, ServiceStandard
from .transitions import EDITABLE, IN_FORCE, MaklumatStatus, Status, allowed, maklumat_allowed

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from sewaka.consultations.models import Forum
    from sewaka.organisations.models import Service, Unit

COMPONENT_FIELDS = (
    "persyaratan",
    "prosedur",
    "jangka_waktu_value",
    "jangka_waktu_unit",
    "biaya_gratis",
    "biaya",
    "produk",
    "pengaduan",
    "dasar_hukum",
    "sarana",
    "kompetensi",
    "pengawasan",
    "jumlah_pelaksana",
    "jaminan_pelayanan",
    "jaminan_keamanan",
    "evaluasi_kinerja",
)


def _require(actor, unit) -> None:
    if not can(actor, Action.ACT, unit):
        raise PermissionDenied


@transaction.atomic
def standard_new_version(
    *, actor: Actor, service: Service, copy_from: ServiceStandard | None = None
) -> ServiceStandard:
    """A new draft version, copying the components of `copy_from` (or of the latest version)."""
    _require(actor, service.unit)
    if ServiceStandard.objects.filter(service=service, status__in=EDITABLE).exists():
        raise ValidationError(_("Layanan ini sudah memiliki draf yang belum ditetapkan; lanjutkan draf itu."))
    latest = copy_from or ServiceStandard.objects.filter(service=service).order_by("-version").first()
    number = (ServiceStandard.objects.filter(service=service).aggregate(m=Max("version"))["m"] or 0) + 1
    standard = ServiceStandard(service=service, version=number, created_by=actor)
    if latest is not None:
        for field in COMPONENT_FIELDS:
            setattr(standard, field, getattr(latest, field))
    standard.full_clean()
    standard.save()
    audit(
        actor=actor,
        action="standard.new_version",
        obj=standard,
        unit=service.unit,
        changes={
            "service": service.name,
            "version": number,
            "copied_from": latest.version if latest else None,
        },
    )
    return standard


@transaction.atomic
def standard_update(*, actor: Actor, standard: ServiceStandard, **components: Any) -> ServiceStandard:
    """Change the components of a draft. A set standard is immutable."""
    _require(actor, standard.service.unit)
    stored = ServiceStandard.objects.select_for_update().get(pk=standard.pk)
    if not stored.is_editable:
        raise ValidationError(_("Standar yang sudah ditetapkan tidak dapat diubah; buat versi baru."))
    unknown = set(components) - set(COMPONENT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown components: {sorted(unknown)}")
    before = snapshot(stored, COMPONENT_FIELDS)
    for key, value in components.items():
        setattr(standard, key, value)
    standard.full_clean()
    standard.save()
    changes = diff(before, snapshot(standard, COMPONENT_FIELDS))
    if changes:
        audit(
            actor=actor, action="standard.update", obj=standard, unit=standard.service.unit, changes=changes
        )
    return standard


@transaction.atomic
def standard_transition(
    *,
    actor: Actor,
    standard: ServiceStandard,
    to: str,
    forum: Forum | None = None,
    decree_number: str = "",
    decree_date: date | None = None,
    signing_official: str = "",
    decree_pdf: UploadedFile | None = None,
) -> ServiceStandard:
    """Apply the life-cycle table; the only writer of `status`. Publishing a version supersedes the
    version published before it (the table's "newer_version" move, never made on its own)."""
    unit = standard.service.unit
    _require(actor, unit)
    standard = ServiceStandard.objects.select_for_update().get(pk=standard.pk)
    rule = allowed(standard.status, to)
    if rule is None:
        raise ValidationError(
            _("Status standar tidak dapat diubah dari “%(a)s” ke “%(b)s”.")
            % {"a": standard.get_status_display(), "b": Status(to).label if to in Status.values else to}
        )
    if "newer_version" in rule.needs:
        raise ValidationError(
            _("Versi yang dipublikasikan digantikan dengan mempublikasikan versi yang lebih baru.")
        )
    requirements = rule.needs
    changes: dict = {"status": {"before": standard.status, "after": to}}
    if "forum" in requirements:
        if forum is None or forum.unit_id != unit.pk:
            raise ValidationError(
                {"forum": _("Pilih Forum Konsultasi Publik unit ini tempat standar dibahas.")}
            )
        forum.standard = standard
        forum.save(update_fields=["standard", "updated_at"])
        changes["forum"] = forum.pk
    if "decree" in requirements:
        errors = {}
        if not decree_number.strip():
            errors["decree_number"] = _("Nomor keputusan wajib diisi.")
        if decree_date is None:
            errors["decree_date"] = _("Tanggal keputusan wajib diisi.")
        elif decree_date > timezone.localdate():
            errors["decree_date"] = _("Tanggal keputusan tidak boleh di masa depan.")
        if not signing_official.strip():
            errors["signing_official"] = _("Pejabat yang menetapkan wajib diisi.")
        if decree_pdf is None:
            errors["decree_pdf"] = _("Unggah SK penetapan (PDF).")
        else:
            head = decree_pdf.read(8)
            decree_pdf.seek(0)
            if not head.startswith(b"%PDF-"):
                errors["decree_pdf"] = _("SK penetapan harus berupa berkas PDF.")
        if errors:
            raise ValidationError(errors)
        assert decree_pdf is not None and decree_date is not None  # checked above (errors)
        attachment = attachment_add(
            owner=standard, unit=unit, uploaded=decree_pdf, actor=actor, description="SK"
        )
        standard.decree_number = decree_number.strip()
        standard.decree_date = decree_date
        standard.signing_official = signing_official.strip()
        standard.decree_file = attachment
        standard.set_at = timezone.now()
        changes.update(
            {
                "decree_number": standard.decree_number,
                "decree_date": decree_date.isoformat(),
                "signing_official": standard.signing_official,
            }
        )
    if to == Status.PUBLISHED:
        for old in ServiceStandard.objects.select_for_update().filter(
            service=standard.service, status=Status.PUBLISHED
        ):
            old.status = Status.SUPERSEDED
            old.save(update_fields=["status", "updated_at"])
            audit(
                actor=actor,
                action="standard.superseded",
                obj=old,
                unit=unit,
                changes={
                    "status": {"before": Status.PUBLISHED, "after": Status.SUPERSEDED},
                    "by_version": standard.version,
                },
            )
        standard.published_at = timezone.now()
    standard.status = to
    standard.full_clean()
    standard.save()
    audit(actor=actor, action=f"standard.{to}", obj=standard, unit=unit, changes=changes)
    return standard


@transaction.atomic
def standard_review(
    *, actor: Actor, standard: ServiceStandard, reviewed_on: date, note: str
) -> ServiceStandard:
    """Record the periodic review (peninjauan ulang) of a set standard."""
    _require(actor, standard.service.unit)
    if standard.status not in IN_FORCE:
        raise ValidationError(_("Hanya standar yang berlaku yang dapat ditinjau."))
    if not note.strip():
        raise ValidationError({"note": _("Tuliskan hasil peninjauan.")})
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": _("Tanggal peninjauan tidak boleh di masa depan.")})
    standard.reviewed_at = reviewed_on
    standard.review_note = note.strip()
    standard.save(update_fields=["reviewed_at", "review_note", "updated_at"])
    audit(
        actor=actor,
        action="standard.review",
        obj=standard,
        unit=standard.service.unit,
        changes={"reviewed_at": reviewed_on.isoformat(), "note": standard.review_note},
    )
    return standard


MAKLUMAT_FIELDS = ("text", "signatory_name", "signatory_position", "signed_on", "status")


@transaction.atomic
def maklumat_save(
    *,
    actor: Actor,
    unit: Unit,
    text: str,
    signatory_name: str,
    signatory_position: str,
    signed_on: date,
    maklumat: Maklumat | None = None,
) -> Maklumat:
    """Create or edit the unit's Maklumat draft; a set Maklumat is replaced by a new one, never edited."""
    _require(actor, unit)
    if maklumat is not None and maklumat.status != MaklumatStatus.DRAFT:
        maklumat = None
    before = snapshot(maklumat, MAKLUMAT_FIELDS) if maklumat else {}
    maklumat = maklumat or Maklumat(unit=unit, created_by=actor)
    maklumat.text, maklumat.signatory_name = text.strip(), signatory_name.strip()
    maklumat.signatory_position, maklumat.signed_on = signatory_position.strip(), signed_on
    maklumat.full_clean()
    maklumat.save()
    audit(
        actor=actor,
        action="maklumat.save",
        obj=maklumat,
        unit=unit,
        changes=diff(before, snapshot(maklumat, MAKLUMAT_FIELDS)),
    )
    return maklumat


@transaction.atomic
def maklumat_transition(*, actor: Actor, maklumat: Maklumat, to: str) -> Maklumat:
    """Apply the Maklumat's table (draft → ditetapkan → published); the only writer of its `status`."""
    _require(actor, maklumat.unit)
    maklumat = Maklumat.objects.select_for_update().get(pk=maklumat.pk)
    if maklumat_allowed(maklumat.status, to) is None:
        raise ValidationError(
            _("Status maklumat tidak dapat diubah dari “%(a)s” ke “%(b)s”.")
            % {
                "a": maklumat.get_status_display(),
                "b": MaklumatStatus(to).label if to in MaklumatStatus.values else to,
            }
        )
    before = maklumat.status
    maklumat.status = to
    maklumat.full_clean()
    maklumat.save(update_fields=["status", "updated_at"])
    audit(
        actor=actor,
        action=f"maklumat.{to}",
        obj=maklumat,
        unit=maklumat.unit,
        changes={"status": {"before": before, "after": to}},
    )
    return maklumat
