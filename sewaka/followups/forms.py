from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sewaka.organisations.models import Membership
from sewaka.organisations.selectors import people_of

from .models import source_label
from .transitions import Status


def person_label(user) -> str:
    """'Full name · Puskesmas A, Dinkes' (the units of the person's active roles)."""
    units = sorted(
        {m.unit.short_name or m.unit.name for m in user.memberships.all() if m.is_active and m.unit.is_active}
    )
    name = user.get_full_name() or user.get_username()
    return f"{name} · {', '.join(units)}" if units else name


def owner_choices(unit):
    """The possible owners of a follow-up at `unit`, sorted by name, with their units prefetched."""

    return (
        people_of(unit)
        .prefetch_related(Prefetch("memberships", queryset=Membership.objects.select_related("unit")))
        .order_by("first_name", "last_name", "username")
    )


class FollowUpCreateForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    title = forms.CharField(label=_("Judul"), max_length=200)
    description = forms.CharField(label=_("Uraian"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    owner = forms.ModelChoiceField(label=_("Penanggung jawab"), queryset=None, required=False)
    due = forms.DateField(
        label=_("Tenggat"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, units, unit=None, **kwargs):
        """`unit`: the unit whose people are offered as owners (none until a unit is chosen)."""
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        owner = self.fields["owner"]
        owner.queryset = owner_choices(unit) if unit is not None else get_user_model().objects.none()
        owner.label_from_instance = person_label
        owner.empty_label = _("— belum ditentukan —")
        owner.error_messages["invalid_choice"] = _(
            "Penanggung jawab harus memiliki peran pada unit ini atau induknya."
        )

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
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Semua")), *Status.choices])
    overdue = forms.BooleanField(label=_("Hanya yang lewat tenggat"), required=False)
    q = forms.CharField(label=_("Cari judul"), required=False, max_length=100)

    def __init__(self, *args, units, source_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["source_type"].queryset = source_types
        self.fields["source_type"].label_from_instance = source_label


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Keterangan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib saat menandai selesai tanpa berkas bukti, dan saat membuka kembali."),
    )


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Komentar"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
