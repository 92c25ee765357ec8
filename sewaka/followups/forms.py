from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import FollowUpStatus


def people_of(unit):
    """Users with an active role on the unit, its ancestors or its subtree (possible owners)."""
    prefixes = unit.path_prefixes
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__is_active=True)
        .filter(Q(memberships__unit__path__startswith=unit.path) | Q(memberships__unit__path__in=prefixes))
        .distinct()
        .order_by("username")
    )


class FollowUpCreateForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    title = forms.CharField(label=_("Judul"), max_length=200)
    description = forms.CharField(label=_("Uraian"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    owner = forms.ModelChoiceField(label=_("Penanggung jawab"), queryset=None, required=False)
    due = forms.DateField(
        label=_("Tenggat"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["owner"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")

    def clean(self):
        data = super().clean()
        unit, owner = data.get("unit"), data.get("owner")
        if unit and owner and not people_of(unit).filter(pk=owner.pk).exists():
            self.add_error("owner", _("Penanggung jawab harus memiliki peran pada unit ini atau induknya."))
        if data.get("due") and data["due"] < timezone.localdate():
            self.add_error("due", _("Tenggat tidak boleh di masa lalu."))
        return data


class FollowUpFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False)
    source_type = forms.ModelChoiceField(label=_("Sumber"), queryset=None, required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua")), *FollowUpStatus.choices]
    )
    overdue = forms.BooleanField(label=_("Hanya yang lewat tenggat"), required=False)
    q = forms.CharField(label=_("Cari judul"), required=False, max_length=100)

    def __init__(self, *args, units, source_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["source_type"].queryset = source_types
        self.fields["source_type"].label_from_instance = lambda ct: str(
            ct.model_class()._meta.verbose_name
        ).capitalize()


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=FollowUpStatus.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Keterangan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib saat menandai selesai tanpa berkas bukti, dan saat membuka kembali."),
    )


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Komentar"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
