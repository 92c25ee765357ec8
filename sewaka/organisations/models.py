"""The unit tree (pemda → perangkat daerah → unit layanan), services and memberships.

The tree is a materialised path (ADR 0002): `path` is the chain of zero-padded ids, so a subtree is one
indexed `path LIKE 'prefix%'` query on SQLite and PostgreSQL alike.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sewaka.core.models import BaseModel

PATH_STEP = 6  # digits per level: one pemda holds far fewer than a million units


def validate_nip(value: str) -> None:
    """NIP of a civil servant: 18 digits (birth date, appointment month, sex, sequence)."""
    digits = value.replace(" ", "")
    if value and (len(digits) != 18 or not digits.isdigit()):
        raise ValidationError(_("NIP terdiri atas 18 angka (spasi boleh), misalnya 19700101 199003 1 001."))


def format_nip(value: str) -> str:
    """19700101199003 1 001 → "19700101 199003 1 001" (the customary grouping)."""
    digits = value.replace(" ", "")
    if len(digits) != 18 or not digits.isdigit():
        return value
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


class UnitKind(models.TextChoices):
    PEMDA = "pemda", _("Pemerintah daerah")
    PERANGKAT_DAERAH = "perangkat_daerah", _("Perangkat daerah")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")
    DESA = "desa", _("Desa")
    UPTD = "uptd", _("UPTD")
    PUSKESMAS = "puskesmas", _("Puskesmas")
    RSUD = "rsud", _("RSUD")
    MPP = "mpp", _("Mal Pelayanan Publik")
    GERAI_MPP = "gerai_mpp", _("Gerai MPP")
    BAGIAN = "bagian", _("Bagian")
    OTHER = "other", _("Lainnya")


class Unit(BaseModel):
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    kind = models.CharField(_("jenis unit"), max_length=20, choices=UnitKind.choices)
    code = models.SlugField(
        _("kode"),
        max_length=40,
        unique=True,
        error_messages={"unique": _("Kode ini sudah dipakai unit lain.")},
    )
    name = models.CharField(_("nama resmi"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=80, blank=True)
    home_agency = models.ForeignKey(
        "self",
        verbose_name=_("perangkat daerah asal"),
        help_text=_("Untuk gerai MPP: perangkat daerah pemilik layanan. Bukan induk kedua."),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="gerai",
    )
    address = models.CharField(_("alamat kantor"), max_length=255, blank=True)
    # The office's location (WGS 84), e.g. for Open311 clients that place every request on a map.
    latitude = models.DecimalField(
        _("lintang"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Derajat desimal, misalnya -8.656300 (selatan khatulistiwa bernilai negatif)."),
    )
    longitude = models.DecimalField(
        _("bujur"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Derajat desimal, misalnya 115.216700."),
    )
    phone = models.CharField(_("telepon kantor"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail kantor"), blank=True)
    website = models.URLField(_("situs web"), blank=True)
    opening_hours = models.CharField(_("jam pelayanan"), max_length=200, blank=True)
    # The unit's head signs its official documents; recorded once here, printed on every document.
    head_name = models.CharField(
        _("nama kepala unit"),
        max_length=150,
        blank=True,
        help_text=_("Dengan gelar, sebagaimana ditulis di bawah tanda tangan."),
    )
    head_nip = models.CharField(
        _("NIP kepala unit"),
        max_length=24,
        blank=True,
        validators=[validate_nip],
        help_text=_("18 angka; spasi boleh (contoh 19700101 199003 1 001)."),
    )
    head_title = models.CharField(
        _("jabatan penanda tangan"),
        max_length=200,
        blank=True,
        help_text=_("Dikosongkan: “Kepala” diikuti nama unit."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("unit")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(home_agency=models.F("id")), name="unit_home_agency_not_self"
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Isi lintang dan bujur bersama-sama, atau kosongkan keduanya."))

    def get_absolute_url(self) -> str:
        return reverse("organisations:unit_detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        return self.name

    @property
    def signer_title(self) -> str:
        if self.head_title:
            return self.head_title
        if self.kind == UnitKind.PEMDA:  # city-wide documents are issued by the Bagian Organisasi
            return str(_("Kepala Bagian Organisasi"))
        return _("Kepala %(unit)s") % {"unit": self.name}

    @property
    def root_id(self) -> int:
        """The pemda at the top of this unit's tree."""
        return int(self.path.split(".")[0]) if self.path and self.path[0].isdigit() else self.pk

    @property
    def path_prefixes(self) -> list[str]:
        """The paths of this unit and all its ancestors, root first."""
        return [self.path[: i + 1] for i, ch in enumerate(self.path) if ch == "."]


class Service(BaseModel):
    """Jenis layanan of a unit. The standards and SKM modules extend it."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="services")
    name = models.CharField(_("nama layanan"), max_length=200)
    slug = models.SlugField(
        _("alamat web publik"),
        max_length=80,
        help_text=_("Bagian akhir alamat halaman layanan: huruf kecil, angka dan tanda hubung."),
    )
    description = models.TextField(_("uraian singkat"), blank=True)
    synonyms = models.TextField(
        _("kata lain untuk pencarian"),
        blank=True,
        help_text=_("Sebutan lain yang dipakai warga, dipisah koma, mis. “e-KTP, KTP elektronik”."),
    )
    audience = models.CharField(_("sasaran pengguna"), max_length=200, blank=True)
    channels = models.JSONField(
        _("kanal layanan"), default=list, blank=True
    )  # ["counter", "online", "mobile"]
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["unit__path", "name"]
        verbose_name = _("jenis layanan")
        verbose_name_plural = _("jenis layanan")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "slug"],
                name="service_unique_slug_per_unit",
                violation_error_message=_("Alamat web publik ini sudah dipakai layanan lain di unit ini."),
            ),
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="service_unique_name_per_unit",
                violation_error_message=_("Layanan dengan nama ini sudah ada di unit ini."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN_PEMDA = "admin_pemda", _("Admin pemda")
    OPERATOR = "operator", _("Operator unit")
    PIMPINAN = "pimpinan", _("Pimpinan")
    TIM_MONEV = "tim_monev", _("Tim Monev")
    PENGELOLA_PENGADUAN = "pengelola_pengaduan", _("Pengelola pengaduan")


class Membership(BaseModel):
    """A user's role on a unit; it covers the unit's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("peran"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["unit__path", "role"]
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                name="membership_unique_user_unit_role",
                violation_error_message=_("Pengguna ini sudah memiliki peran tersebut pada unit ini."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


def _letterhead_logo_path(instance, filename: str) -> str:
    return f"kop/{uuid.uuid4().hex}{filename[filename.rfind('.') :] if '.' in filename else ''}"


class Letterhead(BaseModel):
    """The pemda's kop surat and place of signing, printed on every official document (one per pemda)."""

    pemda = models.OneToOneField(
        Unit,
        verbose_name=_("pemerintah daerah"),
        on_delete=models.PROTECT,
        related_name="letterhead",
        limit_choices_to={"kind": UnitKind.PEMDA},
    )
    title = models.CharField(
        _("nama pada kop"),
        max_length=200,
        help_text=_("Baris pertama kop surat, misalnya “Pemerintah Kota Denpasar”."),
    )
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    contact = models.CharField(
        _("telepon, e-mail, situs"), max_length=255, blank=True, help_text=_("Satu baris di bawah alamat.")
    )
    place = models.CharField(
        _("tempat penandatanganan"),
        max_length=80,
        help_text=_("Ditulis sebelum tanggal, misalnya “Denpasar”."),
    )
    logo = models.FileField(_("lambang daerah"), upload_to=_letterhead_logo_path, blank=True, max_length=255)

    class Meta:
        verbose_name = _("kop surat")
        verbose_name_plural = _("kop surat")

    def __str__(self) -> str:
        return self.title
