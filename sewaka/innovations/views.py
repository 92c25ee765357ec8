"""Innovation registry (staff): list, register, edit, detail with stage moves, files and awards, results
per year. The public gallery lives elsewhere."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sewaka.core.forms import apply_validation_error
from sewaka.core.http import int_param
from sewaka.organisations.access import Action, units_visible_to
from sewaka.organisations.models import Unit

from . import access, impact, selectors, services
from .forms import AwardForm, FileForm, FilterForm, InnovationForm, TransitionForm
from .models import FileKind
from .transitions import Stage


def _pemda_units(units) -> tuple[list[str], object]:
    roots = sorted({u.path_prefixes[0] for u in units})
    q = Q(pk__in=[])
    for root in roots:
        q |= Q(path__startswith=root)
    return roots, q


def _form(request, *, units, innovation=None, initial=None):
    roots, q = _pemda_units(units if innovation is None else [innovation.unit])
    pemda_units = Unit.objects.filter(q, is_active=True, parent__isnull=False).order_by("path")
    sources = selectors.innovation_list(user=request.user)
    if innovation is not None:
        sources = sources.exclude(pk=innovation.pk)
    return InnovationForm(
        request.POST or None,
        initial=initial,
        units=units,
        partner_units=pemda_units,
        services=selectors.service_choices(pemda_units),
        sources=sources,
    )


def _service_kwargs(data: dict) -> dict:
    out = {k: v for k, v in data.items() if k in services.INNOVATION_FIELDS}
    out["services"] = list(data.get("services") or [])
    out["partner_units"] = list(data.get("partner_units") or [])
    out["sdg_targets"] = data.get("sdg_targets") or []
    return out


@login_required
def innovation_list(request):
    visible = units_visible_to(request.user, Action.VIEW).filter(is_active=True).order_by("path")
    form = FilterForm(request.GET or None, units=visible)
    filters = form.cleaned_data if form.is_valid() else {}
    innovations = selectors.innovation_list(
        user=request.user,
        unit=filters.get("unit"),
        stage=filters.get("stage") or None,
        year=filters.get("tahun"),
        award=filters.get("hasil") or None,
        query=filters.get("q") or None,
    )
    page = Paginator(innovations, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "innovations/list.html",
        {
            "form": form,
            "page": page,
            "awards": selectors.awards_summary([i.pk for i in page]),
            "can_create": selectors.creatable_units(request.user).exists(),
        },
        status=400 if form.errors else 200,
    )


@login_required
def innovation_create(request):
    units = selectors.creatable_units(request.user)
    if not units.exists():
        raise PermissionDenied
    current = getattr(request, "current_unit", None)
    initial = {"unit": current} if current is not None and units.filter(pk=current.pk).exists() else {}
    form = _form(request, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = _service_kwargs(form.cleaned_data)
        try:
            innovation = services.innovation_create(
                actor=request.user, unit=form.cleaned_data["unit"], **data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Inovasi didaftarkan."))
            return redirect(innovation)
    return render(
        request,
        "innovations/form.html",
        {"form": form, "title": _("Daftarkan inovasi")},
        status=400 if form.errors else 200,
    )


@login_required
def innovation_update(request, pk):
    innovation = selectors.innovation_get(user=request.user, pk=pk, action=Action.ACT)
    initial = {
        f: getattr(innovation, f)
        for f in services.INNOVATION_FIELDS
        if f not in ("services", "partner_units")
    }
    initial |= {
        "unit": innovation.unit,
        "services": list(innovation.services.all()),
        "partner_units": list(innovation.partner_units.all()),
        "sdg_targets": [str(n) for n in innovation.sdg_targets],
        "links": "\n".join(innovation.links),
    }
    form = _form(
        request, units=Unit.objects.filter(pk=innovation.unit_id), innovation=innovation, initial=initial
    )
    form.fields["unit"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.innovation_update(
                actor=request.user, innovation=innovation, **_service_kwargs(form.cleaned_data)
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Perubahan disimpan."))
            return redirect(innovation)
    return render(
        request,
        "innovations/form.html",
        {"form": form, "innovation": innovation, "title": _("Ubah inovasi")},
        status=400 if form.errors else 200,
    )


def _detail(request, innovation, *, status=200, **forms):
    user = request.user
    editable = access.may_edit(user, innovation)
    in_scope = access.may_view(user, innovation)
    files = selectors.files_of(innovation) if in_scope else {k: [] for k in FileKind.values}
    context = {
        "innovation": innovation,
        "editable": editable,
        "may_publish": access.may_publish(user, innovation),
        "services": innovation.services.select_related("unit").order_by("name"),
        "partner_units": innovation.partner_units.order_by("path"),
        "files": files,
        "moves": selectors.allowed_moves(user, innovation),
        "history": selectors.history_of(innovation) if in_scope else [],
        "awards": selectors.awards_of(innovation),
        "replications": selectors.replications_of(innovation),
        "file_form": FileForm(),
        "stage_labels": dict(Stage.choices),
        "in_scope": in_scope,
        "impact": _impact(innovation) if in_scope else None,
    }
    context.update(forms)
    return render(request, "innovations/detail.html", context, status=status)


def _impact(innovation):
    """Evidence of impact from Sewaka's data around the start date (none before a start date)."""
    if innovation.started_on is None:
        return None
    return impact.impact(
        unit_ids=[innovation.unit_id, *innovation.partner_units.values_list("pk", flat=True)],
        service_ids=list(innovation.services.values_list("pk", flat=True)),
        started_on=innovation.started_on,
    )


@login_required
def innovation_detail(request, pk):
    return _detail(request, selectors.innovation_get(user=request.user, pk=pk))


@login_required
@require_POST
def innovation_transition(request, pk):
    innovation = selectors.innovation_get(user=request.user, pk=pk, action=Action.ACT)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih tahap dari daftar."))
        return redirect(innovation)
    try:
        services.innovation_transition(
            actor=request.user,
            innovation=innovation,
            to=form.cleaned_data["to"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Tahap inovasi diubah."))
    return redirect(innovation)


@login_required
@require_POST
def innovation_publish(request, pk):
    innovation = selectors.innovation_get(user=request.user, pk=pk, action=Action.MANAGE)
    publish = request.POST.get("published") == "1"
    try:
        services.innovation_publish(actor=request.user, innovation=innovation, published=publish)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Inovasi ditampilkan di galeri publik.")
            if publish
            else _("Inovasi ditarik dari galeri publik."),
        )
    return redirect(innovation)


@login_required
@require_POST
def file_add(request, pk):
    innovation = selectors.innovation_get(user=request.user, pk=pk, action=Action.ACT)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.innovation_file_add(
                actor=request.user,
                innovation=innovation,
                kind=form.cleaned_data["kind"],
                uploaded=form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Berkas diunggah."))
            return redirect(innovation)
    messages.error(request, _("Berkas belum tersimpan; periksa isiannya."))
    return _detail(request, innovation, status=400, file_form=form)


@login_required
def award_create(request, pk):
    innovation = selectors.innovation_get(user=request.user, pk=pk, action=Action.ACT)
    services.ensure_shipped_schemes()
    form = AwardForm(request.POST or None, request.FILES or None, scheme_years=selectors.scheme_years())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.award_record(
                actor=request.user,
                innovation=innovation,
                scheme_year=data["scheme_year"],
                scheme_name=data["scheme_name"] if not data["scheme_year"] else "",
                year=data["year"] or 0,
                group_code=data["group_code"],
                award_code=data["award_code"],
                note=data["note"],
                decree=data["decree"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Hasil kompetisi dicatat."))
            return redirect(innovation)
    return render(
        request,
        "innovations/award_form.html",
        {"form": form, "innovation": innovation, "title": _("Catat hasil kompetisi")},
        status=400 if form.errors else 200,
    )


@login_required
def results(request):
    year = int_param(request.GET, "tahun", 0, min_value=0, max_value=2100) or None
    awards = selectors.awards_by_year(user=request.user, year=year)
    by_year: dict[int, list] = {}
    for award in awards:
        by_year.setdefault(award.year, []).append(award)
    return render(
        request,
        "innovations/results.html",
        {
            "by_year": sorted(by_year.items(), reverse=True),
            "years": selectors.award_years(user=request.user),
            "year": year,
        },
    )
