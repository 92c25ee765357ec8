import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .audit import set_request_ip
from .net import client_ip


def _post_has_nul(request: HttpRequest) -> bool:
    """A NUL byte in a posted form field (never typed by a person; PostgreSQL rejects it)."""
    if request.method != "POST" or request.content_type not in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return False
    try:
        return any("\x00" in v for _key, vs in request.POST.lists() for v in vs)
    except Exception:  # malformed or oversized body: the view's own handling answers it
        return False


class RejectBadInputMiddleware:
    """Answer 400 with an Indonesian page for NUL bytes in the path, query or a posted field (PostgreSQL rejects NUL)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        set_request_ip(client_ip(request) or None)
        raw = request.META.get("QUERY_STRING", "") + request.path
        if (
            "\x00" in raw
            or "%00" in raw.lower()
            or any("\x00" in v for vs in request.GET.lists() for v in vs[1])
            or _post_has_nul(request)
        ):
            if request.path.startswith("/api/"):  # the API's one error shape
                return JsonResponse(
                    {"detail": str(_("Alamat berisi karakter yang tidak diizinkan.")), "code": "bad_request"},
                    status=400,
                )
            response = TemplateResponse(
                request,
                "400.html",
                {"reason": _("Alamat berisi karakter yang tidak diizinkan.")},
                status=400,
            )
            return response.render()
        try:
            return self.get_response(request)
        finally:
            set_request_ip(None)


class IndonesianFirstMiddleware:
    """Indonesian unless the user chose English with the language switch (a cookie).

    The browser's Accept-Language is ignored: a clerk with an English browser still gets the Indonesian UI.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class StaffIdleTimeoutMiddleware:
    """Log staff out after SEWAKA_STAFF_IDLE_MINUTES without a request; anonymous visitors are untouched.

    The last activity is kept in the session of authenticated users only, written at most once a minute.
    """

    SESSION_KEY = "sewaka_last_activity"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            idle = int(getattr(settings, "SEWAKA_STAFF_IDLE_MINUTES", 30)) * 60
            last = request.session.get(self.SESSION_KEY)
            if idle > 0 and isinstance(last, int) and now - last > idle:
                logout(request)
                messages.info(request, _("Sesi Anda berakhir karena lama tidak aktif. Silakan masuk lagi."))
            elif not isinstance(last, int) or now - last >= 60:
                request.session[self.SESSION_KEY] = now
        return self.get_response(request)
