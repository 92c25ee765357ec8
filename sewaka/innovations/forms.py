from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sewaka.core.forms import UnitChoicesField

from .models import AWARD_LABELS, FileKind
from .transitions import Stage

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SDG_CHOICES = [(str(n), str(n)) for n in range(1, 18)]


class InnovationForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit pemilik"),
        queryset=None,
        empty_label=_("— pilih unit —"),
        error_messages={"invalid_choice": _("Pilih unit dari daftar."), "required": _("Pilih unit pemilik.")},
    )
    name = forms.CharField(
        label=_("Nama inovasi"), max_length=200, error_messages={"required": _("Tuliskan nama inovasi.")}
    )
    short_name = forms.CharField(label=_("Nama singkat"), max_length=60, required=False)
    started_on = forms.DateField(
        label=_("Mulai diterapkan"),
        required=False,
        widget=DATE,
        help_text=_("Tanggal inovasi mulai diterapkan; dasar syarat lama penerapan."),
        error_messages={"invalid": _("Tuliskan tanggal yang sah.")},
    )
    partner_units = UnitChoicesField(
        label=_("Unit mitra"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={"invalid_choice": _("Pilih unit mitra dari daftar.")},
    )
    services = UnitChoicesField(
        label=_("Layanan terdampak"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Layanan unit pemilik atau unit mitra."),
        error_messages={"invalid_choice": _("Pilih layanan dari daftar.")},
    )
    problem = forms.CharField(label=_("Masalah"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    goal = forms.CharField(label=_("Tujuan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    novelty = forms.CharField(
        label=_("Kebaruan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Apa yang baru dari inovasi ini."),
    )
    how_it_works = forms.CharField(
        label=_("Cara kerja"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Satu langkah per baris."),
    )
    people_and_budget = forms.CharField(
        label=_("Sumber daya manusia dan anggaran"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    partners = forms.CharField(
        label=_("Mitra di luar pemerintah daerah"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    sdg_targets = forms.MultipleChoiceField(
        label=_("Tujuan SDGs"),
        required=False,
        choices=SDG_CHOICES,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "inline-choices"}),
        error_messages={"invalid_choice": _("Tujuan SDGs adalah nomor 1 sampai 17.")},
    )
    links = forms.CharField(
        label=_("Tautan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Satu alamat per baris, diawali https://."),
    )
    innovator_sk_number = forms.CharField(label=_("Nomor SK tim inovator"), max_length=120, required=False)
    innovator_sk_date = forms.DateField(
        label=_("Tanggal SK tim inovator"),
        required=False,
        widget=DATE,
        error_messages={"invalid": _("Tuliskan tanggal yang sah.")},
    )
    replicated_from = forms.ModelChoiceField(
        label=_("Replikasi dari inovasi"),
        queryset=None,
        empty_label=_("— bukan replikasi —"),
        required=False,
        error_messages={"invalid_choice": _("Pilih inovasi asal dari daftar.")},
    )
    replicated_from_text = forms.CharField(
        label=_("Atau replikasi dari pemda lain"),
        max_length=255,
        required=False,
        help_text=_("Nama inovasi dan pemerintah daerah asalnya."),
    )

    def __init__(self, *args, units, partner_units, services, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["partner_units"].queryset = partner_units
        self.fields["services"].queryset = services
        self.fields["services"].label_from_instance = lambda s: f"{s.name} — {s.unit}"
        self.fields["replicated_from"].queryset = sources
        self.fields["replicated_from"].label_from_instance = lambda i: f"{i.name} — {i.unit}"

    def clean_started_on(self):
        value = self.cleaned_data.get("started_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Tanggal mulai diterapkan tidak boleh di masa depan."))
        return value

    def clean_links(self):
        return [line.strip() for line in (self.cleaned_data.get("links") or "").splitlines() if line.strip()]

    def clean(self):
        data = super().clean()
        if data.get("replicated_from") and data.get("replicated_from_text"):
            self.add_error(
                "replicated_from_text", _("Pilih inovasi asal atau tuliskan asalnya, tidak keduanya.")
            )
        return data


class FileForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis berkas"),
        choices=FileKind.choices,
        error_messages={"invalid_choice": _("Pilih jenis berkas dari daftar.")},
    )
    file = forms.FileField(
        label=_("Berkas"),
        help_text=_("PDF, JPEG, PNG, DOCX atau XLSX; foto: JPEG atau PNG."),
        error_messages={"required": _("Pilih berkas yang diunggah.")},
    )
    caption = forms.CharField(label=_("Keterangan"), required=False, max_length=255)


class TransitionForm(forms.Form):
    to = forms.ChoiceField(
        choices=Stage.choices, error_messages={"invalid_choice": _("Pilih tahap dari daftar.")}
    )
    note = forms.CharField(
        label=_("Alasan"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AwardForm(forms.Form):
    scheme_year = forms.ModelChoiceField(
        label=_("Kompetisi"),
        queryset=None,
        required=False,
        empty_label=_("— kompetisi lain (tulis namanya) —"),
        error_messages={"invalid_choice": _("Pilih kompetisi dari daftar.")},
    )
    scheme_name = forms.CharField(
        label=_("Nama kompetisi lain"),
        max_length=200,
        required=False,
        help_text=_("Untuk kompetisi yang belum dimuat di Sewaka."),
    )
    year = forms.IntegerField(
        label=_("Tahun"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Untuk kompetisi lain; kompetisi yang dimuat memakai tahunnya sendiri."),
        error_messages={
            "invalid": _("Tahun harus angka."),
            "min_value": _("Tahun harus antara 2000 dan 2100."),
            "max_value": _("Tahun harus antara 2000 dan 2100."),
        },
    )
    group_code = forms.CharField(label=_("Kelompok"), max_length=40, required=False)
    award_code = forms.CharField(
        label=_("Hasil"),
        max_length=80,
        help_text=_("Mis. Top 99, Top 45, Top Terpuji, atau kode hasil kompetisi."),
        error_messages={"required": _("Tuliskan hasil yang diraih.")},
    )
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    decree = forms.FileField(
        label=_("Keputusan atau pengumuman"), required=False, help_text=_("PDF, JPEG atau PNG.")
    )

    def __init__(self, *args, scheme_years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme_year"].queryset = scheme_years
        self.fields["scheme_year"].label_from_instance = lambda sy: f"{sy.name} {sy.year} (v{sy.version})"

    def clean(self):
        data = super().clean()
        if not data.get("scheme_year"):
            if not data.get("scheme_name"):
                self.add_error("scheme_name", _("Pilih kompetisi atau tuliskan namanya."))
            if not data.get("year"):
                self.add_error("year", _("Tuliskan tahun kompetisi."))
        return data


KNOWN_AWARDS = list(AWARD_LABELS.items())


class FilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False, empty_label=_("Semua"))
    stage = forms.ChoiceField(label=_("Tahap"), required=False)
    tahun = forms.IntegerField(label=_("Tahun mulai"), required=False, min_value=2000, max_value=2100)
    hasil = forms.ChoiceField(label=_("Hasil kompetisi"), required=False)
    q = forms.CharField(label=_("Cari"), required=False, max_length=100)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["stage"].choices = [("", _("Semua")), *Stage.choices]
        self.fields["hasil"].choices = [("", _("Semua")), *KNOWN_AWARDS]
