"""Open311 GeoReport v2 endpoints at /open311/v2/ (public; POST needs a client key) and the staff page of
client keys. Every error is in the spec's shape ([{"code": 400, "description": "..."}]), never a 500 page."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email
from django.http import Http404
from django.shortcuts import redirect
from django.shortcuts import render as render_page
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from sewaka.complaints.publication import public_id_of, published_case, published_cases, submit_request
from sewaka.core.ratelimit import count_hit, over_limit
from sewaka.core.workdays import WITA
from sewaka.organisations.models import Service, Unit
from sewaka.organisations.selectors import pemda_managed_by

from . import georeport as g
from . import services
from .forms import IssueForm
from .models import ClientKey

MAX_REQUESTS = 1000
DEFAULT_DAYS = 90
MAX_DESCRIPTION = 4000
ATTRIBUTE = re.compile(r"^attribute\[(\w{1,40})\]$")


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.code = status
        self.description = description


def _fmt(fmt: str) -> str:
    if fmt not in g.FORMATS:
        raise Open311Error(404, _("Format tidak dikenal; gunakan .json atau .xml."))
    return fmt


def _endpoint(view):
    """Spec errors for bad input, unknown formats and the public rate limit; never a 500 page."""

    def wrapped(request, *args, fmt: str, **kwargs):
        try:
            fmt = _fmt(fmt)
            if request.method == "GET" and over_limit(
                request, "open311-get", "SEWAKA_OPEN311_GET_LIMIT_PER_HOUR", 600
            ):
                raise Open311Error(429, _("Terlalu banyak permintaan; coba lagi nanti."))
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as exc:
            return g.errors(fmt if fmt in g.FORMATS else "json", exc.code, exc.description)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _jurisdiction(request) -> Unit | None:
    code = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id") or ""
    if not code:
        return None
    pemda = Unit.objects.filter(code=code[:40], parent__isnull=True).first()
    if pemda is None:
        raise Open311Error(404, _("jurisdiction_id tidak dikenal."))
    return pemda


def _base(request) -> str:
    return request.build_absolute_uri("/open311/v2/")


# --- discovery and services ----------------------------------------------------------------------------------


@require_safe
@_endpoint
def discovery(request, fmt: str):
    changeset = "2026-12-03T00:00:00+08:00"
    data = {
        "changeset": changeset,
        "contact": _("Hubungi admin pemda untuk kunci klien (api_key): %(email)s")
        % {"email": settings.DEFAULT_FROM_EMAIL},
        "key_service": _("Kunci klien diterbitkan oleh admin pemda di halaman %(url)s")
        % {"url": request.build_absolute_uri("/open311/kunci/")},
        "endpoints": [
            {
                "specification": g.SPEC,
                "url": _base(request).rstrip("/"),
                "changeset": changeset,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return g.render(data, fmt, root="discovery")


@require_safe
@_endpoint
def service_list(request, fmt: str):
    rows = [g.service_row(s) for s in g.catalogue(_jurisdiction(request))]
    return g.render(rows, fmt, root="services", item="service")


@require_safe
@_endpoint
def service_definition(request, code: str, fmt: str):
    found = g.find_service(code[:130], _jurisdiction(request))
    if found is None:
        raise Open311Error(404, _("service_code tidak dikenal."))
    return g.render(g.definition(found), fmt, root="service_definition")


# --- requests ------------------------------------------------------------------------------------------------


def _when(value: str, name: str, *, end: bool = False) -> datetime:
    value = value.strip().replace(" ", "+")  # an unencoded "+" of a time zone arrives as a space
    try:
        parsed = parse_datetime(value)
        if parsed is None:
            day = parse_date(value)
            if day is None:
                raise ValueError
            parsed = datetime.combine(day, time.max if end else time.min)
    except (ValueError, OverflowError):
        raise Open311Error(
            400,
            _("%(name)s bukan tanggal W3C yang sah (contoh 2026-12-01T00:00:00+08:00).") % {"name": name},
        ) from None
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=WITA)
    return parsed


def _rows(cases) -> list[dict]:
    services = {s.pk: s for s in Service.objects.filter(pk__in={c.service_id for c in cases if c.service_id})}
    return [g.request_row(c, services) for c in cases]


def _get_requests(request, fmt: str):
    q = request.GET
    pemda = _jurisdiction(request)
    ids = [i.strip() for i in q.get("service_request_id", "").split(",") if i.strip()]
    if ids:  # the spec: other parameters are ignored
        cases = published_cases(public_ids=[i[:32] for i in ids[:MAX_REQUESTS]], limit=MAX_REQUESTS)
        return g.render(_rows(cases), fmt, root="service_requests", item="request")
    codes = [c.strip() for c in q.get("service_code", "").split(",") if c.strip()]
    service_ids: list[int] | None = None
    unit_ids: list[int] | None = None
    if codes:
        service_ids, unit_ids = [], []
        for code in codes[:100]:
            found = g.find_service(code[:130], pemda)
            if found is None:
                raise Open311Error(400, _("service_code tidak dikenal: %(code)s") % {"code": code[:130]})
            if found.service is not None:
                service_ids.append(found.service.pk)
            else:
                unit_ids.append(found.unit.pk)
    elif pemda is not None:
        unit_list = list(Unit.objects.filter(path__startswith=pemda.path).values_list("pk", flat=True))
        service_ids = list(Service.objects.filter(unit_id__in=unit_list).values_list("pk", flat=True))
        unit_ids = unit_list
    start = _when(q["start_date"], "start_date") if q.get("start_date") else None
    end = _when(q["end_date"], "end_date", end=True) if q.get("end_date") else None
    if start is None and end is None:
        start = timezone.now() - timedelta(days=DEFAULT_DAYS)
    if start is not None and end is not None and end < start:
        raise Open311Error(400, _("end_date tidak boleh sebelum start_date."))
    statuses = {s.strip() for s in q.get("status", "").split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        raise Open311Error(400, _("status hanya boleh open atau closed."))
    is_open = None if len(statuses) != 1 else statuses == {"open"}
    cases = published_cases(
        services=service_ids,
        units=unit_ids,
        start=start,
        end=end,
        is_open=is_open,
        limit=MAX_REQUESTS,
    )
    return g.render(_rows(cases), fmt, root="service_requests", item="request")


def _decimal(value: str, name: str, low: int, high: int) -> Decimal:
    try:
        number = Decimal(value.strip())
    except (InvalidOperation, ValueError):
        raise Open311Error(400, _("%(name)s harus berupa angka desimal.") % {"name": name}) from None
    if not number.is_finite() or not low <= number <= high:
        raise Open311Error(
            400,
            _("%(name)s harus di antara %(low)s dan %(high)s.") % {"name": name, "low": low, "high": high},
        )
    return number.quantize(Decimal("0.000001"))


def _client_key(request) -> ClientKey:
    key = request.POST.get("api_key", "") or request.GET.get("api_key", "")
    found = services.key_lookup(key)
    if found is None:
        raise Open311Error(403, _("api_key tidak sah atau sudah dicabut; permintaan tidak dapat dibuat."))
    return found


def _post_request(request, fmt: str):
    if over_limit(request, "open311-post", "SEWAKA_OPEN311_POST_LIMIT_PER_HOUR", 60):
        raise Open311Error(429, _("Terlalu banyak pengaduan dari alamat ini; coba lagi nanti."))
    client = _client_key(request)
    if count_hit(
        f"open311-key:{client.pk}", int(getattr(settings, "SEWAKA_OPEN311_KEY_LIMIT_PER_HOUR", 300))
    ):
        raise Open311Error(429, _("Batas pengaduan per jam untuk kunci klien ini tercapai; coba lagi nanti."))
    p = request.POST
    code = p.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, _("service_code wajib diisi."))
    service = g.find_service(code[:130], client.pemda)
    if service is None:
        raise Open311Error(400, _("service_code tidak dikenal: %(code)s") % {"code": code[:130]})
    attributes = {m.group(1): v.strip() for k, v in p.items() if (m := ATTRIBUTE.match(k))}
    privacy = attributes.get("privacy", "biasa") or "biasa"
    if privacy not in g.PRIVACY_VALUES:
        raise Open311Error(400, _("attribute[privacy] hanya boleh biasa, rahasia atau anonim."))
    publish = attributes.get("publish", "tidak") or "tidak"
    if publish not in g.PUBLISH_VALUES:
        raise Open311Error(400, _("attribute[publish] hanya boleh ya atau tidak."))
    unit = service.unit
    if attributes.get("unit"):
        named = Unit.objects.filter(code=attributes["unit"][:40], is_active=True).first()
        allowed = named is not None and (
            named.pk == unit.pk if service.service is not None else named.path.startswith(unit.path)
        )
        if not allowed:
            raise Open311Error(400, _("attribute[unit] bukan unit layanan ini atau unit di bawahnya."))
        unit = named
    lat = p.get("lat", "").strip()
    long = p.get("long", "").strip()
    address = p.get("address_string", "").strip()
    if bool(lat) != bool(long):
        raise Open311Error(400, _("Isi lat dan long bersama-sama."))
    if not (lat or address or attributes.get("unit")):
        raise Open311Error(
            400, _("Lokasi wajib diisi: lat dan long, address_string, atau attribute[unit] (kode unit).")
        )
    if len(address) > 255:
        raise Open311Error(400, _("address_string paling panjang 255 karakter."))
    description = p.get("description", "").strip()
    if not description:
        raise Open311Error(400, _("description wajib diisi: ceritakan apa yang terjadi."))
    if len(description) > MAX_DESCRIPTION:
        raise Open311Error(400, _("description paling panjang 4000 karakter."))
    email = p.get("email", "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise Open311Error(400, _("email tidak sah.")) from None
    media_url = p.get("media_url", "").strip()
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            raise Open311Error(400, _("media_url harus alamat http(s) yang sah.")) from None
    name = " ".join(x for x in (p.get("first_name", "").strip(), p.get("last_name", "").strip()) if x)
    # A retried POST of the same form by the same client stores one complaint (house rule 5).
    body = "&".join(f"{k}={v}" for k, v in sorted(p.items()) if k != "api_key")
    key = hashlib.sha256(f"open311:{client.pk}:{body}".encode("utf-8", "replace")).hexdigest()
    try:
        complaint, _created = submit_request(
            idempotency_key=key,
            what_happened=description,
            privacy=privacy,
            reported_unit=unit,
            service=service.service,
            reporter_name=name[:150],
            reporter_phone=p.get("phone", "").strip()[:30],
            reporter_email=email,
            consent_publish=publish == "ya",
            location_lat=_decimal(lat, "lat", -90, 90) if lat else None,
            location_long=_decimal(long, "long", -180, 180) if long else None,
            location_address=address,
            media_url=media_url,
            base_url=request.build_absolute_uri("/"),
        )
    except ValidationError as exc:
        raise Open311Error(400, " ".join(exc.messages)) from None
    notice = _(
        "Pengaduan diterima. Kode pelacakan Anda: %(code)s — simpan kode ini untuk mengikuti pengaduan di "
        "%(url)s"
    ) % {"code": complaint.code, "url": request.build_absolute_uri("/pengaduan/lacak/")}
    row = {"service_request_id": public_id_of(complaint.pk), "service_notice": notice, "account_id": None}
    return g.render([row], fmt, root="service_requests", item="request", status=201)


@csrf_exempt  # a client application posts with its api_key, never with a session (no cookie is read)
@_endpoint
def requests(request, fmt: str):
    if request.method == "POST":
        return _post_request(request, fmt)
    if request.method not in ("GET", "HEAD"):
        raise Open311Error(405, _("Metode tidak didukung; gunakan GET atau POST."))
    return _get_requests(request, fmt)


@require_safe
@_endpoint
def request_detail(request, request_id: str, fmt: str):
    case = published_case(request_id)
    if case is None:
        raise Open311Error(404, _("service_request_id tidak ditemukan."))
    return g.render(_rows([case]), fmt, root="service_requests", item="request")


@require_safe
@_endpoint
def token(request, token: str, fmt: str):
    """Sewaka answers a POST with the service_request_id at once; the token of a request is that id."""
    case = published_case(token)
    if case is None:
        raise Open311Error(404, _("token tidak ditemukan."))
    return g.render(
        [{"service_request_id": case.public_id, "token": token}], fmt, root="service_requests", item="request"
    )


# --- staff: client keys --------------------------------------------------------------------------------------


def _pemda(request) -> Unit:
    if not request.user.is_authenticated:
        raise PermissionDenied
    pemda = pemda_managed_by(request.user, current=getattr(request, "current_unit", None))
    if pemda is None:
        raise PermissionDenied
    return pemda


@login_required
def keys(request):
    """Admin pemda: the client keys of the pemda, and a form issuing a new one (shown once, here)."""
    pemda = _pemda(request)
    form = IssueForm(request.POST or None)
    issued = ""
    if request.method == "POST" and form.is_valid():
        try:
            _row, issued = services.client_key_issue(
                actor=request.user, pemda=pemda, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            form = IssueForm()
    rows = ClientKey.objects.filter(pemda=pemda).order_by("-created_at")
    response = render_page(
        request,
        "open311/keys.html",
        {"form": form, "rows": rows, "issued": issued, "pemda": pemda, "base": _base(request)},
        status=400 if request.method == "POST" and form.errors else 200,
    )
    response["Cache-Control"] = "no-store"  # the key shown once is not kept by any cache
    return response


@login_required
@require_POST
def key_revoke(request, pk: int):
    pemda = _pemda(request)
    row = ClientKey.objects.filter(pemda=pemda, pk=pk).first()
    if row is None:
        raise Http404
    try:
        services.client_key_revoke(actor=request.user, key=row)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Kunci %(name)s dicabut.") % {"name": row.name})
    return redirect("open311:keys")
