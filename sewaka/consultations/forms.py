from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sewaka.organisations.selectors import people_of
from sewaka.standards.selectors import standard_versions

from .models import Method, ParticipantCategory, Purpose
from .transitions import Status

CATEGORY_CHOICES = [("", _("— Pilih kategori —")), *ParticipantCategory.choices]


class ForumForm(forms.Form):
    topic = forms.CharField(label=_("Topik"), max_length=200)
    purpose = forms.ChoiceField(label=_("Tujuan"), choices=[("", "—"), *Purpose.choices])
    method = forms.ChoiceField(label=_("Metode"), choices=[("", "—"), *Method.choices])
    date = forms.DateField(
        label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    place = forms.CharField(label=_("Tempat"), max_length=200)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    standard = forms.ModelChoiceField(
        label=_("Standar pelayanan yang dibahas"),
        queryset=None,
        required=False,
        help_text=_("Versi standar pelayanan unit ini yang dibahas dalam forum (jika ada)."),
    )
    policy = forms.CharField(
        label=_("Kebijakan yang dibahas"),
        max_length=200,
        required=False,
        help_text=_("Isi bila forum membahas rancangan kebijakan."),
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = standard_versions(unit)
        self.fields["standard"].label_from_instance = lambda s: (
            f"{s.service.name} · v{s.version} ({s.get_status_display()})"
        )


class ForumFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False)
    year = forms.IntegerField(label=_("Tahun"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Semua")), *Status.choices])
    q = forms.CharField(label=_("Cari topik"), required=False, max_length=100)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class InviteForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=150)
    institution = forms.CharField(label=_("Lembaga/asal"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Kategori peserta"), choices=CATEGORY_CHOICES)
    consent = forms.BooleanField(
        label=_("Peserta setuju namanya dicatat dalam berita acara"),
        required=False,
        help_text=_("Tanpa persetujuan, berita acara mencantumkan “Peserta (tanpa nama)”."),
    )


class ResultsForm(forms.Form):
    minutes = forms.CharField(label=_("Notulen"), widget=forms.Textarea(attrs={"rows": 8}), max_length=50000)


class AgreementForm(forms.Form):
    text = forms.CharField(
        label=_("Isi kesepakatan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    owner = forms.ModelChoiceField(label=_("Penanggung jawab tindak lanjut"), queryset=None)
    due = forms.DateField(
        label=_("Tenggat"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people_of(unit)
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.get_username()

    def clean_due(self):
        due = self.cleaned_data["due"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("Tenggat tidak boleh di masa lalu."))
        return due


EVIDENCE_KIND_CHOICES = [
    ("photo", _("Foto kegiatan")),
    ("berita_acara", _("Berita acara bertanda tangan (hasil pindaian)")),
    ("other", _("Dokumen lain (daftar hadir, undangan, materi)")),
]


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis berkas"), choices=EVIDENCE_KIND_CHOICES)
    file = forms.FileField(label=_("Berkas"), help_text=_("PDF, JPEG, PNG, DOCX atau XLSX."))
    description = forms.CharField(label=_("Keterangan"), required=False, max_length=200)


class PublishForm(forms.Form):
    summary = forms.CharField(
        label=_("Ringkasan untuk publik"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        help_text=_(
            "Tampil di halaman publik unit bersama kesepakatan dan statusnya. Jangan cantumkan nama peserta."
        ),
    )


class CheckinForm(forms.Form):
    """The participant's own check-in on their phone (public, no JavaScript)."""

    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    institution = forms.CharField(
        label=_("Lembaga/asal"),
        max_length=200,
        required=False,
        help_text=_("Misalnya nama organisasi, kampus, media, usaha, atau banjar/kelurahan."),
    )
    category = forms.ChoiceField(label=_("Anda hadir sebagai"), choices=CATEGORY_CHOICES)
    consent = forms.BooleanField(
        label=_("Saya setuju nama saya dicatat dalam daftar hadir dan berita acara forum ini."),
        error_messages={
            "required": _("Centang persetujuan agar kehadiran Anda dapat dicatat dalam berita acara.")
        },
    )
