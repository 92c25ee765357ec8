from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sewaka.core.forms import UnitChoicesField
from sewaka.organisations.models import UnitKind

from . import evaluation as ev
from .models import DueModeChoice, FactChoice, FrequencyChoice, LetterKind, StateChoice


def period_choices(year: int) -> list[tuple[str, str]]:
    return [(p.key, p.label) for p in ev.view_periods(year)]


class TrackerFilterForm(forms.Form):
    """Year/period, unit type, state and obligation. Invalid values give an Indonesian message, never a 500."""

    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, required=False)
    periode = forms.CharField(label=_("Periode"), required=False, max_length=10)
    jenis = forms.ChoiceField(label=_("Jenis unit"), required=False)
    status = forms.ChoiceField(
        label=_("Keadaan"),
        required=False,
        choices=[
            ("", _("Semua keadaan")),
            ("belum", _("Belum dilaksanakan (lewat tenggat atau belum jatuh tempo)")),
        ]
        + list(StateChoice.choices),
    )
    kewajiban = forms.ChoiceField(label=_("Kewajiban"), required=False)

    def __init__(self, *args, rules, type_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jenis"].choices = [("", _("Semua jenis unit"))] + type_choices
        self.fields["kewajiban"].choices = [("", _("Semua kewajiban"))] + [
            (r.key, r.short_name) for r in rules
        ]

    def clean(self):
        data = super().clean()
        year = data.get("tahun") or timezone.localdate().year
        key = (data.get("periode") or "").strip()
        view = ev.parse_period(key) if key else ev.year_period(year)
        if view is None:
            self.add_error("periode", _("Periode tidak dikenal; pilih dari daftar."))
            view = ev.year_period(year)
        data["view"] = view
        return data


class RuleForm(forms.Form):
    name = forms.CharField(label=_("Kewajiban"), max_length=200)
    short_name = forms.CharField(label=_("Nama kolom"), max_length=40)
    legal_basis = forms.CharField(label=_("Dasar hukum"), widget=forms.Textarea(attrs={"rows": 3}))
    fact = forms.ChoiceField(label=_("Fakta yang dibaca"), choices=FactChoice.choices)
    frequency = forms.ChoiceField(label=_("Frekuensi"), choices=FrequencyChoice.choices)
    due_mode = forms.ChoiceField(label=_("Aturan tenggat"), choices=DueModeChoice.choices)
    due_days = forms.IntegerField(
        label=_("Tenggat (hari setelah periode berakhir)"), min_value=0, max_value=366
    )
    threshold = forms.DecimalField(
        label=_("Ambang (pengaturan kota)"),
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        help_text=_(
            "FKP dan koordinasi: jumlah minimal; standar: bulan; pengaduan dan tindak lanjut: persen."
        ),
    )
    unit_kinds = forms.MultipleChoiceField(
        label=_("Jenis unit yang wajib"),
        required=False,
        choices=[(k, v) for k, v in UnitKind.choices if k != UnitKind.PEMDA],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tidak dicentang: semua jenis unit."),
    )
    units = UnitChoicesField(
        label=_("Atau daftar unit tertentu"),
        required=False,
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Bila dipilih, hanya unit ini yang wajib."),
    )
    counts_subtree = forms.BooleanField(label=_("Kegiatan unit di bawahnya ikut dihitung"), required=False)
    remind_days = forms.IntegerField(label=_("Pengingat (hari sebelum tenggat)"), min_value=0, max_value=120)
    order = forms.IntegerField(label=_("Urutan kolom"), min_value=0, max_value=999)
    is_active = forms.BooleanField(label=_("Aktif"), required=False)

    def __init__(self, *args, unit_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = unit_queryset


class LetterSettingsForm(forms.Form):
    number_pattern = forms.CharField(
        label=_("Pola nomor surat"),
        max_length=100,
        help_text=_(
            "Penanda: {urut} (wajib), {bulan} (angka Romawi), {tahun}, {unit}. Contoh: 061/{urut}/Org."
        ),
    )
    subject = forms.CharField(label=_("Perihal"), max_length=250)
    body = forms.CharField(
        label=_("Isi surat"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Penanda: {periode}, {tanggal}, {batas}, {perangkat_daerah}."),
    )
    closing = forms.CharField(label=_("Penutup"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    follow_up_days = forms.IntegerField(
        label=_("Batas tindak lanjut (hari setelah surat)"), min_value=1, max_value=90
    )
    signer_title = forms.CharField(label=_("Jabatan penanda tangan"), max_length=200)
    signer_name = forms.CharField(label=_("Nama penanda tangan"), max_length=150, required=False)
    signer_rank = forms.CharField(label=_("Pangkat/golongan"), max_length=100, required=False)
    signer_nip = forms.CharField(label=_("NIP penanda tangan"), max_length=24, required=False)
    copies_to = forms.CharField(
        label=_("Tembusan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu per baris."),
    )


class LetterChooseForm(forms.Form):
    """What the letter is about (GET): the period, the obligations, one letter or a mail merge."""

    periode = forms.ChoiceField(label=_("Periode"))
    kewajiban = forms.MultipleChoiceField(
        label=_("Kewajiban yang diingatkan"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tidak dicentang: semua kewajiban."),
    )
    bentuk = forms.ChoiceField(
        label=_("Bentuk surat"), choices=LetterKind.choices, widget=forms.RadioSelect, required=False
    )

    def __init__(self, *args, rules=(), year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periode"].choices = period_choices(year) + period_choices(year - 1)
        self.fields["kewajiban"].choices = [(r.key, r.short_name) for r in rules]


class LetterIssueForm(forms.Form):
    kind = forms.ChoiceField(choices=LetterKind.choices, widget=forms.HiddenInput)
    periode = forms.CharField(widget=forms.HiddenInput, max_length=10)
    kewajiban = forms.MultipleChoiceField(required=False, widget=forms.MultipleHiddenInput)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, rules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kewajiban"].choices = [(r.key, r.short_name) for r in rules]

    def clean_periode(self):
        view = ev.parse_period(self.cleaned_data["periode"])
        if view is None:
            raise forms.ValidationError(_("Periode tidak dikenal; pilih dari daftar."))
        return view
