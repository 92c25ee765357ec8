"""Staff pages of service standards and the Maklumat."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sewaka.core.downloads import file_response
from sewaka.core.forms import apply_validation_error
from sewaka.core.selectors import attachments_of
from sewaka.organisations.access import Action, can, get_unit_for
from sewaka.organisations.models import Service
from sewaka.reports.exports.pdf import render_pdf

from . import selectors, services
from .forms import DecreeForm, DiscussForm, MaklumatForm, ReviewForm, StandardForm
from .models import DEFAULT_MAKLUMAT, Maklumat, ServiceStandard
from .transitions import EDITABLE, MaklumatStatus, Status, moves


@login_required
def unit_standards(request, unit_pk):
    unit = get_unit_for(request.user, unit_pk)
    return render(
        request,
        "standards/unit_standards.html",
        {
            "unit": unit,
            "rows": selectors.unit_standards(user=request.user, unit=unit),
            "can_act": can(request.user, Action.ACT, unit),
            "maklumat": selectors.current_maklumat(unit),
        },
    )


@login_required
def overdue(request):
    return render(request, "standards/overdue.html", {"rows": selectors.overdue_reviews(user=request.user)})


@login_required
@require_POST
def new_version(request, service_pk):
    service = Service.objects.select_related("unit").filter(pk=service_pk).first()
    if service is None or not can(request.user, Action.VIEW, service.unit):
        raise Http404
    get_unit_for(request.user, service.unit_id, Action.ACT)
    try:
        standard = services.standard_new_version(actor=request.user, service=service)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("standards:unit", unit_pk=service.unit_id)
    messages.success(request, _("Draf versi %(v)s dibuat.") % {"v": standard.version})
    return redirect("standards:edit", pk=standard.pk)


@login_required
def detail(request, pk):
    standard = selectors.standard_get(user=request.user, pk=pk)
    unit = standard.service.unit
    previous, changes = selectors.version_diff(standard)
    can_act = can(request.user, Action.ACT, unit)
    return render(
        request,
        "standards/detail.html",
        {
            "s": standard,
            "unit": unit,
            "components": selectors.component_texts(standard),
            "check": selectors.check(standard),
            "previous": previous,
            "changes": changes,
            "forums": standard.forums.all(),
            "review_due": selectors.review_due(standard),
            "can_act": can_act,
            "discuss_form": DiscussForm(forums=selectors.forums_of(unit)) if can_act else None,
            "decree_form": DecreeForm() if can_act else None,
            "review_form": ReviewForm(initial={"reviewed_on": timezone.localdate()}) if can_act else None,
            "files": attachments_of(standard),
            # Superseding happens by publishing a newer version, never by hand.
            "steps": moves(standard.status),
        },
    )


@login_required
def edit(request, pk):
    standard = selectors.standard_get(user=request.user, pk=pk, action=Action.ACT)
    if not standard.is_editable:
        # A set standard is immutable: editing it means working on a new version (or the open draft).

        draft = ServiceStandard.objects.filter(service=standard.service, status__in=EDITABLE).first()
        if draft is None:
            if request.method != "POST":
                # A GET never writes: confirm first, the POST creates the new version.
                return render(request, "standards/new_version.html", {"s": standard})
            draft = services.standard_new_version(
                actor=request.user, service=standard.service, copy_from=standard
            )
            messages.info(
                request,
                _(
                    "Standar v%(old)s sudah ditetapkan dan tidak dapat diubah; perubahan dibuat sebagai versi %(new)s."
                )
                % {"old": standard.version, "new": draft.version},
            )
        return redirect("standards:edit", pk=draft.pk)
    form = StandardForm(request.POST or None, initial=StandardForm.initial_from(standard))
    if request.method == "POST" and form.is_valid():
        try:
            services.standard_update(actor=request.user, standard=standard, **form.components())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Draf standar disimpan."))
            return redirect(standard)
    return render(request, "standards/edit.html", {"s": standard, "form": form})


@login_required
@require_POST
def transition(request, pk, to):
    standard = selectors.standard_get(user=request.user, pk=pk, action=Action.ACT)
    kwargs = {}
    if to == Status.DIBAHAS:
        form = DiscussForm(request.POST, forums=selectors.forums_of(standard.service.unit))
        if not form.is_valid():
            messages.error(request, _("Pilih Forum Konsultasi Publik tempat standar dibahas."))
            return redirect(standard)
        kwargs["forum"] = form.cleaned_data["forum"]
    elif to == Status.DITETAPKAN:
        form = DecreeForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(
                request, " ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items())
            )
            return redirect(standard)
        kwargs.update(form.cleaned_data)
    try:
        services.standard_transition(actor=request.user, standard=standard, to=to, **kwargs)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Status standar diperbarui."))
    return redirect(standard)


@login_required
@require_POST
def review(request, pk):
    standard = selectors.standard_get(user=request.user, pk=pk, action=Action.ACT)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.standard_review(actor=request.user, standard=standard, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Peninjauan dicatat."))
    else:
        messages.error(request, _("Isi tanggal dan hasil peninjauan."))
    return redirect(standard)


@login_required
def maklumat(request, unit_pk):
    unit = get_unit_for(request.user, unit_pk)
    draft = Maklumat.objects.filter(unit=unit, status=MaklumatStatus.DRAFT).order_by("-id").first()
    current = selectors.current_maklumat(unit)
    can_act = can(request.user, Action.ACT, unit)
    base = draft or current
    initial = (
        {
            "text": base.text,
            "signatory_name": base.signatory_name,
            "signatory_position": base.signatory_position,
            "signed_on": base.signed_on,
        }
        if base
        else {
            "text": DEFAULT_MAKLUMAT,
            "signed_on": timezone.localdate(),
            "signatory_position": f"Kepala {unit.name}",
        }
    )
    form = MaklumatForm(request.POST or None, initial=initial)
    if request.method == "POST":
        get_unit_for(request.user, unit_pk, Action.ACT)
        status = request.POST.get("status", "")
        if status:
            target = (
                draft
                if status == MaklumatStatus.DITETAPKAN
                else current
                if status == MaklumatStatus.PUBLISHED
                else None
            )
            if target is None:
                messages.error(request, _("Status maklumat tidak dapat diubah ke sana."))
            else:
                try:
                    services.maklumat_transition(actor=request.user, maklumat=target, to=status)
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                else:
                    messages.success(request, _("Maklumat diperbarui."))
            return redirect("standards:maklumat", unit_pk=unit.pk)
        if form.is_valid():
            services.maklumat_save(actor=request.user, unit=unit, maklumat=draft, **form.cleaned_data)
            messages.success(request, _("Draf maklumat disimpan."))
            return redirect("standards:maklumat", unit_pk=unit.pk)
    return render(
        request,
        "standards/maklumat.html",
        {"unit": unit, "form": form, "draft": draft, "current": current, "can_act": can_act},
    )


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    return file_response(pdf, filename=filename)


def _qr(url: str):
    return mark_safe(segno.make(url, error="m").svg_inline(scale=10, border=4))  # noqa: S308 - generated SVG


@login_required
def maklumat_poster(request, unit_pk, size="a4"):
    unit = get_unit_for(request.user, unit_pk)
    if size not in ("a4", "a3"):
        raise Http404
    item = selectors.current_maklumat(unit) or Maklumat.objects.filter(unit=unit).order_by("-id").first()
    if item is None:
        raise Http404
    url = request.build_absolute_uri(reverse("public_unit", args=[unit.code]))
    pdf = render_pdf(
        "standards/docs/maklumat.html",
        {"m": item, "unit": unit, "size": size, "qr_svg": _qr(url), "url": url},
    )
    return _pdf_response(pdf, f"maklumat-{unit.code}-{size}.pdf")


@login_required
def standard_poster(request, pk, size="a4"):
    """The counter poster / standing banner of a published standard, QR to its public page."""

    standard = selectors.standard_get(user=request.user, pk=pk)
    if standard.status != Status.PUBLISHED or size not in ("a4", "a3"):
        raise Http404
    service = standard.service
    url = request.build_absolute_uri(reverse("public_service", args=[service.unit.code, service.slug]))
    pdf = render_pdf(
        "standards/docs/poster.html",
        {
            "s": standard,
            "unit": service.unit,
            "components": selectors.component_texts(standard)[:6],
            "qr_svg": _qr(url),
            "url": url,
            "size": size,
        },
    )
    return _pdf_response(pdf, f"standar-{service.unit.code}-{service.slug}-{size}.pdf")
