"""PDF (WeasyPrint) and PNG (PDF → pdftoppm) rendering of official documents from HTML templates."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


class RenderError(RuntimeError):
    pass


def _stylesheet(name: str) -> str:
    path = finders.find(name)
    return Path(path).read_text(encoding="utf-8") if path else ""


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string(
        template,
        {
            **context,
            "PEMDA_NAME": settings.PEMDA_NAME,
            "SITE_NAME": settings.SITE_NAME,
            "PLACE_NAME": settings.PLACE_NAME,
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
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
