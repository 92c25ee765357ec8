"""One way to serve a file (generated PDF/XLSX, stored attachment): type, safe name, caching."""

from __future__ import annotations

import mimetypes
import re
import unicodedata

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_TYPES = {".pdf": PDF, ".xlsx": XLSX, ".png": "image/png", ".jpg": "image/jpeg", ".json": "application/json"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name: str, *, default: str = "berkas") -> str:
    """ASCII-only, no path, no quotes or control characters: "Laporan SKM/Tw 1.pdf" → "Laporan-SKM-Tw-1.pdf"."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = _UNSAFE.sub("-", stem).strip("-._")[:120] or default
    ext = _UNSAFE.sub("", ext)[:10].lower()
    return f"{stem}.{ext}" if ext else stem


def file_response(
    data,
    *,
    filename: str,
    content_type: str | None = None,
    inline: bool = False,
    private: bool = True,
) -> HttpResponse:
    """`data` is bytes or an open binary file. Private documents are never stored by a cache."""
    name = safe_filename(filename)
    if content_type is None:
        ext = name[name.rfind(".") :].lower() if "." in name else ""
        content_type = _TYPES.get(ext) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    if isinstance(data, bytes | bytearray):
        response: HttpResponse = HttpResponse(bytes(data), content_type=content_type)
    else:
        response = FileResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=300"
    return response
