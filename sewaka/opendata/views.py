"""Public open-data pages (no login): the catalogue, the DCAT-style JSON and the dataset files."""

from __future__ import annotations

import hashlib
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sewaka.core.downloads import file_response
from sewaka.core.forms import apply_validation_error
from sewaka.organisations.selectors import pemda_managed_by

from . import catalogue, formats, services
from .datasets import DATASETS
from .forms import SettingsForm
from .models import OpenDataSettings

MAX_AGE = 15 * 60


def _base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _script(data: dict) -> str:
    # Escape "<" so the JSON can never close the script element.
    return mark_safe(json.dumps(data, ensure_ascii=False).replace("<", "\\u003c"))  # noqa: S308


def _managed(request):
    if not request.user.is_authenticated:
        return None
    return pemda_managed_by(request.user, current=getattr(request, "current_unit", None))


@require_safe
def index(request):
    base = _base(request)
    pub = catalogue.publication()
    entries = []
    for slug, dataset in DATASETS.items():
        table = catalogue.built(slug).table
        entries.append(
            {
                "dataset": dataset,
                "table": table,
                "rows": len(table.rows),
                "files": [(fmt.upper(), catalogue.file_url(slug, fmt)) for fmt in formats.FORMATS],
                "json_ld": _script(catalogue.json_ld(dataset, table, base, pub)),
            }
        )
    return render(
        request,
        "opendata/index.html",
        {
            "entries": entries,
            "license": pub.license,
            "publisher": pub.publisher,
            "manages": _managed(request),
            "catalog_url": "/data/catalog.json",
        },
    )


@require_safe
def catalog_json(request):
    response = JsonResponse(
        catalogue.catalog(_base(request)), json_dumps_params={"ensure_ascii": False, "indent": 1}
    )
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


@require_safe
def download(request, slug: str, fmt: str):
    if slug not in DATASETS or fmt not in formats.FORMATS:
        raise Http404
    data, table = catalogue.file_bytes(slug, fmt, _base(request), catalogue.publication())
    etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
    last_modified = int(table.modified.timestamp()) if table.modified else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        response: HttpResponse = not_modified
    else:
        response = file_response(
            data,
            filename=f"{slug}.{fmt}",
            content_type=formats.CONTENT_TYPES[fmt],
            inline=fmt != "xlsx",
            private=False,
        )
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_required
def settings_edit(request):
    """The licence of the datasets of the pemda the admin manages (ADR 0005)."""
    pemda = _managed(request)
    if pemda is None:
        raise PermissionDenied
    row = OpenDataSettings.objects.filter(pemda=pemda).first()
    form = SettingsForm(request.POST or None, initial={"license": row.license if row else None})
    if request.method == "POST" and form.is_valid():
        try:
            services.opendata_settings_set(
                actor=request.user, pemda=pemda, license=form.cleaned_data["license"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Lisensi data terbuka disimpan."))
            return redirect("opendata:settings")
    return render(request, "opendata/settings.html", {"form": form, "pemda": pemda})
