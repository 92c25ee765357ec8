"""Official documents: HTML templates on `documents/base.html` → PDF (WeasyPrint), PDF → PNG (pdftoppm).

Every document gets the pemda's kop, the issuing unit, its head as signer, the place, a date and a number
(`doc` in the template context), and the one print stylesheet `static/css/print-docs.css`.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import date as Date
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML

from sewaka.organisations.selectors import document_header

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


class RenderError(RuntimeError):
    pass


def _stylesheet(name: str) -> str:
    path = finders.find(name)
    return Path(path).read_text(encoding="utf-8") if path else ""


def document_number(kind: str, *, unit, serial: int | str, on: Date) -> str:
    """A stable number in the customary form: kind/serial/UNIT/month (Roman)/year, e.g. LHS-SKM/12/CAPIL/XI/2026."""
    code = (unit.code if unit is not None else "PEMDA").upper()
    return f"{kind}/{serial}/{code}/{ROMAN_MONTHS[on.month - 1]}/{on.year}"


def document_context(
    *, unit, number: str = "", on: Date | None = None, mark: str = "", mark_note: str = "", signer=None
) -> dict:
    """The `doc` the base template prints: kop, number, place and date, signer, an optional mark."""

    header = document_header(unit)
    if signer is not None:
        header["signer"] = {**header["signer"], **signer}
    return {
        **header,
        "number": number,
        "date": on or timezone.localdate(),
        "mark": mark,
        "mark_note": mark_note,
    }


def render_pdf(template: str, context: dict, **options) -> bytes:
    """One document of `template` as PDF bytes; `options` (number, on, mark, mark_note, signer) as `_document`."""
    return _document(template, context, **options).write_pdf()


def render_pdf_parts(template: str, contexts: list[dict], **options) -> bytes:
    """Several documents of one template in one PDF (a mail merge), each numbered from its own page 1
    ("Halaman 1 dari 2" of each letter, not of the whole file)."""
    documents = [_document(template, context, **options) for context in contexts]
    return documents[0].copy([page for document in documents for page in document.pages]).write_pdf()


def _document(
    template: str,
    context: dict,
    *,
    number: str = "",
    on: Date | None = None,
    mark: str = "",
    mark_note: str = "",
    signer: dict | None = None,
):
    # A template context may name its own number and date; an open SKM period's report is interim.
    if not mark and context.get("interim"):
        mark = "SEMENTARA"
        mark_note = mark_note or _(
            "periode survei masih berjalan; angka dapat berubah sampai periode ditutup dan laporan diterbitkan."
        )
    doc = context.get("doc") or document_context(
        unit=context.get("unit"),
        number=number or context.get("doc_number", ""),
        on=on or context.get("doc_date"),
        mark=mark,
        mark_note=mark_note,
        signer=signer,
    )
    html = render_to_string(
        template,
        {
            **context,
            "doc": doc,
            "PEMDA_NAME": doc["pemda"],
            "SITE_NAME": settings.SITE_NAME,
            "PLACE_NAME": doc["place"],
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        stylesheets=[CSS(string=_stylesheet("css/print-docs.css"))]
    )


def pdf_to_png(pdf: bytes, *, dpi: int = 110) -> bytes:
    """First page of a PDF as PNG (Debian's poppler-utils)."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise RenderError("pdftoppm (poppler-utils) is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "doc.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [
                tool,
                "-png",
                "-r",
                str(dpi),
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(source),
                str(Path(tmp) / "page"),
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        return (Path(tmp) / "page.png").read_bytes()
