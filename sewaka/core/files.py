"""Evidence-file checks: type by content (never by extension), size, image dimensions (decompression bombs)
and image metadata stripping."""

from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

DEFAULT_MAX_IMAGE_PIXELS = 40_000_000


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


def max_image_pixels() -> int:
    return int(getattr(settings, "SEWAKA_MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS))


def _pillow():
    """Pillow with its own bomb guard set to our limit (it raises above twice the limit, warns above it)."""

    Image.MAX_IMAGE_PIXELS = max_image_pixels()
    return Image


def _too_large(width: int, height: int) -> ValidationError:
    megapixels = f"{width * height / 1_000_000:.1f}".replace(".", ",")
    limit = f"{max_image_pixels() / 1_000_000:g}".replace(".", ",")
    return ValidationError(
        _(
            "Gambar ini terlalu besar: %(width)s × %(height)s piksel (%(mp)s megapiksel). Batasnya %(limit)s "
            "megapiksel. Perkecil gambar atau kirim foto biasa dari ponsel, lalu unggah ulang."
        )
        % {
            "width": f"{width:,}".replace(",", "."),
            "height": f"{height:,}".replace(",", "."),
            "mp": megapixels,
            "limit": limit,
        }
    )


def _unreadable() -> ValidationError:
    return ValidationError(_("Gambar ini rusak atau tidak dapat dibaca. Unggah ulang berkas aslinya."))


def check_image(data: bytes) -> tuple[int, int]:
    """The image's size, read from its header without decoding a pixel; refuses an image above the limit
    (`settings.SEWAKA_MAX_IMAGE_PIXELS`) before anything decodes it."""

    Image = _pillow()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:  # lazy: parses the header only
                width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_large(*_header_size(data)) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise _unreadable() from exc
    if width * height > max_image_pixels():
        raise _too_large(width, height)
    return width, height


def _header_size(data: bytes) -> tuple[int, int]:
    """Width and height straight from a PNG's IHDR or a JPEG's SOF marker (for the message only)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    i = 2
    while i + 9 < len(data) and data[i] == 0xFF:
        marker, length = data[i + 1], int.from_bytes(data[i + 2 : i + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            return int.from_bytes(data[i + 7 : i + 9], "big"), int.from_bytes(data[i + 5 : i + 7], "big")
        i += 2 + length
    return 0, 0


def strip_image_metadata(data: bytes, kind: Sniffed) -> bytes:
    """Re-encode the pixels only: EXIF (GPS, camera, owner), XMP and text chunks are dropped.

    The EXIF orientation is applied first, so a phone photo still stands the right way up. The pixel count
    is checked from the header first: a decompression bomb is refused before it is decoded.
    """

    check_image(data)
    Image = _pillow()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as original:
                original.load()
                image = ImageOps.exif_transpose(original)
                out = io.BytesIO()
                if kind is JPEG:
                    if image.mode not in ("RGB", "L"):
                        image = image.convert("RGB")
                    image.save(out, format="JPEG", quality=90, optimize=True)
                else:
                    image.save(out, format="PNG", optimize=True)
                return out.getvalue()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_large(*_header_size(data)) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise _unreadable() from exc


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
    if kind in (JPEG, PNG):
        check_image(data)
    return kind
