"""The city's obligations as data (issue 17): rules per pemda, the Sekda's reminder letters, sent reminders.

The rules are the city's settings, not law: each one names its legal basis, and thresholds are the pemda's
own. The engine that reads them is `evaluation.py` (pure).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sewaka.core.models import BaseModel

from .evaluation import DueMode, Fact, Frequency, State


class FrequencyChoice(models.TextChoices):
    YEARLY = Frequency.YEARLY, _("Tahunan")
    SEMESTER = Frequency.SEMESTER, _("Per semester")
    QUARTER = Frequency.QUARTER, _("Per triwulan")
    SKM_PERIOD = Frequency.SKM_PERIOD, _("Setiap periode SKM unit")


class DueModeChoice(models.TextChoices):
    AFTER_PERIOD = DueMode.AFTER_PERIOD, _("Sejumlah hari setelah periode berakhir")
    CONTINUOUS = DueMode.CONTINUOUS, _("Harus terpenuhi setiap saat")


class FactChoice(models.TextChoices):
    FKP_HELD = Fact.FKP_HELD, _("Forum Konsultasi Publik terlaksana (jumlah)")
    SKM_EVALUATED = Fact.SKM_EVALUATED, _("Periode SKM dievaluasi: ditutup, laporan terbit, RTL unsur lemah")
    STANDARD_CURRENT = Fact.STANDARD_CURRENT, _("Standar pelayanan ditetapkan dan ditinjau (bulan)")
    MAKLUMAT_PUBLISHED = Fact.MAKLUMAT_PUBLISHED, _("Maklumat pelayanan dipublikasikan")
    COMPLAINTS_ON_TIME = Fact.COMPLAINTS_ON_TIME, _("Tenggat pengaduan dipenuhi (persen)")
    FOLLOWUPS_ON_TIME = Fact.FOLLOWUPS_ON_TIME, _("RTL dan kesepakatan FKP selesai tepat waktu (persen)")
    EVENTS_ATTENDED = Fact.EVENTS_ATTENDED, _("Kegiatan koordinasi dihadiri (jumlah)")
    INNOVATIONS_REGISTERED = Fact.INNOVATIONS_REGISTERED, _("Inovasi pelayanan publik didaftarkan (jumlah)")


class StateChoice(models.TextChoices):
    DONE = State.DONE, _("Terpenuhi")
    LATE = State.LATE, _("Terpenuhi, terlambat")
    NOT_DUE = State.NOT_DUE, _("Belum jatuh tempo")
    MISSING = State.MISSING, _("Belum terpenuhi")
    NA = State.NA, _("Tidak berlaku")


class Obligation(BaseModel):
    """One rule of the pemda: who must do what, how often, by when, read from which fact."""

    pemda = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("pemerintah daerah"),
        on_delete=models.PROTECT,
        related_name="obligations",
    )
    key = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("kewajiban"), max_length=200)
    short_name = models.CharField(_("nama kolom"), max_length=40, help_text=_("Judul singkat kolom pelacak."))
    legal_basis = models.TextField(
        _("dasar hukum"), help_text=_("Peraturan atau surat edaran yang mewajibkan.")
    )
    fact = models.CharField(_("fakta yang dibaca"), max_length=30, choices=FactChoice.choices)
    frequency = models.CharField(_("frekuensi"), max_length=20, choices=FrequencyChoice.choices)
    due_mode = models.CharField(_("aturan tenggat"), max_length=20, choices=DueModeChoice.choices)
    due_days = models.PositiveSmallIntegerField(_("tenggat (hari setelah periode berakhir)"), default=0)
    threshold = models.DecimalField(
        _("ambang"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Pengaturan kota: jumlah minimal, persen, atau bulan (lihat fakta yang dibaca)."),
    )
    unit_kinds = models.JSONField(
        _("jenis unit yang wajib"), default=list, blank=True, help_text=_("Kosong: semua jenis unit.")
    )
    units = models.ManyToManyField(
        "organisations.Unit",
        verbose_name=_("daftar unit yang wajib"),
        blank=True,
        related_name="+",
        help_text=_("Bila diisi, hanya unit ini yang wajib (jenis unit diabaikan)."),
    )
    counts_subtree = models.BooleanField(
        _("kegiatan unit di bawahnya ikut dihitung"),
        default=False,
        help_text=_("Mis. FKP yang diselenggarakan puskesmas dihitung untuk dinasnya."),
    )
    remind_days = models.PositiveSmallIntegerField(_("pengingat (hari sebelum tenggat)"), default=14)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["pemda", "order", "id"]
        verbose_name = _("kewajiban")
        verbose_name_plural = _("kewajiban")
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "key"],
                name="obligation_unique_key_per_pemda",
                violation_error_message=_("Kode kewajiban ini sudah dipakai."),
            ),
            models.CheckConstraint(
                condition=models.Q(threshold__isnull=True) | models.Q(threshold__gte=0),
                name="obligation_threshold_not_negative",
                violation_error_message=_("Ambang tidak boleh negatif."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("obligations:rule_edit", args=[self.pk])


class LetterSettings(BaseModel):
    """How the Sekda's reminder letter of a pemda is numbered, worded and signed (admin pemda edits)."""

    pemda = models.OneToOneField(
        "organisations.Unit",
        verbose_name=_("pemerintah daerah"),
        on_delete=models.PROTECT,
        related_name="obligation_letter_settings",
    )
    number_pattern = models.CharField(
        _("pola nomor surat"),
        max_length=100,
        default="061/{urut}/Org",
        help_text=_(
            "Penanda: {urut} (nomor urut dalam tahun, wajib), {bulan} (angka Romawi), {tahun}, {unit} (kode perangkat daerah)."
        ),
    )
    subject = models.CharField(
        _("perihal"),
        max_length=250,
        default="Pengingat pelaksanaan SE Sekda Nomor 061/504/Org dan kewajiban pelayanan publik",
    )
    body = models.TextField(
        _("isi surat"),
        help_text=_(
            "Penanda: {periode}, {tanggal} (tanggal data), {batas} (batas tindak lanjut), {perangkat_daerah} (pada surat per perangkat daerah)."
        ),
    )
    closing = models.TextField(_("penutup"), blank=True)
    follow_up_days = models.PositiveSmallIntegerField(
        _("batas tindak lanjut (hari setelah surat)"), default=14
    )
    signer_title = models.CharField(_("jabatan penanda tangan"), max_length=200)
    signer_name = models.CharField(_("nama penanda tangan"), max_length=150, blank=True)
    signer_rank = models.CharField(_("pangkat/golongan"), max_length=100, blank=True)
    signer_nip = models.CharField(_("NIP penanda tangan"), max_length=24, blank=True)
    copies_to = models.TextField(_("tembusan"), blank=True, help_text=_("Satu penerima tembusan per baris."))

    class Meta:
        verbose_name = _("pengaturan surat pengingat")
        verbose_name_plural = _("pengaturan surat pengingat")

    def __str__(self) -> str:
        return str(self.pemda)


class LetterKind(models.TextChoices):
    SUMMARY = "summary", _("Satu surat untuk semua perangkat daerah")
    MERGE = "merge", _("Satu surat per perangkat daerah")


class Letter(BaseModel):
    """An issued reminder (a recorded act): what was sent, when, with which numbers, to whom.

    The listing is kept as it was issued (`content`), so the letter reprints the same later."""

    pemda = models.ForeignKey(
        "organisations.Unit", verbose_name=_("pemerintah daerah"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("bentuk"), max_length=10, choices=LetterKind.choices)
    period_key = models.CharField(_("periode"), max_length=10)
    period_label = models.CharField(_("periode"), max_length=40)
    issued_on = models.DateField(_("tanggal surat"))
    number = models.CharField(_("nomor"), max_length=120, blank=True)
    subject = models.CharField(_("perihal"), max_length=250)
    body = models.TextField(_("isi surat"))
    closing = models.TextField(_("penutup"), blank=True)
    signer = models.JSONField(_("penanda tangan"), default=dict)
    copies_to = models.JSONField(_("tembusan"), default=list)
    content = models.JSONField(_("daftar kewajiban yang belum dipenuhi"), default=list)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diterbitkan oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("surat pengingat")
        verbose_name_plural = _("surat pengingat")

    def __str__(self) -> str:
        return f"{self.number or self.get_kind_display()} ({self.issued_on:%d-%m-%Y})"

    def get_absolute_url(self) -> str:
        return reverse("obligations:letter_detail", args=[self.pk])


class LetterRecipient(models.Model):
    """A perangkat daerah the letter was addressed to, with its own number and gaps in a mail merge."""

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="recipients")
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("perangkat daerah"), on_delete=models.PROTECT, related_name="+"
    )
    serial = models.PositiveIntegerField(_("nomor urut"))
    number = models.CharField(_("nomor"), max_length=120)
    content = models.JSONField(default=list)

    class Meta:
        ordering = ["letter", "id"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "unit"], name="letter_recipient_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number} → {self.unit}"


class NoticeKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Mendekati tenggat")
    MISSING = "missing", _("Lewat tenggat")
    DIGEST = "digest", _("Ringkasan mingguan")


class ReminderNotice(models.Model):
    """A reminder sent: once per (rule, unit, period, state), never a daily flood; the Monday digest once a
    week per pemda (rule empty, `period_key` the week's Monday)."""

    pemda = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="+")
    obligation = models.ForeignKey(
        Obligation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="+")
    period_key = models.CharField(max_length=20)
    kind = models.CharField(max_length=10, choices=NoticeKind.choices)
    due = models.DateField(null=True, blank=True)
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "unit", "period_key", "kind"], name="reminder_once_per_state"
            ),
            models.UniqueConstraint(
                fields=["pemda", "period_key"],
                condition=models.Q(kind="digest"),
                name="reminder_one_digest_per_week",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.unit_id} {self.period_key}"
