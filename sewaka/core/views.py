from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sewaka.organisations.models import Role

from .access import Action, is_city_wide, roles_of, units_visible_to
from .middleware import CurrentUnitMiddleware


def index(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    return redirect("accounts:login")


@login_required
def home(request):
    """Beranda: what this person should look at first, by role."""
    user = request.user
    roles = roles_of(user)
    unit = request.current_unit
    visible = units_visible_to(user, Action.VIEW)
    context = {
        "roles": roles,
        "unit": unit,
        "city_wide": is_city_wide(user, Action.VIEW),
        "unit_count": visible.filter(is_active=True).count(),
        "is_admin": Role.ADMIN_PEMDA in roles or user.is_superuser,
        "is_monev": Role.TIM_MONEV in roles,
        "is_pimpinan": Role.PIMPINAN in roles,
        "is_operator": Role.OPERATOR in roles,
        "is_pengaduan": Role.PENGELOLA_PENGADUAN in roles,
    }
    if unit is not None:
        context["unit_services"] = unit.services.filter(is_active=True).count()
        context["unit_children"] = visible.filter(parent=unit, is_active=True).count()
    return render(request, "core/home.html", context)


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
        target = "/"
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
    from django.core.paginator import Paginator

    from .forms import AuditFilterForm
    from .selectors import audit_list as select_audit
    from .selectors import audit_object_types

    units = units_visible_to(request.user, Action.MONEV).filter(is_active=True)
    form = AuditFilterForm(request.GET or None, units=units, object_types=audit_object_types())
    filters = form.cleaned_data if form.is_valid() else {}
    events = select_audit(user=request.user, filters=filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_list.html", {"form": form, "page": page})
