"""Forum Konsultasi Publik (PermenPANRB 16/2017): plan, participants by category, attendance, results."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sewaka.core.models import BaseModel

from .transitions import Status

# Evidence kinds. The Indonesian prefix is stored at the start of the attachment's description (data,
# not UI text: it is not translated), so the kind can be read back by selectors.forum_evidence()
# and facts.forums(); services.forum_add_evidence writes it.
EVIDENCE_PREFIXES = {
    "photo": "Foto kegiatan",
    "berita_acara": "Berita acara bertanda tangan",
    "other": "Dokumen lain",
}


class Purpose(models.TextChoices):
    STANDARD = "standar", _("Standar pelayanan")
    POLICY = "kebijakan", _("Kebijakan")
    EVALUATION = "evaluasi", _("Evaluasi pelayanan")
    PROBLEM = "masalah", _("Masalah pelayanan")


class Method(models.TextChoices):
    FGD = "fgd", _("Focus group discussion (FGD)")
    HEARING = "public_hearing", _("Public hearing")
    SARASEHAN = "sarasehan", _("Sarasehan")
    REMBUK = "rembuk_warga", _("Rembuk warga")
    OTHER = "other", _("Lainnya")


class ParticipantCategory(models.TextChoices):
    """Unsur masyarakat of a forum (called participant categories in code; "unsur" is reserved for SKM)."""

    PENGGUNA = "pengguna_layanan", _("Pengguna layanan")
    TOKOH = "tokoh_masyarakat", _("Tokoh masyarakat")
    AKADEMISI = "akademisi", _("Akademisi")
    LSM = "lsm_ormas", _("LSM/ormas")
    MEDIA = "media", _("Media")
    USAHA = "dunia_usaha", _("Dunia usaha")
    RENTAN = "kelompok_rentan", _("Kelompok rentan")
    LAINNYA = "lainnya", _("Lainnya")


class Forum(BaseModel):
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="forums"
    )
    topic = models.CharField(_("topik"), max_length=200)
    purpose = models.CharField(_("tujuan"), max_length=20, choices=Purpose.choices)
    method = models.CharField(_("metode"), max_length=20, choices=Method.choices)
    date = models.DateField(_("tanggal"))
    place = models.CharField(_("tempat"), max_length=200)
    agenda = models.TextField(_("agenda"), blank=True)
    standard = models.ForeignKey(
        "standards.ServiceStandard",
        verbose_name=_("standar pelayanan yang dibahas"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forums",
    )
    policy = models.CharField(_("kebijakan yang dibahas"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    minutes = models.TextField(_("notulen"), blank=True)
    checkin_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    public_summary = models.TextField(_("ringkasan untuk publik"), blank=True)
    summary_published_at = models.DateTimeField(_("ringkasan dipublikasikan"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("forum konsultasi publik")
        verbose_name_plural = _("forum konsultasi publik")

    def __str__(self) -> str:
        return f"FKP {self.topic} ({self.date:%d-%m-%Y})"

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", args=[self.pk])


class Participant(BaseModel):
    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="participants")
    name = models.CharField(_("nama"), max_length=150)
    institution = models.CharField(_("lembaga/asal"), max_length=200, blank=True)
    category = models.CharField(_("kategori peserta"), max_length=20, choices=ParticipantCategory.choices)
    invited = models.BooleanField(_("diundang"), default=False)
    attended = models.BooleanField(_("hadir"), default=False)
    checked_in_at = models.DateTimeField(_("waktu hadir"), null=True, blank=True)
    checkin_via = models.CharField(max_length=10, blank=True)  # "qr" or "operator"
    consent = models.BooleanField(_("setuju namanya dicatat dalam berita acara"), default=False)

    class Meta:
        ordering = ["forum", "category", "name"]
        verbose_name = _("peserta FKP")
        verbose_name_plural = _("peserta FKP")

    def __str__(self) -> str:
        return f"Peserta #{self.pk} ({self.get_category_display()})"


class Agreement(BaseModel):
    """A kesepakatan of the forum, followed to done as a FollowUp."""

    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="agreements")
    text = models.TextField(_("kesepakatan"))
    followup = models.OneToOneField(
        "followups.FollowUp", null=True, blank=True, on_delete=models.PROTECT, related_name="fkp_agreement"
    )

    class Meta:
        ordering = ["forum", "id"]
        verbose_name = _("kesepakatan FKP")
        verbose_name_plural = _("kesepakatan FKP")

    def __str__(self) -> str:
        return self.text[:80]
