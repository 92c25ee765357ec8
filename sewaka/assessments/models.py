"""Instrument versions (loaded from the reviewed JSON files), self-assessments and official results."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sewaka.core.models import BaseModel
from sewaka.core.selectors import attachments_of


class InstrumentVersion(BaseModel):
    """A published instrument version. Immutable: a changed file must carry a new code."""

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    data = models.JSONField(_("isi instrumen"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["code"]
        verbose_name = _("versi instrumen")
        verbose_name_plural = _("versi instrumen")

    def __str__(self) -> str:
        return self.title


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Diisi unit")
    FINAL = "final", _("Final (dibekukan)")


class Assessment(BaseModel):
    """A unit's self-assessment with one instrument for one year. Final revisions never change."""

    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="assessments")
    instrument = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("tahun"))
    revision = models.PositiveSmallIntegerField(_("revisi"), default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    snapshot = models.JSONField(_("salinan beku"), default=dict, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-year", "unit__path", "-revision"]
        verbose_name = _("penilaian mandiri")
        verbose_name_plural = _("penilaian mandiri")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "instrument", "year", "revision"], name="assessment_unique_revision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} {self.year} · {self.unit} (rev. {self.revision})"

    def get_absolute_url(self) -> str:
        return reverse("assessments:detail", args=[self.pk])


class AnswerSource(models.TextChoices):
    UNIT = "unit", _("Diisi unit")
    SEWAKA = "sewaka", _("Dari data Sewaka")
    ARGUED = "argued", _("Disanggah unit dengan bukti")


class AssessmentAnswer(BaseModel):
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="answers")
    indicator = models.CharField(_("indikator"), max_length=60)
    score = models.PositiveSmallIntegerField(_("nilai"), null=True, blank=True)
    source = models.CharField(
        _("sumber"), max_length=8, choices=AnswerSource.choices, default=AnswerSource.UNIT
    )
    prefill_score = models.PositiveSmallIntegerField(null=True, blank=True)
    prefill_reason = models.TextField(blank=True)
    note = models.TextField(_("catatan/argumen"), blank=True)
    evidence_link = models.URLField(_("tautan bukti"), blank=True)
    monev_score = models.PositiveSmallIntegerField(_("nilai verifikasi Tim Monev"), null=True, blank=True)
    monev_note = models.TextField(_("catatan Tim Monev"), blank=True)

    class Meta:
        ordering = ["assessment", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="answer_unique_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}:{self.indicator}={self.score}"


class EvidenceKind(models.TextChoices):
    FILE = "file", _("Berkas")
    LINK = "link", _("Tautan")
    OBJECT = "object", _("Data di Sewaka")


class AssessmentEvidence(BaseModel):
    """One piece of evidence of an indicator: an uploaded file, a link, or an object already in Sewaka
    (a set standard, a published SKM period, an FKP, the unit's complaint statistics), kept by reference
    key (`standard:12`) with its label and internal URL as they were when attached."""

    answer = models.ForeignKey(AssessmentAnswer, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(_("jenis bukti"), max_length=8, choices=EvidenceKind.choices)
    label = models.CharField(_("keterangan"), max_length=255)
    url = models.CharField(_("tautan"), max_length=500, blank=True)
    ref = models.CharField(_("rujukan data Sewaka"), max_length=60, blank=True)
    attachment = models.ForeignKey(
        "core.Attachment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["answer", "created_at", "id"]
        verbose_name = _("bukti indikator")
        verbose_name_plural = _("bukti indikator")

    def __str__(self) -> str:
        return self.label

    def as_dict(self) -> dict:
        return {
            "indicator": self.answer.indicator,
            "kind": self.kind,
            "label": self.label,
            "url": self.attachment.get_absolute_url() if self.attachment_id else self.url,
            "ref": self.ref,
            "sha256": self.attachment.sha256 if self.attachment_id else "",
        }


class Scheme(models.TextChoices):
    OMBUDSMAN = "ombudsman", _("Ombudsman RI")
    PEKPPP = "pekppp", _("PEKPPP (KemenPANRB)")


class OfficialResult(BaseModel):
    """The official result of an external assessment, per unit and year."""

    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="official_results")
    scheme = models.CharField(_("penilaian"), max_length=12, choices=Scheme.choices)
    year = models.PositiveSmallIntegerField(_("tahun"))
    score = models.DecimalField(_("nilai"), max_digits=6, decimal_places=2, null=True, blank=True)
    category = models.CharField(_("kategori/predikat"), max_length=60, blank=True)
    zone = models.CharField(_("zona"), max_length=20, blank=True)
    opinion = models.CharField(_("opini"), max_length=200, blank=True)
    source = models.CharField(_("sumber"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["unit__path", "scheme", "-year"]
        verbose_name = _("hasil resmi penilaian")
        verbose_name_plural = _("hasil resmi penilaian")
        constraints = [
            models.UniqueConstraint(fields=["unit", "scheme", "year"], name="official_result_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()} {self.year} · {self.unit}"


class OfficialImportStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu konfirmasi")
    IMPORTED = "imported", _("Diimpor")
    DISCARDED = "discarded", _("Dibatalkan")


class OfficialImport(BaseModel):
    """A spreadsheet of official results uploaded and previewed, waiting for its uploader to confirm it.

    Only a file that would import cleanly is kept; a newer upload by the same person discards it (its file
    is deleted), a confirmation imports it. Confirming reads and checks the stored file again.
    """

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to="imports/hasil-resmi/%Y/%m/", max_length=255, blank=True)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=OfficialImportStatus.choices, default=OfficialImportStatus.PENDING
    )
    counts = models.JSONField(default=dict, blank=True)  # {"new": n, "replace": n, "same": n} once imported
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor hasil resmi")
        verbose_name_plural = _("impor hasil resmi")
        indexes = [models.Index(fields=["uploaded_by", "status"])]

    def __str__(self) -> str:
        return self.original_name


class MonevVisit(BaseModel):
    """A Tim Monev visit at a unit: checklist, notes (no GPS), the unit's representative; findings → FollowUps."""

    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="monev_visits")
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField(_("tanggal kunjungan"))
    representative = models.CharField(_("perwakilan unit"), max_length=150)
    checklist = models.JSONField(_("daftar periksa"), default=dict, blank=True)  # {item code: true/false}
    notes = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("kunjungan Tim Monev")
        verbose_name_plural = _("kunjungan Tim Monev")

    def __str__(self) -> str:
        return f"Kunjungan Monev {self.unit} ({self.visited_on:%d-%m-%Y})"

    def get_absolute_url(self) -> str:
        return reverse("assessments:visit_detail", args=[self.pk])

    @property
    def photos(self):
        return attachments_of(self)
