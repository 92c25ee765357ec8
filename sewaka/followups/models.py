from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sewaka.core.audit import confidential_of, opaque_label
from sewaka.core.models import BaseModel

from .transitions import OPEN_STATES, Status

# What produced a follow-up, in the words of the people who use it ("app.model" of the source).
SOURCE_LABELS = {
    "surveys.rtlaction": _("SKM"),
    "consultations.agreement": _("FKP"),
    "assessments.monevvisit": _("Temuan Monev"),
    "assessments.assessment": _("Penilaian"),
    "complaints.complaint": _("Pengaduan"),
    "organisations.unit": _("Dicatat langsung"),
}


def source_label(content_type) -> str:
    key = f"{content_type.app_label}.{content_type.model}"
    label = SOURCE_LABELS.get(key)
    return str(label) if label is not None else str(content_type.name).capitalize()


class FollowUp(BaseModel):
    """One action that must be closed, whatever produced it (SKM unsur, FKP agreement, Monev finding,
    complaint). The source is a generic reference to any object."""

    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="followups"
    )
    source_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("jenis sumber"), on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.CharField(max_length=64)
    source = GenericForeignKey("source_type", "source_id")
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penanggung jawab"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followups_owned",
    )
    due = models.DateField(_("tenggat"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    done_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    done_reason = models.TextField(_("keterangan penyelesaian"), blank=True)
    verified_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due", "id"]
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        indexes = [models.Index(fields=["source_type", "source_id"]), models.Index(fields=["status", "due"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("followups:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    @property
    def source_kind(self) -> str:
        """'SKM', 'FKP', 'Temuan Monev', 'Pengaduan', 'Penilaian'…"""
        return source_label(self.source_type)

    @property
    def source_display(self) -> str:
        """'FKP: <agreement>'; a confidential source (a complaint) only as 'Pengaduan #12', never its code."""

        key = f"{self.source_type.app_label}.{self.source_type.model}"
        if confidential_of(key) is not None:
            return opaque_label(key, self.source_id)
        source = self.source
        return f"{self.source_kind}: {source}" if source is not None else self.source_kind

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due < timezone.localdate()


class FollowUpEvent(models.Model):
    """The follow-up's history: comments and status changes, in order."""

    class Kind(models.TextChoices):
        CREATED = "created", _("dibuat")
        COMMENT = "comment", _("komentar")
        TRANSITION = "transition", _("perubahan status")
        EVIDENCE = "evidence", _("bukti diunggah")

    followup = models.ForeignKey(FollowUp, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.followup_id} {self.kind} {self.at:%Y-%m-%d}"

    @property
    def from_label(self) -> str:
        return Status(self.from_status).label if self.from_status else ""

    @property
    def to_label(self) -> str:
        return Status(self.to_status).label if self.to_status else ""
