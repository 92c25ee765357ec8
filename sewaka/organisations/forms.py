from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from sewaka.organisations.access import Action, units_visible_to

from .models import Role, Service, Unit, UnitKind
from .services import UNIT_FIELDS


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = list(UNIT_FIELDS)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        managed = units_visible_to(user, Action.MANAGE).filter(is_active=True)
        self.fields["parent"].queryset = managed
        self.fields["home_agency"].queryset = managed.filter(
            kind__in=[UnitKind.PERANGKAT_DAERAH, UnitKind.KECAMATAN, UnitKind.RSUD, UnitKind.BAGIAN]
        )
        self.fields["parent"].required = True
        self.fields["code"].help_text = _("Huruf kecil, angka dan tanda hubung; unik di seluruh pemda.")


class UnitProfileForm(forms.ModelForm):
    """What a unit's operator may keep up to date himself."""

    class Meta:
        model = Unit
        fields = [
            "short_name",
            "address",
            "latitude",
            "longitude",
            "phone",
            "email",
            "website",
            "opening_hours",
            "head_name",
            "head_nip",
            "head_title",
        ]


CHANNELS = [("counter", _("Loket")), ("online", _("Daring")), ("mobile", _("Layanan keliling/jemput bola"))]


class ServiceForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        label=_("Kanal layanan"), choices=CHANNELS, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Service
        fields = ["name", "synonyms", "slug", "description", "audience", "channels"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "synonyms": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Bagian akhir alamat halaman layanan, mis. “penerbitan-ktp-el”. Dikosongkan: dibuat dari nama layanan."
        )


class MembershipForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Pengguna"), queryset=None)
    role = forms.ChoiceField(label=_("Peran"), choices=Role.choices, initial=Role.OPERATOR)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Jenis"), required=False, choices=[("", _("Semua jenis")), *UnitKind.choices]
    )
    inactive = forms.BooleanField(label=_("Tampilkan yang nonaktif"), required=False)


class LetterheadForm(forms.Form):
    """The pemda's kop surat, edited by the admin pemda."""

    title = forms.CharField(label=_("Nama pada kop"), max_length=200)
    address = forms.CharField(label=_("Alamat"), max_length=255, required=False)
    contact = forms.CharField(
        label=_("Telepon, e-mail, situs"),
        max_length=255,
        required=False,
        help_text=_("Satu baris di bawah alamat."),
    )
    place = forms.CharField(
        label=_("Tempat penandatanganan"), max_length=80, help_text=_("Ditulis sebelum tanggal dokumen.")
    )
    logo = forms.FileField(
        label=_("Lambang daerah (PNG atau JPEG, paling besar 1 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=_("Hapus lambang"), required=False)
