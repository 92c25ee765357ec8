"""Coordination events of the Bagian Organisasi (issue 17 item 6): sosialisasi, rapat koordinasi with the
Ombudsman's regional office, bimbingan teknis. Units are invited; attendance is per unit, by QR self
check-in (as for FKP) or ticked by the organiser. Attendance counts for the obligations' "Koordinasi" rule.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sewaka.core.models import BaseModel


class EventKind(models.TextChoices):
    SOSIALISASI = "sosialisasi", _("Sosialisasi")
    RAKOR = "rakor", _("Rapat koordinasi")
    RAKOR_OMBUDSMAN = "rakor_ombudsman", _("Rapat koordinasi dengan Ombudsman RI Perwakilan")
    BIMTEK = "bimtek", _("Bimbingan teknis")


class CoordinationEvent(BaseModel):
    pemda = models.ForeignKey(
        "organisations.Unit", verbose_name=_("pemerintah daerah"), on_delete=models.PROTECT, related_name="+"
    )
    organiser = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("penyelenggara"),
        on_delete=models.PROTECT,
        related_name="organised_events",
    )
    kind = models.CharField(_("jenis kegiatan"), max_length=20, choices=EventKind.choices)
    topic = models.CharField(_("topik"), max_length=200)
    date = models.DateField(_("tanggal"))
    place = models.CharField(_("tempat"), max_length=200)
    speakers = models.TextField(_("narasumber"), blank=True, help_text=_("Satu narasumber per baris."))
    notes = models.TextField(_("catatan"), blank=True)
    checkin_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    checkin_closed = models.BooleanField(_("daftar hadir ditutup"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("kegiatan koordinasi")
        verbose_name_plural = _("kegiatan koordinasi")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.topic} ({self.date:%d-%m-%Y})"

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    @property
    def speaker_list(self) -> list[str]:
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]


class Invitation(BaseModel):
    """A unit invited to the event and whether someone attended for it."""

    event = models.ForeignKey(CoordinationEvent, on_delete=models.PROTECT, related_name="invitations")
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="event_invitations",
    )
    attended = models.BooleanField(_("hadir"), default=False)
    attendee_name = models.CharField(_("nama yang hadir"), max_length=150, blank=True)
    attendee_title = models.CharField(_("jabatan"), max_length=150, blank=True)
    checked_in_at = models.DateTimeField(_("waktu hadir"), null=True, blank=True)
    checkin_via = models.CharField(max_length=10, blank=True)  # "qr" or "organiser"

    class Meta:
        ordering = ["event", "unit__path"]
        verbose_name = _("undangan kegiatan")
        verbose_name_plural = _("undangan kegiatan")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "unit"],
                name="event_invitation_unique",
                violation_error_message=_("Unit ini sudah diundang."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.unit}"
