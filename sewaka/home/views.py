import io
from datetime import date as _date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from sewaka.core.audit import present, type_label
from sewaka.core.downloads import file_response
from sewaka.core.forms import AuditFilterForm, DayOffForm, apply_validation_error
from sewaka.core.http import int_param
from sewaka.core.models import DayOff
from sewaka.core.services import dayoff_remove, dayoff_set
from sewaka.core.spreadsheet import append
from sewaka.core.workdays import national_holidays
from sewaka.organisations.access import Action, is_city_wide, roles_of, units_visible_to
from sewaka.organisations.middleware import CurrentUnitMiddleware
from sewaka.organisations.models import Role
from sewaka.organisations.selectors import pemda_managed_by, pemda_of_unit
from sewaka.standards.forms import CatalogueSearchForm

from . import beranda, frontdoor
from .selectors import attachment_for_download, audit_object_types
from .selectors import audit_list as select_audit
from .worklist import SORTS, SOURCES, Filters, worklist


def index(request):
    """The citizen's front door: find a service, fill in a survey, file or follow a complaint, read results.
    Staff log in from a link; a logged-in staff member gets a link to the staff home."""

    return render(
        request,
        "home/public_home.html",
        {
            "form": CatalogueSearchForm(),
            "survey_units": frontdoor.survey_units(),
            "results": frontdoor.published_results(),
            "maklumat": frontdoor.maklumat_wall(),
        },
    )


def privacy(request):
    """Pemberitahuan privasi (UU 27/2022 tentang Pelindungan Data Pribadi) for every public form."""

    return render(
        request,
        "home/privacy.html",
        {
            "controller": getattr(settings, "SEWAKA_PRIVACY_CONTROLLER", "") or settings.PEMDA_NAME,
            "contact": getattr(settings, "SEWAKA_PRIVACY_CONTACT", ""),
        },
    )


@login_required
def home(request):
    """Beranda: what this person must do now, one block per role they hold (issue 17 item 8)."""
    user = request.user
    roles = roles_of(user)
    unit = request.current_unit
    today = timezone.localdate()
    is_admin = Role.ADMIN_PEMDA in roles or user.is_superuser
    context = {
        "roles": roles,
        "unit": unit,
        "today": today,
        "is_admin": is_admin,
        "is_monev": Role.TIM_MONEV in roles,
        "is_pimpinan": Role.PIMPINAN in roles,
        "is_operator": Role.OPERATOR in roles,
        "is_pengaduan": Role.PENGELOLA_PENGADUAN in roles,
        "city_wide": is_city_wide(user, Action.VIEW),
        "handles_complaints": is_city_wide(user, Action.COMPLAINTS)
        or units_visible_to(user, Action.COMPLAINTS).exists(),
        "late": beranda.late_block(worklist(user=user)),
        "dashboard_url": beranda.link("dashboard:index"),
        "dashboard_pdf": beranda.link("dashboard:pdf"),
    }
    if is_admin:
        context["city"] = beranda.city_obligations(user=user, current=unit, today=today)
    if context["is_operator"] and unit is not None:
        context["duties"] = beranda.unit_duties(user=user, unit=unit, today=today)
    if context["is_monev"]:
        context["visits"] = beranda.units_to_visit(user=user, today=today)
    if context["is_pengaduan"]:
        context["cases"] = beranda.complaint_cases(user=user)
    return render(request, "home/home.html", context)


@login_required
@require_POST
def switch_unit(request):
    raw = request.POST.get("unit", "")
    chosen = next((u for u in request.switchable_units if str(u.pk) == raw), None)
    if chosen is None:
        messages.error(request, _("Unit yang dipilih tidak tersedia untuk akun Anda."))
    else:
        request.session[CurrentUnitMiddleware.SESSION_KEY] = chosen.pk
        messages.success(request, _("Sekarang bekerja di %(unit)s.") % {"unit": chosen.name})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("home:home")
    return HttpResponseRedirect(target)


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": str(exc.__class__.__name__)}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def error_400(request, exception=None):
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)


@login_required
def audit_list(request):
    units = units_visible_to(request.user, Action.MONEV).filter(is_active=True)
    form = AuditFilterForm(request.GET or None, units=units, object_types=audit_object_types())
    filters = form.cleaned_data if form.is_valid() else {}
    events = select_audit(user=request.user, filters=filters)

    page = Paginator(events, 50).get_page(request.GET.get("page"))
    for event in page:
        event.label, event.shown_changes = present(event)
        event.type_label = type_label(event.object_type)
        if event.label == f"{event.type_label} #{event.object_id}":
            event.label = ""
    return render(request, "home/audit_list.html", {"form": form, "page": page})


@login_required
def attachment_download(request, pk):
    attachment = attachment_for_download(user=request.user, pk=pk)
    return file_response(
        attachment.file.open("rb"), filename=attachment.original_name, content_type=attachment.mime
    )


@login_required
def calendar_page(request):
    """The pemda's working-day calendar: package holidays of the year plus the admin's own entries."""

    current = getattr(request, "current_unit", None)
    pemda = pemda_managed_by(request.user, current=current)  # the calendar the user edits (ADR 0005)
    editable = pemda is not None
    shown = pemda or (pemda_of_unit(current) if current is not None else None)
    year = int_param(request.GET, "tahun", _date.today().year, min_value=2000, max_value=2100)
    form = DayOffForm(request.POST or None)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if "remove" in request.POST:
            raw_pk = int_param(request.POST, "remove")
            day = DayOff.objects.filter(pk=raw_pk, pemda=pemda).first() if raw_pk is not None else None
            if day:
                dayoff_remove(actor=request.user, day=day)
                messages.success(request, _("Tanggal dihapus dari kalender."))
            return redirect(f"{request.path}?tahun={year}")
        if form.is_valid():
            try:
                dayoff_set(actor=request.user, pemda=pemda, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Kalender disimpan."))
                return redirect(f"{request.path}?tahun={form.cleaned_data['date'].year}")
    national = sorted(national_holidays(year).items())
    own = DayOff.objects.filter(Q(pemda=shown) | Q(pemda__isnull=True), date__year=year).select_related(
        "pemda"
    )
    return render(
        request,
        "home/calendar.html",
        {"year": year, "national": national, "own": own, "form": form, "editable": editable},
    )


@login_required
def worklist_page(request):
    """Everything late in the user's scope: follow-ups of every source and complaints past their deadline."""
    filters = Filters.from_query(request.GET)
    wl = worklist(user=request.user, filters=filters)
    page = Paginator(wl.items, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "home/worklist.html",
        {
            "wl": wl,
            "page": page,
            "filters": filters,
            "sources": [(k, str(v)) for k, v in SOURCES.items()],
            "sorts": [(k, str(v)) for k, v in SORTS.items()],
            "query": filters.query(),
        },
    )


@login_required
def worklist_xlsx(request):
    """The same rows as the list (its filters), values only: no complaint code, text or identity."""
    wl = worklist(user=request.user, filters=Filters.from_query(request.GET))
    wb = Workbook()
    ws = wb.active
    ws.title = "Tenggat"
    ws.append(
        [
            "Sumber",
            "Judul",
            "Perangkat daerah",
            "Unit",
            "Tenggat",
            "Lewat tenggat",
            "Hari kerja terlambat",
            "Status",
            "Tautan",
        ]
    )
    for i in wl.items:
        append(
            ws,
            [
                i.source_label,
                i.title,
                i.pd_name,
                i.unit_name,
                i.due,
                "ya" if i.overdue else "tidak",
                i.days_late,
                i.status,
                request.build_absolute_uri(i.url),
            ],
        )
    ws.column_dimensions["B"].width = 50
    ws.column_dimensions["D"].width = 30
    out = io.BytesIO()
    wb.save(out)
    stamp = timezone.localdate().isoformat()
    return file_response(out.getvalue(), filename=f"tenggat-{stamp}.xlsx")
