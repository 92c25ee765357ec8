"""One JSON error shape for every error: {"detail": "<Indonesian message>", "code": "<machine code>"}
(plus `errors` for a 422 of invalid input). Bad input is never a 500."""

from __future__ import annotations

import functools

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError


class Error(Schema):
    detail: str
    code: str


class FieldError(Schema):
    loc: list[str]
    msg: str


class ValidationErrorOut(Error):
    errors: list[FieldError]


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after


class ApiError(Exception):
    """An error with its own status, code and Indonesian message."""

    def __init__(self, status: int, code: str, detail: str, loc: tuple[str, ...] = ()):
        self.status_code, self.code, self.detail, self.loc = status, code, detail, loc


ERRORS = {
    401: Error,
    403: Error,
    404: Error,
    422: ValidationErrorOut,
    429: Error,
}
PUBLIC_ERRORS = {404: Error, 422: ValidationErrorOut, 429: Error}


def _body(detail, code: str, **extra) -> dict:
    return {"detail": str(detail), "code": code, **extra}


def _message(error: dict) -> str:
    """An Indonesian message for a pydantic error (its English text is not shown to users)."""
    ctx = error.get("ctx") or {}
    kind = error.get("type", "")
    messages = {
        "missing": _("Wajib diisi."),
        "int_parsing": _("Harus bilangan bulat."),
        "int_type": _("Harus bilangan bulat."),
        "int_from_float": _("Harus bilangan bulat."),
        "greater_than_equal": _("Paling kecil %(v)s.") % {"v": ctx.get("ge")},
        "greater_than": _("Harus lebih dari %(v)s.") % {"v": ctx.get("gt")},
        "less_than_equal": _("Paling besar %(v)s.") % {"v": ctx.get("le")},
        "less_than": _("Harus kurang dari %(v)s.") % {"v": ctx.get("lt")},
        "string_too_long": _("Paling banyak %(v)s karakter.") % {"v": ctx.get("max_length")},
        "string_too_short": _("Paling sedikit %(v)s karakter.") % {"v": ctx.get("min_length")},
        "string_pattern_mismatch": _("Berisi karakter yang tidak diizinkan."),
        "string_type": _("Harus teks."),
        "date_parsing": _("Tanggal tidak valid (format YYYY-MM-DD)."),
        "date_from_datetime_parsing": _("Tanggal tidak valid (format YYYY-MM-DD)."),
        "date_from_datetime_inexact": _("Tanggal tidak valid (format YYYY-MM-DD)."),
        "date_type": _("Tanggal tidak valid (format YYYY-MM-DD)."),
        "json_invalid": _("JSON tidak valid."),
        "dict_type": _("Harus objek JSON."),
        "model_attributes_type": _("Harus objek JSON."),
        "bool_parsing": _("Harus true atau false."),
        "bool_type": _("Harus true atau false."),
    }
    return str(messages.get(kind, _("Nilai tidak valid.")))


def _loc(loc) -> list[str]:
    return [str(part) for part in loc]


def install(api: NinjaAPI) -> None:
    def respond(request, status: int, body: dict, **headers):
        response = api.create_response(request, body, status=status)
        for key, value in headers.items():
            response[key] = value
        return response

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        return respond(
            request,
            401,
            _body(_("Token API tidak ada, tidak dikenal, sudah dicabut atau kedaluwarsa."), "unauthorized"),
            **{"WWW-Authenticate": "Bearer"},
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return respond(request, 403, _body(_("Anda tidak berwenang melakukan ini."), "forbidden"))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, _body(_("Data tidak ditemukan."), "not_found"))

    @api.exception_handler(NinjaValidationError)
    def invalid(request, exc):
        errors = [{"loc": _loc(e.get("loc", ())), "msg": _message(e)} for e in exc.errors]
        return respond(request, 422, _body(_("Masukan tidak valid."), "invalid", errors=errors))

    @api.exception_handler(DjangoValidationError)
    def rejected(request, exc):
        if hasattr(exc, "error_dict"):
            errors = [{"loc": [k], "msg": str(m)} for k, msgs in exc.message_dict.items() for m in msgs]
        else:
            errors = [{"loc": [], "msg": str(m)} for m in exc.messages]
        detail = errors[0]["msg"] if errors else _("Masukan tidak valid.")
        return respond(request, 422, _body(detail, "invalid", errors=errors))

    @api.exception_handler(RateLimited)
    def limited(request, exc):
        return respond(
            request,
            429,
            _body(_("Terlalu banyak permintaan; coba lagi nanti."), "rate_limited"),
            **{"Retry-After": str(exc.retry_after)},
        )

    @api.exception_handler(ApiError)
    def api_error(request, exc):
        extra = {"errors": [{"loc": list(exc.loc), "msg": str(exc.detail)}]} if exc.status_code == 422 else {}
        return respond(request, exc.status_code, _body(exc.detail, exc.code, **extra))

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        status = exc.status_code
        if status == 401:
            return unauthorized(request, exc)
        messages = {
            400: (_("Permintaan tidak dapat dibaca."), "bad_request"),
            403: (_("Anda tidak berwenang melakukan ini."), "forbidden"),
            404: (_("Data tidak ditemukan."), "not_found"),
            405: (_("Metode tidak didukung."), "method_not_allowed"),
            429: (_("Terlalu banyak permintaan; coba lagi nanti."), "rate_limited"),
        }
        detail, code = messages.get(status, (_("Permintaan tidak dapat diproses."), "error"))
        if status == 400:  # unparsable body: the same shape as other invalid input
            return respond(
                request, 422, _body(detail, "invalid", errors=[{"loc": ["body"], "msg": str(exc)}])
            )
        return respond(request, status, _body(detail, code))


def _json(status: int, detail, code: str, **headers) -> JsonResponse:
    response = JsonResponse(_body(detail, code), status=status, json_dumps_params={"ensure_ascii": False})
    for key, value in headers.items():
        response[key] = value
    return response


def json_not_found(request, *args, **kwargs) -> JsonResponse:
    """Any other path under /api/: the one error shape, not the site's HTML page."""
    return _json(404, _("Data tidak ditemukan."), "not_found")


def wrap_urls(urls):
    """django-ninja answers a method it does not serve with a bare 405: give it the one error shape."""
    patterns, app_name, namespace = urls

    def wrap(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code == 405 and not response.get("Content-Type", "").startswith(
                "application/json"
            ):
                return _json(
                    405, _("Metode tidak didukung."), "method_not_allowed", Allow=response.get("Allow", "")
                )
            return response

        return wrapped

    for pattern in patterns:
        pattern.callback = wrap(pattern.callback)
    return patterns, app_name, namespace
