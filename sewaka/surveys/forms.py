from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sewaka.followups.forms import owner_choices, person_label

from . import import_services
from .ikm import UNSUR_KEYS, UNSUR_LABELS
from .import_parser import REJECT, TARGET_LABELS, VALUE_TARGETS
from .models import Education, Gender, Medium, Occupation, PeriodKind


@dataclass(frozen=True)
class AnswerLayout:
    """The fields of a questionnaire form, built once: `SurveyAnswerForm(layout=...)` uses them as they are."""

    fields: dict
    unsur_items: list


def answer_layout(*, questionnaire, services=(), require_all=True, extra_questions=()) -> AnswerLayout:
    fields: dict = {}
    unsur_items: list = []
    if services:
        fields["service"] = forms.TypedChoiceField(
            label=_("Layanan yang Anda terima"),
            choices=[("", _("— pilih layanan —")), *[(s.pk, s.name) for s in services]],
            coerce=int,
            empty_value=None,
            required=True,
            error_messages={"required": _("Pilih layanan yang Anda terima.")},
        )
    for item in questionnaire.items():
        key = item["key"]
        fields[key] = forms.TypedChoiceField(
            label=item["question"],
            choices=[(i + 1, f"{i + 1} · {label}") for i, label in enumerate(item["labels"])],
            widget=forms.RadioSelect,
            coerce=int,
            empty_value=None,
            required=require_all,
            error_messages={
                "required": _("Mohon pilih salah satu jawaban."),
                "invalid_choice": _("Jawaban harus 1 sampai 4."),
            },
        )
        fields[f"why_{key}"] = forms.CharField(
            label=_("Mengapa? (boleh dikosongkan)"),
            required=False,
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        unsur_items.append((key, item))
    for question in extra_questions:
        fields[f"extra_{question.pk}"] = forms.CharField(
            label=question.text, required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
        )
    fields["gender"] = forms.ChoiceField(
        label=_("Jenis kelamin"), required=False, choices=[("", "—"), *Gender.choices]
    )
    fields["age"] = forms.IntegerField(
        label=_("Usia (tahun)"),
        required=False,
        min_value=10,
        max_value=120,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "min_value": _("Usia minimal 10 tahun."),
            "max_value": _("Usia maksimal 120 tahun."),
        },
    )
    fields["education"] = forms.ChoiceField(
        label=_("Pendidikan terakhir"), required=False, choices=[("", "—"), *Education.choices]
    )
    fields["occupation"] = forms.ChoiceField(
        label=_("Pekerjaan"), required=False, choices=[("", "—"), *Occupation.choices]
    )
    fields["suggestion"] = forms.CharField(
        label=_("Saran untuk perbaikan pelayanan (boleh dikosongkan)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    return AnswerLayout(fields=fields, unsur_items=unsur_items)


class SurveyAnswerForm(forms.Form):
    """The citizen's questionnaire: nine unsur (1–4), optional "why" after a low score, profile, suggestion.

    Built from the questionnaire, services and extra questions, or from a prepared `layout`: the public
    page keeps one per unit and process (public_context.py) and its Field objects are shared by every
    request, never modified (Django would deep-copy them per form: a millisecond per submission).
    """

    def __init__(
        self,
        *args,
        questionnaire=None,
        services=(),
        require_all=True,
        extra_questions=(),
        layout=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if layout is None:
            layout = answer_layout(
                questionnaire=questionnaire,
                services=services,
                require_all=require_all,
                extra_questions=extra_questions,
            )
        self.fields = dict(layout.fields)
        self.unsur_items = layout.unsur_items

    def unsur_fields(self):
        return [(key, item, self[key], self[f"why_{key}"]) for key, item in self.unsur_items]

    def extra_fields(self):
        return [self[name] for name in self.fields if name.startswith("extra_")]

    def answers(self) -> dict:
        return {key: self.cleaned_data.get(key) for key in UNSUR_KEYS}

    def why(self) -> dict:
        return {key: self.cleaned_data.get(f"why_{key}", "") for key in UNSUR_KEYS}

    def extra_answers(self) -> dict:
        return {
            name[6:]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("extra_") and value
        }


class PeriodForm(forms.Form):
    name = forms.CharField(label=_("Nama periode"), max_length=100, help_text=_("Contoh: Triwulan IV 2026"))
    kind = forms.ChoiceField(label=_("Jenis periode"), choices=PeriodKind.choices)
    start = forms.DateField(
        label=_("Mulai"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("Sampai"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    confirm_overlap = forms.BooleanField(
        label=_(
            "Saya mengerti: tanggalnya tumpang-tindih dengan periode yang sudah ditutup atau diterbitkan; "
            "periode ini tidak dihitung dalam peringkat kota."
        ),
        required=False,
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.services = list(services)
        for service in self.services:
            self.fields[f"pop_{service.pk}"] = forms.IntegerField(
                label=_("Populasi: %(s)s") % {"s": service.name},
                required=False,
                min_value=0,
                help_text=_("Jumlah pengguna layanan dalam periode; kosongkan jika layanan tidak disurvei."),
            )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data

    def service_populations(self) -> dict:
        return {
            s: self.cleaned_data[f"pop_{s.pk}"]
            for s in self.services
            if self.cleaned_data.get(f"pop_{s.pk}") is not None
        }


class InclusionForm(forms.Form):
    include = forms.TypedChoiceField(
        label=_("Keputusan"),
        choices=[("1", _("Hitung dalam IKM")), ("0", _("Keluarkan dari IKM"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=_("Alasan"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class KioskForm(forms.Form):
    name = forms.CharField(label=_("Nama kios"), max_length=100, help_text=_("Contoh: Tablet loket 1"))


class RankingFilterForm(forms.Form):
    start = forms.DateField(
        label=_("Dari"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("Sampai"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class ExtraQuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Pertanyaan"),
        max_length=255,
        help_text=_("Ditanyakan setelah sembilan unsur; jawabannya tidak masuk perhitungan IKM."),
    )


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas jawaban"),
        help_text=_(
            "Ekspor Google Forms (.xlsx atau .csv), atau lembar kerja Excel dengan satu baris per responden."
        ),
    )


class ImportMappingForm(forms.Form):
    def __init__(self, *args, headers, samples, initial_mapping, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— abaikan kolom ini —")), *TARGET_LABELS.items()]
        self.columns = []
        for index, header in enumerate(headers):
            name = f"col_{index}"
            self.fields[name] = forms.ChoiceField(
                label=header or _("(kolom tanpa judul)"),
                choices=choices,
                required=False,
                initial=initial_mapping[index] if index < len(initial_mapping) else "",
            )
            self.columns.append((self[name], [row[index] if index < len(row) else "" for row in samples]))

    def mapping(self) -> list[str]:
        return [self.cleaned_data.get(f"col_{i}", "") for i in range(len(self.columns))]


class ImportConfirmForm(forms.Form):
    valid_only = forms.BooleanField(label=_("Impor baris yang valid saja"), required=False)


class ImportValuesForm(forms.Form):
    """One choice per distinct profile/service value found in the file: known labels come preselected,
    an unknown one defaults to rejecting its rows (never a guess)."""

    def __init__(self, *args, job, **kwargs):
        super().__init__(*args, **kwargs)
        choices = import_services.value_choices(job.period)
        services = import_services._service_names(job.period)
        self.sections = []
        self._keys = {}
        for target in VALUE_TARGETS:
            rows = job.values.get(target) or []
            if not rows:
                continue
            items = []
            for index, (key, text, count, line) in enumerate(rows):
                name = f"{target}_{index}"
                default = import_services.value_default(services, target, key)
                user_choice = job.value_mapping.get(target, {}).get(key)
                chosen = default if user_choice is None else user_choice
                self.fields[name] = forms.ChoiceField(
                    label=text, choices=choices[target], initial=chosen, required=True
                )
                self._keys[name] = (target, key)
                items.append(
                    {
                        "field": self[name],
                        "count": count,
                        "line": line,
                        "known": default != REJECT or user_choice is not None,
                        "by_user": user_choice is not None,
                    }
                )
            items.sort(key=lambda i: i["known"])  # the unknown values first, each group in file order
            self.sections.append(
                {
                    "target": target,
                    "label": TARGET_LABELS[target],
                    "items": items,
                    "unknown": sum(1 for i in items if not i["known"]),
                }
            )

    def value_mapping(self) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for name, (target, key) in self._keys.items():
            out.setdefault(target, {})[key] = self.cleaned_data[name]
        return out


class RtlForm(forms.Form):
    unsur = forms.ChoiceField(label=_("Unsur yang diperbaiki"), choices=[])
    title = forms.CharField(label=_("Tindakan"), max_length=200)
    description = forms.CharField(label=_("Uraian"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(label=_("Penanggung jawab"), queryset=None, required=False)
    due = forms.DateField(
        label=_("Tenggat"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unsur"].choices = [(k, UNSUR_LABELS[k]) for k in UNSUR_KEYS]
        # The unit's people only, shown by name and unit (never a bare username).
        owner = self.fields["owner"]
        owner.queryset = owner_choices(unit)
        owner.label_from_instance = person_label
        owner.empty_label = _("— belum ditentukan —")

    def clean_due(self):
        due = self.cleaned_data["due"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("Tenggat tidak boleh di masa lalu."))
        return due


class ReportIssueForm(forms.Form):
    number = forms.CharField(
        label=_("Nomor laporan"),
        max_length=100,
        help_text=_("Nomor naskah dinas laporan hasil SKM."),
        error_messages={"required": _("Isi nomor laporan.")},
    )
    issued_on = forms.DateField(
        label=_("Tanggal laporan"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Isi tanggal laporan."), "invalid": _("Tanggal tidak sah.")},
    )


class PublicationForm(forms.Form):
    medium = forms.ChoiceField(label=_("Media"), choices=Medium.choices)
    published_on = forms.DateField(
        label=_("Tanggal publikasi"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    link = forms.URLField(label=_("Tautan (jika daring)"), required=False, assume_scheme="https")
    note = forms.CharField(label=_("Keterangan"), required=False, max_length=255)
    evidence = forms.FileField(label=_("Bukti (foto/tangkapan layar/PDF)"), required=False)
