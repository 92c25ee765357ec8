"""Evidence-file checks: type by content (never by extension), size, and image metadata stripping."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Sniffed:
    mime: str
    extension: str
    label: str


PDF = Sniffed("application/pdf", ".pdf", "PDF")
JPEG = Sniffed("image/jpeg", ".jpg", "JPEG")
PNG = Sniffed("image/png", ".png", "PNG")
DOCX = Sniffed("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "DOCX")
XLSX = Sniffed("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "XLSX")
ALLOWED = (PDF, JPEG, PNG, DOCX, XLSX)


def allowed_labels() -> str:
    return ", ".join(t.label for t in ALLOWED)


def sniff(data: bytes) -> Sniffed | None:
    """The file's real type from its first bytes (and, for Office files, the package's parts)."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
    return None


def strip_image_metadata(data: bytes, kind: Sniffed) -> bytes:
    """Re-encode the pixels only: EXIF (GPS, camera, owner), XMP and text chunks are dropped.

    The EXIF orientation is applied first, so a phone photo still stands the right way up.
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            out = io.BytesIO()
            if kind is JPEG:
                if image.mode not in ("RGB", "L"):
                    image = image.convert("RGB")
                image.save(out, format="JPEG", quality=90, optimize=True)
            else:
                image.save(out, format="PNG", optimize=True)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ValidationError(
            _("Gambar ini rusak atau tidak dapat dibaca. Unggah ulang berkas aslinya.")
        ) from exc


def check_upload(data: bytes, *, max_bytes: int) -> Sniffed:
    if not data:
        raise ValidationError(_("Berkas kosong. Pilih berkas yang berisi."))
    if len(data) > max_bytes:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s MB). Batasnya %(limit)s MB.")
            % {"size": f"{len(data) / 1048576:.1f}".replace(".", ","), "limit": max_bytes // 1048576}
        )
    kind = sniff(data)
    if kind is None:
        raise ValidationError(
            _(
                "Jenis berkas tidak diizinkan. Yang diterima hanya %(types)s (diperiksa dari isi berkas, bukan dari namanya)."
            )
            % {"types": allowed_labels()}
        )
    return kind
