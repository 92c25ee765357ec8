from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from sewaka.organisations.models import Role

from .backends import demo_login_refused


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil."),
        "inactive": _("Akun ini tidak aktif. Hubungi admin pemda."),
    }

    def clean(self):
        if demo_login_refused(self.cleaned_data.get("password")):
            # The backend refuses it anyway; say why instead of "wrong password".
            raise forms.ValidationError(
                _("Kata sandi akun demo hanya berlaku dalam mode demo (SEWAKA_DEMO)."), code="demo"
            )
        return super().clean()


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("Nama pengguna"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Gunakan huruf, angka dan tanda . @ + - _ saja, tanpa spasi.")},
    )
    first_name = forms.CharField(label=_("Nama depan"), max_length=150)
    last_name = forms.CharField(label=_("Nama belakang"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("Undangan untuk membuat kata sandi dikirim ke sini.")
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False)
    role = forms.ChoiceField(label=_("Peran"), choices=[("", "—"), *Role.choices], required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        if bool(data.get("unit")) != bool(data.get("role")):
            raise forms.ValidationError(_("Isi unit dan peran bersama-sama, atau kosongkan keduanya."))
        return data


class UserEditForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email"]


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False, max_length=100)
    inactive = forms.BooleanField(label=_("Tampilkan yang nonaktif"), required=False)
