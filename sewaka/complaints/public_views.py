"""Citizen pages: file a complaint (works without JavaScript) and follow it with the tracking code."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from sewaka.core.forms import apply_validation_error
from sewaka.core.ratelimit import over_limit
from sewaka.organisations.models import Service, Unit

from . import selectors, services
from . import transitions as t
from .forms import CitizenMessageForm, ComplaintForm, TrackForm


def _units():
    return Unit.objects.filter(is_active=True).exclude(kind="pemda").order_by("name")


IDENTITY_PARAMS = ("reporter_name", "reporter_nik", "reporter_phone", "reporter_email", "reporter_address")


@sensitive_post_parameters(*IDENTITY_PARAMS)  # never in error reports
@never_cache
def submit(request, code=None):
    """The public complaint form; `?layanan=` pre-selects a service of the unit in the URL."""
    units = _units()
    initial = {}
    service = None
    if code:
        unit = Unit.objects.filter(code=code, is_active=True).first()
        if unit is None:
            raise Http404
        initial["unit"] = unit.code
        slug = request.GET.get("layanan", "")
        service = Service.objects.filter(unit=unit, slug=slug, is_active=True).first() if slug else None
    form = ComplaintForm(request.POST or None, request.FILES or None, units=units, initial=initial)
    if request.method == "POST":
        if over_limit(request, "adu-submit", "SEWAKA_COMPLAINT_LIMIT_PER_HOUR", 30):
            return render(request, "complaints/public/limited.html", status=429)
        key = request.POST.get("idempotency_key", "")
        try:
            key = str(uuid.UUID(key))
        except ValueError:
            key = ""
        if not key:
            form.add_error(None, _("Formulir ini sudah kedaluwarsa. Muat ulang halaman lalu kirim kembali."))
        if form.is_valid():
            data = form.cleaned_data
            unit = units.filter(code=data["unit"]).first() if data["unit"] else None
            svc = service if service is not None and unit is not None and service.unit_id == unit.pk else None
            try:
                complaint, _created = services.complaint_submit(
                    what_happened=data["what_happened"],
                    idempotency_key=key,
                    privacy=data["privacy"],
                    reported_unit=unit,
                    service=svc,
                    happened_on=data["happened_on"],
                    loss=data["loss"],
                    request=data["request"],
                    reporter_name=data["reporter_name"],
                    reporter_phone=data["reporter_phone"],
                    reporter_email=data["reporter_email"],
                    attachments=[data["attachment"]] if data.get("attachment") else [],
                    spam=bool(data.get("website")),
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                request.session["adu_code"] = complaint.code
                return redirect("public_complaint_sent")
    return render(
        request,
        "complaints/public/form.html",
        {
            "form": form,
            "service": service,
            "idempotency_key": request.POST.get("idempotency_key") or uuid.uuid4(),
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )


@never_cache
def sent(request):
    code = request.session.get("adu_code")
    if not code:
        return redirect("public_complaint_form")
    return render(request, "complaints/public/sent.html", {"code": code})


@never_cache
def track(request):
    form = TrackForm(request.GET or None)
    if form.is_valid():
        if over_limit(request, "adu-track", "SEWAKA_TRACK_LIMIT_PER_HOUR", 60):
            return render(request, "complaints/public/limited.html", status=429)
        complaint = selectors.by_code(form.cleaned_data["code"])
        if complaint is not None:
            return redirect("public_complaint_status", code=complaint.code)
        form.add_error("code", _("Kode tidak ditemukan. Periksa kembali penulisannya (contoh ADU-7K4P-Q2)."))
    return render(request, "complaints/public/track.html", {"form": form}, status=404 if form.errors else 200)


@never_cache
def status(request, code):
    if over_limit(request, "adu-track", "SEWAKA_TRACK_LIMIT_PER_HOUR", 60):
        return render(request, "complaints/public/limited.html", status=429)
    complaint = selectors.by_code(code)
    if complaint is None or complaint.code != code:
        raise Http404
    form = (
        CitizenMessageForm(request.POST or None)
        if request.POST.get("action") == "message"
        else CitizenMessageForm()
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "message":
                if form.is_valid():
                    services.citizen_add_information(complaint=complaint, text=form.cleaned_data["text"])
                    return redirect(reverse("public_complaint_status", args=[code]) + "#riwayat")
            elif request.POST.get("action") in ("puas", "belum_puas"):
                services.citizen_feedback(
                    complaint=complaint,
                    satisfied=request.POST["action"] == "puas",
                    comment=request.POST.get("comment", "")[:2000],
                )
                return redirect("public_complaint_status", code=code)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        complaint.refresh_from_db()
    events = complaint.events.filter(is_public=True).order_by("at", "id")
    return render(
        request,
        "complaints/public/status.html",
        {
            "c": complaint,
            "events": events,
            "form": form,
            "can_feedback": complaint.status == t.DIJAWAB,
            "is_open": complaint.is_open,
        },
    )
