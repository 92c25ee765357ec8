"""Coordination events (staff): list, plan, invitations, attendance, materials, check-in poster."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sewaka.core.downloads import file_response
from sewaka.core.forms import apply_validation_error
from sewaka.core.http import int_param
from sewaka.organisations.access import Action
from sewaka.organisations.models import UnitKind
from sewaka.reports.exports.pdf import render_pdf

from . import selectors, services
from .forms import AttendanceForm, EventForm, InviteForm, MaterialForm


def _checkin_url(request, event) -> str:
    return request.build_absolute_uri(reverse("public_event_checkin", args=[event.checkin_token]))


def _kind_choices():
    return [(k, v) for k, v in UnitKind.choices if k != UnitKind.PEMDA]


@login_required
def event_list(request):
    year = int_param(request.GET, "tahun", timezone.localdate().year, min_value=2000, max_value=2100)
    return render(
        request,
        "events/list.html",
        {
            "events": selectors.event_list(user=request.user, year=year),
            "year": year,
            "can_create": selectors.organiser_units(request.user).exists(),
        },
    )


@login_required
def event_create(request):
    organisers = selectors.organiser_units(request.user)
    if not organisers.exists():
        raise PermissionDenied
    current = getattr(request, "current_unit", None)
    initial = {
        "organiser": current if current is not None and organisers.filter(pk=current.pk).exists() else None
    }
    form = EventForm(request.POST or None, organisers=organisers, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Kegiatan dicatat. Undang unit peserta di bawah ini."))
            return redirect(event)
    return render(
        request,
        "events/form.html",
        {"form": form, "title": _("Kegiatan koordinasi baru")},
        status=400 if form.errors else 200,
    )


@login_required
def event_update(request, pk):
    event = selectors.event_get(user=request.user, pk=pk, action=Action.ACT)
    organisers = selectors.organiser_units(request.user)
    initial = {f: getattr(event, f) for f in services.EVENT_FIELDS} | {"organiser": event.organiser}
    form = EventForm(request.POST or None, organisers=organisers, initial=initial)
    form.fields["organiser"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in services.EVENT_FIELDS}
        try:
            services.event_update(actor=request.user, event=event, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Perubahan disimpan."))
            return redirect(event)
    return render(
        request,
        "events/form.html",
        {"form": form, "event": event, "title": _("Ubah kegiatan")},
        status=400 if form.errors else 200,
    )


def _detail(request, event, *, status=200, **forms):
    organiser = selectors.may_organise(request.user, event)
    url = _checkin_url(request, event)
    context = {
        "event": event,
        "invitations": selectors.invitations_of(user=request.user, event=event),
        "organiser": organiser,
        "materials": selectors.materials_of(event) if organiser else [],
        "checkin_url": url,
        "checkin_qr": segno.make(url, error="m").svg_data_uri(scale=4, border=4) if organiser else "",
        "invite_form": InviteForm(units=selectors.invitable_units(event), kinds=_kind_choices()),
        "material_form": MaterialForm(),
    }
    context.update(forms)
    return render(request, "events/detail.html", context, status=status)


@login_required
def event_detail(request, pk):
    return _detail(request, selectors.event_get(user=request.user, pk=pk))


@login_required
@require_POST
def event_invite(request, pk):
    event = selectors.event_get(user=request.user, pk=pk, action=Action.ACT)
    units = selectors.invitable_units(event)
    form = InviteForm(request.POST, units=units, kinds=_kind_choices())
    if not form.is_valid():
        messages.error(request, " ".join(form.non_field_errors()) or _("Periksa kembali isian undangan."))
        return _detail(request, event, status=400, invite_form=form)
    chosen = list(form.cleaned_data["units"])
    if form.cleaned_data["kinds"]:
        chosen += list(units.filter(kind__in=form.cleaned_data["kinds"]))
    try:
        n = services.event_invite(actor=request.user, event=event, units=chosen)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(n)s unit diundang.") % {"n": n})
    return redirect(event)


@login_required
@require_POST
def attendance(request, pk, invitation_pk):
    event = selectors.event_get(user=request.user, pk=pk, action=Action.ACT)
    invitation = selectors.invitation_get(event=event, pk=invitation_pk)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        services.invitation_mark_attended(actor=request.user, invitation=invitation, **form.cleaned_data)
        messages.success(request, _("Kehadiran %(unit)s dicatat.") % {"unit": invitation.unit.name})
    return redirect(reverse("events:detail", args=[event.pk]) + f"#u-{invitation.unit_id}")


@login_required
@require_POST
def material_add(request, pk):
    event = selectors.event_get(user=request.user, pk=pk, action=Action.ACT)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.event_add_material(
                actor=request.user,
                event=event,
                uploaded=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Materi diunggah."))
            return redirect(event)
    messages.error(request, _("Materi belum tersimpan; periksa berkasnya."))
    return _detail(request, event, status=400, material_form=form)


@login_required
@require_POST
def checkin_toggle(request, pk):
    event = selectors.event_get(user=request.user, pk=pk, action=Action.ACT)
    services.event_close_checkin(actor=request.user, event=event, closed=not event.checkin_closed)
    messages.success(
        request, _("Daftar hadir ditutup.") if not event.checkin_closed else _("Daftar hadir dibuka.")
    )
    return redirect(event)


@login_required
def checkin_poster(request, pk):
    event = selectors.event_get(user=request.user, pk=pk, action=Action.ACT)
    url = _checkin_url(request, event)
    qr = mark_safe(segno.make(url, error="m").svg_inline(scale=10, border=4))  # noqa: S308 - generated SVG
    pdf = render_pdf(
        "events/docs/checkin_poster.html", {"event": event, "unit": event.organiser, "url": url, "qr_svg": qr}
    )
    return file_response(pdf, filename=f"poster-hadir-{event.date:%Y-%m-%d}.pdf", inline=True)
