"""Decompression bombs: an image's pixel count is checked from its header, before anything decodes it.

The bombs are built in memory: a valid PNG of all-black 1-bit rows compresses 180 megapixels into a few
kilobytes, and a JPEG's frame header is patched to claim 60 000 × 60 000 pixels.
"""

import io
import struct
import uuid
import zlib
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageFile

from sewaka.complaints.models import Complaint
from sewaka.core.files import check_upload, strip_image_metadata
from sewaka.core.models import Attachment
from sewaka.core.services import attachment_add


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(width: int, height: int) -> bytes:
    """A complete, valid 1-bit grayscale PNG of `width` × `height` black pixels."""
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed pixels
    packer = zlib.compressobj(9)
    parts = [packer.compress(row * 500) for _ in range(height // 500)]
    parts += [packer.compress(row * (height % 500)), packer.flush()]
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", b"".join(parts))
        + _chunk(b"IEND", b"")
    )


def jpeg_bomb(width: int = 60000, height: int = 60000) -> bytes:
    """A small real JPEG whose frame header (SOF0) is patched to claim a huge size."""
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 10, 10)).save(out, format="JPEG")
    data = bytearray(out.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


@pytest.fixture(scope="module")
def bomb_177mp():
    return png_bomb(13300, 13300)  # the tester's 13 300 × 13 300 px image


@pytest.fixture(scope="module")
def bomb_180mp():
    return png_bomb(13420, 13420)  # above twice Pillow's own limit: it crashed the complaint form


@pytest.fixture
def no_decoding(monkeypatch):
    """Fail the test if any image's pixels are decoded."""

    def refuse(self, *args, **kwargs):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)


def test_the_bombs_are_small_files(bomb_177mp, bomb_180mp, monkeypatch):
    assert len(bomb_177mp) < 100_000 and len(bomb_180mp) < 100_000
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
    with Image.open(io.BytesIO(bomb_177mp)) as image:
        assert image.size == (13300, 13300)


@pytest.mark.parametrize("fixture", ["bomb_177mp", "bomb_180mp"])
def test_a_png_bomb_is_refused_from_its_header(request, fixture, no_decoding):
    with pytest.raises(ValidationError) as exc:
        check_upload(request.getfixturevalue(fixture), max_bytes=10 * 1024 * 1024)
    assert "Gambar ini terlalu besar" in exc.value.messages[0]
    assert "megapiksel" in exc.value.messages[0] and "Batasnya 40 megapiksel" in exc.value.messages[0]


def test_the_message_names_the_size(bomb_177mp):
    with pytest.raises(ValidationError) as exc:
        check_upload(bomb_177mp, max_bytes=10 * 1024 * 1024)
    assert "13.300 × 13.300 piksel (176,9 megapiksel)" in exc.value.messages[0]


def test_a_jpeg_bomb_is_refused(no_decoding):
    with pytest.raises(ValidationError) as exc:
        check_upload(jpeg_bomb(), max_bytes=10 * 1024 * 1024)
    assert "60.000 × 60.000 piksel" in exc.value.messages[0]


def test_stripping_metadata_checks_too(bomb_180mp, no_decoding):
    from sewaka.core.files import PNG

    with pytest.raises(ValidationError):
        strip_image_metadata(bomb_180mp, PNG)


def test_the_limit_comes_from_settings(settings, tree):
    settings.SEWAKA_MAX_IMAGE_PIXELS = 300  # 20 × 20 = 400 is too large, 10 × 10 = 100 is fine

    def png(side):
        out = io.BytesIO()
        Image.new("RGB", (side, side), (1, 2, 3)).save(out, format="PNG")
        return SimpleUploadedFile("foto.png", out.getvalue())

    with pytest.raises(ValidationError) as exc:
        attachment_add(owner=tree.pkm_a, unit=tree.pkm_a, uploaded=png(20), actor=None)
    assert "Batasnya 0,0003 megapiksel" in exc.value.messages[0]
    assert attachment_add(owner=tree.pkm_a, unit=tree.pkm_a, uploaded=png(10), actor=None).size > 0


def test_an_ordinary_photo_still_passes(tree):
    out = io.BytesIO()
    Image.new("RGB", (4000, 3000), (120, 80, 40)).save(out, format="JPEG")  # a 12 Mpx phone photo
    attachment = attachment_add(
        owner=tree.pkm_a, unit=tree.pkm_a, uploaded=SimpleUploadedFile("foto.jpg", out.getvalue()), actor=None
    )
    assert attachment.mime == "image/jpeg"


def test_the_public_complaint_form_refuses_the_bomb_and_keeps_the_rest(client, tree, bomb_180mp):
    story = "Petugas loket meminta uang tambahan untuk mempercepat KTP-el."
    response = client.post(
        reverse("public_complaint_form"),
        {
            "privacy": "biasa",
            "reporter_name": "Made Warga",
            "unit": tree.pkm_a.code,
            "what_happened": story,
            "idempotency_key": str(uuid.uuid4()),
            "attachment": SimpleUploadedFile("bukti.png", bomb_180mp, content_type="image/png"),
        },
    )
    assert response.status_code == 400  # a form error, not a 500
    page = response.content.decode()
    assert "Gambar ini terlalu besar" in page
    assert story in page and "Made Warga" in page  # the rest of the form is kept
    assert not Complaint.objects.exists() and not Attachment.objects.exists()


def test_a_followup_upload_refuses_the_bomb_with_a_message(client, tree, operator_unit_a, bomb_177mp):
    from sewaka.followups.services import followup_create

    followup = followup_create(
        source=tree.pkm_a,
        unit=tree.pkm_a,
        title="Perbaiki papan informasi",
        owner=None,
        due=date(2026, 12, 31),
        actor=operator_unit_a,
    )
    client.force_login(operator_unit_a)
    response = client.post(
        reverse("followups:upload", args=[followup.pk]),
        {"file": SimpleUploadedFile("foto.png", bomb_177mp)},
        follow=True,
    )
    assert response.status_code == 200
    assert "Gambar ini terlalu besar" in response.content.decode()
    assert not Attachment.objects.exists()
