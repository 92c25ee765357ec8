"""Innovation registry and competition pipeline (issue 18).

- `Innovation` of a unit (and its partner units), its stage changed only by `services.innovation_transition`
  (table in transitions.py), its history in `InnovationEvent`, its files as `InnovationFile` rows (each the
  owner of one core `Attachment`: the innovator team's SK, documents, photos).
- Competition schemes as versioned data: `Scheme` (code, name, organiser) and `SchemeYear` (one loaded JSON
  file of a year: raw data + SHA-256, immutable once loaded).
- `Award`: an innovation's result in a scheme-year (or a free-text scheme not loaded).
- Internal selection: `Call` (a pemda's call for a scheme-year), `Nomination`, `Juror`, `Score`,
  `ProposalText` (versions kept), `ProposalComment`.

Stored codes are English or the scheme's own codes and never change; people read the labels.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from sewaka.core.models import BaseModel

from . import schemes
from .transitions import CallStatus, NominationStatus, Stage


class Innovation(BaseModel):
    pemda = models.ForeignKey(
        "organisations.Unit", verbose_name=_("pemerintah daerah"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("unit pemilik"),
        on_delete=models.PROTECT,
        related_name="innovations",
    )
    partner_units = models.ManyToManyField(
        "organisations.Unit",
        verbose_name=_("unit mitra"),
        blank=True,
        related_name="partner_innovations",
    )
    name = models.CharField(_("nama inovasi"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=60, blank=True)
    slug = models.SlugField(_("alamat publik"), max_length=80, unique=True, editable=False)
    started_on = models.DateField(
        _("mulai diterapkan"),
        null=True,
        blank=True,
        help_text=_("Tanggal inovasi mulai diterapkan (dasar syarat lama penerapan)."),
    )
    stage = models.CharField(_("tahap"), max_length=20, choices=Stage.choices, default=Stage.GAGASAN)
    services = models.ManyToManyField(
        "organisations.Service", verbose_name=_("layanan terdampak"), blank=True, related_name="innovations"
    )
    problem = models.TextField(_("masalah"), blank=True)
    goal = models.TextField(_("tujuan"), blank=True)
    novelty = models.TextField(_("kebaruan"), blank=True, help_text=_("Apa yang baru dari inovasi ini."))
    how_it_works = models.TextField(
        _("cara kerja"), blank=True, help_text=_("Langkah-langkah penerapan, satu langkah per baris.")
    )
    people_and_budget = models.TextField(_("sumber daya manusia dan anggaran"), blank=True)
    partners = models.TextField(_("mitra"), blank=True, help_text=_("Mitra di luar pemerintah daerah."))
    sdg_targets = models.JSONField(
        _("tujuan TPB/SDGs"), default=list, blank=True, help_text=_("Nomor tujuan SDGs (1–17).")
    )
    links = models.JSONField(_("tautan"), default=list, blank=True)
    innovator_sk_number = models.CharField(_("nomor SK tim inovator"), max_length=120, blank=True)
    innovator_sk_date = models.DateField(_("tanggal SK tim inovator"), null=True, blank=True)
    replicated_from = models.ForeignKey(
        "self",
        verbose_name=_("replikasi dari"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replications",
    )
    replicated_from_text = models.CharField(
        _("replikasi dari (pemda lain)"),
        max_length=255,
        blank=True,
        help_text=_("Nama inovasi dan pemerintah daerah asalnya bila tidak terdaftar di Sewaka."),
    )
    published = models.BooleanField(_("tampil di galeri publik"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("inovasi")
        verbose_name_plural = _("inovasi")
        indexes = [models.Index(fields=["published", "stage"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(replicated_from=models.F("id")), name="innovation_not_replica_of_itself"
            ),
            models.CheckConstraint(condition=models.Q(stage__in=Stage.values), name="innovation_stage_valid"),
            models.CheckConstraint(condition=~models.Q(name=""), name="innovation_name_not_empty"),
            models.CheckConstraint(
                condition=models.Q(published=False) | models.Q(published_at__isnull=False),
                name="innovation_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("innovations:detail", args=[self.pk])

    @property
    def steps(self) -> list[str]:
        return [line.strip() for line in self.how_it_works.splitlines() if line.strip()]


class InnovationEvent(BaseModel):
    """History of an innovation: creation, stage changes, publication, awards, files."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Didaftarkan")
        TRANSITION = "transition", _("Tahap diubah")
        PUBLISHED = "published", _("Ditampilkan di galeri")
        UNPUBLISHED = "unpublished", _("Ditarik dari galeri")
        AWARD = "award", _("Hasil kompetisi dicatat")
        FILE = "file", _("Berkas diunggah")

    innovation = models.ForeignKey(Innovation, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_stage = models.CharField(max_length=20, blank=True)
    to_stage = models.CharField(max_length=20, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("riwayat inovasi")
        verbose_name_plural = _("riwayat inovasi")

    def __str__(self) -> str:
        return f"{self.innovation_id} {self.kind}"


class FileKind(models.TextChoices):
    SK = "sk", _("SK tim inovator")
    DOCUMENT = "document", _("Dokumen")
    PHOTO = "photo", _("Foto")


class InnovationFile(BaseModel):
    """One file of an innovation; the owner of exactly one core Attachment (core.selectors.attachments_of).

    Photos of a published innovation are public (the gallery); the SK and documents stay private to who may
    see the innovation."""

    innovation = models.ForeignKey(Innovation, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(_("jenis berkas"), max_length=10, choices=FileKind.choices)
    caption = models.CharField(_("keterangan"), max_length=255, blank=True)

    class Meta:
        ordering = ["kind", "created_at", "id"]
        verbose_name = _("berkas inovasi")
        verbose_name_plural = _("berkas inovasi")
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=FileKind.values), name="innovationfile_kind")
        ]

    def __str__(self) -> str:
        return f"{self.innovation_id} {self.kind}"

    def attachments_are_public(self) -> bool:
        return self.kind == FileKind.PHOTO and self.innovation.published


class Scheme(BaseModel):
    """A competition (KIPP, a provincial award, the city's own contest); its years are `SchemeYear`s."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama kompetisi"), max_length=200)
    organiser = models.CharField(_("penyelenggara"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("skema kompetisi")
        verbose_name_plural = _("skema kompetisi")

    def __str__(self) -> str:
        return self.name


class SchemeYear(BaseModel):
    """One loaded scheme file for a year. Immutable: a changed file must carry a new version."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="years")
    year = models.PositiveSmallIntegerField(
        _("tahun"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    version = models.CharField(_("versi"), max_length=20)
    name = models.CharField(_("nama"), max_length=200)
    data = models.JSONField(_("isi skema"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["scheme__code", "-year", "-created_at"]
        verbose_name = _("skema kompetisi per tahun")
        verbose_name_plural = _("skema kompetisi per tahun")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "year", "version"],
                name="schemeyear_unique_version",
                violation_error_message=_("Versi skema ini sudah dimuat."),
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="schemeyear_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year}, v{self.version})"

    @cached_property
    def parsed(self) -> schemes.SchemeData | None:
        """The file in its validated form (checked when loaded; None if it no longer parses)."""
        try:
            return schemes.parse_scheme(self.data)
        except schemes.SchemeError:
            return None

    def aspects(self, group_code: str) -> dict[str, schemes.Aspect]:
        """The group's proposal aspects by code (empty for an unknown group)."""
        parsed = self.parsed
        if parsed is None:
            return {}
        try:
            return {a.code: a for a in parsed.group(group_code).aspects}
        except KeyError:
            return {}

    def group_choices(self) -> list[tuple[str, str]]:
        return [(g.code, g.name) for g in self.parsed.groups] if self.parsed else []

    def category_choices(self) -> list[tuple[str, str]]:
        return [(c.code, c.name) for c in self.parsed.categories] if self.parsed else []

    def award_names(self) -> dict[str, str]:
        return {a.code: a.name for a in self.parsed.awards} if self.parsed else {}

    def award_order(self) -> dict[str, int]:
        return {a.code: a.order for a in self.parsed.awards} if self.parsed else {}


# Award codes known across schemes, best last (a scheme's own codes come from its data).
AWARD_LABELS: dict[str, str] = {
    "administrasi_lolos": _("Lolos administrasi"),
    "top99": _("Top 99"),
    "top45": _("Top 45"),
    "top_terpuji": _("Top Terpuji"),
    "top15_khusus": _("Top 15 kelompok khusus"),
    "outstanding": _("Outstanding Achievement"),
}


class Award(BaseModel):
    """An innovation's result in a scheme-year (KIPP 2023: Top 99), with the decree as an attachment."""

    innovation = models.ForeignKey(Innovation, on_delete=models.PROTECT, related_name="awards")
    scheme_year = models.ForeignKey(
        SchemeYear,
        verbose_name=_("skema kompetisi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    scheme_code = models.SlugField(_("kode kompetisi"), max_length=40)
    scheme_name = models.CharField(
        _("nama kompetisi"), max_length=200, blank=True, help_text=_("Untuk kompetisi yang belum dimuat.")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    group_code = models.CharField(_("kelompok"), max_length=40, blank=True)
    award_code = models.SlugField(_("hasil"), max_length=40)
    note = models.TextField(_("catatan"), blank=True)
    is_demo = models.BooleanField(_("data contoh"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-year", "scheme_code", "id"]
        verbose_name = _("hasil kompetisi")
        verbose_name_plural = _("hasil kompetisi")
        constraints = [
            models.UniqueConstraint(
                fields=["innovation", "scheme_code", "year", "award_code"],
                name="award_unique_result",
                violation_error_message=_("Hasil ini sudah dicatat untuk inovasi ini."),
            ),
            models.CheckConstraint(
                condition=models.Q(scheme_year__isnull=False) | ~models.Q(scheme_name=""),
                name="award_scheme_known_or_named",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="award_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme_code} {self.year} {self.award_code}"

    def attachments_are_public(self) -> bool:
        return self.innovation.published


class Call(BaseModel):
    """A pemda's internal call for a scheme-year: units nominate, a jury scores, the cap selects."""

    pemda = models.ForeignKey(
        "organisations.Unit", verbose_name=_("pemerintah daerah"), on_delete=models.PROTECT, related_name="+"
    )
    scheme_year = models.ForeignKey(
        SchemeYear, verbose_name=_("skema kompetisi"), on_delete=models.PROTECT, related_name="calls"
    )
    title = models.CharField(_("judul"), max_length=200)
    nomination_deadline = models.DateField(_("batas pengusulan"))
    registration_deadline = models.DateField(
        _("batas pendaftaran kompetisi"),
        null=True,
        blank=True,
        help_text=_(
            "Batas pendaftaran pada penyelenggara; dasar hitung lama penerapan. Kosong: tanggal dari data skema."
        ),
    )
    cap = models.PositiveSmallIntegerField(
        _("kuota proposal"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Jumlah proposal yang diteruskan; kosong: tidak dibatasi."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CallStatus.choices, default=CallStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-nomination_deadline", "-id"]
        verbose_name = _("seleksi internal")
        verbose_name_plural = _("seleksi internal")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=CallStatus.values), name="call_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(cap__isnull=True) | models.Q(cap__gte=1), name="call_cap_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CallEvent(BaseModel):
    """History of a call's status."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.call_id} {self.from_status}→{self.to_status}"


class Nomination(BaseModel):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="nominations")
    innovation = models.ForeignKey(Innovation, on_delete=models.PROTECT, related_name="nominations")
    group_code = models.CharField(_("kelompok"), max_length=40)
    category_code = models.CharField(_("kategori"), max_length=60, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=NominationStatus.choices, default=NominationStatus.NOMINATED
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The scoring engine's result frozen when the selection is decided (None before).
    total_score = models.DecimalField(_("nilai akhir"), max_digits=7, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("peringkat"), null=True, blank=True)

    class Meta:
        ordering = ["call", "innovation__name"]
        verbose_name = _("usulan inovasi")
        verbose_name_plural = _("usulan inovasi")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "innovation"],
                name="nomination_unique_per_call",
                violation_error_message=_("Inovasi ini sudah diusulkan dalam seleksi ini."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=NominationStatus.values), name="nomination_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call_id} · {self.innovation_id}"


class Juror(BaseModel):
    """A user given the jury role for one call by the admin pemda."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="jurors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="juror_roles")
    is_active = models.BooleanField(_("aktif"), default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["call", "user__username"]
        verbose_name = _("juri")
        verbose_name_plural = _("juri")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "user"],
                name="juror_unique_per_call",
                violation_error_message=_("Pengguna ini sudah menjadi juri seleksi ini."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.call_id} · {self.user_id}"


class Score(BaseModel):
    """A juror's score of one aspect of a nomination; hidden from the other jurors until they submit."""

    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="scores")
    juror = models.ForeignKey(Juror, on_delete=models.PROTECT, related_name="scores")
    aspect_code = models.CharField(_("aspek"), max_length=60)
    value = models.DecimalField(_("nilai"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    comment = models.TextField(_("komentar"), blank=True)
    submitted = models.BooleanField(_("dikirim"), default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["nomination", "juror", "aspect_code"]
        verbose_name = _("nilai juri")
        verbose_name_plural = _("nilai juri")
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "juror", "aspect_code"],
                name="score_unique_per_aspect",
                violation_error_message=_("Aspek ini sudah dinilai oleh juri ini."),
            ),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="score_value_not_negative"),
            models.CheckConstraint(
                condition=models.Q(submitted=False, submitted_at__isnull=True)
                | models.Q(submitted=True, submitted_at__isnull=False),
                name="score_submitted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nomination_id} {self.aspect_code} {self.value}"


class ProposalText(BaseModel):
    """One version of the text of one proposal aspect; the highest version is the current text."""

    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="texts")
    aspect_code = models.CharField(_("aspek"), max_length=60)
    text = models.TextField(_("isi"), blank=True)
    version = models.PositiveIntegerField(_("versi"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["nomination", "aspect_code", "-version"]
        verbose_name = _("isi proposal")
        verbose_name_plural = _("isi proposal")
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "aspect_code", "version"], name="proposaltext_unique_version"
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="proposaltext_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.nomination_id} {self.aspect_code} v{self.version}"


class ProposalComment(BaseModel):
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="comments")
    aspect_code = models.CharField(_("aspek"), max_length=60, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("komentar"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("komentar proposal")
        verbose_name_plural = _("komentar proposal")
        constraints = [models.CheckConstraint(condition=~models.Q(text=""), name="proposalcomment_not_empty")]

    def __str__(self) -> str:
        return f"{self.nomination_id} {self.aspect_code}"
