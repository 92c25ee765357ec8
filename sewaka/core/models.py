import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):  # noqa: ARG002
        raise PermissionError("Audit events are append-only.")

    def delete(self):
        raise PermissionError("Audit events are append-only.")


class AuditEvent(models.Model):
    """Who did what to which object. Append-only: written by core.audit.audit(), never changed."""

    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("nama pelaku"), max_length=150, blank=True)
    action = models.CharField(_("tindakan"), max_length=80, db_index=True)
    object_type = models.CharField(_("jenis objek"), max_length=80, db_index=True)
    object_id = models.CharField(_("ID objek"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("objek"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)  # staff actions only
    ip_hash = models.CharField(_("hash alamat IP"), max_length=64, blank=True)  # anonymous actions

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("jejak audit")
        verbose_name_plural = _("jejak audit")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}#{self.object_id}"
        )

    def save(self, *args, **kwargs):
        # Append-only invariant (not business logic): an existing row is never rewritten.
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only.")


class DayOffKind(models.TextChoices):
    CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
    LOCAL = "local", _("Libur lokal pemda")
    WORKING_DAY = "working_day", _("Hari kerja (menggantikan libur nasional)")


class DayOff(BaseModel):
    """A pemda's own calendar entries; they win over the `holidays` package (ADR 0005).

    `pemda` is the root unit whose calendar the entry belongs to. An entry without a pemda is shared by
    every pemda of the installation that has no entry of its own for that date."""

    pemda = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("pemerintah daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    date = models.DateField(_("tanggal"))
    kind = models.CharField(_("jenis"), max_length=20, choices=DayOffKind.choices)
    name = models.CharField(_("keterangan"), max_length=150)
    source = models.CharField(
        _("sumber"),
        max_length=255,
        blank=True,
        help_text=_("Dasar penetapan, mis. nomor surat edaran gubernur atau SKB; catat bila belum pasti."),
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("hari libur pemda")
        verbose_name_plural = _("kalender hari kerja pemda")
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "date"],
                name="dayoff_unique_date_per_pemda",
                violation_error_message=_("Tanggal ini sudah ada di kalender."),
            ),
            models.UniqueConstraint(
                fields=["date"],
                condition=models.Q(pemda__isnull=True),
                name="dayoff_unique_shared_date",
                violation_error_message=_("Tanggal ini sudah ada di kalender."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


def _attachment_path(instance, filename: str) -> str:
    return f"attachments/{instance.pk.hex[:2]}/{instance.pk.hex}{instance.extension}"


class Attachment(BaseModel):
    """An evidence file of any object. Private: served only by home.views.attachment_download."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    owner_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    owner_id = models.CharField(max_length=64, db_index=True)
    file = models.FileField(_("berkas"), upload_to=_attachment_path, max_length=255)
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    extension = models.CharField(max_length=8)
    mime = models.CharField(_("jenis berkas"), max_length=100)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(max_length=64)
    description = models.CharField(_("keterangan"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("berkas bukti")
        verbose_name_plural = _("berkas bukti")
        indexes = [models.Index(fields=["owner_type", "owner_id"])]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("home:attachment_download", args=[self.pk])

    @property
    def is_image(self) -> bool:
        return self.mime.startswith("image/")
