"""Service standards (14 structured components, versions, penetapan) and the Maklumat Pelayanan."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sewaka.core.models import BaseModel

from .transitions import EDITABLE, MaklumatStatus, Status


class TimeUnit(models.TextChoices):
    MENIT = "menit", _("menit")
    JAM = "jam", _("jam")
    HARI_KERJA = "hari_kerja", _("hari kerja")


class ServiceStandard(BaseModel):
    """One version of the standard of a service. Set versions are immutable: a change is a new version.

    List components are JSON lists of small dicts (documents, steps, tariffs, channels, regulations).
    """

    service = models.ForeignKey(
        "organisations.Service", verbose_name=_("layanan"), on_delete=models.PROTECT, related_name="standards"
    )
    version = models.PositiveSmallIntegerField(_("versi"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    # Service delivery components (published).
    persyaratan = models.JSONField(
        _("persyaratan"), default=list, blank=True
    )  # [{document, note, copy, issuer}]
    prosedur = models.JSONField(
        _("sistem, mekanisme dan prosedur"), default=list, blank=True
    )  # [{step, actor, time}]
    jangka_waktu_value = models.PositiveIntegerField(_("jangka waktu"), null=True, blank=True)
    jangka_waktu_unit = models.CharField(
        _("satuan waktu"), max_length=12, choices=TimeUnit.choices, blank=True
    )
    biaya_gratis = models.BooleanField(_("gratis"), default=False)
    biaya = models.JSONField(_("biaya/tarif"), default=list, blank=True)  # [{item, amount, basis}]
    produk = models.TextField(_("produk pelayanan"), blank=True)
    pengaduan = models.JSONField(_("saluran pengaduan"), default=list, blank=True)  # [{channel, contact}]
    # Manufacturing components (internal).
    dasar_hukum = models.JSONField(_("dasar hukum"), default=list, blank=True)  # [str]
    sarana = models.TextField(_("sarana dan prasarana, dan/atau fasilitas"), blank=True)
    kompetensi = models.TextField(_("kompetensi pelaksana"), blank=True)
    pengawasan = models.TextField(_("pengawasan internal"), blank=True)
    jumlah_pelaksana = models.PositiveSmallIntegerField(_("jumlah pelaksana"), null=True, blank=True)
    jaminan_pelayanan = models.TextField(_("jaminan pelayanan"), blank=True)
    jaminan_keamanan = models.TextField(_("jaminan keamanan dan keselamatan pelayanan"), blank=True)
    evaluasi_kinerja = models.TextField(_("evaluasi kinerja pelaksana"), blank=True)
    # Penetapan.
    decree_number = models.CharField(_("nomor keputusan"), max_length=120, blank=True)
    decree_date = models.DateField(_("tanggal keputusan"), null=True, blank=True)
    signing_official = models.CharField(_("pejabat yang menetapkan"), max_length=200, blank=True)
    decree_file = models.ForeignKey(
        "core.Attachment",
        verbose_name=_("SK (PDF)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    set_at = models.DateTimeField(_("ditetapkan pada"), null=True, blank=True)
    published_at = models.DateTimeField(_("dipublikasikan pada"), null=True, blank=True)
    reviewed_at = models.DateField(_("peninjauan terakhir"), null=True, blank=True)
    review_note = models.TextField(_("hasil peninjauan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["service", "-version"]
        verbose_name = _("standar pelayanan")
        verbose_name_plural = _("standar pelayanan")
        constraints = [
            models.UniqueConstraint(fields=["service", "version"], name="standard_unique_version"),
            models.UniqueConstraint(
                fields=["service"], condition=models.Q(status=Status.PUBLISHED), name="standard_one_published"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} · v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("standards:detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    def attachments_are_public(self) -> bool:
        """Its files (the SK) are public while this version is the published one."""
        return self.status == Status.PUBLISHED


DEFAULT_MAKLUMAT = (
    "Dengan ini, kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar pelayanan yang telah "
    "ditetapkan dan apabila tidak menepati janji ini, kami siap menerima sanksi sesuai peraturan "
    "perundang-undangan yang berlaku."
)


class Maklumat(BaseModel):
    """The unit's signed pledge (UU 25/2009 Pasal 22). A new text is a new record; the newest set one counts."""

    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="maklumat")
    text = models.TextField(_("isi maklumat"), default=DEFAULT_MAKLUMAT)
    signatory_name = models.CharField(_("nama penanda tangan"), max_length=200)
    signatory_position = models.CharField(_("jabatan"), max_length=200)
    signed_on = models.DateField(_("tanggal"))
    status = models.CharField(
        _("status"), max_length=12, choices=MaklumatStatus.choices, default=MaklumatStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["unit", "-signed_on", "-id"]
        verbose_name = _("maklumat pelayanan")
        verbose_name_plural = _("maklumat pelayanan")

    def __str__(self) -> str:
        return f"Maklumat {self.unit} ({self.signed_on:%Y-%m-%d})"
