"""Citizen-facing SKM pages: answering by phone/QR or kiosk, thank-you, TV mode, QR codes.

The form is one plain <form> that works without JavaScript; with JavaScript it shows one question
per screen. Every submission carries an idempotency key, so a retried POST stores one response.
"""

from __future__ import annotations

import io
import uuid

import segno
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from sewaka.core.documents import cached_document, document_key
from sewaka.core.downloads import file_response
from sewaka.core.net import client_ip
from sewaka.core.ratelimit import hash_value, keyed_cookie_get, keyed_cookie_set
from sewaka.organisations.models import Service, Unit
from sewaka.reports.exports.pdf import render_pdf

from . import public_context, selectors, services
from .forms import SurveyAnswerForm
from .models import Source, SurveyPeriod
from .views import _document_context, infographic_bytes

CLIENT_COOKIE = "skm_client"
KIOSK_COOKIE = "skm_kiosk"
STARTED_SALT = "skm-started"


def _unit(code: str) -> Unit:
    unit = Unit.objects.filter(code=code, is_active=True).first()
    if unit is None:
        raise Http404
    return unit


def _client_ip(request) -> str:
    return client_ip(request)


def _kiosk(request, unit):
    token = keyed_cookie_get(request, KIOSK_COOKIE, salt="kiosk")
    kiosk = public_context.kiosk_by_token_hash(hash_value(token)) if token else None
    return kiosk if kiosk and kiosk.unit_id == unit.pk else None


@never_cache
def survey(request, code, service_slug=None, *, fresh=False):
    # The unit, its open period, services and extra questions come from the per-process cache
    # (public_context.py): one primary-key read of the cache's generation token instead of four queries;
    # none for an answer, whose checks statement confirms the period and service (StaleContext below).
    context = public_context.survey_context(code, verified_later=request.method == "POST" and not fresh)
    if context is None:
        raise Http404
    unit, period = context.unit, context.period
    kiosk = _kiosk(request, unit)
    base_ctx = {"unit": unit, "kiosk": kiosk}
    if period is None:
        return render(request, "surveys/public/closed.html", base_ctx, status=200)
    period_services = list(context.services)
    # The service comes with the link (QR poster, public service page): /s/<unit>/<service>/ fixes it;
    # ?layanan=<service> preselects it in the list. A service of the unit outside this period falls back
    # to the list rather than a dead end.
    fixed_service = preselected = None
    if service_slug:
        fixed_service = next((s for s in period_services if s.slug == service_slug), None)
        if fixed_service is None and not unit.services.filter(slug=service_slug, is_active=True).exists():
            raise Http404
    else:
        wanted = request.GET.get("layanan", "")
        preselected = next((s for s in period_services if s.slug == wanted), None)
    form_kwargs = {
        "layout": context.answer_layout(with_services=bool(period_services) and fixed_service is None),
    }
    if request.method == "POST":
        form = SurveyAnswerForm(request.POST, **form_kwargs)
        key = request.POST.get("idempotency_key", "")
        try:
            key = str(uuid.UUID(key))
        except ValueError:
            key = ""
        if not key:
            form.add_error(None, _("Formulir ini sudah kedaluwarsa. Muat ulang halaman lalu isi kembali."))
        if form.is_valid():
            try:
                started = signing.loads(request.POST.get("t0", ""), salt=STARTED_SALT, max_age=86400)
                duration = max(0, int(timezone.now().timestamp() - float(started)))
            except (signing.BadSignature, TypeError, ValueError):
                duration = None
            data = form.cleaned_data
            submission = services.Submission(
                answers=form.answers(),
                service_id=fixed_service.pk if fixed_service else data.get("service"),
                gender=data.get("gender", ""),
                age=data.get("age"),
                education=data.get("education", ""),
                occupation=data.get("occupation", ""),
                why=form.why(),
                suggestion=data.get("suggestion", ""),
                extra_answers=form.extra_answers(),
            )
            try:
                services.response_submit(
                    period=period,
                    submission=submission,
                    idempotency_key=key,
                    source=Source.KIOSK if kiosk else Source.WEB,
                    client_id=request.COOKIES.get(CLIENT_COOKIE, "")[:64],
                    ip=_client_ip(request),
                    duration_seconds=duration,
                    kiosk=kiosk,
                    period_services=period_services,
                    # Generous: carrier NAT puts many phones behind one address.
                    hourly_limit=int(getattr(settings, "SEWAKA_SKM_RATE_LIMIT_PER_HOUR", 300)),
                )
            except services.RateLimited:
                return render(request, "surveys/public/rate_limited.html", base_ctx, status=429)
            except services.StaleContext:
                if not fresh:  # this process's copy was older than the database: read it again, once
                    public_context.forget(code)
                    return survey(request, code, service_slug, fresh=True)
                form.add_error(
                    None, _("Periode atau layanan survei ini baru saja berubah. Muat ulang halaman.")
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                return redirect(reverse("public_survey_thanks", args=[unit.code]))
    else:
        form = SurveyAnswerForm(**form_kwargs, initial={"service": preselected.pk} if preselected else None)
    response = render(
        request,
        "surveys/public/survey.html",
        {
            **base_ctx,
            "period": period,
            "form": form,
            "service": fixed_service,
            "idempotency_key": request.POST.get("idempotency_key") or uuid.uuid4(),
            "t0": request.POST.get("t0") or signing.dumps(timezone.now().timestamp(), salt=STARTED_SALT),
        },
        status=200 if request.method == "GET" or not form.errors else 400,
    )
    if CLIENT_COOKIE not in request.COOKIES:
        response.set_cookie(
            CLIENT_COOKIE, uuid.uuid4().hex, max_age=365 * 86400, httponly=True, samesite="Lax"
        )
    return response


@never_cache
def thanks(request, code):
    context = public_context.survey_context(code)
    if context is None:
        raise Http404
    unit = context.unit
    return render(
        request,
        "surveys/public/thanks.html",
        {"unit": unit, "latest": selectors.latest_published(unit), "kiosk": _kiosk(request, unit)},
    )


def tv(request, code):
    """Waiting-room screen: the unit's latest published IKM, large, refreshing itself."""
    unit = _unit(code)
    return render(
        request, "surveys/public/tv.html", {"unit": unit, "latest": selectors.latest_published(unit)}
    )


def qr_svg(request, code, service_slug=None):
    unit = _unit(code)
    if service_slug:
        if not Service.objects.filter(unit=unit, slug=service_slug, is_active=True).exists():
            raise Http404
        path = reverse("public_survey_service", args=[unit.code, service_slug])
    else:
        path = reverse("public_survey", args=[unit.code])
    url = request.build_absolute_uri(path)
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=8, border=4, xmldecl=False, light="#fff")
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


@never_cache
def kiosk_start(request, token):
    """Opened once on the counter tablet: remembers the kiosk in a signed cookie and starts the survey."""
    kiosk = selectors.kiosk_by_token(token)
    if kiosk is None:
        raise Http404
    response = redirect(reverse("public_survey", args=[kiosk.unit.code]))
    keyed_cookie_set(
        response, KIOSK_COOKIE, token, salt="kiosk", max_age=5 * 365 * 86400, httponly=True, samesite="Lax"
    )
    return response


def results(request, code):
    """The unit's published SKM results, with their infographic and report (public)."""

    unit = _unit(code)
    rows = selectors.published_results(unit, limit=12)
    return render(request, "surveys/public/results.html", {"unit": unit, "rows": rows})


def published_document(request, code, period_pk, document):
    """Report or infographic of a published period; unpublished periods stay private (404)."""

    unit = _unit(code)
    period = SurveyPeriod.objects.filter(unit=unit, pk=period_pk, published_at__isnull=False).first()
    if period is None:
        raise Http404
    if document == "infografis.png":
        render_, content_type = (lambda: infographic_bytes(period, "png")), "image/png"
    elif document == "infografis.pdf":
        render_, content_type = (lambda: infographic_bytes(period, "pdf")), "application/pdf"
    elif document == "laporan.pdf":
        render_ = lambda: render_pdf("surveys/docs/report.html", _document_context(period))  # noqa: E731
        content_type = "application/pdf"
    else:
        raise Http404
    # Cached until republished (core/documents.py); rendering is rate-limited per client address.
    key = document_key(period, document=document, stamps=(period.published_at, period.updated_at))
    data = cached_document(request, key, render_)
    if data is None:
        back = reverse("public_survey_results", args=[unit.code])
        return render(request, "core/document_limited.html", {"unit": unit, "back": back}, status=429)
    name = slugify(f"{unit.code}-{period.name}") + "-" + document
    # Published documents are public: a shared cache may keep them.
    return file_response(data, filename=name, content_type=content_type, inline=True, private=False)
