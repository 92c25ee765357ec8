from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sewaka.core.forms import apply_validation_error
from sewaka.core.http import int_param
from sewaka.organisations.access import Action, can, get_unit_for, is_city_wide

from . import panels, selectors, services
from .forms import LetterheadForm, MembershipForm, ServiceForm, UnitFilterForm, UnitForm, UnitProfileForm


@login_required
def unit_list(request):
    form = UnitFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    units = selectors.unit_list(
        user=request.user,
        q=filters.get("q", ""),
        kind=filters.get("kind", ""),
        include_inactive=filters.get("inactive", False),
    )
    page = Paginator(units, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/unit_list.html",
        {"form": form, "page": page, "can_create": is_city_wide(request.user, Action.MANAGE)},
    )


@login_required
def unit_detail(request, pk):
    unit = get_unit_for(request.user, pk)
    user = request.user
    return render(
        request,
        "organisations/unit_detail.html",
        {
            "unit": unit,
            "ancestors": [(a, can(user, Action.VIEW, a)) for a in selectors.unit_ancestors(unit)],
            "children": selectors.unit_children(user=user, unit=unit),
            "gerai": selectors.unit_gerai(user=user, unit=unit),
            "services": selectors.service_list(user=user, unit=unit),
            "members": selectors.unit_members(user=user, unit=unit)
            if can(user, Action.MANAGE, unit)
            else None,
            "can_act": can(user, Action.ACT, unit),
            "can_manage": can(user, Action.MANAGE, unit),
            "membership_form": MembershipForm() if can(user, Action.MANAGE, unit) else None,
            "panels": panels.render_panels(request, unit),
        },
    )


@login_required
def unit_create(request):
    if not is_city_wide(request.user, Action.MANAGE):
        raise PermissionDenied
    initial = {}
    parent_id = int_param(request.GET, "parent", min_value=1)
    if parent_id is not None:
        initial["parent"] = parent_id
    form = UnitForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            unit = services.unit_create(actor=request.user, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Unit %(unit)s dibuat.") % {"unit": unit})
            return redirect(unit)
    return render(request, "organisations/unit_form.html", {"form": form, "title": _("Tambah unit")})


@login_required
def unit_edit(request, pk):
    unit = get_unit_for(request.user, pk, Action.ACT)
    full = can(request.user, Action.MANAGE, unit) and unit.parent_id is not None
    form_class = UnitForm if full else UnitProfileForm
    kwargs = {"user": request.user} if full else {}
    form = form_class(request.POST or None, instance=unit, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Perubahan disimpan."))
            return redirect(unit)
    return render(
        request, "organisations/unit_form.html", {"form": form, "unit": unit, "title": _("Ubah %s") % unit}
    )


@login_required
@require_POST
def unit_toggle(request, pk):
    unit = get_unit_for(request.user, pk, Action.MANAGE)
    try:
        services.unit_set_active(actor=request.user, unit=unit, active=not unit.is_active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Unit diaktifkan.") if unit.is_active else _("Unit dinonaktifkan."))
    return redirect(unit)


@login_required
def service_create(request, pk):
    unit = get_unit_for(request.user, pk, Action.ACT)
    form = ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_create(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Layanan ditambahkan."))
            return redirect(unit)
    return render(request, "organisations/service_form.html", {"form": form, "unit": unit})


@login_required
def service_edit(request, pk, service_pk):
    unit = get_unit_for(request.user, pk, Action.ACT)
    service = selectors.service_get(user=request.user, unit=unit, pk=service_pk, action=Action.ACT)
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.service_update(
                actor=request.user,
                service=service,
                name=data["name"],
                slug=data["slug"] or service.slug,
                description=data["description"],
                audience=data["audience"],
                channels=data["channels"],
                synonyms=data["synonyms"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Layanan disimpan."))
            return redirect(unit)
    return render(
        request, "organisations/service_form.html", {"form": form, "unit": unit, "service": service}
    )


@login_required
@require_POST
def service_toggle(request, pk, service_pk):
    unit = get_unit_for(request.user, pk, Action.ACT)
    service = selectors.service_get(user=request.user, unit=unit, pk=service_pk, action=Action.ACT)
    services.service_update(actor=request.user, service=service, is_active=not service.is_active)
    messages.success(request, _("Layanan diaktifkan.") if service.is_active else _("Layanan dinonaktifkan."))
    return redirect(unit)


@login_required
@require_POST
def membership_add(request, pk):
    unit = get_unit_for(request.user, pk, Action.MANAGE)
    form = MembershipForm(request.POST)
    if form.is_valid():
        try:
            services.membership_grant(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Peran diberikan."))
    else:
        messages.error(request, _("Pilih pengguna dan peran yang sah."))
    return redirect(unit)


@login_required
@require_POST
def membership_revoke(request, pk):
    membership = selectors.membership_get(user=request.user, pk=pk)
    services.membership_revoke(actor=request.user, membership=membership)
    messages.success(request, _("Peran dicabut."))
    return redirect(membership.unit)


@login_required
def letterhead_edit(request, pk):
    """The pemda's kop surat (name, address, logo, place of signing) printed on every official document."""

    pemda = get_unit_for(request.user, pk, Action.MANAGE)
    if pemda.parent_id is not None:
        raise PermissionDenied
    current = selectors.letterhead_of(pemda)
    initial = (
        {
            "title": current.title,
            "address": current.address,
            "contact": current.contact,
            "place": current.place,
        }
        if current
        else {
            "title": pemda.name,
            "address": pemda.address,
            "place": selectors.document_header(pemda)["place"],
        }
    )
    form = LetterheadForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.letterhead_set(
                actor=request.user,
                pemda=pemda,
                title=data["title"],
                place=data["place"],
                address=data["address"],
                contact=data["contact"],
                logo=data.get("logo") or None,
                remove_logo=data["remove_logo"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Kop surat disimpan; dokumen resmi berikutnya memakainya."))
            return redirect(pemda)
    return render(
        request,
        "organisations/letterhead_form.html",
        {"form": form, "unit": pemda, "current": current, "header": selectors.document_header(pemda)},
    )
