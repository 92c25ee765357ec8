from django import forms
from django.utils.translation import gettext_lazy as _


class IssueForm(forms.Form):
    name = forms.CharField(
        label=_("Nama aplikasi klien"),
        max_length=120,
        help_text=_("Misalnya “Aplikasi Lapor Denpasar”; tampil di daftar kunci dan jejak audit."),
    )
