"""Forms of the internal selection: calls, jurors, nominations, scores, proposal texts and comments.

Choices of rows are plain string keys built from the caller's querysets (no database lookup of a typed
number), so any value a browser sends answers "choose from the list"."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import MAX_TEXT

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PICK = {"required": _("Pilih dari daftar."), "invalid_choice": _("Pilih dari daftar.")}


def _choices(rows, label=str) -> list[tuple[str, str]]:
    return [(str(r.pk), label(r)) for r in rows]


class SchemeYearPickForm(forms.Form):
    skema = forms.ChoiceField(label=_("Skema kompetisi dan tahun"), error_messages=PICK)

    def __init__(self, *args, scheme_years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skema"].choices = [("", _("— pilih —")), *_choices(scheme_years)]


class CallForm(forms.Form):
    title = forms.CharField(
        label=_("Judul seleksi"), max_length=200, error_messages={"required": _("Tuliskan judul seleksi.")}
    )
    nomination_deadline = forms.DateField(
        label=_("Batas pengusulan oleh unit"),
        widget=DATE,
        error_messages={"required": _("Isi batas pengusulan."), "invalid": _("Tuliskan tanggal yang sah.")},
    )
    registration_deadline = forms.DateField(
        label=_("Batas pendaftaran kompetisi"),
        required=False,
        widget=DATE,
        help_text=_(
            "Batas pendaftaran pada penyelenggara; lama penerapan dihitung mundur dari tanggal ini. "
            "Kosongkan bila belum diketahui (syarat lama penerapan lalu tidak dapat diperiksa)."
        ),
        error_messages={"invalid": _("Tuliskan tanggal yang sah.")},
    )
    cap = forms.IntegerField(
        label=_("Kuota proposal yang diteruskan"),
        required=False,
        min_value=1,
        max_value=999,
        help_text=_("Kosong: tidak dibatasi."),
        error_messages={
            "invalid": _("Tuliskan bilangan bulat."),
            "min_value": _("Kuota paling sedikit 1."),
            "max_value": _("Kuota paling banyak 999."),
        },
    )


class CallTransitionForm(forms.Form):
    to = forms.CharField(max_length=20)
    note = forms.CharField(label=_("Alasan"), required=False, max_length=2000)


class JurorForm(forms.Form):
    user = forms.ChoiceField(label=_("Pengguna"), error_messages=PICK)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [
            ("", _("— pilih —")),
            *_choices(candidates, lambda u: u.get_full_name() or u.get_username()),
        ]


class NominationForm(forms.Form):
    innovation = forms.ChoiceField(label=_("Inovasi"), error_messages=PICK)
    group_code = forms.ChoiceField(label=_("Kelompok"), error_messages=PICK)
    category_code = forms.ChoiceField(label=_("Kategori"), required=False, error_messages=PICK)

    def __init__(self, *args, innovations, groups, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["innovation"].choices = [
            ("", _("— pilih —")),
            *_choices(innovations, lambda i: f"{i.name} · {i.unit.name}"),
        ]
        self.fields["group_code"].choices = [(c, n) for c, n in groups]
        if categories:
            self.fields["category_code"].choices = [("", _("— pilih —")), *categories]
        else:
            self.fields["category_code"].choices = [("", _("Belum ada daftar kategori"))]
            self.fields["category_code"].disabled = True


class EligibilityForm(forms.Form):
    skema = forms.ChoiceField(label=_("Skema kompetisi dan tahun"), error_messages=PICK)
    kelompok = forms.ChoiceField(label=_("Kelompok"), required=False, error_messages=PICK)
    kategori = forms.ChoiceField(label=_("Kategori"), required=False, error_messages=PICK)

    def __init__(self, *args, scheme_years, groups=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skema"].choices = _choices(scheme_years)
        self.fields["kelompok"].choices = list(groups)
        self.fields["kategori"].choices = [("", _("— belum dipilih —")), *categories]


class DecideForm(forms.Form):
    nomination = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    selected = forms.TypedChoiceField(
        choices=[("1", _("Terpilih")), ("0", _("Tidak terpilih"))], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label=_("Alasan"), required=False, max_length=2000)


class ProposalTextForm(forms.Form):
    text = forms.CharField(
        label=_("Isi"),
        required=False,
        max_length=MAX_TEXT * 5,
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"max_length": _("Teks terlalu panjang.")},
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Komentar"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Komentar tidak boleh kosong.")},
    )
