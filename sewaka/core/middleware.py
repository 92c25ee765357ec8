from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .audit import set_request_ip
from .net import client_ip


class RejectBadInputMiddleware:
    """Answer 400 with an Indonesian page for NUL bytes in the path or query (PostgreSQL rejects NUL)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        set_request_ip(client_ip(request) or None)
        raw = request.META.get("QUERY_STRING", "") + request.path
        if (
            "\x00" in raw
            or "%00" in raw.lower()
            or any("\x00" in v for vs in request.GET.lists() for v in vs[1])
        ):
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


class CurrentUnitMiddleware:
    """Attach the unit the user works on now (chosen with the unit switcher) as request.current_unit."""

    SESSION_KEY = "sewaka_current_unit"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        request.current_unit = None
        request.switchable_units = []
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            from sewaka.organisations.selectors import units_of_user

            units = units_of_user(user)
            request.switchable_units = units
            chosen = request.session.get(self.SESSION_KEY)
            request.current_unit = next((u for u in units if u.pk == chosen), units[0] if units else None)
        return self.get_response(request)


class IndonesianFirstMiddleware:
    """Indonesian unless the user chose English with the language switch (a cookie).

    The browser's Accept-Language is ignored: a clerk with an English browser still gets the Indonesian UI.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
