from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .services import DEFAULT_DAYS, MAX_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nama token"),
        max_length=100,
        help_text=_("Untuk mengenali token, mis. “Aplikasi kios loket 1”."),
        error_messages={"required": _("Beri nama token.")},
    )
    expires_on = forms.DateField(
        label=_("Berlaku sampai"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Paling lama satu tahun dari hari ini."),
        error_messages={"required": _("Isi tanggal berlaku."), "invalid": _("Tanggal tidak valid.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + timedelta(days=DEFAULT_DAYS)

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if value <= today:
            raise forms.ValidationError(_("Tanggal berlaku harus setelah hari ini."))
        if value > today + timedelta(days=MAX_DAYS):
            raise forms.ValidationError(_("Token berlaku paling lama satu tahun."))
        return value
