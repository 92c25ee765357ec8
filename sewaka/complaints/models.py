"""Complaints (pengaduan): intake, privacy (anonim/rahasia), workflow, SLA in working days, maladministration."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sewaka.core.models import BaseModel
from sewaka.organisations.access import may_handle
from sewaka.standards.components import COMPONENTS

from .transitions import OPEN, Status


class Channel(models.TextChoices):
    WEB = "web", _("Formulir web")
    WALK_IN = "walk_in", _("Datang langsung")
    PHONE = "phone", _("Telepon")
    WHATSAPP = "whatsapp", _("WhatsApp")
    LETTER = "letter", _("Surat")
    EMAIL = "email", _("E-mail")
    SOCIAL = "social", _("Media sosial")
    LAPOR = "lapor", _("SP4N-LAPOR!")
    OPEN311 = "open311", _("Aplikasi mitra (Open311)")


class Privacy(models.TextChoices):
    BIASA = "biasa", _("Biasa (identitas tercatat, tidak dipublikasikan)")
    RAHASIA = "rahasia", _("Rahasia (identitas hanya untuk petugas pengaduan)")
    ANONIM = "anonim", _("Anonim (tanpa identitas)")


class Maladministration(models.TextChoices):
    """The Ombudsman's ten forms of maladministration."""

    PENUNDAAN = "penundaan_berlarut", _("Penundaan berlarut")
    PENYIMPANGAN = "penyimpangan_prosedur", _("Penyimpangan prosedur")
    TIDAK_MEMBERI = "tidak_memberikan_pelayanan", _("Tidak memberikan pelayanan")
    TIDAK_KOMPETEN = "tidak_kompeten", _("Tidak kompeten")
    PENYALAHGUNAAN = "penyalahgunaan_wewenang", _("Penyalahgunaan wewenang")
    IMBALAN = "permintaan_imbalan", _("Permintaan imbalan (uang, barang, jasa)")
    TIDAK_PATUT = "tidak_patut", _("Tidak patut")
    BERPIHAK = "berpihak", _("Berpihak")
    DISKRIMINASI = "diskriminasi", _("Diskriminasi")
    KONFLIK = "konflik_kepentingan", _("Konflik kepentingan")


class SlaLimit(BaseModel):
    """Time limits in working days, editable by admin pemda (defaults: domain.md §5).

    `pemda` is the root unit the limit belongs to (ADR 0005). A row without a pemda is the installation's
    default, read by every pemda that has no row of its own for that key."""

    pemda = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("pemerintah daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    key = models.SlugField(_("kunci"), max_length=40)
    label = models.CharField(_("keterangan"), max_length=120)
    working_days = models.PositiveSmallIntegerField(_("hari kerja"))
    is_classification = models.BooleanField(_("klasifikasi penyelesaian"), default=False)
    source = models.CharField(_("sumber"), max_length=200, blank=True)

    class Meta:
        ordering = ["-is_classification", "working_days"]
        verbose_name = _("batas waktu pengaduan")
        verbose_name_plural = _("batas waktu pengaduan")
        constraints = [
            models.UniqueConstraint(fields=["pemda", "key"], name="slalimit_unique_key_per_pemda"),
            models.UniqueConstraint(
                fields=["key"], condition=models.Q(pemda__isnull=True), name="slalimit_unique_default_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.working_days} hari kerja"


def new_public_id() -> str:
    """The opaque public id of a case (Open311's service_request_id): random, never the code nor the pk."""
    return secrets.token_hex(8)


class Complaint(BaseModel):
    code = models.CharField(_("kode pelacakan"), max_length=16, unique=True)
    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    lapor_number = models.CharField(_("nomor tiket SP4N-LAPOR!"), max_length=40, blank=True)
    privacy = models.CharField(
        _("pilihan identitas"), max_length=8, choices=Privacy.choices, default=Privacy.BIASA
    )
    # Identity: empty for anonim (an e-mail for notifications may be given and is then treated as rahasia).
    reporter_name = models.CharField(_("nama pelapor"), max_length=150, blank=True)
    reporter_nik = models.CharField(_("NIK"), max_length=16, blank=True)
    reporter_phone = models.CharField(_("telepon"), max_length=30, blank=True)
    reporter_email = models.EmailField(_("e-mail"), blank=True)
    reporter_address = models.CharField(_("alamat"), max_length=255, blank=True)
    consent_share_identity = models.BooleanField(_("boleh diteruskan ke unit yang diadukan"), default=False)
    # The reporter agreed that the text of a biasa case (never the identity) may be published, e.g. in
    # Open311's public request list; without it only a neutral text is shown.
    consent_publish = models.BooleanField(_("uraian boleh dipublikasikan"), default=False)
    # What happened (UU 25/2009).
    reported_unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("unit yang diadukan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    service = models.ForeignKey(
        "organisations.Service",
        verbose_name=_("layanan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    what_happened = models.TextField(_("apa yang terjadi"))
    happened_on = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    loss = models.TextField(_("kerugian yang dialami"), blank=True)
    request = models.TextField(_("yang diminta"), blank=True)
    # Where it happened, when the reporter's app gave it (Open311); WGS 84.
    location_lat = models.DecimalField(
        _("lintang lokasi"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    location_long = models.DecimalField(
        _("bujur lokasi"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    location_address = models.CharField(_("alamat lokasi"), max_length=255, blank=True)
    media_url = models.URLField(_("tautan foto/media"), max_length=500, blank=True)
    late_note = models.CharField(_("catatan"), max_length=200, blank=True)
    # Handling. The receiving unit's complaint desk received the case and triages it (None: the pemda's own
    # triage); who sees the reporter's identity follows from it (organisations.access.may_see_reporter).
    receiving_unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("unit penerima"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handling_unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("unit penanganan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.DITERIMA, db_index=True
    )
    classification = models.ForeignKey(
        SlaLimit,
        verbose_name=_("klasifikasi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"is_classification": True},
    )
    received_at = models.DateTimeField(_("diterima"), db_index=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    first_answer_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    paused_since = models.DateTimeField(_("menunggu pelapor sejak"), null=True, blank=True)
    paused_working_days = models.PositiveSmallIntegerField(_("hari kerja menunggu pelapor"), default=0)
    closing_reason = models.TextField(_("alasan penutupan/rujukan"), blank=True)
    satisfied = models.BooleanField(_("pelapor puas"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    maladministration = models.JSONField(_("bentuk maladministrasi"), default=list, blank=True)
    substantiated = models.BooleanField(_("terbukti"), null=True, blank=True)
    standard_component = models.CharField(_("komponen standar terkait"), max_length=30, blank=True)
    is_spam = models.BooleanField(_("ditandai spam/penyalahgunaan"), default=False)
    idempotency_key = models.CharField(max_length=64, unique=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        indexes = [models.Index(fields=["handling_unit", "status"])]

    def __str__(self) -> str:  # never the reporter's identity
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("complaints:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def maladministration_labels(self) -> list[str]:
        """The forms as the Ombudsman names them (never the stored keys)."""
        labels = dict(Maladministration.choices)
        return [str(labels.get(key, key)) for key in self.maladministration]

    @property
    def standard_component_label(self) -> str:
        return next((str(c.label) for c in COMPONENTS if c.key == self.standard_component), "")

    def attachments_are_public(self) -> bool:
        return False

    def attachments_visible_to(self, user) -> bool:
        """A complaint's files may identify the reporter: only its handlers see them."""

        return may_handle(user, self)


class ComplaintEvent(models.Model):
    """History of a case: transitions, forwards, public replies, internal notes, citizen messages, pauses."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", _("perubahan status")
        PUBLIC_REPLY = "public_reply", _("jawaban untuk pelapor")
        INTERNAL_NOTE = "internal_note", _("catatan internal")
        CITIZEN = "citizen", _("pesan pelapor")
        PAUSE = "pause", _("menunggu pelapor")
        RESUME = "resume", _("dilanjutkan")

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24, blank=True)
    from_unit = models.ForeignKey(
        "organisations.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey(
        "organisations.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(blank=True)
    # A disposition's instruction to the receiving section (handlers only, never on the public page).
    instruction = models.TextField(_("instruksi disposisi"), blank=True)
    is_public = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind}"

    @property
    def to_label(self) -> str:
        return dict(Status.choices).get(self.to_status, self.to_status)

    @property
    def from_label(self) -> str:
        return dict(Status.choices).get(self.from_status, self.from_status)
