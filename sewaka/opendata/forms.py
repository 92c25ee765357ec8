from django import forms
from django.utils.translation import gettext_lazy as _

from .models import License


class SettingsForm(forms.Form):
    license = forms.ChoiceField(
        label=_("Lisensi data terbuka"),
        choices=License.choices,
        initial=License.CC_BY,
        error_messages={"required": _("Pilih lisensi."), "invalid_choice": _("Pilih lisensi dari daftar.")},
        help_text=_(
            "Berlaku untuk semua dataset di halaman Data terbuka. CC BY 4.0 dianjurkan (Satu Data Indonesia)."
        ),
    )
