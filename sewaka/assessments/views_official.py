"""Official results: Excel import with row-level errors, source document upload."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sewaka.core.downloads import file_response
from sewaka.core.files import PDF, sniff
from sewaka.core.services import attachment_add
from sewaka.reports.exports.xlsx import official_results_template

from . import official_import as oi
from . import selectors, services
from .forms import OfficialDocumentForm, OfficialImportForm


def _last_year() -> int:
    return timezone.localdate().year + 1


@login_required
def official_import(request):
    if not selectors.official_scope(request.user).exists():
        raise PermissionDenied
    if request.GET.get("template"):
        units = selectors.official_template_units(request.user)
        return file_response(
            official_results_template(
                headers=list(oi.HEADERS.values()),
                example=oi.template_example(units, timezone.localdate().year),
                units=units,
            ),
            filename="templat-hasil-resmi.xlsx",
        )
    form = OfficialImportForm()
    preview = None
    if request.method == "POST" and "confirm" in request.POST:
        preview = _confirm(request)
        if preview is None:
            return redirect("assessments:official_import")
    elif request.method == "POST":
        form = OfficialImportForm(request.POST, request.FILES)
        if form.is_valid():
            preview = selectors.official_preview(
                form.data_bytes, form.filename, user=request.user, last_year=_last_year()
            )
            services.official_import_stage(actor=request.user, data=form.data_bytes, preview=preview)
        else:
            services.official_import_discard(actor=request.user)
    return render(
        request,
        "assessments/official_import.html",
        {
            "form": form,
            "preview": preview,
            "last_year": _last_year(),
            "categories": [
                ("Ombudsman 2022–2024", ", ".join(oi.CATEGORIES["ombudsman"][0][2])),
                ("PEKPPP", ", ".join(oi.CATEGORIES["pekppp"][0][2])),
            ],
        },
    )


def _confirm(request):
    """Import the user's pending upload after checking it again; None (with a message) when it is done or
    gone.

    The stored file is read and checked anew: a result recorded meanwhile, or a lost permission, shows up
    as a changed preview instead of being overwritten silently."""
    upload = selectors.official_import_pending(user=request.user, sha256=request.POST.get("sha256", ""))
    if upload is None:
        messages.error(request, _("Pratinjau ini sudah tidak berlaku. Unggah ulang berkasnya."))
        return None
    with upload.file.open("rb") as f:
        data = f.read()
    preview = selectors.official_preview(
        data, upload.original_name, user=request.user, last_year=_last_year()
    )
    if preview.plan_digest() != request.POST.get("plan"):
        messages.warning(
            request,
            _(
                "Data berubah sejak pratinjau (misalnya hasil resmi dicatat orang lain). Periksa pratinjau baru ini."
            ),
        )
        if not (preview.importable and preview.to_write):
            services.official_import_discard(actor=request.user)
        return preview
    try:
        counts = services.official_results_import(actor=request.user, preview=preview, upload=upload)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return preview
    messages.success(
        request,
        _("Impor %(f)s selesai: %(n)s hasil baru, %(r)s diganti, %(s)s tidak berubah.")
        % {"f": preview.filename, "n": counts[oi.NEW], "r": counts[oi.REPLACE], "s": counts[oi.SAME]},
    )
    return None


@login_required
@require_POST
def official_document(request, pk):
    result = selectors.official_result_for(user=request.user, pk=pk)
    form = OfficialDocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("assessments:unit", unit_pk=result.unit_id)
    uploaded = form.cleaned_data["file"]
    if sniff(uploaded.read(8192)) is not PDF:
        messages.error(
            request,
            _(
                "Dokumen sumber harus berupa PDF (diperiksa dari isi berkas, bukan dari namanya). "
                "Simpan atau pindai laporan/surat resminya sebagai PDF lalu unggah ulang."
            ),
        )
        return redirect("assessments:unit", unit_pk=result.unit_id)
    uploaded.seek(0)
    try:
        attachment_add(
            owner=result,
            unit=result.unit,
            uploaded=uploaded,
            actor=request.user,
            description=form.cleaned_data["description"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Dokumen sumber %(r)s diunggah.") % {"r": f"{result.get_scheme_display()} {result.year}"},
        )
    return redirect("assessments:unit", unit_pk=result.unit_id)
