"""SKM: questionnaires (versioned data), survey periods, responses (nine answer columns, ADR 0003),
kiosks, and the units' extra questions (never part of the IKM)."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sewaka.core.models import BaseModel

from .ikm import UNSUR_KEYS, UNSUR_LABELS


class Questionnaire(BaseModel):
    """A published questionnaire version: question and four answer labels per unsur key."""

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    source = models.TextField(_("sumber"), blank=True)
    questions = models.JSONField(_("pertanyaan"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("kuesioner")
        verbose_name_plural = _("kuesioner")

    def __str__(self) -> str:
        return self.title

    def items(self) -> list[dict]:
        """[{key, question, labels}] in the regulation's order (by key, never by stored position)."""
        return [{"key": key, **self.questions[key]} for key in UNSUR_KEYS]


class PeriodKind(models.TextChoices):
    TRIWULAN = "triwulan", _("Triwulan")
    SEMESTER = "semester", _("Semester")
    TAHUN = "tahun", _("Tahunan")
    CUSTOM = "custom", _("Tanggal bebas")


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Dibuka")
    CLOSED = "closed", _("Ditutup")


class SurveyPeriod(BaseModel):
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="survey_periods"
    )
    name = models.CharField(_("nama periode"), max_length=100)
    kind = models.CharField(_("jenis periode"), max_length=20, choices=PeriodKind.choices)
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"))
    questionnaire = models.ForeignKey(Questionnaire, verbose_name=_("kuesioner"), on_delete=models.PROTECT)
    status = models.CharField(
        _("status"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.OPEN
    )
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    # False for a period created, with an explicit confirmation, over dates of a closed or published period of
    # the same unit: its responses stay visible on its own page but it never enters the city ranking.
    in_ranking = models.BooleanField(_("dihitung dalam peringkat kota"), default=True)
    published_at = models.DateTimeField(_("hasil diterbitkan pada"), null=True, blank=True)
    # The official report is issued by a recorded act of the unit (number and date), never by a download.
    report_number = models.CharField(_("nomor laporan"), max_length=100, blank=True)
    report_date = models.DateField(_("tanggal laporan"), null=True, blank=True)
    report_issued_at = models.DateTimeField(_("laporan diterbitkan pada"), null=True, blank=True)
    report_issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diterbitkan oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-start", "unit__path"]
        verbose_name = _("periode survei")
        verbose_name_plural = _("periode survei")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="period_end_after_start",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
            models.CheckConstraint(
                condition=models.Q(report_issued_at__isnull=True)
                | (~models.Q(report_number="") & models.Q(report_date__isnull=False)),
                name="period_issued_report_has_number_and_date",
                violation_error_message=_("Laporan yang diterbitkan harus memiliki nomor dan tanggal."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("surveys:period_detail", args=[self.pk])

    @property
    def accepts_answers(self) -> bool:
        today = timezone.localdate()
        return self.status == PeriodStatus.OPEN and self.start <= today <= self.end


class PeriodService(models.Model):
    """A service covered by the period, with its number of users in the period (the population)."""

    period = models.ForeignKey(SurveyPeriod, on_delete=models.PROTECT, related_name="period_services")
    service = models.ForeignKey("organisations.Service", verbose_name=_("layanan"), on_delete=models.PROTECT)
    population = models.PositiveIntegerField(_("populasi (pengguna layanan dalam periode)"), default=0)

    class Meta:
        ordering = ["service__name"]
        constraints = [models.UniqueConstraint(fields=["period", "service"], name="period_service_unique")]

    def __str__(self) -> str:
        return f"{self.period_id}: {self.service}"


class Gender(models.TextChoices):
    L = "L", _("Laki-laki")
    P = "P", _("Perempuan")


class Education(models.TextChoices):
    SD = "sd", _("SD ke bawah")
    SMP = "smp", _("SMP")
    SMA = "sma", _("SMA")
    DIPLOMA = "d1_d4", _("D1–D4")
    S1 = "s1", _("S1")
    S2 = "s2", _("S2 ke atas")


class Occupation(models.TextChoices):
    PNS = "pns", _("PNS")
    TNI = "tni", _("TNI")
    POLRI = "polri", _("POLRI")
    SWASTA = "swasta", _("Pegawai swasta")
    WIRAUSAHA = "wirausaha", _("Wirausaha")
    PELAJAR = "pelajar", _("Pelajar/Mahasiswa")
    LAINNYA = "lainnya", _("Lainnya")


class Source(models.TextChoices):
    WEB = "web", _("Web/ponsel")
    KIOSK = "kiosk", _("Kios")
    PAPER = "paper", _("Kertas")
    IMPORT = "import", _("Impor")


class Kiosk(BaseModel):
    """A tablet at a counter, registered by an operator. The token is stored hashed."""

    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="kiosks"
    )
    name = models.CharField(_("nama kios"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["unit__path", "name"]
        verbose_name = _("kios survei")
        verbose_name_plural = _("kios survei")

    def __str__(self) -> str:
        return self.name


def _answer_field(key: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(key, null=True, blank=True)


class Response(models.Model):
    """One respondent's answers. Never deleted; an invalid one is excluded with a reason."""

    id = models.BigAutoField(primary_key=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # No index of its own: the (period, is_included, service) index below starts with it (every index is
    # kept up to date on each insert; an import of 100 000 rows pays for each one).
    period = models.ForeignKey(
        SurveyPeriod, on_delete=models.PROTECT, related_name="responses", db_index=False
    )
    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        "organisations.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The nine unsur, one column each (ADR 0003). NULL = not answered.
    persyaratan = _answer_field("persyaratan")
    prosedur = _answer_field("prosedur")
    waktu = _answer_field("waktu")
    biaya = _answer_field("biaya")
    produk = _answer_field("produk")
    kompetensi = _answer_field("kompetensi")
    perilaku = _answer_field("perilaku")
    pengaduan = _answer_field("pengaduan")
    sarana = _answer_field("sarana")
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices, blank=True)
    age = models.PositiveSmallIntegerField(_("usia"), null=True, blank=True)
    education = models.CharField(_("pendidikan"), max_length=10, choices=Education.choices, blank=True)
    occupation = models.CharField(_("pekerjaan"), max_length=12, choices=Occupation.choices, blank=True)
    why = models.JSONField(_("alasan nilai rendah"), default=dict, blank=True)
    suggestion = models.TextField(_("saran"), blank=True)
    extra_answers = models.JSONField(_("jawaban pertanyaan tambahan"), default=dict, blank=True)
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices, default=Source.WEB)
    submitted_at = models.DateTimeField(_("dikirim"), default=timezone.now, db_index=True)
    idempotency_key = models.CharField(max_length=64, unique=True)
    client_id = models.CharField(max_length=64, blank=True)
    ip_hash = models.CharField(max_length=64, blank=True)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    # Indexed only where set (`response_kiosk`): imported and web answers have none.
    kiosk = models.ForeignKey(
        Kiosk, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    flags = models.JSONField(_("tanda integritas"), default=list, blank=True)
    # Not indexed alone (two values each): the review list reads the partial index `response_review`.
    is_flagged = models.BooleanField(_("ditandai"), default=False)
    is_included = models.BooleanField(_("dihitung dalam IKM"), default=True)
    inclusion_reason = models.TextField(_("alasan keputusan"), blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("jawaban survei")
        verbose_name_plural = _("jawaban survei")
        indexes = [
            models.Index(fields=["period", "is_included", "service"]),
            # The submission's integrity checks (services._CHECKS_SQL): this browser in this period lately,
            # this address lately. Without them SQLite (no ANALYZE statistics) walks the whole period.
            # Partial: imported and paper answers carry no browser or address and are never looked up here
            # (the checks' SQL repeats the conditions so that both databases may use these indexes).
            models.Index(
                fields=["client_id", "period", "submitted_at"],
                name="response_browser_recent",
                condition=models.Q(client_id__gt=""),
            ),
            models.Index(
                fields=["ip_hash", "submitted_at"],
                name="response_address_recent",
                condition=models.Q(ip_hash__gt=""),
            ),
            models.Index(fields=["kiosk"], name="response_kiosk", condition=models.Q(kiosk__isnull=False)),
            # The period's flagged or excluded answers (`selectors.flagged_responses`): only those rows.
            models.Index(
                fields=["period", "-submitted_at"],
                name="response_review",
                condition=models.Q(is_flagged=True) | models.Q(is_included=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"{key}__isnull": True})
                | models.Q(**{f"{key}__gte": 1, f"{key}__lte": 4}),
                name=f"response_{key}_1_to_4",
                violation_error_message=_("Nilai jawaban harus 1 sampai 4."),
            )
            for key in UNSUR_KEYS
        ]

    def __str__(self) -> str:
        return f"Responden #{self.pk} · {self.period_id}"

    def answers(self) -> dict[str, int | None]:
        return {key: getattr(self, key) for key in UNSUR_KEYS}


class ExtraQuestion(BaseModel):
    """A unit's own question, shown after the nine unsur; never part of the IKM."""

    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="extra_questions")
    text = models.CharField(_("pertanyaan"), max_length=255)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["unit__path", "id"]
        verbose_name = _("pertanyaan tambahan")
        verbose_name_plural = _("pertanyaan tambahan")

    def __str__(self) -> str:
        return self.text


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Diunggah: periksa pemetaan kolom")
    ANALYSING = "analysing", _("Sedang diperiksa")
    ANALYSED = "analysed", _("Siap diimpor")
    IMPORTING = "importing", _("Sedang diimpor")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class SurveyImport(BaseModel):
    """One uploaded file of answers (xlsx/csv/Google Forms export) and what became of its rows."""

    period = models.ForeignKey(SurveyPeriod, on_delete=models.PROTECT, related_name="imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to="imports/%Y/%m/", max_length=255)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    file_sha256 = models.CharField(max_length=64)
    headers = models.JSONField(default=list)
    samples = models.JSONField(default=list)
    mapping = models.JSONField(default=list)
    date_order = models.CharField(max_length=3, default="dmy")
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    valid_only = models.BooleanField(_("impor baris yang valid saja"), default=False)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    valid_rows = models.PositiveIntegerField(default=0)
    rejected_rows = models.PositiveIntegerField(default=0)
    duplicate_rows = models.PositiveIntegerField(default=0)
    ignored_rows = models.PositiveIntegerField(default=0)  # rows of services the user chose to leave out
    # Distinct values found in the profile and service columns: {target: [[key, text, rows, first line], …]}.
    values = models.JSONField(default=dict)
    # The user's mapping of those values: {target: {key: code | "-" (empty) | "!" (reject) | "~" (skip)}}.
    value_mapping = models.JSONField(default=dict)
    stored_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)
    preview = models.JSONField(default=list)
    message = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor jawaban")
        verbose_name_plural = _("impor jawaban")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("surveys:import_detail", args=[self.pk])

    @property
    def progress_percent(self) -> int:
        return min(100, round(100 * self.processed_rows / self.total_rows)) if self.total_rows else 0

    @property
    def is_busy(self) -> bool:
        return self.status in (ImportStatus.ANALYSING, ImportStatus.IMPORTING)


class RtlAction(BaseModel):
    """One action of the Rencana Tindak Lanjut for a weak unsur; tracked as a FollowUp (its source)."""

    period = models.ForeignKey(SurveyPeriod, on_delete=models.PROTECT, related_name="rtl_actions")
    unsur = models.CharField(_("unsur"), max_length=20, choices=[(k, k) for k in UNSUR_KEYS])
    followup = models.OneToOneField(
        "followups.FollowUp", null=True, blank=True, on_delete=models.PROTECT, related_name="rtl_action"
    )

    class Meta:
        ordering = ["period", "unsur", "id"]
        verbose_name = _("rencana tindak lanjut SKM")
        verbose_name_plural = _("rencana tindak lanjut SKM")

    def __str__(self) -> str:
        return f"RTL {UNSUR_LABELS.get(self.unsur, self.unsur)} · {self.period.name}"

    @property
    def unsur_label(self) -> str:
        return UNSUR_LABELS.get(self.unsur, self.unsur)


class Medium(models.TextChoices):
    WEBSITE = "website", _("Situs web")
    NOTICE_BOARD = "notice_board", _("Papan pengumuman")
    SOCIAL_MEDIA = "social_media", _("Media sosial")
    PRINT_MEDIA = "print_media", _("Media cetak")
    OTHER = "other", _("Lainnya")


class Publication(BaseModel):
    """One medium on which a period's result was published, with evidence."""

    period = models.ForeignKey(SurveyPeriod, on_delete=models.PROTECT, related_name="publications")
    medium = models.CharField(_("media"), max_length=20, choices=Medium.choices)
    published_on = models.DateField(_("tanggal publikasi"))
    link = models.URLField(_("tautan"), blank=True)
    note = models.CharField(_("keterangan"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["published_on", "id"]
        verbose_name = _("publikasi hasil SKM")
        verbose_name_plural = _("publikasi hasil SKM")

    def __str__(self) -> str:
        return f"{self.get_medium_display()} · {self.period.name}"


class TallyDimension(models.TextChoices):
    """How a tally row slices its period's responses. Every response counts in exactly one row of each."""

    ALL = "all", _("Seluruh periode")
    SERVICE = "service", _("Layanan")
    GENDER = "gender", _("Jenis kelamin")
    AGE = "age", _("Kelompok usia")
    EDUCATION = "education", _("Pendidikan")
    OCCUPATION = "occupation", _("Pekerjaan")


# The counted columns of a tally row, in a fixed order (the delta vectors of sewaka.surveys.tallies).
TALLY_COUNTS: tuple[str, ...] = (
    "n",
    "included",
    "excluded",
    "flagged",
    *[f"{key}_{part}" for key in UNSUR_KEYS for part in ("sum", "count")],
)


class Tally(models.Model):
    """Running totals of a period's responses, one row per (period, dimension, value), kept in the same
    transaction as every write that changes them (sewaka.surveys.tallies); read by the results pages, the
    city ranking and the dashboard instead of the raw rows.

    `value` is the slice: "" for `all`; the service id or "" (no service) for `service`; the stored
    code (or "") for gender, education and occupation; the age-group index of `selectors.AGE_BINS` or
    "" (no age) for `age`. Counts: `n` = included responses with at least one unsur answered (the
    respondents), `included` = included responses (answered or not), `excluded` = responses not included, `flagged` = flagged responses (included or not),
    `<unsur>_sum` / `<unsur>_count` = sum and number of the included answers of that unsur (the NRR's
    numerator and denominator). The `all` row also stores the engine's result over its sums, recomputed
    with every change (ikm.compute_from_aggregates): the exact IKM as a fraction "p/q" (its numerator and
    denominator outgrow 64 bits when the nine counts differ), the IKM rounded to two decimals, the mutu,
    and per unsur [IKM-scale value, mutu]."""

    id = models.BigAutoField(primary_key=True)
    period = models.ForeignKey(SurveyPeriod, on_delete=models.CASCADE, related_name="tallies")
    dimension = models.CharField(max_length=12, choices=TallyDimension.choices)
    value = models.CharField(max_length=20, blank=True)
    n = models.BigIntegerField(default=0)
    included = models.BigIntegerField(default=0)
    excluded = models.BigIntegerField(default=0)
    flagged = models.BigIntegerField(default=0)
    persyaratan_sum = models.BigIntegerField(default=0)
    persyaratan_count = models.BigIntegerField(default=0)
    prosedur_sum = models.BigIntegerField(default=0)
    prosedur_count = models.BigIntegerField(default=0)
    waktu_sum = models.BigIntegerField(default=0)
    waktu_count = models.BigIntegerField(default=0)
    biaya_sum = models.BigIntegerField(default=0)
    biaya_count = models.BigIntegerField(default=0)
    produk_sum = models.BigIntegerField(default=0)
    produk_count = models.BigIntegerField(default=0)
    kompetensi_sum = models.BigIntegerField(default=0)
    kompetensi_count = models.BigIntegerField(default=0)
    perilaku_sum = models.BigIntegerField(default=0)
    perilaku_count = models.BigIntegerField(default=0)
    pengaduan_sum = models.BigIntegerField(default=0)
    pengaduan_count = models.BigIntegerField(default=0)
    sarana_sum = models.BigIntegerField(default=0)
    sarana_count = models.BigIntegerField(default=0)
    ikm_exact = models.CharField(max_length=255, blank=True)
    ikm = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    mutu = models.CharField(max_length=1, blank=True)
    unsur = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "dimension", "value"], name="tally_unique_slice"),
            models.CheckConstraint(
                condition=models.Q(n__gte=0, included__gte=0, excluded__gte=0, flagged__gte=0),
                name="tally_counts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.dimension}={self.value}: {self.n}"

    def aggregates(self) -> dict[str, tuple[int, int]]:
        """{unsur: (sum, count)} for the engine."""
        return {key: (getattr(self, f"{key}_sum"), getattr(self, f"{key}_count")) for key in UNSUR_KEYS}
