from django import forms
from django.utils.translation import gettext_lazy as _

from sewaka.core.forms import UnitChoicesField

from .models import EventKind


class EventForm(forms.Form):
    organiser = forms.ModelChoiceField(label=_("Penyelenggara"), queryset=None)
    kind = forms.ChoiceField(
        label=_("Jenis kegiatan"),
        choices=EventKind.choices,
        error_messages={"invalid_choice": _("Pilih jenis kegiatan dari daftar.")},
    )
    topic = forms.CharField(label=_("Topik"), max_length=200)
    date = forms.DateField(
        label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    place = forms.CharField(label=_("Tempat"), max_length=200)
    speakers = forms.CharField(
        label=_("Narasumber"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu per baris."),
    )
    notes = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, organisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers


class InviteForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Undang semua unit berjenis"),
        required=False,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
    )
    units = UnitChoicesField(
        label=_("Atau pilih unit"),
        required=False,
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    def __init__(self, *args, units, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units
        self.fields["kinds"].choices = kinds

    def clean(self):
        data = super().clean()
        if not data.get("kinds") and not data.get("units"):
            raise forms.ValidationError(_("Pilih jenis unit atau unit yang diundang."))
        return data


class AttendanceForm(forms.Form):
    attended = forms.BooleanField(required=False)
    attendee_name = forms.CharField(label=_("Nama yang hadir"), required=False, max_length=150)
    attendee_title = forms.CharField(label=_("Jabatan"), required=False, max_length=150)


class MaterialForm(forms.Form):
    file = forms.FileField(label=_("Berkas materi"))
    description = forms.CharField(label=_("Keterangan"), required=False, max_length=200)


class CheckinForm(forms.Form):
    unit = forms.TypedChoiceField(
        label=_("Unit yang Anda wakili"),
        coerce=int,
        choices=[],
        error_messages={
            "invalid_choice": _("Pilih unit Anda dari daftar unit yang diundang."),
            "required": _("Pilih unit yang Anda wakili."),
        },
    )
    attendee_name = forms.CharField(label=_("Nama"), max_length=150)
    attendee_title = forms.CharField(label=_("Jabatan"), max_length=150, required=False)

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("— pilih unit —"))] + [
            (i.unit_id, i.unit.name) for i in invitations
        ]
