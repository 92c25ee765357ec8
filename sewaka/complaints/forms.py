from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sewaka.standards.components import COMPONENTS

from .models import Channel, Maladministration, Privacy, SlaLimit


class ComplaintForm(forms.Form):
    """The citizen's form (UU 25/2009: who, what happened, the loss, what is asked)."""

    privacy = forms.ChoiceField(
        label=_("Identitas Anda"),
        choices=Privacy.choices,
        initial=Privacy.BIASA,
        widget=forms.RadioSelect,
        help_text=_("Identitas pelapor tidak pernah ditampilkan kepada publik."),
    )
    reporter_name = forms.CharField(label=_("Nama"), max_length=150, required=False)
    reporter_phone = forms.CharField(label=_("Nomor telepon/WhatsApp"), max_length=30, required=False)
    reporter_email = forms.EmailField(
        label=_("E-mail (untuk pemberitahuan, boleh dikosongkan)"), required=False
    )
    consent_share_identity = forms.BooleanField(
        label=_("Identitas saya boleh diteruskan ke unit yang diadukan"),
        required=False,
        help_text=_(
            "Untuk pilihan Rahasia: tanpa persetujuan ini identitas Anda hanya dilihat admin pemda dan "
            "petugas pengaduan yang menerima pengaduan, tidak oleh unit yang Anda adukan."
        ),
    )
    unit = forms.ChoiceField(label=_("Unit yang diadukan"), required=False)
    what_happened = forms.CharField(
        label=_("Apa yang terjadi?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Ceritakan apa yang terjadi.")},
    )
    happened_on = forms.DateField(
        label=_("Kapan terjadi?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    loss = forms.CharField(
        label=_("Kerugian yang Anda alami (boleh dikosongkan)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    request = forms.CharField(
        label=_("Apa yang Anda minta?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    attachment = forms.FileField(label=_("Foto atau dokumen pendukung (boleh dikosongkan)"), required=False)
    consent_publish = forms.BooleanField(
        label=_("Uraian pengaduan saya boleh dipublikasikan tanpa identitas"),
        required=False,
        help_text=_(
            "Hanya untuk pilihan Biasa. Tanpa persetujuan ini daftar pengaduan publik hanya menampilkan "
            "jenis layanan dan statusnya, bukan uraian Anda. Identitas Anda tidak pernah dipublikasikan."
        ),
    )
    website = forms.CharField(required=False, label=_("Jangan diisi"))  # honeypot

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [
            ("", _("Saya tidak tahu — biar petugas yang menentukan")),
            *[(u.code, u.name) for u in units],
        ]

    def clean(self):
        data = super().clean()
        if data.get("privacy") != Privacy.ANONIM and not (data.get("reporter_name") or "").strip():
            self.add_error("reporter_name", _("Isi nama Anda, atau pilih “Anonim”."))
        return data


class StaffComplaintForm(ComplaintForm):
    channel = forms.ChoiceField(label=_("Saluran"), choices=Channel.choices)
    lapor_number = forms.CharField(label=_("Nomor tiket SP4N-LAPOR!"), max_length=40, required=False)
    reporter_nik = forms.CharField(label=_("NIK"), max_length=16, required=False)
    reporter_address = forms.CharField(label=_("Alamat"), max_length=255, required=False)
    received_on = forms.DateField(
        label=_("Tanggal diterima"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Tanggal surat atau pengaduan sampai di loket; batas waktu dihitung dari tanggal ini. "
            "Kosongkan bila diterima hari ini."
        ),
    )

    field_order = [
        "channel",
        "received_on",
        "lapor_number",
        "privacy",
        "reporter_name",
        "reporter_nik",
        "reporter_phone",
        "reporter_email",
        "reporter_address",
        "consent_share_identity",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["website"]

    def clean_received_on(self):
        value = self.cleaned_data.get("received_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Tanggal diterima tidak boleh di masa depan."))
        return value


class TransitionForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan/keterangan untuk pelapor"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    answer = forms.CharField(
        label=_("Jawaban untuk pelapor"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    unit = forms.ModelChoiceField(label=_("Unit tujuan"), queryset=None, required=False)
    instruction = forms.CharField(
        label=_("Instruksi disposisi"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Untuk petugas unit tujuan; tidak dibaca pelapor."),
    )
    classification = forms.ModelChoiceField(
        label=_("Klasifikasi"), queryset=SlaLimit.objects.none(), required=False
    )

    def __init__(self, *args, units, classifications=(), **kwargs):
        """`classifications`: the rows in force for the case's pemda (sla.limit_rows)."""
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        ids = [row.pk for row in classifications]
        self.fields["classification"].queryset = SlaLimit.objects.filter(pk__in=ids).order_by(
            "working_days", "key"
        )


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Pesan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    public = forms.TypedChoiceField(
        label=_("Jenis"),
        # The answer itself is written once, in the "Dijawab" step; a message is a note or an update.
        choices=[("0", _("Catatan internal")), ("1", _("Kabar perkembangan untuk pelapor"))],
        coerce=lambda v: v == "1",
        initial="0",
    )


class SubstantiateForm(forms.Form):
    forms_ = forms.MultipleChoiceField(
        label=_("Bentuk maladministrasi"),
        choices=Maladministration.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    standard_component = forms.ChoiceField(
        label=_("Komponen standar pelayanan terkait"),
        required=False,
        choices=[("", "—"), *[(c.key, c.label) for c in COMPONENTS]],
    )
    actions = forms.CharField(
        label=_("Tindakan korektif"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Satu tindakan per baris; masing-masing menjadi tindak lanjut unit dengan tenggat di bawah."
        ),
    )
    owner = forms.TypedChoiceField(
        label=_("Penanggung jawab tindakan korektif"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Orang-orang unit yang menangani pengaduan."),
    )
    due = forms.DateField(
        label=_("Tenggat tindakan korektif"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "—"), *owners]

    def clean(self):
        data = super().clean()
        if (data.get("actions") or "").strip():
            if not data.get("owner"):
                self.add_error("owner", _("Pilih penanggung jawab tindakan korektif."))
            if not data.get("due"):
                self.add_error("due", _("Isi tenggat tindakan korektif."))
        return data


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Kode pelacakan"), max_length=20, help_text=_("Contoh: ADU-7K4P-Q2"))


class FeedbackConfirmForm(forms.Form):
    comment = forms.CharField(
        label=_("Komentar (boleh dikosongkan)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CitizenMessageForm(forms.Form):
    text = forms.CharField(
        label=_("Informasi tambahan atau jawaban atas pertanyaan petugas"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SlaForm(forms.Form):
    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        for row in rows:
            self.fields[row.key] = forms.IntegerField(
                label=row.label, min_value=1, max_value=365, initial=row.working_days
            )


class ReportFilterForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=None, required=False, empty_label=_("Semua unit yang dapat Anda lihat")
    )
    start = forms.DateField(
        label=_("Dari"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("Sampai"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
