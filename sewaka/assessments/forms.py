import os

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sewaka.organisations.models import Unit, UnitKind
from sewaka.organisations.selectors import people_of

from . import official_import as oi
from . import selectors
from .models import EvidenceKind, Scheme


class OpenForm(forms.Form):
    instrument = forms.ModelChoiceField(label=_("Instrumen"), queryset=None)
    year = forms.IntegerField(label=_("Tahun"), min_value=2013, max_value=2100)

    def __init__(self, *args, instruments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = instruments
        self.fields["year"].initial = timezone.localdate().year


class AnswerForm(forms.Form):
    score = forms.IntegerField(label=_("Nilai"), required=False, min_value=0, max_value=100)
    note = forms.CharField(
        label=_("Catatan/argumen"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_link = forms.URLField(label=_("Tautan bukti"), required=False, assume_scheme="https")


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis bukti"),
        choices=[
            (EvidenceKind.OBJECT, _("Data di Sewaka")),
            (EvidenceKind.FILE, _("Berkas")),
            (EvidenceKind.LINK, _("Tautan")),
        ],
    )
    ref = forms.CharField(label=_("Data di Sewaka"), required=False, max_length=60)
    file = forms.FileField(label=_("Berkas (PDF, JPG, PNG, DOCX, XLSX)"), required=False)
    url = forms.CharField(label=_("Tautan"), required=False, max_length=500)
    label = forms.CharField(label=_("Keterangan (opsional)"), required=False, max_length=255)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == EvidenceKind.OBJECT and not data.get("ref"):
            self.add_error("ref", _("Pilih data Sewaka yang menjadi bukti."))
        if kind == EvidenceKind.FILE and not data.get("file"):
            self.add_error("file", _("Pilih berkas bukti."))
        if kind == EvidenceKind.LINK and not (data.get("url") or "").strip():
            self.add_error("url", _("Isi tautan bukti."))
        return data


class OfficialResultForm(forms.Form):
    scheme = forms.ChoiceField(label=_("Penilaian"), choices=Scheme.choices)
    year = forms.IntegerField(label=_("Tahun"), min_value=2013, max_value=2100)
    score = forms.DecimalField(label=_("Nilai"), required=False, max_digits=6, decimal_places=2)
    category = forms.CharField(label=_("Kategori/predikat"), required=False, max_length=60)
    zone = forms.CharField(label=_("Zona"), required=False, max_length=20)
    opinion = forms.CharField(label=_("Opini"), required=False, max_length=200)
    source = forms.CharField(label=_("Sumber (nomor/tautan dokumen)"), required=False, max_length=255)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (phone photos); each is checked again by `attachment_add`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class VisitForm(forms.Form):
    visited_on = forms.DateField(
        label=_("Tanggal kunjungan"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    representative = forms.CharField(label=_("Perwakilan unit yang mendampingi"), max_length=150)
    notes = forms.CharField(
        label=_("Catatan (tanpa lokasi GPS)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    findings = forms.CharField(
        label=_("Temuan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu temuan per baris; masing-masing menjadi tindak lanjut unit."),
    )
    due = forms.DateField(
        label=_("Tenggat tindak lanjut temuan"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    photos = MultipleFileField(
        label=_("Foto (boleh lebih dari satu)"),
        required=False,
        help_text=_("Lokasi GPS dan data kamera dihapus otomatis dari foto."),
    )
    assessment = forms.ModelChoiceField(
        label=_("Terkait penilaian mandiri"),
        queryset=None,
        required=False,
        empty_label=_("— tidak terkait —"),
    )

    owner = forms.ModelChoiceField(
        label=_("Penanggung jawab temuan"),
        queryset=None,
        required=False,
        empty_label=_("— pimpinan unit menentukan —"),
    )

    def __init__(self, *args, items, assessments, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessment"].queryset = assessments
        self.fields["owner"].queryset = people_of(unit)
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.get_username()
        for code, text in items:
            self.fields[f"item_{code}"] = forms.BooleanField(label=text, required=False)
        self.order_fields(
            [
                "visited_on",
                "representative",
                "assessment",
                *[f"item_{c}" for c, _t in items],
                "notes",
                "photos",
                "findings",
                "owner",
                "due",
            ]
        )

    def clean(self):
        data = super().clean()
        if (data.get("findings") or "").strip() and data.get("due") and data["due"] < timezone.localdate():
            self.add_error("due", _("Tenggat tidak boleh di masa lalu."))
        return data


class ReadinessForm(forms.Form):
    instrument = forms.ModelChoiceField(label=_("Instrumen"), queryset=None)
    year = forms.IntegerField(label=_("Tahun"), min_value=2013, max_value=2100)
    kind = forms.ChoiceField(label=_("Jenis unit"), required=False)
    agency = forms.ModelChoiceField(label=_("Perangkat daerah"), queryset=None, required=False)
    zone = forms.ChoiceField(
        label=_("Zona prakiraan"),
        required=False,
        choices=[
            ("", _("Semua zona")),
            ("bawah", _("Kuning dan merah")),
            ("merah", _("Merah")),
            ("kuning", _("Kuning")),
            ("hijau", _("Hijau")),
        ],
    )

    def __init__(self, *args, instruments, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = instruments
        self.fields["agency"].queryset = agencies if agencies is not None else Unit.objects.none()
        self.fields["agency"].empty_label = _("Semua perangkat daerah")
        self.fields["kind"].choices = [("", _("Semua jenis"))] + [
            (value, label) for value, label in UnitKind.choices if value != UnitKind.PEMDA
        ]


class InstrumentImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas instrumen (JSON)"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("Berkas instrumen maksimal 2 MB."))
        return f


class OfficialImportForm(forms.Form):
    """The official results spreadsheet; `data` and `filename` hold the bytes and a clean display name."""

    file = forms.FileField(
        label=_("Berkas hasil resmi"),
        help_text=_("Excel (.xlsx) atau CSV, satu baris per unit, penilaian dan tahun."),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > oi.MAX_BYTES:
            raise forms.ValidationError(
                _("Berkas terlalu besar untuk impor hasil resmi (batas %(n)s MB).")
                % {"n": oi.MAX_BYTES // 1048576}
            )
        self.data_bytes = uploaded.read()
        self.filename = oi.clean_text(os.path.basename(uploaded.name or ""))[:100] or "berkas"
        return uploaded


class OfficialDocumentForm(forms.Form):
    file = forms.FileField(
        label=_("Dokumen sumber"),
        help_text=_("PDF laporan atau surat resmi hasil penilaian."),
    )
    description = forms.CharField(label=_("Keterangan"), required=False, max_length=255)


def readiness_filters(request):
    """The readiness page's filters (instrument, year, unit type, perangkat daerah, zone), shared by the
    page and its workbook; bad values fall back to the defaults."""
    default = selectors.default_forecast_instrument()
    year = timezone.localdate().year
    data = None
    if request.GET:
        # A link that sets one filter (e.g. ?zone=bawah) keeps the defaults of the others.
        data = {"instrument": default.pk if default else "", "year": year} | {
            k: v for k, v in request.GET.items() if v != "" or k not in ("instrument", "year")
        }
    form = ReadinessForm(
        data,
        instruments=selectors.instruments(),
        agencies=selectors.forecast_agencies(user=request.user),
        initial={"instrument": default, "year": year},
    )
    filters = {
        "instrument": default,
        "year": year,
        "kind": "",
        "agency": None,
        "zone": "",
    }
    form.is_valid()  # each field that is valid counts; a bad one keeps its default (and shows its error)
    filters.update(
        {k: v for k, v in getattr(form, "cleaned_data", {}).items() if v is not None and k not in form.errors}
    )
    return form, filters
