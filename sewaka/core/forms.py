from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .audit import type_label
from .models import DayOffKind


def apply_validation_error(form, exc: ValidationError) -> None:
    """Put a service's ValidationError next to the form fields it names (or on top of the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


BIGINT_MAX = 2**63 - 1


class UnitChoicesField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows by primary key that answers "not a valid choice" to a key no database
    integer can hold (SQLite raises OverflowError on such a query, which Django's field does not catch)."""

    def _check_values(self, value):
        for pk in value or ():
            try:
                number = int(str(pk).strip())
            except (TypeError, ValueError):
                continue  # Django's own check reports it
            if not -BIGINT_MAX <= number <= BIGINT_MAX:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(pk)[:40]},
                )
        return super()._check_values(value)


class AuditFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False)
    actor = forms.CharField(label=_("Pelaku"), required=False, max_length=150)
    object_type = forms.ChoiceField(label=_("Jenis objek"), required=False)
    object_id = forms.CharField(label=_("ID objek"), required=False, max_length=64)
    action = forms.CharField(label=_("Tindakan"), required=False, max_length=80)
    date_from = forms.DateField(
        label=_("Dari tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("Sampai tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, units, object_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

        labelled = sorted((type_label(t), t) for t in object_types)
        self.fields["object_type"].choices = [("", _("Semua")), *[(t, label) for label, t in labelled]]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Berkas bukti"), help_text=_("PDF, JPEG, PNG, DOCX atau XLSX."))
    description = forms.CharField(label=_("Keterangan"), required=False, max_length=255)


class DayOffForm(forms.Form):
    date = forms.DateField(
        label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    kind = forms.ChoiceField(label=_("Jenis"), choices=DayOffKind.choices)
    name = forms.CharField(label=_("Keterangan"), max_length=150)
    source = forms.CharField(
        label=_("Sumber"),
        max_length=255,
        required=False,
        help_text=_("Dasar penetapan, mis. nomor surat edaran gubernur atau SKB; catat bila belum pasti."),
    )
