from django import forms
from django.utils.translation import gettext_lazy as _

from . import lines
from .models import TimeUnit

LINE_HELP = {
    "persyaratan": _("Satu dokumen per baris: nama dokumen | keterangan | asli/fotokopi | penerbit"),
    "prosedur": _("Satu langkah per baris: langkah | pelaksana | waktu"),
    "biaya": _("Satu tarif per baris: jenis | besaran (Rp) | dasar hukum tarif"),
    "pengaduan": _(
        "Satu saluran per baris: saluran (loket, telepon, WhatsApp, e-mail, web, SP4N-LAPOR!) | alamat/nomor"
    ),
}


def _area(label, rows=4, help_text=""):
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text
    )


class StandardForm(forms.Form):
    persyaratan = _area(_("Persyaratan"), 5, LINE_HELP["persyaratan"])
    prosedur = _area(_("Sistem, mekanisme dan prosedur"), 6, LINE_HELP["prosedur"])
    jangka_waktu_value = forms.IntegerField(label=_("Jangka waktu"), required=False, min_value=0)
    jangka_waktu_unit = forms.ChoiceField(
        label=_("Satuan"), required=False, choices=[("", "—"), *TimeUnit.choices]
    )
    biaya_gratis = forms.BooleanField(label=_("Gratis"), required=False)
    biaya = _area(_("Biaya/tarif"), 3, LINE_HELP["biaya"])
    produk = _area(_("Produk pelayanan"), 2)
    pengaduan = _area(_("Penanganan pengaduan, saran dan masukan"), 4, LINE_HELP["pengaduan"])
    dasar_hukum = _area(_("Dasar hukum"), 4, _("Satu peraturan per baris."))
    sarana = _area(_("Sarana dan prasarana, dan/atau fasilitas"), 3)
    kompetensi = _area(_("Kompetensi pelaksana"), 3)
    pengawasan = _area(_("Pengawasan internal"), 2)
    jumlah_pelaksana = forms.IntegerField(label=_("Jumlah pelaksana (orang)"), required=False, min_value=0)
    jaminan_pelayanan = _area(_("Jaminan pelayanan"), 2)
    jaminan_keamanan = _area(_("Jaminan keamanan dan keselamatan pelayanan"), 2)
    evaluasi_kinerja = _area(_("Evaluasi kinerja pelaksana"), 2)

    @classmethod
    def initial_from(cls, standard) -> dict:
        data = {}
        for name in cls.base_fields:
            value = getattr(standard, name)
            if name in lines.LIST_FIELDS:
                value = lines.format_lines(value, lines.LIST_FIELDS[name])
            elif name == "dasar_hukum":
                value = "\n".join(value)
            data[name] = value
        return data

    def clean(self):
        data = super().clean()
        if data.get("biaya_gratis") and (data.get("biaya") or "").strip():
            self.add_error("biaya", _("Kosongkan tarif bila layanan gratis."))
        if data.get("jangka_waktu_value") is not None and not data.get("jangka_waktu_unit"):
            self.add_error("jangka_waktu_unit", _("Pilih satuan jangka waktu."))
        return data

    def components(self) -> dict:
        data = dict(self.cleaned_data)
        for name, parts in lines.LIST_FIELDS.items():
            data[name] = lines.parse_lines(data[name], parts)
        data["dasar_hukum"] = lines.parse_plain_list(data["dasar_hukum"])
        for name in (
            "produk",
            "sarana",
            "kompetensi",
            "pengawasan",
            "jaminan_pelayanan",
            "jaminan_keamanan",
            "evaluasi_kinerja",
        ):
            data[name] = data[name].strip()
        return data


class DiscussForm(forms.Form):
    forum = forms.ModelChoiceField(label=_("Forum Konsultasi Publik"), queryset=None)

    def __init__(self, *args, forums, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = forums


class DecreeForm(forms.Form):
    decree_number = forms.CharField(label=_("Nomor keputusan"), max_length=120)
    decree_date = forms.DateField(
        label=_("Tanggal keputusan"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    signing_official = forms.CharField(label=_("Pejabat yang menetapkan"), max_length=200)
    decree_pdf = forms.FileField(label=_("SK penetapan (PDF)"))


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(
        label=_("Tanggal peninjauan"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(label=_("Hasil peninjauan"), widget=forms.Textarea(attrs={"rows": 3}))


class MaklumatForm(forms.Form):
    text = forms.CharField(label=_("Isi maklumat"), widget=forms.Textarea(attrs={"rows": 5}))
    signatory_name = forms.CharField(label=_("Nama penanda tangan"), max_length=200)
    signatory_position = forms.CharField(label=_("Jabatan"), max_length=200)
    signed_on = forms.DateField(
        label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(label=_("Cari layanan atau unit"), required=False, max_length=100)
