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

from . import selectors, services, tokens
from .forms import CitizenMessageForm, ComplaintForm, FeedbackConfirmForm, TrackForm
from .transitions import Status


def _units():
    return Unit.objects.filter(is_active=True).exclude(kind="pemda").order_by("name")


IDENTITY_PARAMS = ("reporter_name", "reporter_nik", "reporter_phone", "reporter_email", "reporter_address")
SESSION_CODE = "adu_code"  # held only between the submission and the receipt page


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
                    consent_share_identity=data["consent_share_identity"],
                    consent_publish=data.get("consent_publish", False),
                    base_url=request.build_absolute_uri("/"),
                    attachments=[data["attachment"]] if data.get("attachment") else [],
                    spam=bool(data.get("website")),
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                request.session[SESSION_CODE] = complaint.code
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
    """The receipt: the tracking code is shown once, then forgotten (a shared device keeps nothing)."""
    code = request.session.pop(SESSION_CODE, None)
    if not code:
        return render(request, "complaints/public/sent.html", {"code": None})
    complaint = selectors.by_code(code)
    return render(
        request,
        "complaints/public/sent.html",
        {
            "code": code,
            "status_url": reverse("public_complaint_status", args=[tokens.status_token(complaint)])
            if complaint
            else "",
            "emailed": bool(complaint and complaint.reporter_email),
        },
    )


def _track_form(request, form=None, *, status=200, notice=""):
    return render(
        request,
        "complaints/public/track.html",
        {"form": form or TrackForm(), "notice": notice},
        status=status,
    )


@sensitive_post_parameters("code")
@never_cache
def track(request):
    """Look a case up by its code, sent by POST: a code never travels in a URL (access logs)."""
    if request.method != "POST":
        return _track_form(request)
    form = TrackForm(request.POST)
    if form.is_valid():
        if over_limit(request, "adu-track", "SEWAKA_TRACK_LIMIT_PER_HOUR", 60):
            return render(request, "complaints/public/limited.html", status=429)
        complaint = selectors.by_code(form.cleaned_data["code"])
        if complaint is not None:
            return redirect("public_complaint_status", token=tokens.status_token(complaint))
        form.add_error("code", _("Kode tidak ditemukan. Periksa kembali penulisannya (contoh ADU-7K4P-Q2)."))
    return _track_form(request, form, status=404 if form.errors else 200)


@never_cache
def legacy_status(request, code):
    """Old links with the code in the URL (printed receipts) open the lookup form, without the code."""
    return _track_form(
        request,
        notice=_(
            "Demi keamanan, status pengaduan tidak lagi dibuka dari alamat yang memuat kode pelacakan. "
            "Ketik kode pelacakan Anda di bawah ini."
        ),
    )


@never_cache
def status(request, token):
    """The case as its reporter sees it, behind a short-lived signed link (never the code in the URL)."""
    try:
        pk = tokens.status_pk(token)
    except tokens.Expired:
        return _track_form(
            request,
            status=410,
            notice=_("Tautan status ini sudah kedaluwarsa. Ketik kode pelacakan Anda lagi."),
        )
    complaint = selectors.complaint_for_reporter(pk) if pk is not None else None
    if complaint is None:
        raise Http404
    here = reverse("public_complaint_status", args=[token])
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
                    return redirect(here + "#riwayat")
            elif request.POST.get("action") in ("puas", "belum_puas"):
                emailed = services.citizen_feedback_request(
                    complaint=complaint,
                    satisfied=request.POST["action"] == "puas",
                    comment=request.POST.get("comment", "")[:2000],
                    base_url=request.build_absolute_uri("/"),
                )
                return redirect(here + ("?konfirmasi=1" if emailed else ""))
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
            "can_feedback": complaint.status == Status.DIJAWAB,
            "is_open": complaint.is_open,
            "has_email": bool(complaint.reporter_email),
            "masked_email": _mask(complaint.reporter_email),
            "link_sent": request.GET.get("konfirmasi") == "1",
        },
    )


def _mask(email: str) -> str:
    """r••••@example.test: enough for the reporter to recognise, nothing for a screenshot's holder."""
    if "@" not in email:
        return ""
    local, domain = email.split("@", 1)
    return f"{local[:1]}••••@{domain}"


@never_cache
def feedback_confirm(request, token):
    """The e-mailed link: shows the choice; only a POST from this page applies it (no change on GET)."""
    try:
        claim = tokens.feedback_claim(token)
    except tokens.Expired:
        claim, expired = None, True
    else:
        expired = False
    complaint = selectors.complaint_for_reporter(claim[0]) if claim else None
    if (
        complaint is None
        or not tokens.feedback_matches(complaint, claim[2])
        or complaint.status != Status.DIJAWAB
    ):
        return render(
            request,
            "complaints/public/feedback.html",
            {"invalid": True, "expired": expired},
            status=410 if expired or complaint is not None else 404,
        )
    satisfied = claim[1]
    form = FeedbackConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.citizen_feedback(
                complaint=complaint, satisfied=satisfied, comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            return render(request, "complaints/public/feedback.html", {"done": True, "c": complaint})
    return render(
        request, "complaints/public/feedback.html", {"form": form, "satisfied": satisfied, "c": complaint}
    )
